/**
 * Date text for statement files. Every date comes from the caller: nothing here reads the clock,
 * so the same input always gives the same bytes.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Parses 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm:ss' and rejects impossible dates such as 02-30. */
export function dateTimeParts(value: string, what: string): DateTimeParts {
  const match = DATE_TIME.exec(value) ?? DAY.exec(value);
  if (!match) throw new RangeError(`${what} must be 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm:ss', got "${value}"`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number) as number[];
  const parts = { year: year!, month: month!, day: day!, hour, minute, second };
  // Date.UTC is used only to check the calendar (it rolls 02-30 over to March), never for "now".
  const probe = new Date(Date.UTC(parts.year, parts.month - 1, parts.day, hour, minute, second));
  if (
    probe.getUTCFullYear() !== parts.year || probe.getUTCMonth() !== parts.month - 1 ||
    probe.getUTCDate() !== parts.day || probe.getUTCHours() !== hour ||
    probe.getUTCMinutes() !== minute || probe.getUTCSeconds() !== second
  ) {
    throw new RangeError(`${what} is not a real date/time: "${value}"`);
  }
  return parts;
}

export function assertDay(value: string, what: string): void {
  if (!DAY.test(value)) throw new RangeError(`${what} must be 'YYYY-MM-DD', got "${value}"`);
  dateTimeParts(value, what);
}

export function assertDateTime(value: string, what: string): void {
  if (isDateTime(value)) return;
  if (!DATE_TIME.test(value)) throw new RangeError(`${what} must be 'YYYY-MM-DD HH:mm:ss', got "${value}"`);
  dateTimeParts(value, what);
}

/** The last day `isDateTime` found real: a statement's million times share a handful of days. */
let knownDay = '';

function twoDigits(value: string, at: number): number {
  const a = value.charCodeAt(at) - 48;
  const b = value.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * True when `value` is a real 'YYYY-MM-DD HH:mm:ss', exactly what assertDateTime accepts, without
 * its regex and Date probe per call: the day is checked once (dateTimeParts), the clock by range.
 */
export function isDateTime(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 19 || value.charCodeAt(10) !== 32 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return false;
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const day = value.slice(0, 10);
  if (day === knownDay) return true;
  if (!DAY.test(day)) return false;
  try {
    dateTimeParts(day, 'day');
  } catch {
    return false;
  }
  knownDay = day;
  return true;
}

/** 'YYYY-MM-DD' of the following day: a daily bill covers [date 00:00:00, next day 00:00:00). */
export function nextDay(day: string): string {
  const { year, month, day: date } = dateTimeParts(day, 'day');
  const next = new Date(Date.UTC(year, month - 1, date + 1));
  return next.toISOString().slice(0, 10);
}

/** '2019-09-17 05:46:49' (or a bare day, taken as 00:00:00) → '2019年09月17日 05:46:49', Alipay's banner style. */
export function chineseDateTime(value: string): string {
  const p = dateTimeParts(value, 'date');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}年${two(p.month)}月${two(p.day)}日 ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Digits only, for building deterministic serial numbers: '2019-09-16 10:55:16' → '20190916105516'. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}
