/** Where the core reads the time: the real clock in the app, a fixed or stepped one in tests and the simulator. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: string | Date): Clock & { set(at: string | Date): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current.getTime()),
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock time 'YYYY-MM-DD HH:mm:ss' of an instant in a time zone (business times are written this way in every statement file). */
export function localDateTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function localDate(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localDateTime(at, timeZone).slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Calendar arithmetic on 'YYYY-MM-DD' without time-zone surprises. */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * 日切: the accounting date a business time belongs to. Events at or after the cut-off time
 * belong to the next day; a cut-off of '00:00' means the calendar day.
 */
export function accountingDateOf(localTime: string, cutoff: string): string {
  const date = localTime.slice(0, 10);
  const time = localTime.slice(11, 16);
  if (!/^\d{2}:\d{2}$/.test(cutoff)) throw new RangeError(`cut-off must be HH:mm, got ${cutoff}`);
  if (cutoff === '00:00' || time < cutoff) return date;
  return addDays(date, 1);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
