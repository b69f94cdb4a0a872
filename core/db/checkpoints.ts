import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

/** SQLite's own default: checkpoint once the WAL holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The checkpointer's thread, as CommonJS source: its own connection to the file, a PASSIVE
 * checkpoint every interval and on request. PASSIVE never waits for or blocks the writer; it copies
 * what is committed and stops where a reader still needs the log.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  return { busy: row.busy, log: row.log, checkpointed: row.checkpointed };
};
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { parentPort.postMessage({ type: 'error', message: error.message }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.type === 'now') {
    try { parentPort.postMessage({ type: 'done', id: message.id, result: checkpoint() }); }
    catch (error) { parentPort.postMessage({ type: 'done', id: message.id, error: error.message }); }
  } else if (message.type === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * Sets the writer's own checkpoint threshold. A connection with a statement still open (an
 * iterator a caller is walking across an await) refuses any other statement, so then it is tried
 * again shortly rather than thrown into whatever event delivered the call.
 */
function setAutocheckpoint(db: Db, pages: number): void {
  if (!db.sqlite.open) return;
  try {
    db.sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  } catch (error) {
    if (!/busy/i.test((error as Error).message)) throw error;
    setTimeout(() => setAutocheckpoint(db, pages), 10).unref();
  }
}

export interface CheckpointResult {
  busy: number;
  /** frames in the log, and how many of them are now in the database file */
  log: number;
  checkpointed: number;
}

/**
 * Write-ahead-log checkpoints on a second thread for a long-lived handle (the desktop app and the
 * local host). SQLite otherwise copies the log into the database file inside the COMMIT that grew
 * it past 1,000 pages, on the writer's thread: after a million-line import or reconciliation that
 * is a second or more in which the window cannot answer. Here the writer's own checkpoints are off
 * while the thread runs; if it cannot start or fails they stay or come back on. Durability is the
 * same: a commit is on disk (fsynced in the log) before it returns, whoever copies it on.
 */
/** Each handle's checkpointer, so whoever closes the handle can stop its thread first. */
const byHandle = new WeakMap<Db, BackgroundCheckpoints>();

/**
 * Closes a handle after its checkpoint thread (if any) has closed its own connection: the handle is
 * then the file's last connection, which copies the rest of the log in and removes it. Closed the
 * other way round, the thread would finish the file a moment later, after the caller has moved on
 * (or removed the folder).
 */
export async function closeHandle(db: Db): Promise<void> {
  await byHandle.get(db)?.stop();
  db.close();
}

export class BackgroundCheckpoints {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private running = false;
  private threadExited = false;

  private constructor(private readonly db: Db, intervalMs: number, onError: (message: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.file, intervalMs } });
    // never what keeps a process alive: a host that ends without closing its handle still ends
    this.worker.unref();
    let exit = () => {};
    this.exited = new Promise((resolve) => (exit = resolve));
    // Off from the start (the caller is at a safe point now): messages arrive whenever the event loop
    // turns, possibly while the writer's connection has a statement open, when it cannot run a pragma.
    setAutocheckpoint(db, 0);
    this.worker.on('message', (message: { type: string; id?: number; result?: CheckpointResult; error?: string; message?: string }) => {
      if (message.type === 'ready') {
        this.running = true;
      } else if (message.type === 'done') {
        const waiter = this.pending.get(message.id!);
        this.pending.delete(message.id!);
        if (message.error) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result!);
      } else if (message.type === 'error') {
        onError(message.message ?? 'checkpoint failed');
      }
    });
    const fallBack = (reason: string) => {
      this.running = false;
      setAutocheckpoint(db, AUTOCHECKPOINT_PAGES);
      for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
      this.pending.clear();
    };
    this.worker.on('error', (error) => {
      onError(error.message);
      fallBack(error.message);
    });
    this.worker.on('exit', () => {
      this.threadExited = true;
      fallBack('the checkpoint thread has stopped');
      exit();
    });
    // a plain close of the handle still stops the thread (closeHandle waits for it)
    db.onClose(() => void this.stop());
    byHandle.set(db, this);
  }

  /** Starts checkpointing `db`'s file every `intervalMs` on its own thread (a file database only). */
  static start(db: Db, options: { intervalMs?: number; onError?: (message: string) => void } = {}): BackgroundCheckpoints | null {
    if (db.file === ':memory:' || db.sqlite.readonly) return null;
    const onError = options.onError ?? (() => {});
    try {
      return new BackgroundCheckpoints(db, options.intervalMs ?? 1_000, onError);
    } catch (error) {
      // no thread (the driver cannot be found from here, or threads are unavailable): the writer keeps checkpointing itself
      onError((error as Error).message);
      return null;
    }
  }

  /** Whether the thread has the file open and the writer's own checkpoints are off. */
  get active(): boolean {
    return this.running;
  }

  /** Whether the thread has ended, its connection closed. */
  get stopped(): boolean {
    return this.threadExited;
  }

  /** One checkpoint now, on the thread. */
  now(): Promise<CheckpointResult> {
    if (this.threadExited) return Promise.reject(new Error('the checkpoint thread has stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'now', id });
    });
  }

  /** Stops the thread after its current checkpoint; resolves once its connection is closed. */
  stop(): Promise<void> {
    setAutocheckpoint(this.db, AUTOCHECKPOINT_PAGES);
    this.running = false;
    this.worker.postMessage({ type: 'stop' });
    return this.exited;
  }
}
