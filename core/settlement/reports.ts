import type { Db } from '../db/index.js';
import type { DayCheck } from './checks.js';
import { voucherNoSql } from '../ledger/index.js';

/** The latest settlement run of a date: per merchant, and the orders held with why. */
export function settlementOf(db: Db, date: string) {
  const run = db.prepare('SELECT MAX(id) FROM settlement_run WHERE settle_date = ?').pluck().get(date) as number | null;
  if (run === null) return { run: null, date, settled: [], held: [] };
  const settled = db.prepare(`SELECT s.merchant_id AS merchantId, m.name AS merchantName, s.currency, s.order_count AS orders, s.amount_minor AS amountMinor,
                                     ${voucherNoSql('v')} AS voucherNo
                              FROM merchant_settlement s LEFT JOIN merchant m ON m.id = s.merchant_id LEFT JOIN voucher v ON v.id = s.voucher_id
                              WHERE s.run_id = ? ORDER BY s.merchant_id`).all(run);
  const held = db.prepare(`SELECT o.order_no AS orderNo, h.merchant_id AS merchantId, h.amount_minor AS amountMinor, h.reason, o.accounting_date AS accountingDate
                           FROM settlement_hold h JOIN pay_order o ON o.id = h.order_id WHERE h.run_id = ? ORDER BY h.merchant_id, o.order_no`).all(run);
  return { run, date, settled, held };
}

export function dayCloseReports(db: Db, date: string): { at: string; closed: boolean; checks: DayCheck[] }[] {
  return (db.prepare('SELECT created_at, closed, checks FROM day_close_report WHERE close_date = ? ORDER BY id').all(date) as { created_at: string; closed: number; checks: string }[])
    .map((r) => ({ at: r.created_at, closed: r.closed === 1, checks: JSON.parse(r.checks) as DayCheck[] }));
}
