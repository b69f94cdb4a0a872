import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/**
 * The error strategy table (S4: channel, transaction type, our result, their result → action) and
 * the actions taken on reconciliation outcomes, automatic or by a person.
 */
export const migration005ReconActions: Migration = {
  id: 5,
  name: 'recon actions',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE error_strategy (
        id integer PRIMARY KEY,
        channel_code text,                -- null: any channel
        txn_type text NOT NULL CHECK (txn_type IN ('pay', 'refund', 'payout')),
        our_result text NOT NULL CHECK (our_result IN ('missing', 'pending', 'failed', 'succeeded')),
        their_result text NOT NULL CHECK (their_result IN ('success', 'missing', 'amount_differs')),
        action text NOT NULL CHECK (action IN ('supplement', 'refund', 'hang_up', 'manual', 'wait')),
        automatic integer NOT NULL CHECK (automatic IN (0, 1)),
        note text NOT NULL,
        updated_at text NOT NULL,
        updated_by integer REFERENCES app_user (id)
      );
      CREATE UNIQUE INDEX error_strategy_key ON error_strategy (COALESCE(channel_code, '*'), txn_type, our_result, their_result);

      CREATE TABLE recon_action (
        id integer PRIMARY KEY,
        run_id integer NOT NULL REFERENCES recon_run (id),
        clearing_id integer REFERENCES clearing_flow (id),
        entry_id integer REFERENCES entry_flow (id),
        action text NOT NULL,
        status text NOT NULL CHECK (status IN ('done', 'to_do')),
        order_no text,
        detail text NOT NULL,
        at text NOT NULL,
        user_id integer NOT NULL REFERENCES app_user (id)
      );
      CREATE INDEX recon_action_clearing ON recon_action (clearing_id);
      CREATE INDEX recon_action_order ON recon_action (order_no);
    `);
    appendOnly(db, 'recon_action', 'an action taken stays on record');
  },
};
