import { Worker } from 'node:worker_threads';
import { PayDeskError } from '../errors.js';
import { LineRows, outcomeOf, type Outcome } from './line-rows.js';
import type { ParsedStatement } from './parsers/types.js';
import type { Parser } from './import.js';

/**
 * A statement file on its way from parser to database: parts of rows as they become ready, then
 * the outcome once the whole file is read. On the import's own thread the file is parsed first
 * and handed out in slices; on a parse thread (parse-worker.ts) rows arrive while the file is still
 * being parsed, so SQLite writes one part while the next is read — the two halves of a large
 * import then take the time of the slower one instead of both.
 */
export type LineFeed = AsyncGenerator<FeedRows, Outcome, void>;

export interface FeedRows {
  parts: unknown[][];
  /** lines handed out so far, and an estimate of how many the file holds (for progress) */
  lines: number;
  estimate: number;
}

/** A file's bytes, taken out by the parse so nothing here keeps the whole file alive through the insert. */
export interface FileBytes {
  bytes: Buffer | null;
}

export interface FeedJob {
  format: string;
  mapping: Record<string, string> | undefined;
  cutoff: string;
}

/** What the parse thread sends: the file's content hash first (or why it could not read it), then rows, then the outcome. */
export type ThreadMessage =
  | { type: 'hash'; hash: string }
  | { type: 'unreadable'; reason: string }
  | ({ type: 'rows' } & FeedRows)
  | { type: 'done'; outcome: Outcome };

/** A parse under way on a thread: the file's sha256 once the thread has read it, and the feed of its rows. */
export interface ThreadParse {
  hash: Promise<string>;
  feed: LineFeed;
}

/** Lines handed out per slice on the import's own thread: between two slices it yields, so progress and a cancel land. */
const SLICE_LINES = 20_000;

function takeBytes(file: FileBytes): Buffer {
  const bytes = file.bytes;
  if (bytes === null) throw new Error('the file was parsed already');
  file.bytes = null;
  return bytes;
}

/** A parser must report bad content as errors; anything thrown is recorded the same way. */
export function thrownAsStatements(error: unknown, format: string): ParsedStatement[] {
  return [{ format, channel: null, account: null, currency: 'CNY', lines: [], totals: {}, declared: null,
    errors: [{ row: 0, column: 'file', reason: error instanceof PayDeskError ? error.message : `could not be read: ${(error as Error).message}` }] }];
}

/** Parse on this thread, then hand the lines out in slices; a batch with errors gets no rows at all. */
export async function* parseHere(parser: Parser, file: FileBytes, job: FeedJob): LineFeed {
  let statements: ParsedStatement[];
  try {
    statements = await parser(takeBytes(file), { mapping: job.mapping });
  } catch (error) {
    statements = thrownAsStatements(error, job.format);
  }
  const outcome = outcomeOf(statements);
  if (outcome.errorCount > 0) return outcome;
  const rows = new LineRows(job.cutoff);
  for (const s of statements) {
    for (let from = 0; from < s.lines.length; from += SLICE_LINES) {
      rows.add(s.lines, from, Math.min(s.lines.length, from + SLICE_LINES));
      yield { parts: rows.take(), lines: rows.taken, estimate: outcome.rows };
    }
  }
  yield { parts: rows.take(true), lines: rows.taken, estimate: outcome.rows };
  return outcome;
}

/**
 * The parse thread's entry: in a source checkout a small loader that runs the TypeScript through
 * tsx; in the desktop app the bundled script beside main.js, which the package keeps outside
 * app.asar (electron-builder.yml asarUnpack) so that a worker thread can load it.
 */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./parse-worker-boot.mjs', import.meta.url);
  return new URL(new URL('./parse-worker.js', import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
}

/**
 * A parse thread, started before the file is read so that its start-up overlaps the read and the
 * content hash. It parses one file with the default registry's parser for the format.
 */
export class ParseThread {
  private readonly worker: Worker;
  private readonly inbox: Extract<ThreadMessage, { type: 'rows' | 'done' }>[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private ended = false;
  private hashed: { resolve: (hash: string) => void; reject: (error: Error) => void } | null = null;

  private constructor() {
    this.worker = new Worker(workerUrl());
    this.worker.on('message', (m: ThreadMessage) => this.deliver(() => this.receive(m)));
    this.worker.on('error', (error) => this.deliver(() => (this.failure ??= error)));
    this.worker.on('exit', (code) => this.deliver(() => {
      this.ended = true;
      this.failure ??= new Error(`the parse thread stopped (exit code ${code}) before it finished`);
    }));
  }

  private receive(message: ThreadMessage): void {
    if (message.type === 'hash') this.hashed?.resolve(message.hash);
    else if (message.type === 'unreadable') this.hashed?.reject(new PayDeskError('FILE_ERROR', `cannot read the file: ${message.reason}`));
    else this.inbox.push(message);
  }

  /** A new thread, or null where none can start (the file is then parsed on the import's own thread). */
  static start(): ParseThread | null {
    try {
      return new ParseThread();
    } catch {
      return null;
    }
  }

  private deliver(update: () => void): void {
    update();
    if (this.failure) this.hashed?.reject(this.failure);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async nextMessage(): Promise<Extract<ThreadMessage, { type: 'rows' | 'done' }>> {
    while (this.inbox.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.inbox.shift()!;
  }

  /**
   * Start the thread on the file now: it reads it, sends its hash, and parses it; the feed hands out
   * what it sends. The thread ends with the feed, also when the import stops early.
   */
  parse(file: string, job: FeedJob): ThreadParse {
    const hash = new Promise<string>((resolve, reject) => (this.hashed = { resolve, reject }));
    hash.catch(() => undefined); // a caller that stops before asking for it has its answer elsewhere
    this.worker.postMessage({ file, ...job });
    return { hash, feed: this.feed(job) };
  }

  private async *feed(job: FeedJob): LineFeed {
    try {
      for (;;) {
        let message: Extract<ThreadMessage, { type: 'rows' | 'done' }>;
        try {
          message = await this.nextMessage();
        } catch (error) {
          // the thread died (out of memory, a bug): the batch records why, like a parser that threw
          return outcomeOf(thrownAsStatements(error, job.format));
        }
        if (message.type === 'done') return message.outcome;
        yield message;
      }
    } finally {
      this.stop();
    }
  }

  stop(): void {
    if (!this.ended) void this.worker.terminate();
    this.ended = true;
  }
}
