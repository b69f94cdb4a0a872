/** Wall-clock helpers for 'YYYY-MM-DD HH:mm:ss' business times and 'HH:mm' windows; no Date, no time zone. */

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;

/** Seconds since local midnight of 'YYYY-MM-DD HH:mm:ss'. */
export function secondsOfDay(localTime: string): number {
  const m = LOCAL_TIME.exec(localTime);
  const h = Number(m?.[4]);
  const min = Number(m?.[5]);
  const s = Number(m?.[6]);
  if (!m || h > 23 || min > 59 || s > 59) throw new RangeError(`local time must be 'YYYY-MM-DD HH:mm:ss', got "${localTime}"`);
  return h * 3600 + min * 60 + s;
}

/** Seconds since midnight of 'HH:mm'; '24:00' is allowed as the end of a window. */
export function clockSeconds(clock: string): number {
  const m = CLOCK.exec(clock);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || min > 59 || h > 24 || (h === 24 && min !== 0)) throw new RangeError(`clock time must be 'HH:mm', got "${clock}"`);
  return h * 3600 + min * 60;
}

/**
 * Whether a time of day falls in [from, to): the start is inside, the end is not, so 23:30 is already
 * closed for a window ending 23:30. from > to wraps midnight (22:00–06:00); from === to means all day.
 */
export function inClockWindow(seconds: number, from: string, to: string): boolean {
  const start = clockSeconds(from);
  const end = clockSeconds(to);
  if (start === end) return true;
  return start < end ? seconds >= start && seconds < end : seconds >= start || seconds < end;
}

/** 'HH:mm' of a local time, for reasons people read. */
export function clockOf(localTime: string): string {
  return localTime.slice(11, 16);
}
