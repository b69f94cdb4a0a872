import Database from 'better-sqlite3';
import { Db } from './db.js';
import { migrate } from './migrate.js';

export interface OpenOptions {
  /** Open an existing file only; refuse to create a new one. */
  mustExist?: boolean;
  readonly?: boolean;
}

/**
 * Open (or create) a PayDesk database and bring its schema up to date.
 * WAL for concurrent readers, foreign keys on, synchronous=FULL because this is a ledger.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const sqlite = new Database(file, { fileMustExist: options.mustExist ?? false, readonly: options.readonly ?? false });
  try {
    if (file !== ':memory:' && !options.readonly) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MB page cache: big batches touch many index pages (per-account line index); the 2 MB default thrashes.
    sqlite.pragma('cache_size = -65536');
    const db = new Db(sqlite, file);
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
