import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { accountingDateOf, isIsoDate, localDateTime, type Clock } from '../clock.js';
import { getSetting } from '../settings.js';

export function assertDate(date: string, what = 'date'): void {
  if (!isIsoDate(date)) fail('BAD_INPUT', `${what} must be a real calendar date YYYY-MM-DD, got "${date}"`);
}

/** The accounting date a moment belongs to under this installation's cut-off time (日切). */
/** A moment as the installation's local wall-clock time 'YYYY-MM-DD HH:mm:ss' (its configured time zone). */
export function localTimeAt(db: Db, at: Date): string {
  return localDateTime(at, getSetting(db, 'ledger.timeZone'));
}

export function currentLocalTime(db: Db, clock: Clock): string {
  return localTimeAt(db, clock.now());
}

export function accountingDateAt(db: Db, at: Date): string {
  return accountingDateOf(localTimeAt(db, at), getSetting(db, 'ledger.cutoff'));
}

export function currentAccountingDate(db: Db, clock: Clock): string {
  return accountingDateAt(db, clock.now());
}

/** Closed: the day itself, or its month by a period close (docs/domain.md#month-end), which covers days that had no postings too. */
export function isDayClosed(db: Db, date: string): boolean {
  if (db.first(db.q.selectFrom('accounting_day').select('status').where('date', '=', date))?.status === 'closed') return true;
  return isPeriodClosed(db, date.slice(0, 7));
}

/** Whether the month `YYYY-MM` was closed at month end. */
export function isPeriodClosed(db: Db, month: string): boolean {
  return db.prepare('SELECT 1 FROM accounting_period WHERE month = ?').get(month) !== undefined;
}

export function assertDayOpen(db: Db, date: string): void {
  if (isDayClosed(db, date)) fail('DAY_CLOSED', `accounting day ${date} is closed; post to an open day (a correction is a reversal dated today)`);
}

/** Record that a day has postings; a no-op when the day is already known. */
export function touchDay(db: Db, date: string): void {
  db.prepare("INSERT INTO accounting_day (date, status) VALUES (?, 'open') ON CONFLICT (date) DO NOTHING").run(date);
}

export function markDayClosed(db: Db, date: string, userId: number, closedAt: string): void {
  db.run(
    db.q.insertInto('accounting_day')
      .values({ date, status: 'closed', closed_at: closedAt, closed_by: userId })
      .onConflict((oc) => oc.column('date').doUpdateSet({ status: 'closed', closed_at: closedAt, closed_by: userId })),
  );
}

export function listDays(db: Db): { date: string; status: 'open' | 'closed'; closedAt: string | null }[] {
  return db.all(db.q.selectFrom('accounting_day').selectAll().orderBy('date')).map((d) => ({ date: d.date, status: d.status, closedAt: d.closed_at }));
}
