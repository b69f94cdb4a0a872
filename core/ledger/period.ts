import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { addDays, isIsoDate } from '../clock.js';
import { formatMinor } from '../money/index.js';
import { isPeriodClosed } from './days.js';
import { trialBalanceBetween } from './trial-balance.js';
import { balanceSheet, incomeStatement } from './statements.js';

/** The first and last dates of a month `YYYY-MM`. */
export function monthSpan(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  if (!/^\d{4}-\d{2}$/.test(month) || !isIsoDate(from)) fail('BAD_INPUT', `a month is YYYY-MM, got "${month}"`, { location: { column: 'month' } });
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

export interface PeriodFigures {
  month: string;
  from: string;
  to: string;
  trialBalance: { opening: { debit: number; credit: number }; period: { debit: number; credit: number }; closing: { debit: number; credit: number } };
  profitMinor: number;
  assetsMinor: number;
  liabilitiesMinor: number;
  equityMinor: number;
}

/**
 * Month end (期末结账, docs/domain.md#month-end): close a month over its closed days. Refused while
 * the month is not over on the books' own calendar (`today`), any day of it with postings is open,
 * an earlier month with postings is not closed, or the month's trial balance or balance sheet does
 * not balance. Once closed no day of the month can be posted to or reopened, days without postings
 * included; the figures it closed on are kept, append-only.
 */
export function closePeriod(db: Db, input: { month: string; today: string; userId: number; at: string }): PeriodFigures {
  const { from, to } = monthSpan(input.month);
  return db.tx(() => {
    if (isPeriodClosed(db, input.month)) fail('CONFLICT', `period ${input.month} is already closed / ${input.month} 已结账`);
    if (input.today <= to) fail('CONFLICT', `period ${input.month} is not over: the books' date is ${input.today} / ${input.month} 尚未结束`, { params: { month: input.month, today: input.today } });
    const open = db.prepare("SELECT date FROM accounting_day WHERE date BETWEEN ? AND ? AND status <> 'closed' ORDER BY date LIMIT 20").pluck().all(from, to) as string[];
    if (open.length > 0) fail('CHECK_FAILED', `period ${input.month} has open day(s): ${open.join(', ')} — close each day first / 有未关账的日期`, { params: { month: input.month, days: open.join(',') } });
    const earlier = db.prepare(`SELECT DISTINCT substr(date, 1, 7) FROM accounting_day WHERE date < ?
                                AND substr(date, 1, 7) NOT IN (SELECT month FROM accounting_period) ORDER BY 1 LIMIT 1`).pluck().get(from) as string | undefined;
    if (earlier !== undefined) fail('CHECK_FAILED', `period ${earlier} before ${input.month} is not closed: months close in order / 须先结账 ${earlier}`, { params: { month: input.month, earlier } });
    const tb = trialBalanceBetween(db, from, to);
    if (!tb.balanced) fail('CHECK_FAILED', `the trial balance of ${input.month} does not balance: period debit ${formatMinor(tb.period.debit, 'CNY')} vs credit ${formatMinor(tb.period.credit, 'CNY')}`);
    const sheet = balanceSheet(db, to);
    if (!sheet.balanced) {
      fail('CHECK_FAILED', `the balance sheet at ${to} does not balance: assets ${formatMinor(sheet.assetsMinor, 'CNY')} vs liabilities and equity ${formatMinor(sheet.liabilitiesMinor + sheet.equityMinor, 'CNY')}`);
    }
    const figures: PeriodFigures = {
      month: input.month, from, to,
      trialBalance: { opening: tb.opening, period: tb.period, closing: tb.closing },
      profitMinor: incomeStatement(db, from, to).profitMinor,
      assetsMinor: sheet.assetsMinor, liabilitiesMinor: sheet.liabilitiesMinor, equityMinor: sheet.equityMinor,
    };
    db.prepare('INSERT INTO accounting_period (month, closed_at, closed_by, figures) VALUES (?, ?, ?, ?)').run(input.month, input.at, input.userId, JSON.stringify(figures));
    appendAudit(db, { at: input.at, userId: input.userId, action: 'period.close', entity: 'accounting_period', entityId: input.month, detail: figures });
    return figures;
  });
}

export function listPeriods(db: Db): { month: string; closedAt: string; closedBy: number; figures: PeriodFigures }[] {
  return (db.prepare('SELECT month, closed_at, closed_by, figures FROM accounting_period ORDER BY month').all() as { month: string; closed_at: string; closed_by: number; figures: string }[])
    .map((p) => ({ month: p.month, closedAt: p.closed_at, closedBy: p.closed_by, figures: JSON.parse(p.figures) as PeriodFigures }));
}
