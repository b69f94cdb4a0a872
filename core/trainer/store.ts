// The training database: a SQLite file beside the user's books (<name>.training.sqlite), opened and
// migrated like any PayDesk database, so trainer mode runs the real core without touching the books.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser, type User } from '../users/users.js';
import { fail } from '../errors.js';
import { attachSimulatorStore, simulatorFileFor } from '../simulator/store.js';

export interface TrainingBook {
  db: Db;
  /** the training database file (':memory:' when the books themselves are in memory) */
  file: string;
  /** where the training day's statement files and review template go */
  dir: string;
  users: { trainer: User; operator: User; reviewer: User };
}

/** The trainer's own tables: the planned day, its events with what each did, and the narrated day end. */
const TRAINER_SCHEMA = `
CREATE TABLE IF NOT EXISTS trainer_day (
  id integer PRIMARY KEY CHECK (id = 1), sim_date text NOT NULL, seed integer NOT NULL, orders integer NOT NULL,
  started_by text NOT NULL, started_at text NOT NULL, quality_hour integer NOT NULL DEFAULT -1);
CREATE TABLE IF NOT EXISTS trainer_event (
  id integer PRIMARY KEY, scenario text NOT NULL CHECK (scenario IN ('day', 'seed003')), seq integer NOT NULL,
  kind text NOT NULL, at text NOT NULL, spec text NOT NULL, done integer NOT NULL DEFAULT 0, summary text, detail text,
  UNIQUE (scenario, seq));
CREATE TABLE IF NOT EXISTS trainer_day_end (
  seq integer PRIMARY KEY, step text NOT NULL, ok integer NOT NULL, figures text NOT NULL, at text NOT NULL);
`;

const TRAINING_USERS = [
  { login: 'trainer', name: '培训讲师 Trainer', role: 'trainer' },
  { login: 'operator', name: '培训对账员 Training operator', role: 'operator' },
  { login: 'reviewer', name: '培训复核员 Training reviewer', role: 'reviewer' },
] as const;

const open = new WeakMap<Db, TrainingBook>();

/** `<dir>/<name>.training.sqlite` beside the books; in-memory books get an in-memory training database. */
export function trainingFileFor(mainFile: string): string {
  if (mainFile === ':memory:') return ':memory:';
  if (/\.training\.sqlite$/.test(mainFile)) fail('CONFLICT', `${mainFile} is itself a training database; open the books it belongs to`);
  const name = basename(mainFile).replace(/\.(sqlite3?|db)$/i, '');
  return join(dirname(mainFile), `${name}.training.sqlite`);
}

function dirFor(file: string): string {
  return file === ':memory:' ? mkdtempSync(join(tmpdir(), 'paydesk-training-')) : file.replace(/\.sqlite$/, '');
}

function create(file: string, at: string): TrainingBook {
  const db = openDatabase(file);
  try {
    initDatabase(db, at);
    db.sqlite.exec(TRAINER_SCHEMA);
    attachSimulatorStore(db);
    const users = Object.fromEntries(TRAINING_USERS.map((u) => [u.login, findUser(db, u.login) ?? createUser(db, { ...u }, at)])) as TrainingBook['users'];
    const dir = dirFor(file);
    mkdirSync(dir, { recursive: true });
    return { db, file, dir, users };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The training book of these books: opened (and created when missing) once, then kept open. */
export function trainingBook(main: Db, at: string): TrainingBook {
  let book = open.get(main);
  if (!book) {
    book = create(trainingFileFor(main.file), at);
    open.set(main, book);
  }
  return book;
}

/** Whether a training database exists yet, without creating one. */
export function hasTrainingBook(main: Db): boolean {
  return open.has(main) || (main.file !== ':memory:' && existsSync(trainingFileFor(main.file)));
}

/** Throw the training database away (file, WAL, statements) and start a fresh one. */
export function resetTrainingBook(main: Db, at: string): TrainingBook {
  const book = open.get(main);
  const file = book?.file ?? trainingFileFor(main.file);
  if (book) {
    book.db.close();
    open.delete(main);
    rmSync(book.dir, { recursive: true, force: true });
  }
  if (file !== ':memory:') {
    const simulator = simulatorFileFor(file);
    for (const f of [file, `${file}-wal`, `${file}-shm`, simulator, `${simulator}-journal`]) rmSync(f, { force: true });
    rmSync(dirFor(file), { recursive: true, force: true });
  }
  return trainingBook(main, at);
}

/** Close the training database of these books, if open (the host closing, tests). */
export function closeTrainingBook(main: Db): void {
  const book = open.get(main);
  if (book) {
    book.db.close();
    open.delete(main);
  }
}
