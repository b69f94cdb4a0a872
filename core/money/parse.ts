import { minorExponent, type Currency } from './currency.js';
import { Decimal, ROUNDING, type RoundingRule } from './decimal.js';
import { assertMinor } from './money.js';

/** Why an amount cell could not be read; the importer adds file, row and column. */
export class AmountParseError extends Error {
  readonly input: string;
  readonly reason: string;
  constructor(input: string, reason: string) {
    super(`cannot read amount "${input}": ${reason}`);
    this.name = 'AmountParseError';
    this.input = input;
    this.reason = reason;
  }
}

export interface ParseAmountOptions {
  /** '.' (default, Chinese files) or ',' (MT940, many European exports). */
  decimalSeparator?: '.' | ',';
  /**
   * How to round digits beyond the currency's minor unit (WeChat fees carry 5 decimals).
   * Without it such digits are an error: a statement amount is never silently rounded.
   */
  rounding?: RoundingRule;
}

const FULL_WIDTH_TO_ASCII: Record<string, string> = {
  '０': '0', '１': '1', '２': '2', '３': '3', '４': '4', '５': '5', '６': '6', '７': '7', '８': '8', '９': '9',
  '．': '.', '，': ',', '－': '-', '＋': '+', '（': '(', '）': ')', '￥': '¥', '＄': '$', '　': ' ', '−': '-',
};

// Currency marks people and files put around amounts, and the currencies each may stand for.
// A mark that cannot mean the expected currency is an error: a USD cell must not be read as CNY.
const CURRENCY_MARKS: readonly [RegExp, readonly string[]][] = [
  [/^(?:人民币|RMB|CNY)|(?:元|圆|RMB|CNY)$/i, ['CNY']],
  [/^¥/, ['CNY', 'JPY']],
  [/^(?:US\$|USD)|USD$/i, ['USD']],
  [/^(?:HK\$|HKD)|HKD$/i, ['HKD']],
  [/^\$/, ['USD', 'HKD', 'SGD', 'AUD', 'CAD', 'TWD', 'MOP']],
  [/^(?:€|EUR)|EUR$/i, ['EUR']],
  [/^(?:£|GBP)|GBP$/i, ['GBP']],
  [/^(?:JPY)|(?:JPY|円)$/i, ['JPY']],
];

const PLACEHOLDERS = new Set(['', '-', '--', '—', '——', 'N/A', 'n/a', '/']);

function normalise(text: string): string {
  // every full-width character mapped is outside ASCII: an ASCII cell needs no pass over its characters
  let out = text;
  if (!isAscii(text)) {
    out = '';
    for (const ch of text) out += FULL_WIDTH_TO_ASCII[ch] ?? ch;
  }
  // Spreadsheet and bill habits: WeChat's leading backtick, Alipay's trailing tab, NBSP padding.
  return out.replace(/[`\t\u00a0\r\n]/g, ' ').trim();
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;

/** The number of leading ASCII digits of `text` from `from` on. */
function digitsAt(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < ZERO || code > NINE) break;
    i++;
  }
  return i - from;
}

interface PlainNumber {
  negative: boolean;
  whole: string;
  fraction: string;
}

/**
 * "123.45", "-0.05940", "+10000": an optional sign, digits, and optionally the decimal separator
 * and more digits — what nearly every statement cell holds. Recognised by hand so that such cells
 * skip normalising, the currency-mark regexes and the grouping checks, none of which can change
 * or reject them; null for anything else, which takes the full path.
 */
function plainNumber(text: string, decimalSeparator: string): PlainNumber | null {
  const first = text.charCodeAt(0);
  const negative = first === MINUS;
  const wholeStart = negative || first === PLUS ? 1 : 0;
  const wholeLength = digitsAt(text, wholeStart);
  if (wholeLength === 0) return null;
  const wholeEnd = wholeStart + wholeLength;
  if (wholeEnd === text.length) return { negative, whole: text.slice(wholeStart), fraction: '' };
  if (text[wholeEnd] !== decimalSeparator) return null;
  const fractionLength = digitsAt(text, wholeEnd + 1);
  if (fractionLength === 0 || wholeEnd + 1 + fractionLength !== text.length) return null;
  return { negative, whole: text.slice(wholeStart, wholeEnd), fraction: text.slice(wholeEnd + 1) };
}

/**
 * Read an amount as people and files write it — "1,234.50", "¥1,234.5", "-12.3", "(12.30)",
 * "1234.5元", "+10000.00", "12.30-", full-width digits — into integer minor units of `currency`.
 * Anything else throws AmountParseError naming the reason.
 */
export function parseAmount(text: string, currency: Currency, options: ParseAmountOptions = {}): number {
  const decimalSeparator = options.decimalSeparator ?? '.';
  const plain = plainNumber(text, decimalSeparator);
  if (plain) return toMinor(text, plain, currency, options);
  const groupSeparator = decimalSeparator === '.' ? ',' : '.';
  let s = normalise(text);
  if (PLACEHOLDERS.has(s)) throw new AmountParseError(text, 'empty amount');

  // At most one sign: a leading or trailing minus/plus, or accounting parentheses. "--12.30" or
  // "(-12.30)" is ambiguous (a refund read as a receipt), so it is refused rather than guessed.
  let negative = false;
  let signs = 0;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    signs++;
    s = s.slice(1, -1).trim();
  }
  // The sign may stand before or after the currency mark: "-¥12.30", "¥-12.30", "12.30-".
  const takeSign = (): void => {
    while (s.startsWith('-') || s.startsWith('+') || s.endsWith('-')) {
      if (s.startsWith('-') || s.startsWith('+')) {
        negative = s.startsWith('-');
        s = s.slice(1).trim();
      } else {
        negative = true;
        s = s.slice(0, -1).trim();
      }
      if (++signs > 1) throw new AmountParseError(text, 'more than one sign');
    }
  };
  takeSign();
  // Twice: a mark may stand on both sides ("人民币100元").
  for (let pass = 0; pass < 2; pass++) {
    for (const [mark, currencies] of CURRENCY_MARKS) {
      if (!mark.test(s)) continue;
      if (!currencies.includes(currency)) throw new AmountParseError(text, `currency mark does not match ${currency}`);
      s = s.replace(mark, '').trim();
    }
  }
  takeSign();
  s = s.replace(/ /g, '');
  if (s === '') throw new AmountParseError(text, 'no digits');
  if (/^[\d.,]*\d[eE][+-]?\d+$/.test(s)) throw new AmountParseError(text, 'scientific notation (the cell was probably reformatted by a spreadsheet)');

  const parts = s.split(decimalSeparator);
  if (parts.length > 2) throw new AmountParseError(text, `more than one decimal separator "${decimalSeparator}"`);
  const [wholeRaw, fraction = ''] = parts as [string, string?];
  if (parts.length === 2 && fraction === '' && wholeRaw === '') throw new AmountParseError(text, 'no digits');
  if (!/^\d*$/.test(fraction)) throw new AmountParseError(text, 'unexpected characters after the decimal separator');

  let whole = wholeRaw;
  if (whole.includes(groupSeparator)) {
    const grouped = new RegExp(`^\\d{1,3}(\\${groupSeparator}\\d{3})+$`);
    if (!grouped.test(whole)) throw new AmountParseError(text, `misplaced thousands separator "${groupSeparator}"`);
    whole = whole.split(groupSeparator).join('');
  }
  if (!/^\d*$/.test(whole)) throw new AmountParseError(text, 'not a number');
  if (whole === '' && fraction === '') throw new AmountParseError(text, 'no digits');
  return toMinor(text, { negative, whole, fraction }, currency, options);
}

/** Whether every character of `text` from `from` on is '0'. */
function zerosFrom(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) !== ZERO) return false;
  return true;
}

/** Digits (ASCII, possibly with leading zeros) → how many there are without the leading zeros. */
function significantLength(digits: string): number {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === ZERO) i++;
  return digits.length - i;
}

/** A read amount (digits before and after the separator, and its sign) → integer minor units of `currency`. */
function toMinor(text: string, amount: PlainNumber, currency: Currency, options: ParseAmountOptions): number {
  const { whole, fraction } = amount;
  let negative = amount.negative;
  const exponent = minorExponent(currency);
  let minor: number;
  if (fraction.length <= exponent || zerosFrom(fraction, exponent)) {
    const digits = (whole || '0') + fraction.slice(0, exponent).padEnd(exponent, '0');
    if (significantLength(digits) > 16) throw new AmountParseError(text, 'amount too large');
    minor = Number(digits);
  } else {
    if (!options.rounding) {
      throw new AmountParseError(text, `more than ${exponent} decimals for ${currency} and no rounding rule given`);
    }
    // Round the signed value, so FLOOR and CEIL go the right way for negative amounts.
    const exact = new Decimal(`${negative ? '-' : ''}${whole || '0'}.${fraction}`);
    minor = exact.mul(new Decimal(10).pow(exponent)).toDecimalPlaces(0, ROUNDING[options.rounding]).toNumber();
    negative = false;
  }
  if (negative) minor = -minor;
  if (Object.is(minor, -0)) minor = 0;
  try {
    assertMinor(minor);
  } catch {
    throw new AmountParseError(text, 'amount too large');
  }
  return minor;
}

const DOT = 0x2e;
// at most 15 digits in all (whole and kept fraction) stay below 10^15 < 2^51 (assertMinor) and are
// exact in a double whatever the currency's exponent: no size check is needed
const PLAIN_DIGITS_MAX = 15;

/**
 * The amount text[start, end) in minor units when it is a plain number in '.' notation ("123.45",
 * "-0.05940", "+10000"), exactly what parseAmount(text.slice(start, end), currency) gives for a
 * currency of `exponent` decimals, or with `roundHalfUp` what it gives with rounding 'HALF_UP'.
 * NaN for anything else (other forms, more than 15 digits with the fraction, decimals it would refuse), which
 * the caller then hands to parseAmount for its value or its reason. Reads the digits in place:
 * a million-row bill need not cut a string, nor build one, for each amount.
 */
export function plainMinorAt(text: string, start: number, end: number, exponent: number, roundHalfUp: boolean): number {
  let i = start;
  const first = text.charCodeAt(i);
  const negative = first === MINUS;
  if (negative || first === PLUS) i++;
  const wholeStart = i;
  let minor = 0;
  for (; i < end; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) break;
    minor = minor * 10 + digit;
  }
  const wholeLength = i - wholeStart;
  if (wholeLength === 0 || wholeLength + exponent > PLAIN_DIGITS_MAX) return NaN;
  let decimals = 0;
  let roundUp = false;
  if (i < end) {
    if (text.charCodeAt(i) !== DOT) return NaN;
    const fractionStart = ++i;
    if (fractionStart === end) return NaN; // "12." is not a plain number
    for (; i < end; i++) {
      const digit = text.charCodeAt(i) - ZERO;
      if (digit < 0 || digit > 9) return NaN;
      if (decimals < exponent) {
        minor = minor * 10 + digit;
        decimals++;
      } else if (digit !== 0) {
        // HALF_UP looks at the first digit dropped only; without rounding parseAmount refuses the cell
        if (!roundHalfUp) return NaN;
        if (i - fractionStart === exponent && digit >= 5) roundUp = true;
      }
    }
  }
  for (; decimals < exponent; decimals++) minor *= 10;
  if (roundUp) minor += 1;
  // a negative zero reads as 0, as in toMinor
  return negative && minor !== 0 ? -minor : minor;
}

/** Like parseAmount, but a blank cell or a "-" placeholder reads as null (no amount in this column). */
export function parseOptionalAmount(text: string | null | undefined, currency: Currency, options: ParseAmountOptions = {}): number | null {
  if (text === null || text === undefined) return null;
  // a plain number is never a placeholder: read it at once rather than normalise it twice
  const plain = plainNumber(text, options.decimalSeparator ?? '.');
  if (plain) return toMinor(text, plain, currency, options);
  if (PLACEHOLDERS.has(normalise(text))) return null;
  return parseAmount(text, currency, options);
}
