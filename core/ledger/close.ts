import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { formatMinor } from '../money/index.js';
import { assertDate, isDayClosed, markDayClosed } from './days.js';
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
