import type { Migration } from '../migrate.js';

/**
 * A run writes all its result rows in one transaction, the only writer of recon_result, so they
 * hold one stretch of consecutive rowids: the run keeps its first and last, and the desk pages a
 * run by rowid arithmetic. That replaces the (run_id) index that paged it, one index entry fewer
 * for each of a million rows a run writes.
 */
export const migration016ReconRunResultRange: Migration = {
  id: 16,
  name: 'recon run result range',
  up(db) {
    db.sqlite.exec(`
      ALTER TABLE recon_run ADD COLUMN first_result integer;
      ALTER TABLE recon_run ADD COLUMN last_result integer;
      UPDATE recon_run SET first_result = (SELECT MIN(rowid) FROM recon_result WHERE run_id = recon_run.id),
                           last_result = (SELECT MAX(rowid) FROM recon_result WHERE run_id = recon_run.id);
      DROP INDEX recon_result_run_rowid;
    `);
  },
};
