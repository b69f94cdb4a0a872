import { formatMinor } from '../../money/money.js';

/** Alipay and WeChat bills are always CNY, 2 decimals. */
export function yuan(minor: number): string {
  return formatMinor(minor, 'CNY');
}

const UNSAFE = /[\r\n\t,"]/;

/**
 * Free text for an unquoted CSV cell. Real channel bills never quote cells and their readers split on
 * ',', so a comma, quote, TAB or line break inside a product name would shift every later column:
 * swap them for their full-width forms (which GBK also has) or a space.
 */
export function plainCell(text: string): string {
  if (!UNSAFE.test(text)) return text; // the common case, kept cheap for million-row files
  return text.replace(/[\r\n\t]+/g, ' ').replace(/,/g, '，').replace(/"/g, '＂');
}

/** An id-like Alipay cell: the trailing TAB keeps Excel from turning long numbers into 2.01909E+27. */
export function tabbed(text: string): string {
  return plainCell(text) + '\t';
}
