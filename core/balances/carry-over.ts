import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { addDays, isIsoDate } from '../clock.js';
import { appendAudit } from '../audit/audit.js';

export interface CarryOverResult {
  date: string;
  /** accounts that got yesterday's reviewed balance as today's temporary balance */
  carried: { accountNo: string; fromDate: string }[];
  /** normal accounts left alone, and why */
  skipped: { accountNo: string; reason: 'reviewed' | 'entered' | 'noReviewedYesterday' }[];
}

/**
 * 跑批 (the nightly job, 01:15): for every normal account with neither a temporary nor a reviewed
 * balance for `date`, yesterday's reviewed balance becomes today's temporary balance, entered by
 * the system (registered_by null) and marked carried-over. It still needs a review like any other.
 * Idempotent: a second run finds the balance it wrote and skips. Abolished and closed accounts are
 * not carried: nobody expects a daily balance of an account out of service.
 * `by` is the admin who started it by hand; the scheduler passes null.
 */
export function carryOverBalances(db: Db, date: string, at: string, by: number | null = null): CarryOverResult {
  if (!isIsoDate(date)) fail('BAD_INPUT', `日期格式应为 YYYY-MM-DD / the date must be a real date YYYY-MM-DD, got "${date}"`);
  const yesterday = addDays(date, -1);
  return db.tx(() => {
    const accounts = db.prepare(`
      SELECT a.id, a.account_no,
        EXISTS (SELECT 1 FROM bank_balance b WHERE b.bank_account_id = a.id AND b.balance_date = ?) AS reviewed,
        EXISTS (SELECT 1 FROM bank_balance_temporary t WHERE t.bank_account_id = a.id AND t.balance_date = ?) AS entered,
        (SELECT b.balance_minor FROM bank_balance b WHERE b.bank_account_id = a.id AND b.balance_date = ?) AS yesterday_minor
      FROM bank_account a WHERE a.status = 'normal' ORDER BY a.account_no`)
      .all(date, date, yesterday) as { id: number; account_no: string; reviewed: number; entered: number; yesterday_minor: number | null }[];
    const result: CarryOverResult = { date, carried: [], skipped: [] };
    for (const a of accounts) {
      if (a.reviewed) result.skipped.push({ accountNo: a.account_no, reason: 'reviewed' });
      else if (a.entered) result.skipped.push({ accountNo: a.account_no, reason: 'entered' });
      else if (a.yesterday_minor === null) result.skipped.push({ accountNo: a.account_no, reason: 'noReviewedYesterday' });
      else {
        db.run(db.q.insertInto('bank_balance_temporary').values({
          bank_account_id: a.id, balance_date: date, balance_minor: a.yesterday_minor,
          source: 'carried_over', carried_from_date: yesterday, registered_by: null, registered_at: at,
        }));
        result.carried.push({ accountNo: a.account_no, fromDate: yesterday });
      }
    }
    db.run(db.q.insertInto('bank_balance_carry_run')
      .values({ run_date: date, ran_at: at, carried: result.carried.length, skipped: result.skipped.length })
      .onConflict((oc) => oc.column('run_date').doUpdateSet({ ran_at: at, carried: result.carried.length, skipped: result.skipped.length })));
    appendAudit(db, { at, userId: by, action: 'balances.carryOver', entity: 'bank_balance_temporary', entityId: date,
      detail: { carried: result.carried.map((c) => c.accountNo), skipped: result.skipped.length } });
    return result;
  });
}

/** The latest balance date the carry-over ran for, or null before its first run. */
export function lastCarryOverDate(db: Db): string | null {
  return (db.prepare('SELECT MAX(run_date) FROM bank_balance_carry_run').pluck().get() as string | null) ?? null;
}
