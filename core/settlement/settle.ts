import type { Db, SettlementCycle } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isIsoDate } from '../clock.js';
import { openAccount, postVouchers } from '../ledger/index.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { settlementDueDate } from './cycles.js';
import type { HoldReason } from '../shared/settlement.js';

/**
 * What each unsettled successful order still owes its receivers out of pending settlement (待结算):
 * the amount less our fee, less refunds taken from pending, plus the fee given back on them. A
 * plain order's cycle is that of the product it was paid with. A split order owes each receiver its
 * share on the receiver's own cycle — its product for the order's method, else its first — and
 * each share is settled once (settlement_order), so a D1 and a T1 receiver of one order settle on
 * different days (docs/domain.md#settlement).
 */
export const UNSETTLED_SHARES = `
  WITH o AS (
    SELECT o.*, COALESCE(mp.settlement_cycle, (SELECT settlement_cycle FROM merchant_product WHERE merchant_id = o.merchant_id ORDER BY product LIMIT 1)) AS cycle,
           COALESCE(mp.settlement_days, (SELECT settlement_days FROM merchant_product WHERE merchant_id = o.merchant_id ORDER BY product LIMIT 1)) AS days
    FROM pay_order o LEFT JOIN merchant_product mp ON mp.merchant_id = o.merchant_id AND mp.product = CASE o.kind WHEN 'split' THEN 'split' ELSE o.method END
    WHERE o.settled_date IS NULL AND o.kind <> 'combined' AND o.status IN ('succeeded', 'partially_refunded', 'refunded') AND o.accounting_date <= :date
  )
  SELECT o.id AS order_id, o.order_no, o.merchant_id AS receiver_id, o.currency, o.accounting_date, o.cycle, o.days,
         o.amount_minor - o.fee_minor - o.refunded_minor + o.fee_returned_minor AS share
    FROM o WHERE o.kind <> 'split'
  UNION ALL
  SELECT o.id, o.order_no, sr.receiver_id, o.currency, o.accounting_date,
         COALESCE(rp.settlement_cycle, (SELECT settlement_cycle FROM merchant_product WHERE merchant_id = sr.receiver_id ORDER BY product LIMIT 1), o.cycle),
         COALESCE(rp.settlement_days, (SELECT settlement_days FROM merchant_product WHERE merchant_id = sr.receiver_id ORDER BY product LIMIT 1), o.days),
         sr.amount_minor - sr.fee_minor - sr.refunded_minor + COALESCE((SELECT SUM(rs.fee_returned_minor) FROM refund_share rs JOIN refund_order r ON r.id = rs.refund_id
                                                                          WHERE r.order_id = o.id AND rs.receiver_id = sr.receiver_id AND r.status = 'succeeded'), 0)
    FROM o JOIN split_receiver sr ON sr.order_id = o.id
      LEFT JOIN merchant_product rp ON rp.merchant_id = sr.receiver_id AND rp.product = o.method
    WHERE o.kind = 'split' AND NOT EXISTS (SELECT 1 FROM settlement_order so WHERE so.order_id = o.id AND so.receiver_id = sr.receiver_id)`;

/** Orders reconciliation has not cleared: they wait for error adjustment before their merchant is paid. */
const HOLDS = `SELECT e.order_no, s.outcome FROM entry_flow e JOIN entry_recon_state s ON s.entry_id = e.id
               WHERE e.direction = 'in' AND e.business_code IN ('400301', '400302') AND s.outcome IN ('amountMismatch', 'platformExtra')`;


export interface MerchantSettlementResult {
  merchantId: string;
  currency: string;
  orders: number;
  amountMinor: number;
  voucherNo: string | null;
}

export interface SettlementResult {
  run: number;
  date: string;
  settled: MerchantSettlementResult[];
  held: { orderNo: string; merchantId: string; amountMinor: number; reason: HoldReason }[];
  /** unsettled orders not yet due under their cycle */
  notDue: { orders: number; amountMinor: number };
}

interface ShareRow { order_id: number; order_no: string; receiver_id: string; currency: string; accounting_date: string; cycle: SettlementCycle; days: number; share: number }

/**
 * Merchant settlement for a day (商户结算): every successful order whose cycle (D0, D1, Dn, T1)
 * has come moves from pending settlement to available, one voucher per merchant and currency:
 *   Dr merchant pending / Cr merchant available.
 * Orders with an open reconciliation error are held, with the reason, until it is resolved; a
 * later run settles them. One transaction; an order is settled once.
 */
export function settleMerchants(db: Db, options: { date: string; userId: number; at: string }): SettlementResult {
  if (!isIsoDate(options.date)) fail('BAD_INPUT', `date must be YYYY-MM-DD, got "${options.date}"`);
  return db.tx(() => {
    const run = Number(db.prepare('INSERT INTO settlement_run (settle_date, created_at, created_by) VALUES (?, ?, ?)').run(options.date, options.at, options.userId).lastInsertRowid);
    const holds = new Map((db.prepare(HOLDS).raw().all() as [string, HoldReason][]));
    const due = new Map<string, boolean>();
    const isDue = (r: ShareRow) => {
      const key = `${r.accounting_date}|${r.cycle}|${r.days}`;
      let d = due.get(key);
      if (d === undefined) due.set(key, (d = settlementDueDate(r.accounting_date, r.cycle, r.days) <= options.date));
      return d;
    };
    const byMerchant = new Map<string, { merchantId: string; currency: string; orders: Set<number>; amount: number; rows: ShareRow[] }>();
    const result: SettlementResult = { run, date: options.date, settled: [], held: [], notDue: { orders: 0, amountMinor: 0 } };
    const notDueOrders = new Set<number>();
    for (const r of db.prepare(UNSETTLED_SHARES).iterate({ date: options.date }) as IterableIterator<ShareRow>) {
      if (!isDue(r)) {
        notDueOrders.add(r.order_id);
        result.notDue.amountMinor += r.share;
        continue;
      }
      const hold = holds.get(r.order_no);
      if (hold) {
        result.held.push({ orderNo: r.order_no, merchantId: r.receiver_id, amountMinor: r.share, reason: hold });
        continue;
      }
      const key = `${r.receiver_id}|${r.currency}`;
      let m = byMerchant.get(key);
      if (!m) byMerchant.set(key, (m = { merchantId: r.receiver_id, currency: r.currency, orders: new Set(), amount: 0, rows: [] }));
      m.orders.add(r.order_id);
      m.amount += r.share;
      m.rows.push(r);
    }
    result.notDue.orders = notDueOrders.size;
    const insertSettlement = db.prepare('INSERT INTO merchant_settlement (run_id, merchant_id, currency, order_count, amount_minor, voucher_id) VALUES (?, ?, ?, ?, ?, ?)');
    const insertOrder = db.prepare('INSERT INTO settlement_order (order_id, receiver_id, settlement_id, amount_minor) VALUES (?, ?, ?, ?)');
    // an order is settled once every share of it is (a split order's receivers may settle on different days)
    const markSettled = db.prepare(`UPDATE pay_order SET settled_date = ? WHERE id = ? AND NOT EXISTS (
      SELECT 1 FROM split_receiver sr WHERE sr.order_id = pay_order.id
        AND NOT EXISTS (SELECT 1 FROM settlement_order so WHERE so.order_id = sr.order_id AND so.receiver_id = sr.receiver_id))`);
    const holdRow = db.prepare('INSERT INTO settlement_hold (run_id, order_id, merchant_id, amount_minor, reason) VALUES (?, (SELECT id FROM pay_order WHERE order_no = ?), ?, ?, ?)');
    for (const m of [...byMerchant.values()].sort((a, b) => a.merchantId.localeCompare(b.merchantId))) {
      const pending = openAccount(db, { ownerKind: 'merchant', purpose: 'merchant_pending', ownerRef: m.merchantId, currency: m.currency }, options.at);
      const available = openAccount(db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: m.merchantId, currency: m.currency }, options.at);
      const [voucher] = m.amount === 0 ? [] : postVouchers({ db, userId: options.userId, at: options.at }, [{
        accountingDate: options.date, businessCode: BUSINESS_CODES.SETTLE, summary: `商户结算 settlement ${m.merchantId} ${options.date}`, sourceRef: m.merchantId,
        lines: [{ accountId: pending.id, direction: 'D', amountMinor: m.amount }, { accountId: available.id, direction: 'C', amountMinor: m.amount }],
      }], { auditAction: 'settlement.merchant' });
      const id = insertSettlement.run(run, m.merchantId, m.currency, m.orders.size, m.amount, voucher?.id ?? null).lastInsertRowid;
      for (const r of m.rows) insertOrder.run(r.order_id, r.receiver_id, id, r.share);
      result.settled.push({ merchantId: m.merchantId, currency: m.currency, orders: m.orders.size, amountMinor: m.amount, voucherNo: voucher?.voucherNo ?? null });
    }
    // Holds go by order number: an open error on a split order holds each of its receivers' due shares.
    for (const m of byMerchant.values()) for (const r of m.rows) markSettled.run(options.date, r.order_id);
    for (const h of result.held) holdRow.run(run, h.orderNo, h.merchantId, h.amountMinor, h.reason);
    appendAudit(db, { at: options.at, userId: options.userId, action: 'settlement.run', entity: 'settlement_run', entityId: String(run),
      detail: { merchants: result.settled.length, held: result.held.length } });
    return result;
  });
}
