import { formatMinor, formatMinorGrouped } from '../money/index.js';

/** JSON amounts follow the CLI contract: strings in major units, "1234.50". */
export function jsonAmount(minor: number, currency = 'CNY'): string {
  return formatMinor(minor, currency);
}

export function displayAmount(minor: number, currency = 'CNY'): string {
  return formatMinorGrouped(minor, currency);
}

/** East Asian characters take two terminal columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, size: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
}

/** A plain text table; columns whose header starts with '>' are right-aligned (numbers). */
export function table(headers: string[], rows: string[][]): string {
  const align = headers.map((h) => h.startsWith('>'));
  const heads = headers.map((h) => (h.startsWith('>') ? h.slice(1) : h));
  const widths = heads.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, align[i]!)).join('  ').trimEnd();
  return [line(heads), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
