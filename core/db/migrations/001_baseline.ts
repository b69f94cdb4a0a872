// The schema as one baseline (docs/architecture.md#storage): nothing has been released, so the
// migrations that built it while it was designed were folded into this one. From the first
// release on, migrations are append-only: a change to a released schema is a new migration after
// this one, never an edit of it (CONTRIBUTING.md#migrations). The simulator's own tables are not
// here: they live beside the books (core/simulator/store.ts).
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE "app_setting" ("key" text primary key, "value" text not null);

CREATE TABLE "app_user" ("id" integer primary key autoincrement, "login" text not null unique, "name" text not null, "role" text not null check (role in ('operator','reviewer','admin','trainer')), "active" integer default 1 not null, "created_at" text not null);

CREATE TABLE "subject" ("code" text primary key, "name" text not null, "name_en" text not null, "parent_code" text references "subject" ("code"), "level" integer not null, "category" text not null, "balance_direction" text not null check (balance_direction in ('D','C')), "is_leaf" integer not null);

CREATE TABLE "account" ("id" integer primary key autoincrement, "account_no" text not null unique, "name" text not null, "subject_code" text not null references "subject" ("code"), "currency" text not null, "owner_kind" text not null check (owner_kind in ('internal','merchant')), "owner_ref" text, "purpose" text not null, "status" text not null check (status in ('open','closed')), "balance_direction" text not null check (balance_direction in ('D','C')), "debit_minor" integer default 0 not null, "credit_minor" integer default 0 not null, "frozen_minor" integer default 0 not null check (frozen_minor >= 0), "opened_at" text not null, "closed_at" text);

CREATE TABLE "accounting_day" ("date" text primary key, "status" text not null check (status in ('open','closed')), "closed_at" text, "closed_by" integer references "app_user" ("id"));

CREATE TABLE "voucher_sequence" ("accounting_date" text primary key, "last_seq" integer not null);

CREATE TABLE "posting_batch" ("id" integer primary key autoincrement, "created_at" text not null, "created_by" integer not null references "app_user" ("id"), "action" text not null, "voucher_count" integer not null);

CREATE TABLE "voucher" ("id" integer primary key, "accounting_date" text not null, "seq" integer not null, "business_code" text not null, "summary" text not null, "source_ref" text, "reverses_id" integer references "voucher" ("id"), "batch_id" integer not null references "posting_batch" ("id"), "line_count" integer not null check (line_count >= 2), "lines" text not null);

CREATE TABLE "account_day_total" ("account_id" integer not null references "account" ("id"), "accounting_date" text not null, "debit_minor" integer not null, "credit_minor" integer not null, constraint "account_day_total_pk" primary key ("account_id", "accounting_date"));

CREATE TABLE "audit_log" ("id" integer primary key autoincrement, "at" text not null, "user_id" integer references "app_user" ("id"), "action" text not null, "entity" text not null, "entity_id" text, "detail" text not null, "prev_hash" text not null, "hash" text not null unique);

CREATE TABLE customer (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('company', 'person')),
        created_at text NOT NULL
      );

CREATE TABLE customer_user (
        id integer PRIMARY KEY AUTOINCREMENT,
        customer_id text NOT NULL REFERENCES customer (id),
        login text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('merchant_admin', 'merchant_operator', 'payer')),
        created_at text NOT NULL
      );

CREATE TABLE merchant (
        id text PRIMARY KEY,
        customer_id text NOT NULL REFERENCES customer (id),
        name text NOT NULL,
        sign_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'suspended')),
        created_at text NOT NULL
      );

CREATE TABLE merchant_product (
        merchant_id text NOT NULL REFERENCES merchant (id),
        product text NOT NULL,
        fee_rate text NOT NULL,
        fee_rounding text NOT NULL,
        settlement_cycle text NOT NULL CHECK (settlement_cycle IN ('D0', 'D1', 'T1', 'Dn')),
        settlement_days integer NOT NULL CHECK (settlement_days >= 0),
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        PRIMARY KEY (merchant_id, product)
      );

CREATE TABLE channel (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL,
        methods text NOT NULL,
        currencies text NOT NULL,
        card_types text NOT NULL,
        fee_rate text NOT NULL,
        fee_rounding text NOT NULL,
        single_max_minor integer NOT NULL,
        daily_max_minor integer NOT NULL,
        cutoff text NOT NULL,
        open_from text,
        open_to text,
        refund_window_days integer NOT NULL,
        status text NOT NULL CHECK (status IN ('up', 'degraded', 'down')),
        success_rate_bp integer NOT NULL,
        latency_ms integer NOT NULL,
        updated_at text NOT NULL
      );

CREATE TABLE split_receiver (
        order_id integer NOT NULL REFERENCES pay_order (id),
        receiver_id text NOT NULL REFERENCES merchant (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        fee_minor integer NOT NULL,
        refunded_minor integer NOT NULL DEFAULT 0,
        PRIMARY KEY (order_id, receiver_id)
      );

CREATE TABLE refund_order (
        id integer PRIMARY KEY,
        refund_no text NOT NULL UNIQUE,
        order_id integer NOT NULL REFERENCES pay_order (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        fee_returned_minor integer NOT NULL,
        channel_code text NOT NULL,
        route text NOT NULL CHECK (route IN ('original', 'payout', 'balance')),
        status text NOT NULL CHECK (status IN ('succeeded', 'failed')),
        reason text NOT NULL,
        created_at text NOT NULL,
        channel_time text,
        channel_trade_no text,
        accounting_date text NOT NULL
      );

CREATE TABLE refund_share (
        refund_id integer NOT NULL REFERENCES refund_order (id),
        receiver_id text NOT NULL REFERENCES merchant (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        fee_returned_minor integer NOT NULL,
        PRIMARY KEY (refund_id, receiver_id)
      );

CREATE TABLE entry_flow (
        id integer PRIMARY KEY,
        channel_code text NOT NULL,
        business_code text NOT NULL,
        order_no text NOT NULL,
        channel_trade_no text,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        occurred_at text NOT NULL,
        accounting_date text NOT NULL,
        voucher_id integer NOT NULL
      );

CREATE TABLE duplicate_payment (
        id integer PRIMARY KEY,
        order_id integer NOT NULL UNIQUE REFERENCES pay_order (id),
        first_order_id integer NOT NULL REFERENCES pay_order (id),
        merchant_id text NOT NULL,
        merchant_order_no text NOT NULL,
        amount_minor integer NOT NULL,
        detected_at text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'confirmed', 'refunded'))
      );

CREATE TABLE payout_order (
        id integer PRIMARY KEY,
        payout_no text NOT NULL UNIQUE,
        merchant_id text NOT NULL REFERENCES merchant (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        bank_account text NOT NULL,
        status text NOT NULL CHECK (status IN ('sent', 'succeeded', 'refilled')),
        created_at text NOT NULL,
        accounting_date text NOT NULL
      );

CREATE TABLE import_batch (
        id integer PRIMARY KEY,
        channel_code text NOT NULL,
        format text NOT NULL,
        file_name text NOT NULL,
        file_size integer NOT NULL,
        content_hash text NOT NULL,
        encoding text,
        account text,
        status text NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'ABNORMAL')),
        rows integer NOT NULL DEFAULT 0,
        totals text NOT NULL DEFAULT '{}',
        errors text NOT NULL DEFAULT '[]',
        error_count integer NOT NULL DEFAULT 0,
        forced integer NOT NULL DEFAULT 0,
        first_date text,
        last_date text,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        finished_at text
      , first_line integer, last_line integer);

CREATE TABLE clearing_flow (
        id integer PRIMARY KEY,
        batch_id integer NOT NULL REFERENCES import_batch (id),
        row_no integer NOT NULL,
        channel_code text NOT NULL,
        bank_date text NOT NULL,
        booked_at text NOT NULL,
        value_date text,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        kind text NOT NULL,
        order_no text,
        channel_trade_no text,
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        fee_minor integer,
        currency text NOT NULL,
        counterparty text,
        summary text,
        status text NOT NULL DEFAULT 'initial'
      , business_code text, voucher_id integer REFERENCES voucher (id));

CREATE TABLE recon_run (
        id integer PRIMARY KEY,
        recon_date text NOT NULL,
        channel_code text,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        counts text NOT NULL,
        superseded_by integer REFERENCES recon_run (id)
      , first_result integer, last_result integer);

CREATE TABLE entry_recon_state (
        entry_id integer PRIMARY KEY REFERENCES entry_flow (id),
        outcome text NOT NULL,
        run_id integer NOT NULL REFERENCES recon_run (id)
      );

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

CREATE TABLE suspense_item (
        id integer PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('income', 'expense')),
        voucher_id integer NOT NULL REFERENCES voucher (id),
        origin_item_id integer REFERENCES suspense_item (id),
        parent_item_id integer REFERENCES suspense_item (id),
        bank_account_id integer NOT NULL REFERENCES account (id),
        bank_name text NOT NULL,
        suspense_account_id integer NOT NULL REFERENCES account (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        suspense_code text,
        summary text NOT NULL,
        status text NOT NULL CHECK (status IN ('to_review', 'open', 'written_off')),
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        reviewed_at text,
        reviewed_by integer REFERENCES app_user (id)
      );

CREATE TABLE suspense_writeoff (
        id integer PRIMARY KEY,
        item_id integer NOT NULL UNIQUE REFERENCES suspense_item (id),
        voucher_id integer NOT NULL REFERENCES voucher (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        remainder_item_id integer REFERENCES suspense_item (id),
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id)
      );

CREATE TABLE bank_account (
        id integer PRIMARY KEY,
        account_no text NOT NULL UNIQUE,
        bank_name text NOT NULL,
        account_name text NOT NULL,
        currency text NOT NULL,
        status text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'abolished', 'closed')),
        ledger_account_id integer NOT NULL UNIQUE REFERENCES account (id),
        opened_at text NOT NULL,
        status_changed_at text
      );

CREATE TABLE bank_balance_temporary (
        id integer PRIMARY KEY,
        bank_account_id integer NOT NULL REFERENCES bank_account (id),
        balance_date text NOT NULL,
        balance_minor integer NOT NULL,
        source text NOT NULL CHECK (source IN ('registered', 'carried_over')),
        carried_from_date text,
        registered_by integer REFERENCES app_user (id),
        registered_at text NOT NULL
      );

CREATE TABLE bank_balance (
        id integer PRIMARY KEY,
        bank_account_id integer NOT NULL REFERENCES bank_account (id),
        balance_date text NOT NULL,
        balance_minor integer NOT NULL,
        currency text NOT NULL,
        source text NOT NULL CHECK (source IN ('registered', 'carried_over')),
        registered_by integer REFERENCES app_user (id),
        registered_at text NOT NULL,
        reviewed_by integer NOT NULL REFERENCES app_user (id),
        reviewed_at text NOT NULL,
        review_file text,
        review_row integer,
        UNIQUE (bank_account_id, balance_date)
      );

CREATE TABLE bank_balance_carry_run (
        run_date text PRIMARY KEY,
        ran_at text NOT NULL,
        carried integer NOT NULL,
        skipped integer NOT NULL
      );

CREATE TABLE erp_subject_map (
        erp text NOT NULL CHECK (erp IN ('kingdee', 'yonyou', 'generic')),
        subject_code text NOT NULL REFERENCES subject (code),
        erp_code text NOT NULL,
        erp_name text NOT NULL DEFAULT '',
        aux_kind text CHECK (aux_kind IN ('customer', 'supplier', 'department', 'employee', 'bank', 'bank_account', 'other_party', 'project')),
        aux_code text,
        aux_name text,
        updated_at text NOT NULL,
        updated_by integer REFERENCES app_user (id),
        PRIMARY KEY (erp, subject_code),
        CHECK (aux_kind IS NOT NULL OR (aux_code IS NULL AND aux_name IS NULL))
      );

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

CREATE TABLE day_close_report (
        id integer PRIMARY KEY,
        close_date text NOT NULL,
        closed integer NOT NULL,
        checks text NOT NULL,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id)
      );

CREATE TABLE merchant_recovery (
        id integer PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES merchant (id),
        business_date text NOT NULL,
        theirs integer NOT NULL,
        ours integer NOT NULL,
        recovered text NOT NULL,
        theirs_only text NOT NULL,
        ours_only text NOT NULL,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        UNIQUE (merchant_id, business_date)
      );

CREATE TABLE pay_order (
        id integer PRIMARY KEY,
        order_no text NOT NULL UNIQUE,
        merchant_id text NOT NULL REFERENCES merchant (id),
        merchant_order_no text NOT NULL,
        payer_id text NOT NULL,
        method text NOT NULL,
        kind text NOT NULL CHECK (kind = 'pay' OR kind = 'split' OR kind = 'combined' OR kind = 'combined_part'),
        parent_id integer REFERENCES pay_order (id),
        channel_code text,
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        fee_minor integer NOT NULL DEFAULT 0,
        channel_fee_minor integer NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status = 'pending' OR status = 'failed' OR status = 'succeeded' OR status = 'partially_refunded' OR status = 'refunded' OR status = 'cancelled'),
        refunded_minor integer NOT NULL DEFAULT 0,
        fee_returned_minor integer NOT NULL DEFAULT 0,
        created_at text NOT NULL,
        expires_at text NOT NULL,
        paid_at text,
        channel_time text,
        channel_trade_no text,
        accounting_date text,
        settled_date text,
        risk_decision text NOT NULL,
        risk_rule text,
        route_reason text NOT NULL,
        failure_reason text,
        business_synced integer NOT NULL DEFAULT 0,
        notify_status text NOT NULL DEFAULT 'none' CHECK (notify_status = 'none' OR notify_status = 'pending' OR notify_status = 'delivered' OR notify_status = 'gave_up')
      );

CREATE TABLE notification (
        id integer PRIMARY KEY,
        order_id integer NOT NULL REFERENCES pay_order (id),
        attempt integer NOT NULL,
        due_at text NOT NULL,
        sent_at text,
        outcome text NOT NULL CHECK (outcome = 'due' OR outcome = 'delivered' OR outcome = 'failed')
      );

CREATE TABLE recon_result (
        run_id integer NOT NULL REFERENCES recon_run (id),
        outcome text NOT NULL CHECK (outcome = 'matched' OR outcome = 'amountMismatch' OR outcome = 'bankExtra' OR outcome = 'platformExtra' OR outcome = 'offset' OR outcome = 'timing' OR outcome = 'duplicate'),
        entry_id integer REFERENCES entry_flow (id),
        pair_entry_id integer REFERENCES entry_flow (id),
        clearing_id integer REFERENCES clearing_flow (id),
        our_amount_minor integer,
        their_amount_minor integer
      );

CREATE UNIQUE INDEX "account_owner_purpose" on "account" ("owner_kind", "owner_ref", "purpose", "currency");

CREATE INDEX "account_subject" on "account" ("subject_code");

CREATE UNIQUE INDEX "voucher_number" on "voucher" ("accounting_date", "seq");

CREATE UNIQUE INDEX "voucher_reverses" on "voucher" ("reverses_id") where "reverses_id" is not null;

CREATE INDEX "account_day_total_date" on "account_day_total" ("accounting_date");

CREATE INDEX refund_order_order ON refund_order (order_id);

CREATE INDEX refund_order_accounting ON refund_order (accounting_date, channel_code);

CREATE INDEX entry_flow_match ON entry_flow (channel_code, accounting_date, order_no);

CREATE INDEX refund_order_channel_time ON refund_order (channel_code, channel_time);

CREATE INDEX import_batch_hash ON import_batch (content_hash);

CREATE UNIQUE INDEX error_strategy_key ON error_strategy (COALESCE(channel_code, '*'), txn_type, our_result, their_result);

CREATE INDEX recon_action_clearing ON recon_action (clearing_id);

CREATE INDEX recon_action_order ON recon_action (order_no);

CREATE UNIQUE INDEX recon_history_entry ON recon_history (entry_id);

CREATE INDEX recon_history_date ON recon_history (clearing_date, channel_code);

CREATE INDEX suspense_item_status ON suspense_item (status, kind);

CREATE INDEX bank_balance_temporary_day ON bank_balance_temporary (bank_account_id, balance_date);

CREATE INDEX bank_balance_temporary_date ON bank_balance_temporary (balance_date);

CREATE INDEX bank_balance_date ON bank_balance (balance_date);

CREATE INDEX channel_clearing_date ON channel_clearing (clearing_date, channel_code);

CREATE INDEX merchant_settlement_run ON merchant_settlement (run_id);

CREATE INDEX settlement_hold_run ON settlement_hold (run_id);

CREATE INDEX clearing_flow_date ON clearing_flow (channel_code, bank_date, order_no);

CREATE INDEX entry_recon_state_timing ON entry_recon_state (entry_id) WHERE outcome = 'timing';

CREATE INDEX pay_order_merchant_order ON pay_order (merchant_id, merchant_order_no);

CREATE INDEX pay_order_accounting ON pay_order (accounting_date, channel_code);

CREATE INDEX pay_order_payer ON pay_order (payer_id, accounting_date);

CREATE INDEX pay_order_channel_time ON pay_order (channel_code, channel_time);

CREATE INDEX notification_due ON notification (outcome, due_at);

CREATE INDEX recon_result_clearing ON recon_result (clearing_id);

CREATE INDEX recon_result_differences ON recon_result (run_id, outcome) WHERE outcome <> 'matched';

CREATE VIEW voucher_line AS
      SELECT v.id AS voucher_id,
             CAST(j.key AS integer) + 1 AS line_no,
             CAST(j.value ->> 0 AS integer) AS account_id,
             j.value ->> 1 AS direction,
             CAST(j.value ->> 2 AS integer) AS amount_minor,
             j.value ->> 3 AS summary
      FROM voucher v, json_each(v.lines) j;

CREATE VIEW trans_flow AS
        SELECT o.merchant_id, '1' AS type, o.id AS order_id, NULL AS refund_id, o.amount_minor, o.currency, o.paid_at AS occurred_at, o.accounting_date
          FROM pay_order o WHERE o.paid_at IS NOT NULL AND o.kind IN ('pay', 'combined_part')
        UNION ALL
        SELECT s.receiver_id, '1', o.id, NULL, s.amount_minor, o.currency, o.paid_at, o.accounting_date
          FROM split_receiver s JOIN pay_order o ON o.id = s.order_id WHERE o.paid_at IS NOT NULL
        UNION ALL
        SELECT o.merchant_id, '2', o.id, r.id, r.amount_minor, o.currency, r.created_at, r.accounting_date
          FROM refund_order r JOIN pay_order o ON o.id = r.order_id WHERE r.status = 'succeeded' AND o.kind <> 'split'
        UNION ALL
        SELECT x.receiver_id, '2', o.id, r.id, x.amount_minor, o.currency, r.created_at, r.accounting_date
          FROM refund_share x JOIN refund_order r ON r.id = x.refund_id JOIN pay_order o ON o.id = r.order_id WHERE r.status = 'succeeded';

CREATE VIEW fund_flow AS
        SELECT merchant_id, 'pay' AS item, order_id, refund_id, amount_minor, currency, occurred_at, accounting_date
          FROM trans_flow WHERE type = '1'
        UNION ALL
        SELECT o.merchant_id, 'fee', o.id, NULL, -o.fee_minor, o.currency, o.paid_at, o.accounting_date
          FROM pay_order o WHERE o.paid_at IS NOT NULL AND o.kind IN ('pay', 'combined_part') AND o.fee_minor > 0
        UNION ALL
        SELECT s.receiver_id, 'fee', o.id, NULL, -s.fee_minor, o.currency, o.paid_at, o.accounting_date
          FROM split_receiver s JOIN pay_order o ON o.id = s.order_id WHERE o.paid_at IS NOT NULL AND s.fee_minor > 0
        UNION ALL
        SELECT merchant_id, 'refund', order_id, refund_id, -amount_minor, currency, occurred_at, accounting_date
          FROM trans_flow WHERE type = '2'
        UNION ALL
        SELECT o.merchant_id, 'fee_return', o.id, r.id, r.fee_returned_minor, o.currency, r.created_at, r.accounting_date
          FROM refund_order r JOIN pay_order o ON o.id = r.order_id WHERE r.status = 'succeeded' AND o.kind <> 'split' AND r.fee_returned_minor > 0
        UNION ALL
        SELECT x.receiver_id, 'fee_return', o.id, r.id, x.fee_returned_minor, o.currency, r.created_at, r.accounting_date
          FROM refund_share x JOIN refund_order r ON r.id = x.refund_id JOIN pay_order o ON o.id = r.order_id
          WHERE r.status = 'succeeded' AND x.fee_returned_minor > 0;

CREATE TRIGGER posting_batch_no_update BEFORE UPDATE ON posting_batch
    BEGIN SELECT RAISE(ABORT, 'posting_batch is append-only: post a reversal instead'); END;

CREATE TRIGGER posting_batch_no_delete BEFORE DELETE ON posting_batch
    BEGIN SELECT RAISE(ABORT, 'posting_batch is append-only: post a reversal instead'); END;

CREATE TRIGGER voucher_no_update BEFORE UPDATE ON voucher
    BEGIN SELECT RAISE(ABORT, 'voucher is append-only: post a reversal instead'); END;

CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher
    BEGIN SELECT RAISE(ABORT, 'voucher is append-only: post a reversal instead'); END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: post a reversal instead'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: post a reversal instead'); END;

CREATE TRIGGER entry_flow_no_update BEFORE UPDATE ON entry_flow
    BEGIN SELECT RAISE(ABORT, 'entry_flow is append-only: entry flows are never edited'); END;

CREATE TRIGGER entry_flow_no_delete BEFORE DELETE ON entry_flow
    BEGIN SELECT RAISE(ABORT, 'entry_flow is append-only: entry flows are never edited'); END;

CREATE TRIGGER recon_action_no_update BEFORE UPDATE ON recon_action
    BEGIN SELECT RAISE(ABORT, 'recon_action is append-only: an action taken stays on record'); END;

CREATE TRIGGER recon_action_no_delete BEFORE DELETE ON recon_action
    BEGIN SELECT RAISE(ABORT, 'recon_action is append-only: an action taken stays on record'); END;

CREATE TRIGGER recon_confirmation_no_update BEFORE UPDATE ON recon_confirmation
    BEGIN SELECT RAISE(ABORT, 'recon_confirmation is append-only: a confirmation stands'); END;

CREATE TRIGGER recon_confirmation_no_delete BEFORE DELETE ON recon_confirmation
    BEGIN SELECT RAISE(ABORT, 'recon_confirmation is append-only: a confirmation stands'); END;

CREATE TRIGGER recon_history_no_update BEFORE UPDATE ON recon_history
    BEGIN SELECT RAISE(ABORT, 'recon_history is append-only: history is query and download only'); END;

CREATE TRIGGER recon_history_no_delete BEFORE DELETE ON recon_history
    BEGIN SELECT RAISE(ABORT, 'recon_history is append-only: history is query and download only'); END;

CREATE TRIGGER suspense_writeoff_no_update BEFORE UPDATE ON suspense_writeoff
    BEGIN SELECT RAISE(ABORT, 'suspense_writeoff is append-only: a write-off stands; reverse its voucher instead'); END;

CREATE TRIGGER suspense_writeoff_no_delete BEFORE DELETE ON suspense_writeoff
    BEGIN SELECT RAISE(ABORT, 'suspense_writeoff is append-only: a write-off stands; reverse its voucher instead'); END;

CREATE TRIGGER bank_balance_no_update BEFORE UPDATE ON bank_balance
    BEGIN SELECT RAISE(ABORT, 'bank_balance is append-only: a reviewed bank balance is final'); END;

CREATE TRIGGER bank_balance_no_delete BEFORE DELETE ON bank_balance
    BEGIN SELECT RAISE(ABORT, 'bank_balance is append-only: a reviewed bank balance is final'); END;

CREATE TRIGGER channel_clearing_no_update BEFORE UPDATE ON channel_clearing
    BEGIN SELECT RAISE(ABORT, 'channel_clearing is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER channel_clearing_no_delete BEFORE DELETE ON channel_clearing
    BEGIN SELECT RAISE(ABORT, 'channel_clearing is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER channel_clearing_entry_no_update BEFORE UPDATE ON channel_clearing_entry
    BEGIN SELECT RAISE(ABORT, 'channel_clearing_entry is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER channel_clearing_entry_no_delete BEFORE DELETE ON channel_clearing_entry
    BEGIN SELECT RAISE(ABORT, 'channel_clearing_entry is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER settlement_run_no_update BEFORE UPDATE ON settlement_run
    BEGIN SELECT RAISE(ABORT, 'settlement_run is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER settlement_run_no_delete BEFORE DELETE ON settlement_run
    BEGIN SELECT RAISE(ABORT, 'settlement_run is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER merchant_settlement_no_update BEFORE UPDATE ON merchant_settlement
    BEGIN SELECT RAISE(ABORT, 'merchant_settlement is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER merchant_settlement_no_delete BEFORE DELETE ON merchant_settlement
    BEGIN SELECT RAISE(ABORT, 'merchant_settlement is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER settlement_order_no_update BEFORE UPDATE ON settlement_order
    BEGIN SELECT RAISE(ABORT, 'settlement_order is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER settlement_order_no_delete BEFORE DELETE ON settlement_order
    BEGIN SELECT RAISE(ABORT, 'settlement_order is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER settlement_hold_no_update BEFORE UPDATE ON settlement_hold
    BEGIN SELECT RAISE(ABORT, 'settlement_hold is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER settlement_hold_no_delete BEFORE DELETE ON settlement_hold
    BEGIN SELECT RAISE(ABORT, 'settlement_hold is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER day_close_report_no_update BEFORE UPDATE ON day_close_report
    BEGIN SELECT RAISE(ABORT, 'day_close_report is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER day_close_report_no_delete BEFORE DELETE ON day_close_report
    BEGIN SELECT RAISE(ABORT, 'day_close_report is append-only: day-end records stand; correct with new vouchers'); END;

CREATE TRIGGER merchant_recovery_no_update BEFORE UPDATE ON merchant_recovery
    BEGIN SELECT RAISE(ABORT, 'merchant_recovery is append-only: a day is recovered once'); END;

CREATE TRIGGER merchant_recovery_no_delete BEFORE DELETE ON merchant_recovery
    BEGIN SELECT RAISE(ABORT, 'merchant_recovery is append-only: a day is recovered once'); END;

CREATE TABLE user_credential (
  user_id integer PRIMARY KEY REFERENCES app_user (id),
  password_hash text NOT NULL,
  set_at text NOT NULL,
  set_by integer REFERENCES app_user (id),
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until text
);

CREATE TABLE api_token (
  id integer PRIMARY KEY AUTOINCREMENT,
  user_id integer NOT NULL REFERENCES app_user (id),
  token_hash text NOT NULL UNIQUE,
  label text NOT NULL,
  created_at text NOT NULL,
  created_by integer NOT NULL REFERENCES app_user (id),
  expires_at text,
  revoked_at text,
  revoked_by integer REFERENCES app_user (id)
);

CREATE TRIGGER api_token_no_delete BEFORE DELETE ON api_token
    BEGIN SELECT RAISE(ABORT, 'api_token is kept: revoke a token, never delete it'); END;

CREATE TABLE request_nonce (
  merchant_id text NOT NULL,
  nonce text NOT NULL,
  request_time text NOT NULL,
  seen_at text NOT NULL,
  PRIMARY KEY (merchant_id, nonce)
);

CREATE INDEX request_nonce_seen ON request_nonce (seen_at);

CREATE TABLE voucher_review (
  voucher_id integer PRIMARY KEY REFERENCES voucher (id),
  reviewed_by integer NOT NULL REFERENCES app_user (id),
  reviewed_at text NOT NULL
);

CREATE TRIGGER voucher_review_no_update BEFORE UPDATE ON voucher_review
    BEGIN SELECT RAISE(ABORT, 'voucher_review is append-only'); END;

CREATE TRIGGER voucher_review_no_delete BEFORE DELETE ON voucher_review
    BEGIN SELECT RAISE(ABORT, 'voucher_review is append-only'); END;

CREATE INDEX recon_history_clearing ON recon_history (clearing_id);

CREATE INDEX recon_action_entry ON recon_action (entry_id);

CREATE TABLE fx_purchase (
  payout_no text PRIMARY KEY REFERENCES payout_order (payout_no),
  foreign_currency text NOT NULL,
  foreign_minor integer NOT NULL CHECK (foreign_minor > 0),
  quoted_rate text NOT NULL,
  dealt_rate text NOT NULL,
  quoted_minor integer NOT NULL CHECK (quoted_minor > 0),
  dealt_minor integer NOT NULL CHECK (dealt_minor > 0)
);

CREATE TRIGGER fx_purchase_no_update BEFORE UPDATE ON fx_purchase
    BEGIN SELECT RAISE(ABORT, 'fx_purchase is append-only'); END;

CREATE TRIGGER fx_purchase_no_delete BEFORE DELETE ON fx_purchase
    BEGIN SELECT RAISE(ABORT, 'fx_purchase is append-only'); END;

CREATE TABLE accounting_period (
  month text PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  closed_at text NOT NULL,
  closed_by integer NOT NULL REFERENCES app_user (id),
  figures text NOT NULL
);

CREATE TRIGGER accounting_period_no_update BEFORE UPDATE ON accounting_period
    BEGIN SELECT RAISE(ABORT, 'accounting_period is append-only'); END;

CREATE TRIGGER accounting_period_no_delete BEFORE DELETE ON accounting_period
    BEGIN SELECT RAISE(ABORT, 'accounting_period is append-only'); END;

CREATE TABLE compensation (
  payout_no text PRIMARY KEY REFERENCES payout_order (payout_no),
  order_no text NOT NULL REFERENCES pay_order (order_no),
  refund_no text REFERENCES refund_order (refund_no),
  reason text NOT NULL CHECK (length(trim(reason)) > 0)
);

CREATE INDEX compensation_by_order ON compensation (order_no);

CREATE TRIGGER compensation_no_update BEFORE UPDATE ON compensation
    BEGIN SELECT RAISE(ABORT, 'compensation is append-only'); END;

CREATE TRIGGER compensation_no_delete BEFORE DELETE ON compensation
    BEGIN SELECT RAISE(ABORT, 'compensation is append-only'); END;

CREATE TABLE "import_profile" (
  id integer PRIMARY KEY,
  name text NOT NULL UNIQUE,
  format text CHECK (format IS NULL OR format IN ('bank-csv', 'bank-xlsx', 'bank-xls')),
  channel_code text,
  mapping text NOT NULL,
  created_at text NOT NULL,
  created_by integer NOT NULL REFERENCES app_user (id),
  updated_at text NOT NULL,
  updated_by integer NOT NULL REFERENCES app_user (id)
);
`;

export const migration001Baseline: Migration = {
  id: 1,
  name: 'baseline',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
