import type { Migration } from '../migrate.js';

/**
 * Indexes that let a reconciliation run read each channel's two sides already in order-number order
 * (match-stream.ts), so SQLite merges them instead of sorting two million rows:
 * - clearing lines by (channel, bank date, order number), replacing (channel, bank date), of which it is a superset;
 * - entries held as timing differences by earlier runs, found without a pass over every entry's state.
 */
export const migration015ReconStreamIndexes: Migration = {
  id: 15,
  name: 'recon stream indexes',
  up(db) {
    db.sqlite.exec(`
      DROP INDEX clearing_flow_date;
      CREATE INDEX clearing_flow_date ON clearing_flow (channel_code, bank_date, order_no);
      CREATE INDEX entry_recon_state_timing ON entry_recon_state (entry_id) WHERE outcome = 'timing';
    `);
  },
};
