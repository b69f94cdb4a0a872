import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../db/index.js';
import { cancelledError, fail, PayDeskError, throwIfCancelled } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { CHANNEL_CODES } from '../channels/types.js';
import type { CellError, ParsedStatement, ParseOptions } from './parsers/types.js';
import { lineInsertSql, LINES_PER_PART, VALUES_PER_LINE, type Outcome } from './line-rows.js';
import { parseHere, ParseThread, type FileBytes, type LineFeed } from './parse-feed.js';
import { detectionBytes } from './file-head.js';
import { RowidStretch } from '../db/rowid-stretch.js';
import { accountWarningOf, type AccountWarning } from '../balances/unassigned.js';

/** A parser for one format: bytes in, statements out (MT940 and camt.053 files may hold several). Never throws on bad content: errors come back in the statements. */
export type Parser = (bytes: Buffer, options: ParseOptions & { mapping?: Record<string, string> }) => Promise<ParsedStatement[]> | ParsedStatement[];

export interface FormatRegistry {
  detect(fileName: string, bytes: Buffer): { format: string; channel: string | null; encoding: string | null } | null;
  parsers: Record<string, Parser>;
  /** its parsers are the ones a parse thread loads (the default registry): a large file may be parsed there */
  threadParsers?: boolean;
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
  /** files this large or larger are parsed on a parse thread while their lines are written (default PARSE_THREAD_FROM_BYTES) */
  parseThreadFromBytes?: number;
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
  /** a bank statement tied to no bank account of ours: it stays outside the balance check until it is */
  accountWarning: AccountWarning | null;
}

const FILE_SIZE_MAX = 2 * 1024 * 1024 * 1024;
const INSERT_PROGRESS_EVERY = 1_000;
/** Lines written between two yields to the event loop: progress reaches the window, a cancel lands. */
const INSERT_YIELD_EVERY = 20_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
  const size = await statementFileSize(options.file);
  if (size > FILE_SIZE_MAX) fail('FILE_ERROR', `${basename(options.file)} is ${Math.round(size / 1024 / 1024)} MB, above the 2 GB a statement file can be`, { location: { file: options.file } });
  // started first, so that its start-up overlaps reading and hashing the file
  const thread = parseThreadFor(registry, size, options);
  try {
    return await importFile(db, registry, options, size, thread);
  } finally {
    thread?.stop();
  }
}

/** A parse thread for a large file whose parser one can load; null to parse on this thread. */
function parseThreadFor(registry: FormatRegistry, size: number, options: ImportOptions): ParseThread | null {
  return registry.threadParsers && size >= (options.parseThreadFromBytes ?? PARSE_THREAD_FROM_BYTES) ? ParseThread.start() : null;
}

async function importFile(db: Db, registry: FormatRegistry, options: ImportOptions, size: number, thread: ParseThread | null): Promise<ImportResult> {
  const name = basename(options.file);
  // With a parse thread, this thread reads only what detection needs: the thread reads the file
  // itself and sends its hash, so the whole file is never held here (nor copied across). Without
  // one, the file is held through `file` only: a sync parser runs while this frame is still on the
  // stack, and a local here would keep the whole file alive beside the parser's decoded text.
  const file: FileBytes = { bytes: thread ? null : await readFile(options.file) };
  const head = file.bytes ?? await detectionBytes(options.file, size);

  const detected = options.format ? { format: options.format, channel: null, encoding: null } : registry.detect(name, head);
  if (!detected) {
    fail('FILE_ERROR',
      `${name}: not a statement PayDesk knows (Alipay or WeChat bill, UnionPay file, bank statement .xlsx/.xls/.csv, MT940, camt.053, OFX); pass --format, or map its columns once (the desk's import preview) and import it with --profile NAME`, {
      location: { file: options.file }, reason: 'FORMAT_UNKNOWN', params: { file: name },
    });
  }
  const parser = registry.parsers[detected.format] ?? fail('BAD_INPUT', `unknown format "${detected.format}" (known: ${Object.keys(registry.parsers).join(', ')})`);
  const channel = options.channel ?? detected.channel;
  if (!channel) fail('BAD_INPUT', `${name} is a ${detected.format} file, which does not say whose it is: give the channel (--channel ${CHANNEL_CODES.join('|')})`, {
    reason: 'CHANNEL_NOT_NAMED', params: { file: name, format: detected.format },
  });
  if (!(CHANNEL_CODES as readonly string[]).includes(channel)) fail('BAD_INPUT', `unknown channel "${channel}" (known: ${CHANNEL_CODES.join(', ')})`);
  if (detected.channel && options.channel && detected.channel !== options.channel) {
    fail('BAD_INPUT', `${name} is a ${detected.channel} file; it cannot be imported as ${options.channel}`);
  }
  const job = { format: detected.format, mapping: options.mapping, cutoff: cutoffOf(db, channel) };
  const started = thread?.parse(options.file, job);
  const hash = started ? await started.hash : createHash('sha256').update(file.bytes!).digest('hex');
  const feed = started?.feed;

  const previous = db.prepare("SELECT id, created_at FROM import_batch WHERE content_hash = ? AND status <> 'ABNORMAL' ORDER BY id LIMIT 1").get(hash) as { id: number; created_at: string } | undefined;
  if (previous && !options.force) {
    fail('CONFLICT', `${name} was already imported as batch ${previous.id} on ${previous.created_at.slice(0, 10)} (same content); use --force to import it again`, {
      reason: 'ALREADY_IMPORTED', params: { file: name, batchId: previous.id, importedOn: previous.created_at.slice(0, 10) },
    });
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
  return finishImport(db, batchId, feed ?? parseHere(parser, file, job), { ...options, channel, format: detected.format });
}

/** A line's bank date is the channel's own day under its cut-off (日切): what reconciliation matches by. */
function cutoffOf(db: Db, channel: string): string {
  return (db.prepare('SELECT cutoff FROM channel WHERE code = ?').pluck().get(channel) as string | undefined) ?? '00:00';
}

/** Files this large or larger are parsed on a parse thread while their lines are written; smaller ones are quicker without one. */
const PARSE_THREAD_FROM_BYTES = 8 * 1024 * 1024;

function insertPart(db: Db, lines: number, batchId: number, channel: string) {
  return db.prepare(lineInsertSql(batchId, channel, lines));
}

/**
 * Writes every part of rows the feed hands out, in order, and returns the feed's outcome; the
 * caller holds the transaction. Between parts it reports progress and stops with CANCELLED if the
 * user has cancelled.
 */
async function writeLines(
  db: Db,
  feed: LineFeed,
  options: { batchId: number; channel: string; onProgress: ImportOptions['onProgress']; signal: AbortSignal | undefined; fileName: string },
): Promise<Outcome> {
  const full = insertPart(db, LINES_PER_PART, options.batchId, options.channel);
  let reported = 0;
  let yielded = 0;
  for (;;) {
    const next = await feed.next();
    if (next.done) return next.value;
    for (const part of next.value.parts) {
      if (part.length === LINES_PER_PART * VALUES_PER_LINE) full.run(part);
      else insertPart(db, part.length / VALUES_PER_LINE, options.batchId, options.channel).run(part);
    }
    if (next.value.lines - reported >= INSERT_PROGRESS_EVERY) {
      reported = next.value.lines;
      options.onProgress?.(next.value.lines, next.value.estimate);
    }
    // Yield now and then, so progress reaches the window and a cancel lands: a parse thread that is
    // ahead leaves many parts waiting, and taking them one after another would never yield.
    if (next.value.lines - yielded >= INSERT_YIELD_EVERY) {
      yielded = next.value.lines;
      await yieldToEventLoop();
    }
    throwIfCancelled(options.signal, `import of ${options.fileName}`);
  }
}

/**
 * Parse and write a RUNNING batch: the second half of an import, and what a retry runs again.
 * Lines are written as the parse hands them out, inside a savepoint: a file that turns out to have
 * errors (a bad row, totals that do not add up) rolls back to it and keeps none.
 */
async function finishImport(db: Db, batchId: number, feed: LineFeed, options: ImportOptions & { channel: string; format: string }): Promise<ImportResult> {
  const fileName = basename(options.file);
  let finished: { outcome: Outcome; status: ImportResult['status'] };
  try {
    // The only keys written are the batch's id and the user's, both read first inside the transaction.
    finished = await db.txAsyncWithKeysFromSameTx(async () => {
      if (!db.prepare("SELECT 1 FROM import_batch WHERE id = ? AND status = 'RUNNING'").get(batchId)) fail('CONFLICT', `batch ${batchId} is no longer RUNNING`);
      if (!db.prepare('SELECT 1 FROM app_user WHERE id = ?').get(options.userId)) fail('NOT_FOUND', `no user ${options.userId}`);
      const lines = RowidStretch.begin(db, 'clearing_flow');
      db.sqlite.exec('SAVEPOINT batch_lines');
      const outcome = await writeLines(db, feed, { batchId, channel: options.channel, onProgress: options.onProgress, signal: options.signal, fileName });
      // A statement with its header and no lines is a quiet day, not an error; a file a parser
      // cannot read at all comes back with errors.
      const status: ImportResult['status'] = outcome.errorCount > 0 ? 'ABNORMAL' : 'DONE';
      if (status === 'ABNORMAL') db.sqlite.exec('ROLLBACK TO batch_lines');
      db.sqlite.exec('RELEASE batch_lines');
      // The batch records the stretch of rowids its lines hold and is found by it (recon_import_line's stretch, core/db/rowid-stretch.ts);
      // an ABNORMAL batch's stretch is empty.
      const stretch = lines.end(status === 'DONE' ? outcome.rows : 0, `batch ${batchId}`);
      const { rows, errors, errorCount, account, firstDate, lastDate } = outcome;
      db.prepare(
        `UPDATE import_batch SET status = ?, rows = ?, totals = ?, errors = ?, error_count = ?, account = ?, first_date = ?, last_date = ?, finished_at = ?,
           first_line = ?, last_line = ? WHERE id = ?`,
      ).run(status, rows, JSON.stringify(shown(outcome)), JSON.stringify(errors), errorCount, account, firstDate, lastDate, options.at, stretch.first, stretch.last, batchId);
      appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.import.finish', entity: 'import_batch', entityId: String(batchId), detail: { status, rows, errorCount } });
      return { outcome, status };
    });
  } catch (error) {
    // the transaction rolled back every line; the batch says so instead of staying RUNNING
    if (error instanceof PayDeskError && error.code === 'CANCELLED') return cancelBatch(db, batchId, options);
    throw error;
  } finally {
    await feed.return(undefined as never);
  }
  const { outcome, status } = finished;
  options.onProgress?.(outcome.rows, outcome.rows);
  return {
    batch: batchId, status, format: options.format, channel: options.channel, rows: outcome.rows,
    totals: shown(outcome), errors: outcome.errors, errorCount: outcome.errorCount,
    accountWarning: status === 'DONE' ? accountWarningOf(db, { channel_code: options.channel, account: outcome.account }) : null,
  };
}

/** The totals as a batch shows them: money in and out per currency. */
function shown(outcome: Outcome): ImportResult['totals'] {
  return Object.fromEntries(Object.entries(outcome.totals).map(([c, t]) => [c, { creditMinor: t.creditMinor, debitMinor: t.debitMinor }]));
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
export async function retryImport(db: Db, registry: FormatRegistry, options: { batch: number; file: string; userId: number; at: string; mapping?: Record<string, string>; parseThreadFromBytes?: number }): Promise<ImportResult> {
  const batch = db.first(db.q.selectFrom('import_batch').selectAll().where('id', '=', options.batch)) ?? fail('NOT_FOUND', `no import batch ${options.batch}`);
  if (batch.status !== 'RUNNING') fail('CONFLICT', `batch ${batch.id} is ${batch.status}; only an interrupted (RUNNING) batch can be retried`);
  const parser = registry.parsers[batch.format] ?? fail('BAD_INPUT', `unknown format "${batch.format}"`);
  const job = { format: batch.format, mapping: options.mapping, cutoff: cutoffOf(db, batch.channel_code) };
  const size = await statementFileSize(options.file);
  const thread = parseThreadFor(registry, size, options);
  try {
    const started = thread?.parse(options.file, job);
    const bytes = started ? null : await readFile(options.file).catch(() => fail('FILE_ERROR', `cannot read ${options.file}`));
    const hash = started ? await started.hash : createHash('sha256').update(bytes!).digest('hex');
    if (hash !== batch.content_hash) {
      fail('CONFLICT', `${basename(options.file)} is not the file batch ${batch.id} started with (its content differs)`);
    }
    const feed = started?.feed ?? parseHere(parser, { bytes }, job);
    return await finishImport(db, batch.id, feed, { ...options, file: options.file, channel: batch.channel_code, format: batch.format });
  } finally {
    thread?.stop();
  }
}
