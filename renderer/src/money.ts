// Amounts on screen: integers of minor units in, exact strings out. No float ever touches an amount:
// formatting is digit-string work, parsing builds the integer from the typed digits.

import { MINOR_UNIT_EXPONENTS } from '../../core/shared/rules.js';

const AMOUNT_MINOR_MAX = 2 ** 51;

/** ISO 4217 minor-unit exponent, from the core's table; 2 for a currency it does not list. */
export function exponentOf(currency: string): number {
  return MINOR_UNIT_EXPONENTS[currency] ?? 2;
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** 123456 CNY → "1,234.56"; -5 → "-0.05"; grouping off → "1234.56". Refuses anything but a safe integer. */
export function formatMinor(minor: number, currency = 'CNY', options: { group?: boolean } = {}): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an amount of minor units: ${String(minor)}`);
  const exponent = exponentOf(currency);
  const negative = minor < 0;
  const digits = String(negative ? -minor : minor).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const shownWhole = options.group === false ? whole : groupThousands(whole);
  return `${negative ? '-' : ''}${shownWhole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Like formatMinor, and '—' for a missing amount. */
export function showMinor(minor: number | null | undefined, currency = 'CNY'): string {
  return minor === null || minor === undefined ? '—' : formatMinor(minor, currency);
}

/**
 * What a person typed ("1,234.50", "1234.5", "-12", "¥ 8") as minor units, or an error message.
 * More decimals than the currency has, letters, or two signs are refused, never rounded.
 */
export function parseMinor(text: string, currency = 'CNY'): { ok: true; minor: number } | { ok: false; reason: string } {
  const exponent = exponentOf(currency);
  const cleaned = text.trim().replace(/^[¥￥$]\s*/, '').replace(/[,\s]/g, '');
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: 'not an amount' };
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) return { ok: false, reason: `at most ${exponent} decimals` };
  const digits = `${whole!}${fraction.padEnd(exponent, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  // amounts stay within ±2^51 minor units, as in the core
  if (digits.length > 16 || !Number.isSafeInteger(value) || value > AMOUNT_MINOR_MAX) return { ok: false, reason: 'too large' };
  return { ok: true, minor: sign === '-' && value !== 0 ? -value : value };
}
