// The books process (docs/architecture.md#the-books-process): owns the database and runs the API
// registry for one window's host, so a long import or match never holds the window's event loop.
// Started by core/host/books-relay.ts as an Electron utilityProcess (the desktop) or a forked Node
// process (browser mode); it speaks core/host/books-protocol.ts over the parent's port.
import { closeTrainingBook } from '../trainer/store.js';
import { closeHandle } from '../db/checkpoints.js';
import type { Db } from '../db/index.js';
import type { BooksOpenOptions, FromBooks, ToBooks } from './books-protocol.js';
import { startCarryOverTimer, type CarryOverTimer } from './carry-over-timer.js';
import { openDatabase } from '../db/index.js';
import { openDesktopDatabase } from './data-dir.js';
import { signedIn, TransportSession } from './transport-session.js';
import type { TransportLog } from './wire.js';

interface ParentLink {
  post(message: FromBooks): void;
  listen(listener: (message: ToBooks) => void): void;
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** Electron's utilityProcess gives process.parentPort; a forked Node process has process.send. */
function parentLink(): ParentLink {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return { post: (m) => electronPort.postMessage(m), listen: (l) => electronPort.on('message', (e) => l(e.data as ToBooks)) };
  }
  const send = process.send?.bind(process);
  if (send) return { post: (m) => void send(m), listen: (l) => process.on('message', (m) => l(m as ToBooks)) };
  throw new Error('the books process runs as a child of a PayDesk host (utilityProcess or fork)');
}

const link = parentLink();
// Warnings and errors reach the host's stderr (Electron's log keeps main's own); sign-ins and the
// like are in the audit log already.
const log: TransportLog = {
  warn: (message) => process.stderr.write(`paydesk books: ${message}\n`),
  error: (message) => process.stderr.write(`paydesk books: ${message}\n`),
};

let db: Db | null = null;
let reader = false;
let session: TransportSession | null = null;
let carryOver: CarryOverTimer | null = null;
/** Calls wait for a resume in progress, so the first call after a restart runs as the user again. */
let resumed: Promise<unknown> = Promise.resolve();

function open(options: BooksOpenOptions): void {
  reader = options.reader === true;
  try {
    // the reader never migrates or writes: the writer has opened (and migrated) the file first
    db = reader ? openDatabase(options.dbFile, { readonly: true, mustExist: true }) : openDesktopDatabase(options.dbFile, undefined, log);
  } catch (error) {
    link.post({ type: 'failed', message: `${options.dbFile}: ${error instanceof Error ? error.message : String(error)}` });
    setImmediate(() => process.exit(1));
    return;
  }
  session = new TransportSession({
    mode: options.mode, db, dataDir: options.dataDir, version: options.version, log,
    sessionLimits: null, // the relay in front sees every call and keeps the sign-in's time
    onProgress: (progress) => link.post({ type: 'progress', progress }),
    onUserChange: (user) => link.post({ type: 'user', user: user && signedIn(user) }),
  });
  const opened = db;
  if (options.carryOver) carryOver = startCarryOverTimer({ getDb: () => (session ? opened : null), log });
  link.post({ type: 'ready', info: session.info() });
}

async function backup(id: number, target: string): Promise<void> {
  if (!db) return link.post({ type: 'reply', id, response: { ok: false, error: { code: 'INTERNAL', message: 'no database is open' } } });
  try {
    const { totalPages } = await db.sqlite.backup(target);
    link.post({ type: 'reply', id, response: { ok: true, result: { file: db.file, target, pages: totalPages } } });
  } catch (error) {
    link.post({ type: 'reply', id, response: { ok: false, error: { code: 'FILE_ERROR', message: error instanceof Error ? error.message : String(error) } } });
  }
}

async function close(): Promise<void> {
  carryOver?.stop();
  const current = session;
  session = null;
  if (current) await current.idle();
  if (db && reader) {
    db.close();
    db = null;
  } else if (db) {
    closeTrainingBook(db); // trainer mode's database beside the books, if it was opened
    await closeHandle(db);
    db = null;
  }
  link.post({ type: 'closed' });
}

link.listen((message) => {
  switch (message.type) {
    case 'open':
      return open(message.options);
    case 'call':
      if (!session) return link.post({ type: 'reply', id: message.id, response: { ok: false, error: { code: 'INTERNAL', message: 'the books are not open' } } });
      return void resumed.then(() => session!.call(message.method, message.input)).then((response) => link.post({ type: 'reply', id: message.id, response }));
    case 'resume':
      if (!session) return;
      if (message.login === '') return session.signOut();
      resumed = session.resume(message.login, 'the books process restarted', { audit: !reader }).catch(() => false);
      return;
    case 'backup':
      return void backup(message.id, message.target);
    case 'close':
      return void close();
  }
});
