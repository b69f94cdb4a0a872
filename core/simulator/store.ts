// The simulator's own records — which days it simulated, the anomalies it planted on purpose, the
// simulated banks' running balances — kept out of the books: a file of their own beside them
// (`<books>.simulator.sqlite`), attached to the books' connection as `sim` while the simulator,
// the demo or trainer mode work. A customer's books never hold a simulator table.
import { closeSync, openSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/index.js';

const SIMULATOR_SCHEMA = `
  CREATE TABLE IF NOT EXISTS sim.sim_day (
    sim_date text PRIMARY KEY,
    seed integer NOT NULL,
    orders integer NOT NULL,
    plant text NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'done')),
    created_at text NOT NULL
  );
  CREATE TABLE IF NOT EXISTS sim.sim_plant (
    id integer PRIMARY KEY,
    sim_date text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('bankExtra', 'platformExtra', 'amountMismatch', 'duplicate', 'timing', 'offset')),
    channel_code text NOT NULL,
    ref text NOT NULL,
    delta_minor integer NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS sim.sim_plant_ref ON sim_plant (channel_code, ref);
  CREATE TABLE IF NOT EXISTS sim.sim_bank_day (
    account_no text NOT NULL,
    sim_date text NOT NULL,
    opening_minor integer NOT NULL,
    closing_minor integer NOT NULL,
    PRIMARY KEY (account_no, sim_date)
  );
`;

/** `<dir>/<name>.simulator.sqlite` beside the books; in-memory books get an in-memory one. */
export function simulatorFileFor(booksFile: string): string {
  if (booksFile === ':memory:') return ':memory:';
  const name = basename(booksFile).replace(/\.(sqlite3?|db)$/i, '');
  return join(dirname(booksFile), `${name}.simulator.sqlite`);
}

/**
 * Attach the simulator's file to this connection (once; SQLite then finds its tables by their
 * plain names). Outside a transaction: SQLite cannot attach inside one.
 */
export function attachSimulatorStore(db: Db): void {
  const attached = (db.sqlite.pragma('database_list') as { name: string }[]).some((d) => d.name === 'sim');
  if (attached) return;
  const file = simulatorFileFor(db.file);
  // a connection opened with fileMustExist cannot create an attached file: make an empty one first
  if (file !== ':memory:') closeSync(openSync(file, 'a'));
  db.sqlite.prepare('ATTACH DATABASE ? AS sim').run(file);
  db.sqlite.exec(SIMULATOR_SCHEMA);
}
