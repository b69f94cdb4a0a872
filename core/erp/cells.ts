import { fail } from '../errors.js';
import { formatMinor, minorExponent, type Money } from '../money/index.js';
import { isMoneyCell, type Cell } from './types.js';

/** Excel keeps 15 significant digits: a decimal with at most 15 is the double Number() gives back, exactly. */
const EXCEL_DIGITS = 15;

/**
 * An amount for an xlsx cell. exceljs needs a JS number; Number("1234.50") is the double nearest
 * that decimal, and Excel (and our read-back) shows it as 1234.50 again as long as the decimal has
 * at most 15 significant digits — no arithmetic ever touches the double. Beyond that (amounts of
 * 10 trillion yuan and up) Excel would round, so the export refuses instead.
 */
export function amountNumber(amount: Money): number {
  const text = formatMinor(amount.minor, amount.currency);
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
  if (digits.length > EXCEL_DIGITS) fail('BAD_INPUT', `the amount ${text} ${amount.currency} has more digits than an Excel cell keeps exactly`);
  return Number(text);
}

/** The cell number format that shows an amount with its currency's decimals: '0.00' for the yuan. */
export function amountFormat(currency: string): string {
  const exponent = minorExponent(currency);
  return exponent === 0 ? '0' : `0.${'0'.repeat(exponent)}`;
}

/** A cell as text files (and the preview) write it: amounts "1234.50", empty cells "". */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (isMoneyCell(cell)) return formatMinor(cell.minor, cell.currency);
  return String(cell);
}
