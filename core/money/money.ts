import { minorExponent, type Currency } from './currency.js';

/**
 * An amount of money: an integer count of minor units (fen for CNY) plus its currency.
 * Never a float. Amounts are kept within ±2^51 so sums of many of them stay exact in a JS number
 * and in SQLite's 64-bit integers.
 */
export interface Money {
  readonly minor: number;
  readonly currency: Currency;
}

export const MAX_MINOR = 2 ** 51;

export function assertMinor(minor: number, what = 'amount'): void {
  if (!Number.isSafeInteger(minor) || Math.abs(minor) > MAX_MINOR) {
    throw new RangeError(`${what} must be an integer count of minor units within ±2^51, got ${minor}`);
  }
}

export function money(minor: number, currency: Currency): Money {
  assertMinor(minor);
  minorExponent(currency);
  // `minor || 0` turns -0 into 0: a rounded-away negative amount must not print as "-0".
  return { minor: minor || 0, currency };
}

export function zero(currency: Currency): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new TypeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.minor - b.minor, a.currency);
}

export function negate(a: Money): Money {
  return money(-a.minor, a.currency);
}

export function sum(items: readonly Money[], currency: Currency): Money {
  let total = 0;
  for (const item of items) {
    if (item.currency !== currency) throw new TypeError(`currency mismatch: ${item.currency} vs ${currency}`);
    total += item.minor;
    assertMinor(total, 'sum');
  }
  return money(total, currency);
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/**
 * Minor units as a major-unit decimal string: 123450 CNY → "1234.50", -5 → "-0.05".
 * String arithmetic only, so no float ever rounds it.
 */
export function formatMinor(minor: number, currency: Currency): string {
  assertMinor(minor);
  const exponent = minorExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return (negative ? '-' : '') + whole + (exponent > 0 ? '.' + fraction : '');
}

export function formatMoney(value: Money): string {
  return formatMinor(value.minor, value.currency);
}

/** "1,234.50" style for people (reports, screens). */
export function formatMinorGrouped(minor: number, currency: Currency): string {
  const plain = formatMinor(minor, currency);
  const [whole, fraction] = plain.split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = sign ? whole!.slice(1) : whole!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (fraction !== undefined ? '.' + fraction : '');
}
