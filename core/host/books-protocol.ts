// The messages between a window's host (Electron's main process, or the browser-mode HTTP host) and
// the books process that owns the database (docs/architecture.md#the-books-process). Plain data:
// they cross a process boundary by structured clone.
import type { HostInfo, HostMode, IpcResponse, PayDeskProgress, SignedInUser } from './wire.js';

export interface BooksOpenOptions {
  mode: HostMode;
  dbFile: string;
  dataDir: string;
  version: string;
  /** run the 01:15 bank-balance carry-over timer in the books process */
  carryOver: boolean;
  /** the books reader: the file opened read-only, for the methods that only read */
  reader?: boolean;
}

/** host → books */
export type ToBooks =
  | { type: 'open'; options: BooksOpenOptions }
  | { type: 'call'; id: number; method: string; input: unknown }
  /** after a restart, or on the reader after a sign-in: who is signed in ('' for nobody) */
  | { type: 'resume'; login: string }
  /** the desktop's File → Back Up: SQLite's online backup to `target` */
  | { type: 'backup'; id: number; target: string }
  | { type: 'close' };

/** books → host */
export type FromBooks =
  | { type: 'ready'; info: HostInfo }
  /** the database could not be opened; the process exits after this */
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; response: IpcResponse }
  | { type: 'progress'; progress: PayDeskProgress }
  | { type: 'user'; user: SignedInUser | null }
  | { type: 'closed' };
