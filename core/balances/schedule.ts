import type { Db } from '../db/index.js';
import { addDays, DEFAULT_TIME_ZONE, localDateTime } from '../clock.js';
import { getSetting } from '../settings.js';
import { carryOverBalances, lastCarryOverDate, type CarryOverResult } from './carry-over.js';

/**
 * When the carry-over is due, for a scheduler on the real clock or the simulated one (core/clock.ts).
 * These are pure functions of the time: the timer that calls `runDueCarryOvers` belongs to the app
 * host (desktop app / HTTP host) and is wired there, not here.
 */
export const CARRY_OVER_TIME = '01:15:00';

/** After a long pause (the app closed over a holiday) at most this many missed days are caught up. */
export const CARRY_OVER_CATCH_UP_DAYS = 31;

/**
 * The balance dates whose carry-over is due at `now`, oldest first: every day after `lastRunDate`
 * whose 01:15 (local, in `timeZone`) has passed. Run in order, so a day reviewed late in a gap
 * still feeds the next. With no run yet, only the latest due day.
 */
export function carryOverDue(lastRunDate: string | null, now: Date, timeZone: string = DEFAULT_TIME_ZONE): string[] {
  const local = localDateTime(now, timeZone);
  const today = local.slice(0, 10);
  const latest = local.slice(11) >= CARRY_OVER_TIME ? today : addDays(today, -1);
  if (lastRunDate === null) return [latest];
  if (lastRunDate >= latest) return [];
  const earliest = addDays(latest, -(CARRY_OVER_CATCH_UP_DAYS - 1));
  const dates: string[] = [];
  for (let d = lastRunDate < earliest ? earliest : addDays(lastRunDate, 1); d <= latest; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** The next instant, strictly after `now`, at which it is 01:15 local time in `timeZone`. */
export function nextCarryOverAt(now: Date, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const today = localDateTime(now, timeZone).slice(0, 10);
  const candidate = instantOfLocal(`${today} ${CARRY_OVER_TIME}`, timeZone);
  return candidate.getTime() > now.getTime() ? candidate : instantOfLocal(`${addDays(today, 1)} ${CARRY_OVER_TIME}`, timeZone);
}

/** The instant a local wall-clock time names in `timeZone` (offset found by asking the zone, twice for a DST edge). */
function instantOfLocal(localTime: string, timeZone: string): Date {
  const wanted = Date.parse(`${localTime.replace(' ', 'T')}Z`);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const shown = Date.parse(`${localDateTime(new Date(guess), timeZone).replace(' ', 'T')}Z`);
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** What the host's timer calls (and `balances.carryOver` without a date): every carry-over due at `now`, in order. */
export function runDueCarryOvers(db: Db, now: Date, at: string = now.toISOString(), by: number | null = null): CarryOverResult[] {
  const due = carryOverDue(lastCarryOverDate(db), now, getSetting(db, 'ledger.timeZone'));
  return due.map((date) => carryOverBalances(db, date, at, by));
}
