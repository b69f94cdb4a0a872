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

// Currency marks people and files put around amounts; removed before the number is read.
const CURRENCY_MARKS = /^(?:¥|\$|€|£|RMB|CNY|USD|EUR|HKD|人民币)|(?:元|圆|RMB|CNY|USD|EUR|HKD)$/i;

const PLACEHOLDERS = new Set(['', '-', '--', '—', '——', 'N/A', 'n/a', '/']);

function normalise(text: string): string {
  let out = '';
  for (const ch of text) out += FULL_WIDTH_TO_ASCII[ch] ?? ch;
  // Spreadsheet and bill habits: WeChat's leading backtick, Alipay's trailing tab, NBSP padding.
  return out.replace(/[`\t\u00a0\r\n]/g, ' ').trim();
}

/**
 * Read an amount as people and files write it — "1,234.50", "¥1,234.5", "-12.3", "(12.30)",
 * "1234.5元", "+10000.00", "12.30-", full-width digits — into integer minor units of `currency`.
 * Anything else throws AmountParseError naming the reason.
 */
export function parseAmount(text: string, currency: Currency, options: ParseAmountOptions = {}): number {
  const decimalSeparator = options.decimalSeparator ?? '.';
  const groupSeparator = decimalSeparator === '.' ? ',' : '.';
  let s = normalise(text);
  if (PLACEHOLDERS.has(s)) throw new AmountParseError(text, 'empty amount');

  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // Sign may stand before or after the currency mark: "-¥12.30", "¥-12.30", "12.30-".
  const takeSign = (): void => {
    if (s.startsWith('-') || s.startsWith('+')) {
      if (s.startsWith('-')) negative = !negative;
      s = s.slice(1).trim();
    } else if (s.endsWith('-')) {
      negative = !negative;
      s = s.slice(0, -1).trim();
    }
  };
  takeSign();
  for (let i = 0; i < 2 && CURRENCY_MARKS.test(s); i++) s = s.replace(CURRENCY_MARKS, '').trim();
  takeSign();
  s = s.replace(/ /g, '');
  if (s === '') throw new AmountParseError(text, 'no digits');
  if (/[eE]/.test(s)) throw new AmountParseError(text, 'scientific notation (the cell was probably reformatted by a spreadsheet)');

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

  const exponent = minorExponent(currency);
  let minor: number;
  if (fraction.length <= exponent || /^0*$/.test(fraction.slice(exponent))) {
    const digits = (whole || '0') + fraction.slice(0, exponent).padEnd(exponent, '0');
    if (digits.replace(/^0+/, '').length > 16) throw new AmountParseError(text, 'amount too large');
    minor = Number(digits);
  } else {
    if (!options.rounding) {
      throw new AmountParseError(text, `more than ${exponent} decimals for ${currency} and no rounding rule given`);
    }
    const exact = new Decimal(`${whole || '0'}.${fraction}`);
    minor = exact.mul(new Decimal(10).pow(exponent)).toDecimalPlaces(0, ROUNDING[options.rounding]).toNumber();
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

/** Like parseAmount, but a blank cell or a "-" placeholder reads as null (no amount in this column). */
export function parseOptionalAmount(text: string | null | undefined, currency: Currency, options: ParseAmountOptions = {}): number | null {
  if (text === null || text === undefined) return null;
  if (PLACEHOLDERS.has(normalise(text))) return null;
  return parseAmount(text, currency, options);
}
