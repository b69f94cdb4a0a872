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

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function realDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  // the Gregorian calendar, worked out rather than asked of a Date per row
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!);
}

function timeText(hour: number, minute: number, second: number): string | null {
  if (hour > 23 || minute > 59 || second > 59) return null;
  return `${two(hour)}:${two(minute)}:${two(second)}`;
}

/** The value of the two ASCII digits at `at`, or NaN. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 0x30;
  const ones = text.charCodeAt(at + 1) - 0x30;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : NaN;
}

const DASH = 0x2d;
const SPACE = 0x20;
const COLON = 0x3a;

/**
 * 'YYYY-MM-DD HH:mm:ss' exactly, the form bills write their times in, read by position instead
 * of by the regexes: true when it is a real date and time, false when it is in that form but not
 * real, null when it is in another form (which the regexes then read).
 */
function canonicalDateTime(text: string): boolean | null {
  return canonicalDateTimeAt(text, 0, text.length);
}

/** canonicalDateTime of text[start, end), read in place (no string is cut for a row's time). */
export function canonicalDateTimeAt(text: string, start: number, end: number): boolean | null {
  if (end - start !== 19) return null;
  const dashes = text.charCodeAt(start + 4) === DASH && text.charCodeAt(start + 7) === DASH;
  if (!dashes || text.charCodeAt(start + 10) !== SPACE || text.charCodeAt(start + 13) !== COLON || text.charCodeAt(start + 16) !== COLON) return null;
  const year = twoDigits(text, start) * 100 + twoDigits(text, start + 2);
  const month = twoDigits(text, start + 5);
  const day = twoDigits(text, start + 8);
  const hour = twoDigits(text, start + 11);
  const minute = twoDigits(text, start + 14);
  const second = twoDigits(text, start + 17);
  if (Number.isNaN(year + month + day + hour + minute + second)) return null;
  return realDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59;
}

/** A date cell, with or without a time; null when it is not a real date. */
export function parseDateCell(text: string): DateAndTime | null {
  const canonical = canonicalDateTime(text);
  if (canonical !== null) return canonical ? { date: text.slice(0, 10), time: text.slice(11) } : null;
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
  // already in the form asked for: the cell itself is the answer
  const canonical = canonicalDateTime(text);
  if (canonical !== null) return canonical ? text : null;
  const parsed = parseDateCell(text);
  return parsed ? `${parsed.date} ${parsed.time ?? '00:00:00'}` : null;
}

/** Like parseDateTimeCell, but throws the reason ('empty date' / 'not a date') for readCell to record. */
export function requireDateTime(text: string): string {
  const value = parseDateTimeCell(text);
  if (value === null) throw new Error(text === '' ? 'empty date' : 'not a date');
  return value;
}
