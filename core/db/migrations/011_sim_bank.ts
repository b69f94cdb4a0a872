import type { Migration } from '../migrate.js';

/** The simulated banks' own running balance, so each day's statement opens where the last one closed. */
export const migration011SimBank: Migration = {
  id: 11,
  name: 'simulated bank balances',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE sim_bank_day (
        account_no text NOT NULL,
        sim_date text NOT NULL,
        opening_minor integer NOT NULL,
        closing_minor integer NOT NULL,
        PRIMARY KEY (account_no, sim_date)
      );
    `);
  },
};
