// 预览: what a statement file looks like before it is imported — the format and encoding detected,
// the header row the bank columns were found on (and which field each column feeds), and the first
// rows as cell texts. The import screen shows it, and offers the header's cells when a person maps
// the columns of a layout PayDesk does not know.
import { basename } from 'node:path';
import { fail } from '../errors.js';
import { statementFileSize, type FormatRegistry } from './import.js';
import { findBankHeader, isUsableBankHeader, type BankField, type BankMapping } from './parsers/cn-bank-columns.js';
import { splitCsvLine, splitLines } from './parsers/cn-csv.js';
import { decodeText } from './parsers/cn-encoding.js';
import { readCsvGrid, readXlsxGrid } from './parsers/cn-grid.js';
import { isOle2, readXlsGrid } from './parsers/cn-xls.js';
import { detectionBytes, readHead, TEXT_HEAD_BYTES, ZIP_SIGNATURE } from './file-head.js';

export interface FilePreview {
  fileName: string;
  size: number;
  /** null: not a layout PayDesk recognises by itself (map the columns) */
  format: string | null;
  channel: string | null;
  encoding: string | null;
  /** bank layouts: the header row (1-based, as Excel numbers it), its cells, the field each mapped column feeds */
  header: { row: number; cells: string[]; fields: Partial<Record<BankField, string>>; usable: boolean } | null;
  /** the first rows of the file, row numbers as Excel or a text editor shows them */
  rows: { row: number; cells: string[] }[];
  /** the preview read only the start of the file */
  partial: boolean;
}

/** Bank grids may carry 30 preamble rows before the header: read enough to find it and show rows below it. */
const GRID_ROWS_READ = 30 + 50;

export async function previewFile(registry: FormatRegistry, options: { file: string; format?: string; mapping?: BankMapping; rows?: number }): Promise<FilePreview> {
  const name = basename(options.file);
  const shown = Math.min(Math.max(options.rows ?? 20, 1), 200);
  const size = await statementFileSize(options.file);
  const start = await readHead(options.file, Math.min(size, TEXT_HEAD_BYTES));
  const workbook = start.subarray(0, 4).equals(ZIP_SIGNATURE);
  // a workbook is detected from its part names: a zip lists them all in its central directory at the
  // end, so the first and last bytes are enough, never the whole file
  const detected = options.format
    ? { format: options.format, channel: null, encoding: null }
    : registry.detect(name, await detectionBytes(options.file, size));
  const format = detected?.format ?? null;
  const bankLike = format === null || format === 'bank-csv' || format === 'bank-xlsx' || format === 'bank-xls';
  const oldWorkbook = !workbook && isOle2(start);

  let grid: string[][];
  let encoding: string | null = detected?.encoding ?? null;
  if (workbook) {
    try {
      grid = await readXlsxGrid(options.file, GRID_ROWS_READ);
    } catch (error) {
      return fail('FILE_ERROR', `${name}: not a readable .xlsx workbook (${(error as Error).message})`, { location: { file: options.file } });
    }
    encoding = 'binary';
  } else if (oldWorkbook) {
    try {
      grid = await readXlsGrid(options.file, GRID_ROWS_READ);
    } catch (error) {
      return fail('FILE_ERROR', `${name}: not a readable .xls workbook (${(error as Error).message})`, { location: { file: options.file } });
    }
    encoding = 'binary';
  } else if (bankLike) {
    const csv = readCsvGrid(start);
    grid = csv.rows.slice(0, GRID_ROWS_READ);
    encoding ??= csv.encoding;
  } else {
    const decoded = decodeText(start);
    encoding ??= decoded.encoding;
    const lines = splitLines(decoded.text.replace(/^\ufeff/, '')).slice(0, GRID_ROWS_READ);
    // bills are comma-separated (Alipay pads with tabs, WeChat prefixes a backtick); MT940, camt and OFX are one cell a line
    const tabular = format !== 'mt940' && format !== 'camt053' && format !== 'ofx';
    grid = lines.map((line) => (tabular ? splitCsvLine(line, ',').map((c) => c.trim().replace(/^`/, '')) : [line]));
  }

  const found = bankLike ? findBankHeader(grid, options.mapping ?? {}) : null;
  const header = found
    ? {
      row: found.index + 1,
      cells: grid[found.index]!,
      fields: Object.fromEntries(Object.entries(found.map).map(([field, columns]) => [field, grid[found.index]![columns![0]!] ?? ''])) as Partial<Record<BankField, string>>,
      usable: isUsableBankHeader(found),
    }
    : null;
  const firstShown = header ? Math.max(0, header.row - 1) : 0;
  const rows = grid.slice(firstShown, firstShown + shown + 1).map((cells, i) => ({ row: firstShown + i + 1, cells }));
  return {
    fileName: name, size, format, channel: detected?.channel ?? null, encoding, header, rows,
    partial: workbook || oldWorkbook ? grid.length >= GRID_ROWS_READ : size > start.length,
  };
}
