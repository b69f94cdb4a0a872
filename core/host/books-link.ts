// What a window's host needs of the books, whether they run in their own process (BooksRelay) or,
// for tests that need a frozen clock or the database at hand, in the host's own process.
import type { Clock } from '../clock.js';
import { closeHandle } from '../db/checkpoints.js';
import type { Db } from '../db/index.js';
import { closeTrainingBook } from '../trainer/store.js';
import type { BooksOpenOptions } from './books-protocol.js';
import { startCarryOverTimer, type CarryOverTimer } from './carry-over-timer.js';
import { openDesktopDatabase } from './data-dir.js';
import { TransportSession } from './transport-session.js';
import type { IpcResponse, PayDeskProgress, TransportLog } from './wire.js';

export interface BooksLink {
  call(method: unknown, input: unknown): Promise<IpcResponse>;
  /** who is signed in, null before sign-in */
  readonly user: { login: string } | null;
  readonly exportsDir: string;
  /** resolves when no call is running */
  idle(): Promise<void>;
  /** waits for running calls and closes the books */
  close(): Promise<void>;
}

/** The books in the host's own process: a long call holds the host while it runs. */
export interface InProcessBooks extends BooksLink {
  readonly db: Db;
  readonly session: TransportSession;
}

export function inProcessBooks(open: BooksOpenOptions, options: { clock?: Clock; log?: TransportLog; onProgress?: (p: PayDeskProgress) => void }): InProcessBooks {
  const db = openDesktopDatabase(open.dbFile, options.clock, options.log);
  const session = new TransportSession({
    mode: open.mode, db, dataDir: open.dataDir, version: open.version, clock: options.clock, onProgress: options.onProgress, log: options.log,
  });
  let closing = false;
  const carryOver: CarryOverTimer | null = open.carryOver
    ? startCarryOverTimer({ getDb: () => (closing ? null : db), clock: options.clock, log: options.log })
    : null;
  let closed: Promise<void> | null = null;
  return {
    db,
    session,
    call: (method, input) => session.call(method, input),
    get user() {
      return session.user;
    },
    exportsDir: session.exportsDir,
    idle: () => session.idle(),
    close() {
      closed ??= (async () => {
        closing = true;
        carryOver?.stop();
        await session.idle();
        closeTrainingBook(db); // trainer mode's database beside the books, if it was opened
        await closeHandle(db);
      })();
      return closed;
    },
  };
}
