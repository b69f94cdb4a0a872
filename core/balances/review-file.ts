import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';
import { readXlsxGrid } from '../recon/parsers/cn-grid.js';
import { columnHeader, REVIEW_COLUMNS, type ReviewColumnKey } from './template.js';

/** One data row of a review file, as cell texts, with the row number Excel shows. */
export interface ReviewLine {
  row: number;
  date: string;
  accountNo: string;
  bankName: string;
  currency: string;
  amount: string;
}

const normaliseHeader = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** A header cell names a column when it is the template's text, or just its Chinese or English half. */
function headerNames(column: (typeof REVIEW_COLUMNS)[number]): Set<string> {
  return new Set([columnHeader(column), column.zh, column.en].map(normaliseHeader));
}

/**
 * Where each template column is in a header row; throws FILE_ERROR naming the missing ones, since a
 * file that is not the template cannot be read row by row with any confidence.
 */
export function locateColumns(header: readonly string[], file?: string): Record<ReviewColumnKey, number> {
  const cells = header.map(normaliseHeader);
  const found: Partial<Record<ReviewColumnKey, number>> = {};
  const missing: string[] = [];
  for (const column of REVIEW_COLUMNS) {
    const names = headerNames(column);
    const index = cells.findIndex((cell) => names.has(cell));
    if (index < 0) missing.push(columnHeader(column));
    else found[column.key] = index;
  }
  if (missing.length) {
    fail('FILE_ERROR', `不是银行余额复核模板，缺少列：${missing.join('、')} / not the bank balance review template: missing column(s) ${missing.join(', ')}. Use the template (balances.templatePath).`,
      { location: { ...(file ? { file } : {}), row: 1 } });
  }
  return found as Record<ReviewColumnKey, number>;
}

/** The first sheet's header row and its data rows; blank rows are skipped, row numbers kept. */
export function linesOfGrid(grid: readonly (readonly string[])[], file?: string): ReviewLine[] {
  const at = locateColumns(grid[0] ?? [], file);
  const lines: ReviewLine[] = [];
  for (let i = 1; i < grid.length; i++) {
    const cells = grid[i] ?? [];
    const cell = (key: ReviewColumnKey) => (cells[at[key]] ?? '').trim();
    const line: ReviewLine = { row: i + 1, date: cell('date'), accountNo: cell('accountNo'), bankName: cell('bankName'), currency: cell('currency'), amount: cell('amount') };
    if (line.date || line.accountNo || line.bankName || line.currency || line.amount) lines.push(line);
  }
  if (lines.length === 0) fail('FILE_ERROR', '文件中没有余额行 / the file has no balance rows under the header', { location: file ? { file } : {} });
  return lines;
}

/** Read a review .xlsx (its first worksheet). An unreadable file or a file that is not the template is refused whole. */
export async function readReviewFile(file: string): Promise<ReviewLine[]> {
  let grid: string[][];
  try {
    // Read whole first (review files are small): a missing file then fails here, not in a stream.
    grid = await readXlsxGrid(readFileSync(file));
  } catch (e) {
    fail('FILE_ERROR', `无法读取 Excel 文件 / cannot read ${file} as an .xlsx workbook: ${(e as Error).message}`, { location: { file }, cause: e });
  }
  return linesOfGrid(grid, file);
}
