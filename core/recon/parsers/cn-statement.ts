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

export function sumTotals(lines: readonly StatementLine[]): Record<string, Totals> {
  const totals: Record<string, Totals> = {};
  for (const line of lines) {
    const t = (totals[line.currency] ??= { creditMinor: 0, debitMinor: 0, count: 0 });
    t.count += 1;
    if (line.direction === 'credit') t.creditMinor += line.amountMinor;
    else t.debitMinor += line.amountMinor;
  }
  return totals;
}

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
    totals: sumTotals(parts.lines),
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
 * `ok()` tells whether the row may become a line (no bad cell so far).
 */
export function rowReader<K extends string>(
  cells: readonly string[],
  row: number,
  map: ColumnMap<K>,
  names: readonly string[],
  errors: ErrorList,
) {
  const before = errors.count;
  const nameOf = (field: K): string => names[firstColumn(map, field) ?? -1] ?? field;
  return {
    row,
    cells,
    nameOf,
    text: (field: K): string => cellOf(cells, map, field),
    optional: (field: K): string | null => optionalText(cellOf(cells, map, field)),
    read<T>(field: K, parse: (text: string) => T): T | undefined {
      return readCell(errors, row, nameOf(field), () => parse(cellOf(cells, map, field)));
    },
    bad: (field: K, reason: string): void => errors.add(row, nameOf(field), reason),
    ok: (): boolean => errors.count === before,
  };
}
