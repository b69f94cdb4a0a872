import type { Migration } from '../migrate.js';

/** Page a run's rows in rowid order without sorting a million of them (the desk's virtual table). */
export const migration013ReconResultPaging: Migration = {
  id: 13,
  name: 'recon result paging',
  up(db) {
    db.sqlite.exec('CREATE INDEX recon_result_run_rowid ON recon_result (run_id)');
  },
};
