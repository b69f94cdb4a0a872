// The 01:15 bank-balance carry-over, run by whichever host has the books open.
import { serialized } from '../api/index.js';
import { nextCarryOverAt, runDueCarryOvers } from '../balances/schedule.js';
import { systemClock, type Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import { getSetting } from '../settings.js';
import type { TransportLog } from './wire.js';

// ── The 01:15 carry-over timer ───────────────────────────────────────────────────────────────────

export interface CarryOverTimer {
  stop(): void;
  /** when the next run is due */
  readonly next: Date | null;
}

/**
 * Run every due bank-balance carry-over now (catching up days the app was closed), then again at
 * each next 01:15 local time (ledger.timeZone), from `nextCarryOverAt`. The timer does not keep the
 * process alive. `getDb` is read at each run, so Electron's File → Open is followed.
 */
export function startCarryOverTimer(options: { getDb: () => Db | null; clock?: Clock; log?: TransportLog; runNow?: boolean }): CarryOverTimer {
  const clock = options.clock ?? systemClock;
  let timer: NodeJS.Timeout | null = null;
  let next: Date | null = null;
  let stopped = false;

  // queued behind any running call, so it never writes inside another call's open transaction
  const run = (): void => {
    const db = options.getDb();
    if (!db) return;
    void serialized(db, () => {
      try {
        const now = clock.now();
        const results = runDueCarryOvers(db, now, now.toISOString(), null);
        for (const r of results) options.log?.info?.(`carry-over ${r.date}: ${r.carried.length} carried, ${r.skipped.length} skipped`);
      } catch (error) {
        options.log?.error(`carry-over failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    });
  };

  const schedule = (): void => {
    if (stopped) return;
    const db = options.getDb();
    let timeZone: string | undefined;
    try {
      timeZone = db ? getSetting(db, 'ledger.timeZone') : undefined;
    } catch {
      timeZone = undefined;
    }
    const now = clock.now();
    next = nextCarryOverAt(now, timeZone);
    // A little after 01:15, so the run sees 01:15 as passed; never less than a second.
    const delay = Math.max(1_000, next.getTime() - now.getTime() + 1_000);
    timer = setTimeout(() => {
      run();
      schedule();
    }, delay);
    timer.unref();
  };

  if (options.runNow ?? true) run();
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    get next() {
      return next;
    },
  };
}
