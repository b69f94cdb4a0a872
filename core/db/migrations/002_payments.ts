import type { Migration } from '../migrate.js';

/**
 * Customers, merchants and their products; channels; orders (order flow), refunds, split receivers;
 * transaction flow (交易流水), fund flow (资金流水) and entry flow (入账流水) kept apart; merchant
 * notifications; duplicate payments; payouts. Flows are append-only.
 */
export const migration002Payments: Migration = {
  id: 2,
  name: 'payments',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE customer (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('company', 'person')),
        created_at text NOT NULL
      );
      -- a log-in identity of a customer (many per customer); a merchant is a customer in that role
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

      -- 支付订单 (order flow): one row per payment attempt; status moves, money moves only through vouchers
      CREATE TABLE pay_order (
        id integer PRIMARY KEY,
        order_no text NOT NULL UNIQUE,
        merchant_id text NOT NULL REFERENCES merchant (id),
        merchant_order_no text NOT NULL,
        payer_id text NOT NULL,
        method text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('pay', 'split', 'combined', 'combined_part')),
        parent_id integer REFERENCES pay_order (id),
        channel_code text,
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        fee_minor integer NOT NULL DEFAULT 0,
        channel_fee_minor integer NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('pending', 'failed', 'succeeded', 'partially_refunded', 'refunded', 'cancelled')),
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
        notify_status text NOT NULL DEFAULT 'none' CHECK (notify_status IN ('none', 'pending', 'delivered', 'gave_up'))
      );
      CREATE INDEX pay_order_merchant_order ON pay_order (merchant_id, merchant_order_no);
      CREATE INDEX pay_order_accounting ON pay_order (accounting_date, channel_code);
      CREATE INDEX pay_order_payer ON pay_order (payer_id, accounting_date);

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
      CREATE INDEX refund_order_order ON refund_order (order_id);
      CREATE INDEX refund_order_accounting ON refund_order (accounting_date, channel_code);

      -- 交易流水: what each merchant took in ('1' pay) and paid out ('2' refund); split receivers get their own lines
      CREATE TABLE trans_flow (
        id integer PRIMARY KEY,
        merchant_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('1', '2')),
        order_id integer NOT NULL,
        refund_id integer,
        amount_minor integer NOT NULL,
        currency text NOT NULL,
        occurred_at text NOT NULL,
        accounting_date text NOT NULL
      );
      CREATE INDEX trans_flow_merchant ON trans_flow (merchant_id, accounting_date);

      -- 资金流水: money with fees, signed (+ income, − expense); a refund returns the proportional fee
      CREATE TABLE fund_flow (
        id integer PRIMARY KEY,
        merchant_id text NOT NULL,
        item text NOT NULL CHECK (item IN ('pay', 'fee', 'refund', 'fee_return')),
        order_id integer NOT NULL,
        refund_id integer,
        amount_minor integer NOT NULL,
        currency text NOT NULL,
        occurred_at text NOT NULL,
        accounting_date text NOT NULL
      );
      CREATE INDEX fund_flow_merchant ON fund_flow (merchant_id, accounting_date);

      -- 入账流水: the platform's side for reconciliation with channels and banks; never edited
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
      CREATE INDEX entry_flow_match ON entry_flow (channel_code, accounting_date, order_no);

      CREATE TABLE notification (
        id integer PRIMARY KEY,
        order_id integer NOT NULL REFERENCES pay_order (id),
        attempt integer NOT NULL,
        due_at text NOT NULL,
        sent_at text,
        outcome text NOT NULL CHECK (outcome IN ('due', 'delivered', 'failed'))
      );
      CREATE INDEX notification_due ON notification (outcome, due_at);

      -- the same business order paid twice: finance confirms, then it is refunded by the original route
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

      -- withdrawals and payouts to merchants' bank accounts; a failed one is refilled (500402)
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
    `);
    for (const table of ['trans_flow', 'fund_flow', 'entry_flow']) {
      db.sqlite.exec(`
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
        BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
        BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
      `);
    }
  },
};
