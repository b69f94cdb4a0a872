import { createReadStream, constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Decimal } from '../../money/decimal.js';
import { findBankHeader, isUsableBankHeader } from './cn-bank-columns.js';
import { csvRecords } from './cn-csv.js';
import { decodeText, type TextEncodingName } from './cn-encoding.js';

/**
 * Spreadsheet-like statement files → a grid of cell texts, grid[i] being the file's row i + 1,
 * so error row numbers are the ones the user sees in Excel or a text editor.
 */

/**
 * Excel keeps 15 significant digits; a numeric cell's double carries binary noise beyond them
 * (1234.56 may be stored as 1234.5599999999999). Rounding the shortest round-trip text of the
 * double to 15 significant digits in Decimal gives back the decimal Excel showed, with no float
 * arithmetic; parseAmount then reads that text like any other cell. Integers past 15 digits (card
 * numbers, serials) were already cut by Excel: they keep the double's own text so the damage shows.
 */
export function numberCellText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) >= 1e15) return String(value);
  return new Decimal(value).toSignificantDigits(15).toFixed();
}

const two = (n: number) => String(n).padStart(2, '0');

/** A workbook cell's calendar parts as the text a statement would print: a time-only cell as its time, midnight as the date alone. */
export function cellDateTimeText(d: { y: number; m: number; d: number; H: number; M: number; S: number }, timeOnly: boolean): string {
  const time = `${two(d.H)}:${two(d.M)}:${two(d.S)}`;
  if (timeOnly) return time;
  const date = `${d.y}-${two(d.m)}-${two(d.d)}`;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** exceljs turns date-formatted cells into Dates read as UTC; time-only cells land on 1899-12-30. */
function dateCellText(value: Date): string {
  const d = new Date(Math.round(value.getTime() / 1000) * 1000); // serial fractions give …:59.999
  const parts = { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds() };
  return cellDateTimeText(parts, parts.y < 1900);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberCellText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateCellText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((run) => run.text).join('');
    if ('result' in v) return cellText(v.result); // a formula: its cached result
    if (v.text !== undefined) return cellText(v.text); // a hyperlink
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}

/**
 * The first worksheet of an .xlsx as cell texts, read with exceljs's streaming WorkbookReader so a
 * large export is never held as a workbook model. Rejects when the file is not a readable xlsx.
 */
export async function readXlsxGrid(file: string | Buffer, maxRows = Infinity): Promise<string[][]> {
  // A missing file must fail here: exceljs does not forward the stream's ENOENT, and would wait forever.
  if (typeof file === 'string') await access(file, constants.R_OK);
  // loaded on first use: exceljs takes ~0.3 s to load, which every start of the parse thread and
  // every CLI command would otherwise pay for spreadsheets it never reads
  const { default: ExcelJS } = await import('exceljs');
  const input = typeof file === 'string' ? createReadStream(file) : Readable.from([file]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const grid: string[][] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        while (grid.length < row.number - 1) grid.push([]); // rows exceljs skips (empty) keep their place
        grid[row.number - 1] = cells;
        if (grid.length >= maxRows) break; // a preview: the rest of the sheet is never read
      }
      break; // the first worksheet only
    }
  } finally {
    input.destroy();
  }
  return grid;
}

export interface CsvGrid {
  rows: string[][];
  encoding: TextEncodingName;
  delimiter: string;
}

const DELIMITERS = [',', '\t', ';'] as const;

/**
 * A bank CSV (GBK or UTF-8) as cell texts. The delimiter is the one under which a bank header row
 * appears (ICBC pads comma-separated cells with TABs, others export TAB-separated text). A quoted
 * cell spanning lines leaves empty rows behind it, so row numbers stay line numbers.
 */
export function readCsvGrid(bytes: Buffer): CsvGrid {
  const { text, encoding } = decodeText(bytes);
  let chosen: { rows: string[][]; delimiter: string; score: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const rows: string[][] = [];
    for (const record of csvRecords(text, delimiter)) {
      while (rows.length < record.line - 1) rows.push([]);
      rows.push(record.cells);
    }
    const header = findBankHeader(rows);
    const score = header && isUsableBankHeader(header) ? header.score : 0;
    if (chosen === null || score > chosen.score) chosen = { rows, delimiter, score };
    if (delimiter === ',' && score > 0) break; // the usual case: no need to split the file twice more
  }
  return { rows: chosen!.rows, encoding, delimiter: chosen!.delimiter };
}
