import type { Migration } from '../migrate.js';

/**
 * The (run, outcome) index keeps only the rows that are not matched: a day's million matched rows
 * no longer add a million index entries, and what the desk looks up by outcome (the differences)
 * stays indexed. Queries for those outcomes say `outcome <> 'matched'`, the index's own condition,
 * so SQLite can use it; a run's matched rows, and all its rows, are found through the run's stretch
 * of rowids (migration 016).
 */
export const migration020ReconResultDifferencesIndex: Migration = {
  id: 20,
  name: 'recon result differences index',
  up(db) {
    db.sqlite.exec(`
      DROP INDEX recon_result_run;
      CREATE INDEX recon_result_differences ON recon_result (run_id, outcome) WHERE outcome <> 'matched';
    `);
  },
};
