import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/** Channel clearing (轧差), merchant settlement and day-close reports (tables typed in core/settlement/schema.ts). */
export const migration010Settlement: Migration = {
  id: 10,
  name: 'clearing and settlement',
  up(db) {
    db.sqlite.exec(`
      -- where a channel's money lands once cleared: a bank deposit account, or the channel's own balance
      CREATE TABLE channel_settlement_account (
        channel_code text NOT NULL REFERENCES channel (code),
        currency text NOT NULL,
        account_id integer NOT NULL REFERENCES account (id),
        fee_mode text NOT NULL CHECK (fee_mode IN ('deducted', 'accrued')),
        PRIMARY KEY (channel_code, currency)
      );
      CREATE TABLE channel_clearing (
        id integer PRIMARY KEY,
        clearing_date text NOT NULL,
        channel_code text NOT NULL,
        currency text NOT NULL,
        entry_count integer NOT NULL,
        gross_minor integer NOT NULL,
        refunds_minor integer NOT NULL,
        fees_minor integer NOT NULL,
        net_minor integer NOT NULL,
        fee_mode text NOT NULL,
        voucher_id integer REFERENCES voucher (id),
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id)
      );
      CREATE INDEX channel_clearing_date ON channel_clearing (clearing_date, channel_code);
      -- each matched entry flow is cleared once
      CREATE TABLE channel_clearing_entry (
        entry_id integer PRIMARY KEY REFERENCES entry_flow (id),
        clearing_id integer NOT NULL REFERENCES channel_clearing (id)
      );
      CREATE TABLE settlement_run (
        id integer PRIMARY KEY,
        settle_date text NOT NULL,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id)
      );
      CREATE TABLE merchant_settlement (
        id integer PRIMARY KEY,
        run_id integer NOT NULL REFERENCES settlement_run (id),
        merchant_id text NOT NULL,
        currency text NOT NULL,
        order_count integer NOT NULL,
        amount_minor integer NOT NULL,
        voucher_id integer REFERENCES voucher (id)
      );
      CREATE INDEX merchant_settlement_run ON merchant_settlement (run_id);
      CREATE TABLE settlement_order (
        order_id integer NOT NULL REFERENCES pay_order (id),
        receiver_id text NOT NULL,
        settlement_id integer NOT NULL REFERENCES merchant_settlement (id),
        amount_minor integer NOT NULL,
        PRIMARY KEY (order_id, receiver_id)
      );
      CREATE TABLE settlement_hold (
        run_id integer NOT NULL REFERENCES settlement_run (id),
        order_id integer NOT NULL REFERENCES pay_order (id),
        merchant_id text NOT NULL,
        amount_minor integer NOT NULL,
        reason text NOT NULL
      );
      CREATE INDEX settlement_hold_run ON settlement_hold (run_id);
      CREATE TABLE day_close_report (
        id integer PRIMARY KEY,
        close_date text NOT NULL,
        closed integer NOT NULL,
        checks text NOT NULL,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id)
      );
    `);
    for (const t of ['channel_clearing', 'channel_clearing_entry', 'settlement_run', 'merchant_settlement', 'settlement_order', 'settlement_hold', 'day_close_report']) {
      appendOnly(db, t, 'day-end records stand; correct with new vouchers');
    }
  },
};
