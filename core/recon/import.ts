import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../db/index.js';
import { cancelledError, fail, PayDeskError, throwIfCancelled } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { CHANNEL_CODES } from '../channels/types.js';
import { formatMinor } from '../money/index.js';
import { accountingDateOf } from '../clock.js';
import { ERRORS_KEPT_MAX, type CellError, type ParsedStatement, type Totals } from './parsers/types.js';

/** A parser for one format: bytes in, statements out (MT940 and camt.053 files may hold several). Never throws on bad content: errors come back in the statements. */
export type Parser = (bytes: Buffer, options: { mapping?: Record<string, string> }) => Promise<ParsedStatement[]> | ParsedStatement[];

export interface FormatRegistry {
  detect(fileName: string, bytes: Buffer): { format: string; channel: string | null; encoding: string | null } | null;
  parsers: Record<string, Parser>;
}

export interface ImportOptions {
  file: string;
  /** channel code; required when the file does not name its channel (bank statements, MT940, camt.053) */
  channel?: string;
  /** skip detection */
  format?: string;
  /** import a file whose content was imported before */
  force?: boolean;
  /** header names for a layout the parser cannot map by itself (a saved column-mapping profile) */
  mapping?: Record<string, string>;
  userId: number;
  at: string;
  onProgress?: (done: number, total: number) => void;
  /** the user's cancel: checked after parsing and between chunks of lines; a cancelled batch keeps no line */
  signal?: AbortSignal;
}

export interface ImportResult {
  batch: number;
  status: 'DONE' | 'ABNORMAL';
  format: string;
  channel: string;
  rows: number;
  totals: Record<string, { creditMinor: number; debitMinor: number }>;
  errors: CellError[];
  errorCount: number;
}

const FILE_SIZE_MAX = 2 * 1024 * 1024 * 1024;
const INSERT_PROGRESS_EVERY = 1_000;
/** Lines written between two yields to the event loop: progress reaches the window, a cancel lands. */
const INSERT_YIELD_EVERY = 20_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function addTotals(into: Record<string, Totals>, add: Record<string, Totals>): void {
  for (const [ccy, t] of Object.entries(add)) {
    const acc = (into[ccy] ??= { creditMinor: 0, debitMinor: 0, count: 0 });
    acc.creditMinor += t.creditMinor;
    acc.debitMinor += t.debitMinor;
    acc.count += t.count;
  }
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

/** The size of a statement file the user named; FILE_ERROR when there is none, it is a folder, or it is empty. */
export async function statementFileSize(file: string): Promise<number> {
  let found: Awaited<ReturnType<typeof stat>>;
  try {
    found = await stat(file);
  } catch {
    return fail('FILE_ERROR', `cannot read ${file}: no such file`, { location: { file } });
  }
  // a folder reads as an internal error (EISDIR) further on: name it here
  if (found.isDirectory()) fail('FILE_ERROR', `${file} is a folder; name a statement file inside it`, { location: { file } });
  const size = Number(found.size);
  if (size === 0) fail('FILE_ERROR', `${basename(file)} is empty`, { location: { file } });
  return size;
}

/**
 * Import one statement file as a batch (对账批次). Detect the format, refuse a file imported before
 * (same content hash) unless forced, parse, check the file's declared totals against its rows, then
 * write every line and the batch's final status in one transaction. A file with any bad row makes
 * the batch ABNORMAL: its errors are kept (row, column, reason) and none of its lines are stored, so
 * nothing from it can be matched. A crash leaves the batch RUNNING with no lines, ready to retry.
 */
export async function importStatement(db: Db, registry: FormatRegistry, options: ImportOptions): Promise<ImportResult> {
  const name = basename(options.file);
  const size = await statementFileSize(options.file);
  if (size > FILE_SIZE_MAX) fail('FILE_ERROR', `${name} is ${Math.round(size / 1024 / 1024)} MB, above the 2 GB a statement file can be`, { location: { file: options.file } });
  // Held through `file` only: a sync parser runs while this frame is still on the stack, and a local
  // here would keep the whole file alive beside the parser's decoded text.
  const file: FileBytes = { bytes: await readFile(options.file) };
  const hash = createHash('sha256').update(file.bytes!).digest('hex');

  const detected = options.format ? { format: options.format, channel: null, encoding: null } : registry.detect(name, file.bytes!);
  if (!detected) {
    fail('FILE_ERROR', `${name}: not a statement PayDesk knows (Alipay or WeChat bill, UnionPay file, bank statement .xlsx/.csv, MT940, camt.053); pass --format, or map its columns once (the desk's import preview) and import it with --profile NAME`, { location: { file: options.file } });
  }
  const parser = registry.parsers[detected.format] ?? fail('BAD_INPUT', `unknown format "${detected.format}" (known: ${Object.keys(registry.parsers).join(', ')})`);
  const channel = options.channel ?? detected.channel;
  if (!channel) fail('BAD_INPUT', `${name} is a ${detected.format} file, which does not say whose it is: give the channel (--channel ${CHANNEL_CODES.join('|')})`);
  if (!(CHANNEL_CODES as readonly string[]).includes(channel)) fail('BAD_INPUT', `unknown channel "${channel}" (known: ${CHANNEL_CODES.join(', ')})`);
  if (detected.channel && options.channel && detected.channel !== options.channel) {
    fail('BAD_INPUT', `${name} is a ${detected.channel} file; it cannot be imported as ${options.channel}`);
  }

  const previous = db.prepare("SELECT id, created_at FROM import_batch WHERE content_hash = ? AND status <> 'ABNORMAL' ORDER BY id LIMIT 1").get(hash) as { id: number; created_at: string } | undefined;
  if (previous && !options.force) {
    fail('CONFLICT', `${name} was already imported as batch ${previous.id} on ${previous.created_at.slice(0, 10)} (same content); use --force to import it again`);
  }

  const batchId = db.tx(() => {
    const { lastInsertRowid } = db.run(db.q.insertInto('import_batch').values({
      channel_code: channel, format: detected.format, file_name: name, file_size: size, content_hash: hash, encoding: detected.encoding,
      account: null, status: 'RUNNING', rows: 0, totals: '{}', errors: '[]', error_count: 0, forced: previous ? 1 : 0,
      first_date: null, last_date: null, created_at: options.at, created_by: options.userId, finished_at: null,
    }));
    appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.import.start', entity: 'import_batch', entityId: String(lastInsertRowid), detail: { file: name, hash, format: detected.format, channel, forced: !!previous } });
    return lastInsertRowid;
  });
  return finishImport(db, batchId, file, parser, { ...options, channel, format: detected.format });
}

/**
 * A file's bytes on their way to the parser. The parser takes them out (runParser), so once it is
 * done nothing here keeps the whole file alive through the insert.
 */
interface FileBytes {
  bytes: Buffer | null;
}

function runParser(parser: Parser, file: FileBytes, mapping: Record<string, string> | undefined): ReturnType<Parser> {
  const bytes = file.bytes ?? fail('FILE_ERROR', 'the file was parsed already');
  file.bytes = null;
  return parser(bytes, { mapping });
}

/** What the batch row records about the parsed statements. */
interface Outcome {
  errors: CellError[];
  errorCount: number;
  totals: Record<string, Totals>;
  rows: number;
  account: string | null;
  firstDate: string | null;
  lastDate: string | null;
}

/** Errors (the parser's and the declared-totals check's), totals, and the first and last booking date, in one pass. */
function outcomeOf(statements: readonly ParsedStatement[]): Outcome {
  const errors: CellError[] = [];
  const totals: Record<string, Totals> = {};
  let errorCount = 0;
  let rows = 0;
  // the earliest and latest bookedAt: their dates are the earliest and latest dates (a prefix keeps the order)
  let first: string | null = null;
  let last: string | null = null;
  for (const s of statements) {
    for (const e of [...s.errors, ...checkDeclared(s)]) {
      errorCount++;
      if (errors.length < ERRORS_KEPT_MAX) errors.push(e);
    }
    for (const line of s.lines) {
      // a line must move money: a zero or negative amount would only fail deep in the database
      if (!(line.amountMinor > 0)) {
        errorCount++;
        if (errors.length < ERRORS_KEPT_MAX) errors.push({ row: line.row, column: 'amount', reason: `the amount is ${line.amountMinor === 0 ? 'zero' : 'negative'}; a statement line must move money` });
      }
      if (first === null || line.bookedAt < first) first = line.bookedAt;
      if (last === null || line.bookedAt > last) last = line.bookedAt;
    }
    rows += s.lines.length;
    addTotals(totals, s.totals);
  }
  const account = statements.find((s) => s.account)?.account ?? null;
  return { errors, errorCount, totals, rows, account, firstDate: first?.slice(0, 10) ?? null, lastDate: last?.slice(0, 10) ?? null };
}

const CLEARING_FLOW_COLUMNS = `batch_id, channel_code, row_no, bank_date, booked_at, value_date, direction, kind, order_no, channel_trade_no,
  amount_minor, fee_minor, currency, counterparty, summary`;
/** The batch and channel are the same on every line: written into the statement, not bound 1M times. */
const clearingFlowValues = (batchId: number, channel: string) => `(${batchId}, '${channel.replace(/'/g, "''")}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/**
 * Lines per INSERT statement: one call into SQLite for many rows is markedly cheaper than one per
 * row. It divides INSERT_PROGRESS_EVERY, so progress is reported after exactly the same rows.
 */
const INSERT_CHUNK = 100;

function insertStatement(db: Db, lines: number, batchId: number, channel: string) {
  if (!Number.isSafeInteger(batchId)) throw new Error(`batch id ${batchId} is not an integer`);
  return db.prepare(`INSERT INTO clearing_flow (${CLEARING_FLOW_COLUMNS}) VALUES ${Array(lines).fill(clearingFlowValues(batchId, channel)).join(', ')}`);
}

/** accountingDateOf for one cut-off, checked once instead of on every line. */
function bankDateUnder(cutoff: string): (bookedAt: string) => string {
  accountingDateOf('2000-01-01 00:00:00', cutoff); // throws on a malformed cut-off
  if (cutoff === '00:00') return (bookedAt) => bookedAt.slice(0, 10);
  return (bookedAt) => (bookedAt.slice(11, 16) < cutoff ? bookedAt.slice(0, 10) : accountingDateOf(bookedAt, cutoff));
}

/**
 * Writes every line, in order, INSERT_CHUNK lines to a statement; the caller holds the transaction.
 * Every INSERT_YIELD_EVERY lines it yields and stops with CANCELLED if the user has cancelled.
 */
async function insertLines(
  db: Db,
  batchId: number,
  statements: readonly ParsedStatement[],
  rows: number,
  options: { channel: string; cutoff: string; onProgress: ImportOptions['onProgress']; signal: AbortSignal | undefined; fileName: string },
): Promise<void> {
  const { channel, cutoff, onProgress } = options;
  const insertChunk = insertStatement(db, INSERT_CHUNK, batchId, channel);
  const bankDate = bankDateUnder(cutoff);
  const values: unknown[] = [];
  let done = 0;
  for (const s of statements) {
    for (const l of s.lines) {
      values.push(l.row, bankDate(l.bookedAt), l.bookedAt, l.valueDate, l.direction === 'credit' ? 'in' : 'out', l.kind,
        l.reference, l.channelRef, l.amountMinor, l.feeMinor, l.currency, l.counterparty, l.summary);
      if (++done % INSERT_CHUNK !== 0) continue;
      insertChunk.run(values);
      values.length = 0;
      if (done % INSERT_PROGRESS_EVERY === 0) onProgress?.(done, rows);
      if (done % INSERT_YIELD_EVERY === 0) {
        await yieldToEventLoop();
        throwIfCancelled(options.signal, `import of ${options.fileName}`);
      }
    }
  }
  // the last, short chunk: never a multiple of INSERT_PROGRESS_EVERY, so no progress to report here
  if (values.length > 0) insertStatement(db, done % INSERT_CHUNK, batchId, channel).run(values);
}

/** Parse and write a RUNNING batch: the second half of an import, and what a retry runs again. */
async function finishImport(db: Db, batchId: number, file: FileBytes, parser: Parser, options: ImportOptions & { channel: string; format: string }): Promise<ImportResult> {
  let statements: ParsedStatement[];
  try {
    statements = await runParser(parser, file, options.mapping);
  } catch (error) {
    // A parser must report bad content as errors; anything thrown is recorded the same way.
    statements = [{ format: options.format, channel: null, account: null, currency: 'CNY', lines: [], totals: {}, declared: null,
      errors: [{ row: 0, column: 'file', reason: error instanceof PayDeskError ? error.message : `could not be read: ${(error as Error).message}` }] }];
  }
  if (options.signal?.aborted) return cancelBatch(db, batchId, options);
  const { errors, errorCount, totals, rows, account, firstDate, lastDate } = outcomeOf(statements);
  // A statement with its header and no lines is a quiet day, not an error; a file a parser cannot
  // read at all comes back with errors.
  const status: 'DONE' | 'ABNORMAL' = errorCount > 0 ? 'ABNORMAL' : 'DONE';

  // A line's bank date is the channel's own day under its cut-off (日切): what reconciliation matches by.
  const cutoff = (db.prepare('SELECT cutoff FROM channel WHERE code = ?').pluck().get(options.channel) as string | undefined) ?? '00:00';
  const shownTotals = Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, { creditMinor: t.creditMinor, debitMinor: t.debitMinor }]));
  try {
    await db.txAsync(async () => {
      if (status === 'DONE') {
        await insertLines(db, batchId, statements, rows, { channel: options.channel, cutoff, onProgress: options.onProgress, signal: options.signal, fileName: basename(options.file) });
      }
      db.prepare(
        `UPDATE import_batch SET status = ?, rows = ?, totals = ?, errors = ?, error_count = ?, account = ?, first_date = ?, last_date = ?, finished_at = ? WHERE id = ?`,
      ).run(status, rows, JSON.stringify(shownTotals), JSON.stringify(errors), errorCount, account, firstDate, lastDate, options.at, batchId);
      appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.import.finish', entity: 'import_batch', entityId: String(batchId), detail: { status, rows, errorCount } });
    });
  } catch (error) {
    // the transaction rolled back every line; the batch says so instead of staying RUNNING
    if (error instanceof PayDeskError && error.code === 'CANCELLED') return cancelBatch(db, batchId, options);
    throw error;
  }
  options.onProgress?.(rows, rows);
  return {
    batch: batchId, status, format: options.format, channel: options.channel, rows,
    totals: shownTotals,
    errors, errorCount,
  };
}

/**
 * A cancelled import: the batch ends ABNORMAL with one error saying so (nothing from an ABNORMAL
 * batch is matched, and the same file may be imported again), then CANCELLED is thrown.
 */
function cancelBatch(db: Db, batchId: number, options: { file: string; userId: number; at: string }): never {
  const reason = 'cancelled by the user; no line was kept / 用户已取消，未保留任何流水';
  db.tx(() => {
    db.prepare(`UPDATE import_batch SET status = 'ABNORMAL', rows = 0, errors = ?, error_count = 1, finished_at = ? WHERE id = ? AND status = 'RUNNING'`)
      .run(JSON.stringify([{ row: 0, column: 'file', reason }]), options.at, batchId);
    appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.import.cancel', entity: 'import_batch', entityId: String(batchId), detail: { file: basename(options.file) } });
  });
  throw cancelledError(`import of ${basename(options.file)} (batch ${batchId})`);
}

/** Run an interrupted (RUNNING) batch again from its file, which must still have the same content. */
export async function retryImport(db: Db, registry: FormatRegistry, options: { batch: number; file: string; userId: number; at: string; mapping?: Record<string, string> }): Promise<ImportResult> {
  const batch = db.first(db.q.selectFrom('import_batch').selectAll().where('id', '=', options.batch)) ?? fail('NOT_FOUND', `no import batch ${options.batch}`);
  if (batch.status !== 'RUNNING') fail('CONFLICT', `batch ${batch.id} is ${batch.status}; only an interrupted (RUNNING) batch can be retried`);
  const bytes = await readFile(options.file).catch(() => fail('FILE_ERROR', `cannot read ${options.file}`));
  if (createHash('sha256').update(bytes).digest('hex') !== batch.content_hash) {
    fail('CONFLICT', `${basename(options.file)} is not the file batch ${batch.id} started with (its content differs)`);
  }
  const parser = registry.parsers[batch.format] ?? fail('BAD_INPUT', `unknown format "${batch.format}"`);
  return finishImport(db, batch.id, { bytes }, parser, { ...options, file: options.file, channel: batch.channel_code, format: batch.format });
}
