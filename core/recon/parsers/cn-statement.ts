import { AmountParseError } from '../../money/parse.js';
import { cellOf, cleanCell, firstColumn, optionalText, type ColumnMap } from './cn-headers.js';
import { ERRORS_KEPT_MAX, type CellError, type ParsedStatement, type StatementLine, type Totals } from './types.js';

/** Row number of an error about the file as a whole (empty, not this format, no header). */
export const WHOLE_FILE_ROW = 0;

/** Collects bad cells, keeping the first ERRORS_KEPT_MAX; `count` still counts them all. */
export class ErrorList {
  readonly kept: CellError[] = [];
  count = 0;

  add(row: number, column: string, reason: string): void {
    this.count += 1;
    if (this.kept.length < ERRORS_KEPT_MAX) this.kept.push({ row, column, reason });
  }

  /** Records why a cell could not be read: the AmountParseError reason, or the error's message. */
  addFailure(row: number, column: string, error: unknown): void {
    this.add(row, column, error instanceof AmountParseError ? error.reason : error instanceof Error ? error.message : String(error));
  }
}

/** Runs `read` on one cell; on failure records row, column and reason and returns undefined. */
export function readCell<T>(errors: ErrorList, row: number, column: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    errors.addFailure(row, column, error);
    return undefined;
  }
}

export { sumTotals } from './totals.js';
import { statementTotals } from './totals.js';

export interface StatementParts {
  format: string;
  channel: string | null;
  account: string | null;
  currency: string;
  lines: StatementLine[];
  declared: ParsedStatement['declared'];
  errors: ErrorList;
}

export function buildStatement(parts: StatementParts): ParsedStatement {
  return {
    format: parts.format,
    channel: parts.channel,
    account: parts.account,
    currency: parts.currency,
    lines: parts.lines,
    totals: statementTotals(parts.lines),
    declared: parts.declared,
    errors: parts.errors.kept,
  };
}

/** No lines and one error: an empty, foreign or truncated file. */
export function failedStatement(
  format: string,
  channel: string | null,
  error: CellError,
  currency = 'CNY',
): ParsedStatement {
  return { format, channel, account: null, currency, lines: [], totals: {}, declared: null, errors: [error] };
}

/**
 * Parsers must never throw on bad input; this is the last line of defence, turning an unforeseen
 * exception into an error the importer shows instead of a crash of the whole import.
 */
export function guarded(format: string, channel: string | null, parse: () => ParsedStatement): ParsedStatement {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failedStatement(format, channel, { row: WHOLE_FILE_ROW, column: '', reason: `cannot read the file: ${message}` });
  }
}

/**
 * Totals for a footer that states only the count and the net amount (UnionPay's 合计, a bank 合计
 * under a single signed 金额 column). Totals needs credit and debit apart, so the lines' split is
 * used and the footer's net decides the difference: declared equals parsed exactly when the count
 * and the net agree, and differs on the side the net is off otherwise.
 */
export function totalsFromNet(count: number, netMinor: number, parsed: Totals | undefined): Totals {
  const credit = parsed?.creditMinor ?? 0;
  const debit = parsed?.debitMinor ?? 0;
  const gap = netMinor - (credit - debit);
  return { count, creditMinor: credit + Math.max(gap, 0), debitMinor: debit + Math.max(-gap, 0) };
}

/** The "N笔" cell of a 合计 row (UnionPay, some banks), or null. */
export function countInFooter(cells: readonly string[]): number | null {
  for (const cell of cells) {
    const match = /^(\d{1,12})\s*笔$/.exec(cleanCell(cell));
    if (match) return Number(match[1]);
  }
  return null;
}

/** A count as a file writes it: `6`, `6笔`, WeChat's fund-bill `20.0`; null otherwise. */
export function parseCount(text: string): number | null {
  const match = /^(\d{1,12})(?:\.0*)?\s*笔?$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/**
 * Reads one data row by field name. Every bad cell is recorded with the header name as written;
 * `ok()` tells whether the row may become a line (no bad cell so far). A class rather than an
 * object of closures: it is made once per row of million-row bills, and methods cost nothing per row.
 */
export class RowReader<K extends string> {
  readonly row: number;
  readonly cells: readonly string[];
  private readonly map: ColumnMap<K>;
  private readonly names: readonly string[];
  private readonly errors: ErrorList;
  private readonly before: number;

  constructor(cells: readonly string[], row: number, map: ColumnMap<K>, names: readonly string[], errors: ErrorList) {
    this.row = row;
    this.cells = cells;
    this.map = map;
    this.names = names;
    this.errors = errors;
    this.before = errors.count;
  }

  nameOf(field: K): string {
    return this.names[firstColumn(this.map, field) ?? -1] ?? field;
  }

  text(field: K): string {
    return cellOf(this.cells, this.map, field);
  }

  optional(field: K): string | null {
    return optionalText(cellOf(this.cells, this.map, field));
  }

  /** `parse` applied to the field's cell; on failure the row, column and reason are recorded and undefined returned. */
  read<T>(field: K, parse: (text: string) => T): T | undefined {
    try {
      return parse(cellOf(this.cells, this.map, field));
    } catch (error) {
      this.errors.addFailure(this.row, this.nameOf(field), error);
      return undefined;
    }
  }

  bad(field: K, reason: string): void {
    this.errors.add(this.row, this.nameOf(field), reason);
  }

  ok(): boolean {
    return this.errors.count === this.before;
  }
}

/** A RowReader for one row of cells. */
export function rowReader<K extends string>(
  cells: readonly string[],
  row: number,
  map: ColumnMap<K>,
  names: readonly string[],
  errors: ErrorList,
): RowReader<K> {
  return new RowReader(cells, row, map, names, errors);
}
