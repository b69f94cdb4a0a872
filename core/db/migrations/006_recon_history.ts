import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/** Summary confirmation (汇总确认单) by a reviewer, and the history confirmed rows move to. */
export const migration006ReconHistory: Migration = {
  id: 6,
  name: 'recon history',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE recon_confirmation (
        id integer PRIMARY KEY,
        run_id integer NOT NULL REFERENCES recon_run (id),
        recon_date text NOT NULL,
        groups text NOT NULL,
        confirmed_by integer NOT NULL REFERENCES app_user (id),
        confirmed_at text NOT NULL
      );
      CREATE TABLE recon_history (
        id integer PRIMARY KEY,
        confirmation_id integer NOT NULL REFERENCES recon_confirmation (id),
        clearing_date text NOT NULL,
        channel_code text NOT NULL,
        direction text NOT NULL,
        entry_id integer NOT NULL REFERENCES entry_flow (id),
        clearing_id integer NOT NULL REFERENCES clearing_flow (id),
        order_no text NOT NULL,
        amount_minor integer NOT NULL
      );
      CREATE UNIQUE INDEX recon_history_entry ON recon_history (entry_id);
      CREATE INDEX recon_history_date ON recon_history (clearing_date, channel_code);
    `);
    appendOnly(db, 'recon_confirmation', 'a confirmation stands');
    appendOnly(db, 'recon_history', 'history is query and download only');
  },
};
