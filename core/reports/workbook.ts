import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { fail, throwIfCancelled } from '../errors.js';
import type { Money } from '../money/index.js';
import { writeAtomically } from '../files/write-atomically.js';
import { amountFormat, amountNumber } from './cells.js';

/**
 * text: as written; amount: a Money cell, shown '#,##0.00' and totalled per currency;
 * count: an integer, totalled; number: an integer that is not a quantity (ids, row numbers, levels).
 */
export type ColumnKind = 'text' | 'amount' | 'count' | 'number';

export interface Column {
  zh: string;
  en: string;
  width: number;
  kind?: ColumnKind;
  /** false for an amount or count that must not be added up (the same figure repeated on several rows) */
  total?: boolean;
}

export type Cell = string | number | Money | null;

export interface BilingualTitle {
  zh: string;
  en: string;
}

/** The report's parameters, shown under the title: [label, value]. */
export type Params = readonly (readonly [label: string, value: string])[];

export interface SheetSpec {
  name: string;
  title: BilingualTitle;
  params: Params;
  columns: readonly Column[];
  /** the currency of the totals row when the sheet has no rows (or rows without amounts); default CNY */
  currency?: string;
}

export interface RowOptions {
  /** false for rows already counted in another row (a trial balance's child subjects) */
  inTotals?: boolean;
  bold?: boolean;
  /** indent in Excel's indent steps (a subject's level), of the column `indentColumn` (default the first) */
  indent?: number;
  indentColumn?: number;
}

export interface ReportResult {
  file: string;
  sheets: number;
  /** data rows across every sheet: not titles, parameters, headers, totals or notes */
  rows: number;
}

/** Excel's last row; a sheet that would run past it continues on a new sheet. */
const EXCEL_MAX_ROWS = 1_048_576;
/** Rows kept free at the end of a sheet for the totals and notes. */
const ROWS_RESERVED_AT_END = 20;
/** Rows between pauses that let the zip and the file stream catch up. */
const ROWS_PER_PAUSE = 1000;
const SHEET_NAME_MAX = 31;

export function totalsLabel(currency: string, currencies: number): string {
  return currencies > 1 ? `合计 Total ${currency}` : '合计 Total';
}

/**
 * Write one report workbook at `file`, all or nothing. `build` adds sheets with `book.sheet(...)`,
 * in the order they appear; each sheet is committed before the next starts, as the streaming
 * writer needs to keep memory flat on a day of a million rows.
 */
export async function writeReportWorkbook(file: string, build: (book: ReportBook) => Promise<void>, options: BookOptions = {}): Promise<ReportResult> {
  return writeAtomically(file, async (temp) => {
    const book = new ReportBook(temp, options);
    try {
      await build(book);
      await book.close();
    } catch (error) {
      await book.abandon();
      throw error;
    }
    return { file, sheets: book.sheetCount, rows: book.rowCount };
  });
}

export interface BookOptions {
  /** the last row a sheet may use before it continues on the next; Excel's limit unless a test wants less */
  maxRowsPerSheet?: number;
  /** the user's cancel, heeded between runs of rows: the file is then never written (docs/architecture.md#progress-and-cancel) */
  signal?: AbortSignal;
  /** rows written so far, reported between runs of rows */
  onRows?: (rows: number) => void;
}

/** An .xlsx being streamed to disk with exceljs's WorkbookWriter. */
export class ReportBook {
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly output: WriteStream;
  /** rejects when the file stream fails, so no wait hangs on a stalled zip */
  readonly outputFailed: Promise<never>;
  private readonly styles = new Map<string, Partial<ExcelJS.Style>>();
  private open: ReportSheet | null = null;
  readonly maxRowsPerSheet: number;
  private readonly signal: AbortSignal | undefined;
  private readonly onRows: ((rows: number) => void) | undefined;
  sheetCount = 0;
  rowCount = 0;

  constructor(file: string, options: BookOptions = {}) {
    this.maxRowsPerSheet = Math.min(options.maxRowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
    this.signal = options.signal;
    this.onRows = options.onRows;
    this.output = createWriteStream(file);
    this.outputFailed = new Promise<never>((_, reject) => this.output.on('error', reject));
    this.outputFailed.catch(() => undefined); // reported by the race, commit or `finished`, never unhandled
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.output, useStyles: true, useSharedStrings: false });
    this.workbook.creator = 'PayDesk';
  }

  /** Start the next sheet (committing the one before). */
  sheet(spec: SheetSpec): ReportSheet {
    this.commitOpenSheet();
    this.open = new ReportSheet(this, spec);
    return this.open;
  }

  /** @internal a worksheet with the next free number; used by ReportSheet for continuation parts too */
  addWorksheet(name: string, frozenRows: number): ExcelJS.Worksheet {
    this.sheetCount += 1;
    return this.workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: frozenRows }] });
  }

  /**
   * exceljs works out a cell's style id from its style object, remembering objects it has seen, so
   * every cell of one look shares one object (otherwise that work is redone for each cell).
   */
  style(numFmt: string | undefined, bold = false, indent = 0, header = false): Partial<ExcelJS.Style> {
    const key = `${numFmt ?? ''}|${bold}|${indent}|${header}`;
    let style = this.styles.get(key);
    if (!style) {
      style = {};
      if (numFmt) style.numFmt = numFmt;
      if (bold || header) style.font = { bold: true };
      if (indent > 0) style.alignment = { horizontal: 'left', indent };
      if (header) {
        style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
        style.alignment = { wrapText: true, vertical: 'middle' };
        style.border = { bottom: { style: 'thin' } };
      }
      this.styles.set(key, style);
    }
    return style;
  }

  /** Between runs of rows: stop if the user cancelled (the caller abandons the file), else say how far it is. */
  checkpoint(): void {
    throwIfCancelled(this.signal, 'report');
    this.onRows?.(this.rowCount);
  }

  /** exceljs does not heed back-pressure itself: wait while the zip entry or the file is full, else just yield. */
  async letWriterCatchUp(sheet: ExcelJS.Worksheet): Promise<void> {
    // the sheet's zip entry is a PassThrough at sheet.stream.pipes[0] (exceljs/archiver internals)
    const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
    const entry = pipes?.[0] as { _writableState?: { needDrain?: boolean }; once?(event: 'drain', listener: () => void): unknown } | undefined;
    if (entry?._writableState?.needDrain && typeof entry.once === 'function') {
      await Promise.race([new Promise<void>((resolve) => entry.once!('drain', resolve)), this.outputFailed]);
    } else if (this.output.writableNeedDrain) {
      await Promise.race([once(this.output, 'drain'), this.outputFailed]);
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    this.commitOpenSheet();
    if (this.sheetCount === 0) fail('BAD_INPUT', 'a report needs at least one sheet');
    await Promise.race([this.workbook.commit(), this.outputFailed]);
    await finished(this.output);
  }

  async abandon(): Promise<void> {
    this.output.destroy();
    await finished(this.output).catch(() => undefined);
  }

  private commitOpenSheet(): void {
    this.open?.commit();
    this.open = null;
  }
}

/** One report sheet: title, parameters, bilingual header (frozen), data rows, totals per currency. */
export class ReportSheet {
  private readonly book: ReportBook;
  private readonly spec: SheetSpec;
  private worksheet: ExcelJS.Worksheet;
  private part = 1;
  private nextRow = 1;
  private committed = false;
  /** per currency, the running sum of each amount or count column (integers: minor units and counts) */
  private readonly sums = new Map<string, number[]>();
  rows = 0;

  constructor(book: ReportBook, spec: SheetSpec) {
    this.book = book;
    this.spec = spec;
    this.worksheet = this.startPart();
  }

  /** A data row. Cells line up with the columns; amounts are Money, shown in their currency's format. */
  async row(cells: readonly Cell[], options: RowOptions = {}): Promise<void> {
    if (cells.length > this.spec.columns.length) fail('BAD_INPUT', `${this.spec.name}: a row has ${cells.length} cells for ${this.spec.columns.length} columns`);
    if (this.nextRow > this.book.maxRowsPerSheet - ROWS_RESERVED_AT_END) this.continueOnNewPart();
    this.write(cells, options);
    this.rows += 1;
    this.book.rowCount += 1;
    if (options.inTotals !== false) this.addToTotals(cells);
    if (this.rows % ROWS_PER_PAUSE === 0) {
      this.book.checkpoint();
      await this.book.letWriterCatchUp(this.worksheet);
    }
  }

  /** One text line (not a data row): a remark, a check's result. */
  note(text: string, bold = false): void {
    this.writeValues([text], [this.book.style(undefined, bold)]);
  }

  /**
   * The totals rows: one per currency the rows carried (one zero row when there were none), each
   * the exact integer sum of its column.
   */
  totals(): void {
    const currencies = [...this.sums.keys()].sort();
    if (currencies.length === 0) currencies.push(this.spec.currency ?? 'CNY');
    for (const currency of currencies) {
      const sums = this.sums.get(currency) ?? [];
      const cells: Cell[] = this.spec.columns.map((column, i) => {
        if (i === 0) return totalsLabel(currency, currencies.length);
        if (column.total === false) return null;
        if (column.kind === 'amount') return { minor: sums[i] ?? 0, currency };
        if (column.kind === 'count') return sums[i] ?? 0;
        return null;
      });
      this.write(cells, { bold: true });
    }
  }

  /** @internal called by the book when the next sheet starts or the workbook closes */
  commit(): void {
    if (this.committed) return;
    this.committed = true;
    this.worksheet.commit();
  }

  private startPart(): ExcelJS.Worksheet {
    const { title, params, columns } = this.spec;
    const headerRow = params.length + 3; // title, parameters, a blank row, the header
    const name = this.part === 1 ? sheetName(this.spec.name) : sheetName(this.spec.name, ` (${this.part})`);
    const sheet = this.book.addWorksheet(name, headerRow);
    sheet.columns = columns.map((c) => ({ width: c.width }));
    this.worksheet = sheet;
    this.nextRow = 1;
    const continued = this.part === 1 ? '' : ` (续 continued, ${this.part})`;
    this.writeValues([`${title.zh} ${title.en}${continued}`], [{ font: { bold: true, size: 14 } }]);
    for (const [label, value] of params) this.writeValues([label, value], [this.book.style(undefined, true), this.book.style(undefined)]);
    this.writeValues([], []);
    const header = this.book.style(undefined, true, 0, true);
    this.writeValues(columns.map((c) => `${c.zh} ${c.en}`), columns.map(() => header), 32);
    return sheet;
  }

  private continueOnNewPart(): void {
    this.worksheet.commit();
    this.part += 1;
    this.startPart();
  }

  private write(cells: readonly Cell[], options: RowOptions): void {
    const { bold = false, indent = 0, indentColumn = 0 } = options;
    const values: ExcelJS.CellValue[] = [];
    const styles: Partial<ExcelJS.Style>[] = [];
    cells.forEach((cell, i) => {
      const kind = this.spec.columns[i]?.kind ?? 'text';
      const cellIndent = i === indentColumn ? indent : 0;
      if (cell === null) {
        values.push(undefined);
        styles.push(this.book.style(undefined, bold));
      } else if (typeof cell === 'object') {
        if (kind !== 'amount') fail('BAD_INPUT', `${this.spec.name}: an amount in the text column "${this.spec.columns[i]?.en}"`);
        values.push(amountNumber(cell));
        styles.push(this.book.style(amountFormat(cell.currency), bold));
      } else if (typeof cell === 'number') {
        values.push(cell);
        styles.push(this.book.style(kind === 'count' ? '#,##0' : undefined, bold, cellIndent));
      } else {
        values.push(cell);
        styles.push(this.book.style(undefined, bold, cellIndent));
      }
    });
    this.writeValues(values, styles);
  }

  private writeValues(values: readonly ExcelJS.CellValue[], styles: readonly Partial<ExcelJS.Style>[], height?: number): void {
    const row = this.worksheet.getRow(this.nextRow);
    values.forEach((value, i) => {
      if (value === undefined) return; // an empty cell is left out, not written as a styled null
      const cell = row.getCell(i + 1);
      cell.value = value;
      cell.style = styles[i] ?? {};
    });
    if (height) row.height = height;
    row.commit();
    this.nextRow += 1;
  }

  private addToTotals(cells: readonly Cell[]): void {
    const rowCurrency = cells.find((c): c is Money => c !== null && typeof c === 'object')?.currency ?? this.spec.currency ?? 'CNY';
    const sumsOf = (currency: string) => {
      let sums = this.sums.get(currency);
      if (!sums) this.sums.set(currency, (sums = []));
      return sums;
    };
    cells.forEach((cell, i) => {
      const column = this.spec.columns[i];
      const kind = column?.kind;
      if (column?.total === false) return;
      if (cell !== null && typeof cell === 'object') {
        const sums = sumsOf(cell.currency);
        sums[i] = (sums[i] ?? 0) + cell.minor;
      } else if (kind === 'count' && typeof cell === 'number') {
        const sums = sumsOf(rowCurrency);
        sums[i] = (sums[i] ?? 0) + cell;
      }
    });
    // a currency with rows but only null amounts still gets its totals row
    sumsOf(rowCurrency);
  }
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\ . */
export function sheetName(base: string, suffix = ''): string {
  const clean = base.replace(/[[\]:*?/\\]/g, '-');
  return clean.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
}
