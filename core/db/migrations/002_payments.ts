import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/**
 * Customers, merchants and their products; channels; orders (order flow), refunds, split receivers;
 * transaction flow (交易流水) and fund flow (资金流水) as views derived from those events; entry flow
 * (入账流水, append-only); merchant notifications; duplicate payments; payouts.
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

      -- a split order's refund, per receiver (who gives back how much, with how much fee returned)
      CREATE TABLE refund_share (
        refund_id integer NOT NULL REFERENCES refund_order (id),
        receiver_id text NOT NULL REFERENCES merchant (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        fee_returned_minor integer NOT NULL,
        PRIMARY KEY (refund_id, receiver_id)
      );

      -- 交易流水 and 资金流水 are derived from the events (successful payments, split shares, refunds),
      -- never written separately (docs/domain.md#flows: keep the three flows apart; derive each from events).
      -- 交易流水: what each merchant took in ('1' pay) and paid out ('2' refund); split receivers get their own lines.
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

      -- 资金流水: money with fees, signed (+ income, − expense); a refund returns the proportional fee.
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
    appendOnly(db, 'entry_flow', 'entry flows are never edited');
  },
};
