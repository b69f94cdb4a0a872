import type { Db } from '../db/index.js';
import type { DayCheck } from './checks.js';
import { voucherNoSql } from '../ledger/index.js';
import type { HoldReason } from '../shared/settlement.js';

export interface SettledMerchant {
  merchantId: string;
  merchantName: string | null;
  currency: string;
  orders: number;
  amountMinor: number;
  /** the settlement voucher; when several runs of the day settled the merchant, each of them, comma-separated */
  voucherNo: string | null;
}

export interface HeldOrder {
  orderNo: string;
  merchantId: string;
  amountMinor: number;
  /** the open error that holds it; its words are HOLD_REASON_WORDS (core/shared/settlement.ts) */
  reason: HoldReason;
  accountingDate: string | null;
  /**
   * the order's reconciliation outcome now: still 'amountMismatch' / 'platformExtra' while the error
   * is open, 'matched' once it was fixed on the reconciliation screen (the next run releases it)
   */
  currentOutcome: string | null;
}

/**
 * A date's merchant settlement: what every run of the day settled, per merchant, and the orders the
 * latest run held with why (a later run releases those whose error has been fixed since).
 */
export function settlementOf(db: Db, date: string): { run: number | null; runAt: string | null; runs: number; date: string; settled: SettledMerchant[]; held: HeldOrder[] } {
  const latest = db.prepare('SELECT id, created_at, (SELECT COUNT(*) FROM settlement_run WHERE settle_date = ?) AS runs FROM settlement_run WHERE settle_date = ? ORDER BY id DESC LIMIT 1')
    .get(date, date) as { id: number; created_at: string; runs: number } | undefined;
  if (!latest) return { run: null, runAt: null, runs: 0, date, settled: [], held: [] };
  const settled = db.prepare(`SELECT s.merchant_id AS merchantId, m.name AS merchantName, s.currency, SUM(s.order_count) AS orders, SUM(s.amount_minor) AS amountMinor,
                                     GROUP_CONCAT(${voucherNoSql('v')}, ', ') AS voucherNo
                              FROM merchant_settlement s JOIN settlement_run r ON r.id = s.run_id LEFT JOIN merchant m ON m.id = s.merchant_id LEFT JOIN voucher v ON v.id = s.voucher_id
                              WHERE r.settle_date = ? GROUP BY s.merchant_id, s.currency ORDER BY s.merchant_id, s.currency`).all(date) as SettledMerchant[];
  const held = db.prepare(`SELECT o.order_no AS orderNo, h.merchant_id AS merchantId, h.amount_minor AS amountMinor, h.reason, o.accounting_date AS accountingDate,
                                  (SELECT s.outcome FROM entry_flow e JOIN entry_recon_state s ON s.entry_id = e.id
                                    WHERE e.order_no = o.order_no AND e.direction = 'in' AND e.business_code IN ('400301', '400302') ORDER BY e.id LIMIT 1) AS currentOutcome
                           FROM settlement_hold h JOIN pay_order o ON o.id = h.order_id WHERE h.run_id = ? ORDER BY h.merchant_id, o.order_no`).all(latest.id) as HeldOrder[];
  return { run: latest.id, runAt: latest.created_at, runs: latest.runs, date, settled, held };
}

export function dayCloseReports(db: Db, date: string): { at: string; closed: boolean; checks: DayCheck[] }[] {
  return (db.prepare('SELECT created_at, closed, checks FROM day_close_report WHERE close_date = ? ORDER BY id').all(date) as { created_at: string; closed: number; checks: string }[])
    .map((r) => ({ at: r.created_at, closed: r.closed === 1, checks: JSON.parse(r.checks) as DayCheck[] }));
}
