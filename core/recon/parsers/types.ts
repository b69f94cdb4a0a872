import type { ErrorReason } from '../../shared/errors.js';
import { letGoOf } from './totals.js';

/**
 * What every statement parser produces: the statement's booked lines, normalised, with the row
 * they came from, and the totals the file itself declares (footer / summary / balances), so the
 * importer can check one against the other before anything is matched.
 * Amounts are integer minor units, always positive; `direction` says which way the money went
 * from the statement holder's point of view (credit = money in, debit = money out; a reversal of
 * a credit, MT940 `RC`, is money out).
 */
export interface StatementLine {
  /** 1-based line (text files) or row (spreadsheets) number in the file, for error messages */
  row: number;
  /** when the statement booked it: 'YYYY-MM-DD HH:mm:ss' ('… 00:00:00' when the file has only a date) */
  bookedAt: string;
  /** value date 'YYYY-MM-DD', when the file gives one */
  valueDate: string | null;
  direction: 'credit' | 'debit';
  amountMinor: number;
  currency: string;
  /** the platform's reference the line carries: our order / refund / payout number (商户订单号, 用途/附言, EndToEndId …) */
  reference: string | null;
  /** the channel's or bank's own number for the line (支付宝交易号, 微信订单号, bank serial, AcctSvcrRef …) */
  channelRef: string | null;
  kind: 'pay' | 'refund' | 'fee' | 'payout' | 'transfer' | 'other';
  /** fee the channel took on this line (positive) or returned (negative), when the file states it */
  feeMinor: number | null;
  counterparty: string | null;
  summary: string | null;
}

export interface CellError {
  row: number;
  /** the column's header name as the file writes it, or the MT940 tag / XML element */
  column: string;
  /** words for people */
  reason: string;
  /** set where the desk acts on this error: COLUMNS_UNMAPPED opens the column mapping */
  kind?: Extract<ErrorReason, 'COLUMNS_UNMAPPED'>;
}

export interface Totals {
  creditMinor: number;
  debitMinor: number;
  count: number;
}

export interface ParsedStatement {
  /** e.g. 'alipay-trade', 'alipay-account', 'wechat-all', 'wechat-fund', 'bank-xlsx', 'bank-xls', 'bank-csv', 'mt940', 'camt053', 'ofx' */
  format: string;
  /** channel code when the format names it (Alipay, WeChat bills), else null */
  channel: string | null;
  /** statement account (Alipay PID, WeChat mch id, IBAN / bank account) when the file gives one */
  account: string | null;
  currency: string;
  lines: StatementLine[];
  /** Σ of the parsed lines per currency */
  totals: Record<string, Totals>;
  /** what the file itself declares (footer lines, summary rows, opening/closing balances), null when it declares nothing */
  declared: { totals?: Record<string, Totals>; openingBalanceMinor?: number; closingBalanceMinor?: number } | null;
  /** bad cells and lines; the importer marks the batch ABNORMAL when any exist (first 1,000 kept) */
  errors: CellError[];
}

export const ERRORS_KEPT_MAX = 1000;

/**
 * What a parser may be handed to pass its lines on while it is still reading: it is called now and
 * then with the lines so far, every one of them final (a parser never changes or drops a line once
 * handed out). The importer writes them while the rest of the file is parsed. Lines left over at
 * the end are in the returned statement.
 */
export type LineSink = (linesSoFar: readonly StatementLine[]) => void;

export interface ParseOptions {
  onLines?: LineSink;
  /**
   * The sink keeps what it is handed: each time it has been called the parser lets those lines go,
   * so a large file's lines are never all held at once. The statement returned then holds only the
   * lines not yet handed out; its totals still count every line (core/recon/parse-worker.ts).
   */
  letGo?: boolean;
}

/** Lines between two calls of a LineSink: large enough that handing them on costs nothing much. */
const SINK_EVERY = 4096;

/** Push a line and, every SINK_EVERY lines, hand the lines so far to the sink (and let them go, if asked). */
export function pushLine(lines: StatementLine[], line: StatementLine, options: ParseOptions): void {
  lines.push(line);
  const sink = options.onLines;
  if (sink === undefined || lines.length % SINK_EVERY !== 0) return;
  sink(lines);
  if (options.letGo) letGoOf(lines);
}
