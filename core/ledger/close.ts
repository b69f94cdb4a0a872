import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { formatMinor } from '../money/index.js';
import { assertDate, isDayClosed, isPeriodClosed, markDayClosed } from './days.js';
import { trialBalance } from './trial-balance.js';

/**
 * Close an accounting day: refused unless its trial balance balances. Once closed no voucher can be
 * dated on it. Day-end business checks (reconciliation, clearing, balances) run before this.
 */
export function closeAccountingDay(ctx: { db: Db; userId: number; at: string }, date: string, currency = 'CNY'): void {
  const { db } = ctx;
  assertDate(date);
  db.tx(() => {
    if (isDayClosed(db, date)) fail('CONFLICT', `accounting day ${date} is already closed`);
    const tb = trialBalance(db, date, currency);
    if (!tb.balanced) {
      fail('CHECK_FAILED', `trial balance for ${date} does not balance: period debit ${formatMinor(tb.period.debit, currency)} vs credit ${formatMinor(tb.period.credit, currency)}`);
    }
    markDayClosed(db, date, ctx.userId, ctx.at);
    appendAudit(db, { at: ctx.at, userId: ctx.userId, action: 'day.close', entity: 'accounting_day', entityId: date, detail: { debit: tb.period.debit, credit: tb.period.credit } });
  });
}

/**
 * Reopen a closed accounting day (反关账): only while every later day is still open, with a reason,
 * audited with who closed it and when. The roles the registry gives it (admins) decide who may.
 */
export function reopenAccountingDay(ctx: { db: Db; userId: number; at: string }, date: string, reason: string): { date: string; reopened: true } {
  const { db } = ctx;
  assertDate(date);
  if (!reason.trim()) fail('BAD_INPUT', 'reopening a day needs a reason / 反关账须填写原因');
  return db.tx(() => {
    const day = db.first(db.q.selectFrom('accounting_day').selectAll().where('date', '=', date));
    if (isPeriodClosed(db, date.slice(0, 7))) fail('CONFLICT', `period ${date.slice(0, 7)} is closed at month end: its days are never reopened / ${date.slice(0, 7)} 已结账，不能反关账`);
    if (day?.status !== 'closed') fail('CONFLICT', `accounting day ${date} is not closed / ${date} 未关账`);
    const later = db.prepare("SELECT date FROM accounting_day WHERE date > ? AND status = 'closed' ORDER BY date LIMIT 1").pluck().get(date) as string | undefined;
    if (later !== undefined) fail('CONFLICT', `accounting day ${later} after ${date} is closed: reopen the latest closed day first / 其后的 ${later} 已关账，须先反关账最近的一天`);
    db.prepare("UPDATE accounting_day SET status = 'open', closed_at = NULL, closed_by = NULL WHERE date = ?").run(date);
    appendAudit(db, { at: ctx.at, userId: ctx.userId, action: 'day.reopen', entity: 'accounting_day', entityId: date,
      detail: { reason: reason.trim(), closedAt: day.closed_at, closedBy: day.closed_by } });
    return { date, reopened: true as const };
  });
}
