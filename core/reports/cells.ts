import { fail } from '../errors.js';
import { formatMinor, minorExponent, type Money } from '../money/index.js';

/** Excel keeps 15 significant digits: a decimal with at most 15 is the double Number() gives back, exactly. */
const EXCEL_DIGITS = 15;

/**
 * An amount for a report cell. exceljs needs a JS number: the decimal text comes from
 * formatMinor (exact string work on the integer minor units) and Number() reads it once, so no
 * arithmetic ever touches a float. Beyond 15 significant digits Excel would round the figure, so
 * the report refuses rather than show a wrong amount.
 */
export function amountNumber(amount: Money): number {
  const text = formatMinor(amount.minor, amount.currency);
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > EXCEL_DIGITS) fail('BAD_INPUT', `金额 ${text} ${amount.currency} 超出 Excel 的精度 / the amount ${text} ${amount.currency} has more digits than an Excel cell keeps exactly`);
  return Number(text);
}

/** '#,##0.00' for the yuan; as many decimals as the currency has minor units. */
export function amountFormat(currency: string): string {
  const exponent = minorExponent(currency);
  return exponent === 0 ? '#,##0' : `#,##0.${'0'.repeat(exponent)}`;
}

/** 'in' / 'out' as both languages read it. */
export function directionLabel(direction: string): string {
  return direction === 'in' ? '收 In' : direction === 'out' ? '付 Out' : direction;
}
