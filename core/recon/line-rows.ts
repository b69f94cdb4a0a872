import { formatMinor } from '../money/index.js';
import { accountingDateOf } from '../clock.js';
import { ERRORS_KEPT_MAX, type CellError, type ParsedStatement, type StatementLine, type Totals } from './parsers/types.js';
import { addTotals } from './parsers/totals.js';

/**
 * From parsed statements to what the importer writes: the batch's outcome (errors, totals, dates)
 * and the lines as rows of values ready to bind. Shared by the import's own thread and the parse
 * thread (parse-worker.ts), so both write exactly the same rows.
 */

/** What the batch row records about the parsed statements. */
export interface Outcome {
  errors: CellError[];
  errorCount: number;
  totals: Record<string, Totals>;
  rows: number;
  account: string | null;
  firstDate: string | null;
  lastDate: string | null;
}

/** The file's own totals must equal its rows: a truncated or hand-edited file is caught here, before matching. */
function checkDeclared(statement: ParsedStatement): CellError[] {
  const declared = statement.declared?.totals;
  if (!declared) return [];
  const errors: CellError[] = [];
  for (const [ccy, d] of Object.entries(declared)) {
    const p = statement.totals[ccy] ?? { creditMinor: 0, debitMinor: 0, count: 0 };
    if (d.creditMinor !== p.creditMinor || d.debitMinor !== p.debitMinor) {
      errors.push({
        row: 0, column: 'totals',
        reason: `the file declares money in ${formatMinor(d.creditMinor, ccy)} / out ${formatMinor(d.debitMinor, ccy)} ${ccy}, its rows add up to ${formatMinor(p.creditMinor, ccy)} / ${formatMinor(p.debitMinor, ccy)}`,
      });
    }
  }
  return errors;
}

/** A line must move money: a zero or negative amount would only fail deep in the database. */
const movesMoney = (line: StatementLine): boolean => line.amountMinor > 0;

/** What LineRows saw of the lines it took: the outcome's line figures, when the parser let the lines go. */
export interface LinesSeen {
  rows: number;
  first: string | null;
  last: string | null;
  /** lines that move no money, as errors (the first ERRORS_KEPT_MAX), and how many there were */
  errors: CellError[];
  errorCount: number;
}

function moneyError(line: StatementLine): CellError {
  return { row: line.row, column: 'amount', reason: `the amount is ${line.amountMinor === 0 ? 'zero' : 'negative'}; a statement line must move money` };
}

/**
 * Errors (the parser's and the declared-totals check's), totals, and the first and last booking
 * date, in one pass. `seen`: the figures of every line, taken as they came (the parser let them go).
 */
export function outcomeOf(statements: readonly ParsedStatement[], seen?: LinesSeen): Outcome {
  const errors: CellError[] = [];
  const totals: Record<string, Totals> = {};
  let errorCount = 0;
  let rows = seen?.rows ?? 0;
  // the earliest and latest bookedAt: their dates are the earliest and latest dates (a prefix keeps the order)
  let first: string | null = seen?.first ?? null;
  let last: string | null = seen?.last ?? null;
  for (const s of statements) {
    for (const e of [...s.errors, ...checkDeclared(s)]) {
      errorCount++;
      if (errors.length < ERRORS_KEPT_MAX) errors.push(e);
    }
    addTotals(totals, s.totals);
    if (seen) continue;
    for (const line of s.lines) {
      if (!movesMoney(line)) {
        errorCount++;
        if (errors.length < ERRORS_KEPT_MAX) errors.push(moneyError(line));
      }
      if (first === null || line.bookedAt < first) first = line.bookedAt;
      if (last === null || line.bookedAt > last) last = line.bookedAt;
    }
    rows += s.lines.length;
  }
  if (seen) {
    errorCount += seen.errorCount;
    errors.push(...seen.errors.slice(0, Math.max(0, ERRORS_KEPT_MAX - errors.length)));
  }
  const account = statements.find((s) => s.account)?.account ?? null;
  return { errors, errorCount, totals, rows, account, firstDate: first?.slice(0, 10) ?? null, lastDate: last?.slice(0, 10) ?? null };
}

/** A line's kind and direction travel as one small number: binding a number costs far less than a string. */
const KINDS: readonly StatementLine['kind'][] = ['pay', 'refund', 'fee', 'payout', 'transfer', 'other'];
/** The currency nearly every line has: its lines bind nothing for it. */
const USUAL_CURRENCY = 'CNY';

/**
 * Values bound per line: row, booked at, bank date (null: the booked date), value date, kind and
 * direction, reference, channel ref, amount, fee, currency (null: CNY), counterparty, summary.
 * Binding is most of what an insert costs, so what SQL can work out is not bound.
 */
export const VALUES_PER_LINE = 12;
/**
 * Lines per INSERT statement: one call into SQLite for many rows is markedly cheaper than one per
 * row. A part of rows holds up to this many lines.
 */
export const LINES_PER_PART = 100;

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The INSERT of `lines` lines of one batch; its batch and channel are written into the statement, not bound. */
export function lineInsertSql(batchId: number, channel: string, lines: number): string {
  if (!Number.isSafeInteger(batchId)) throw new Error(`batch id ${batchId} is not an integer`);
  const kind = `CASE column5 >> 1 ${KINDS.map((k, i) => `WHEN ${i} THEN '${k}'`).join(' ')} END`;
  const row = `(${Array(VALUES_PER_LINE).fill('?').join(', ')})`;
  return `INSERT INTO clearing_flow (batch_id, channel_code, row_no, bank_date, booked_at, value_date, direction, kind, order_no, channel_trade_no,
      amount_minor, fee_minor, currency, counterparty, summary)
    SELECT ${batchId}, ${sqlText(channel)}, column1, COALESCE(column3, substr(column2, 1, 10)), column2, column4,
      CASE column5 & 1 WHEN 0 THEN 'in' ELSE 'out' END, ${kind}, column6, column7, column8, column9, COALESCE(column10, '${USUAL_CURRENCY}'), column11, column12
    FROM (VALUES ${Array(lines).fill(row).join(', ')})`;
}

/** accountingDateOf for one cut-off, checked once instead of on every line. */
function bankDateUnder(cutoff: string): (bookedAt: string) => string {
  accountingDateOf('2000-01-01 00:00:00', cutoff); // throws on a malformed cut-off
  if (cutoff === '00:00') return (bookedAt) => bookedAt.slice(0, 10);
  return (bookedAt) => (bookedAt.slice(11, 16) < cutoff ? bookedAt.slice(0, 10) : accountingDateOf(bookedAt, cutoff));
}

/**
 * Turns lines into parts: flat arrays of LINES_PER_PART × VALUES_PER_LINE values for lineInsertSql
 * (the last part may be shorter), in line order. A line's bank date is the channel's own day under its cut-off
 * (日切): what reconciliation matches by. After a line that moves no money it takes no more lines:
 * that batch is ABNORMAL and keeps none, and the database would refuse the line anyway.
 */
export class LineRows {
  private readonly bankDate: (bookedAt: string) => string;
  private part: unknown[] = [];
  private parts: unknown[][] = [];
  private doomed = false;
  /** lines taken so far */
  taken = 0;

  constructor(cutoff: string) {
    this.bankDate = bankDateUnder(cutoff);
  }

  /** Take lines[from, to). */
  add(lines: readonly StatementLine[], from = 0, to = lines.length): void {
    for (let i = from; i < to; i++) {
      const l = lines[i]!;
      this.see(l);
      if (this.doomed) continue;
      const bankDate = this.bankDate(l.bookedAt);
      const kind = KINDS.indexOf(l.kind);
      if (kind < 0) throw new Error(`line ${l.row}: unknown kind "${l.kind}"`);
      this.part.push(l.row, l.bookedAt, bankDate.length === 10 && l.bookedAt.startsWith(bankDate) ? null : bankDate, l.valueDate,
        kind * 2 + (l.direction === 'credit' ? 0 : 1), l.reference, l.channelRef, l.amountMinor, l.feeMinor,
        l.currency === USUAL_CURRENCY ? null : l.currency, l.counterparty, l.summary);
      this.taken++;
      if (this.part.length === LINES_PER_PART * VALUES_PER_LINE) {
        this.parts.push(this.part);
        this.part = [];
      }
    }
  }

  /** Every line's figures for the outcome; after a line that moves no money, no more rows are made. */
  private see(line: StatementLine): void {
    const seen = this.seen;
    seen.rows++;
    if (seen.first === null || line.bookedAt < seen.first) seen.first = line.bookedAt;
    if (seen.last === null || line.bookedAt > seen.last) seen.last = line.bookedAt;
    if (movesMoney(line)) return;
    this.doomed = true;
    seen.errorCount++;
    if (seen.errors.length < ERRORS_KEPT_MAX) seen.errors.push(moneyError(line));
  }

  /** What the lines taken so far add up to, for outcomeOf when the parser let them go. */
  readonly seen: LinesSeen = { rows: 0, first: null, last: null, errors: [], errorCount: 0 };

  /** The full parts made so far; with `all`, the short last one too. */
  take(all = false): unknown[][] {
    if (all && this.part.length > 0) {
      this.parts.push(this.part);
      this.part = [];
    }
    const out = this.parts;
    this.parts = [];
    return out;
  }
}
