/**
 * Dates and times as Chinese statements write them: `2019-09-16 10:55:23`, `2016/5/4 2:18`,
 * `20260410 17:07:09`, `20240101`, `2019年09月16日`, and time columns like `17:57:17` or `123456`.
 */

export interface DateAndTime {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm:ss', or null when the cell has only a date */
  time: string | null;
}

const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(?:\s*|T)(\d{2}):?(\d{2}):?(\d{2}))?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;
const COMPACT_TIME = /^(\d{2})(\d{2})(\d{2})$/;

const two = (n: number) => String(n).padStart(2, '0');

function realDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  // Date.UTC only checks the calendar (it rolls 02-30 over into March); no clock is read.
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

function timeText(hour: number, minute: number, second: number): string | null {
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${two(hour)}:${two(minute)}:${two(second)}`;
}

/** A date cell, with or without a time; null when it is not a real date. */
export function parseDateCell(text: string): DateAndTime | null {
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!realDate(year, month, day)) return null;
  const date = `${year}-${two(month)}-${two(day)}`;
  if (match[4] === undefined) return { date, time: null };
  const time = timeText(Number(match[4]), Number(match[5]), Number(match[6] ?? 0));
  return time === null ? null : { date, time };
}

/** A time column's cell ('17:57:17', '2:18', '123456', or a full date-time whose time is taken); null if unreadable. */
export function parseTimeCell(text: string): string | null {
  const match = TIME.exec(text) ?? COMPACT_TIME.exec(text);
  if (match) return timeText(Number(match[1]), Number(match[2]), Number(match[3] ?? 0));
  return parseDateCell(text)?.time ?? null;
}

/** 'YYYY-MM-DD HH:mm:ss' from a date cell that must carry both (bill time columns). */
export function parseDateTimeCell(text: string): string | null {
  const parsed = parseDateCell(text);
  return parsed ? `${parsed.date} ${parsed.time ?? '00:00:00'}` : null;
}

/** Like parseDateTimeCell, but throws the reason ('empty date' / 'not a date') for readCell to record. */
export function requireDateTime(text: string): string {
  const value = parseDateTimeCell(text);
  if (value === null) throw new Error(text === '' ? 'empty date' : 'not a date');
  return value;
}
