import type { Db } from './db.js';
import { migration001Baseline } from './migrations/001_baseline.js';

export interface Migration {
  id: number;
  name: string;
  up(db: Db): void;
  /**
   * It rebuilds tables (SQLite's way to change a constraint: new table, copy, drop, rename), so it
   * runs with foreign-key enforcement off, as SQLite's procedure requires, and every key in the
   * database is checked before it commits.
   */
  rebuildsTables?: boolean;
}

/**
 * Every migration, in order: the baseline, then (from the first release on) new ones appended.
 * Never edit one that has shipped (CONTRIBUTING.md#migrations).
 */
export const MIGRATIONS: readonly Migration[] = [migration001Baseline];

/** Apply the migrations a database has not seen yet, each in its own transaction. Returns the ids applied. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, now = () => new Date().toISOString()): number[] {
  db.sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
  );
  const applied = new Set(db.all(db.q.selectFrom('schema_migration').select('id')).map((r) => r.id));
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied) {
    if (!known.has(id)) throw new Error(`database has migration ${id}, which this version of PayDesk does not know: it comes from a newer PayDesk (or is a development copy from before the schema baseline)`);
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    // a table rebuild runs with enforcement off (turned back on after, if it was on)
    const keysOff = m.rebuildsTables === true && db.sqlite.pragma('foreign_keys', { simple: true }) === 1;
    if (keysOff) db.sqlite.pragma('foreign_keys = OFF');
    try {
      db.tx(() => {
        m.up(db);
        if (m.rebuildsTables) {
          const dangling = db.sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
          if (dangling.length > 0) throw new Error(`migration ${m.id} would leave ${dangling.length} dangling keys (first: ${dangling[0]!.table} row ${dangling[0]!.rowid} → ${dangling[0]!.parent})`);
        }
        db.run(db.q.insertInto('schema_migration').values({ id: m.id, name: m.name, applied_at: now() }));
      });
    } finally {
      if (keysOff) db.sqlite.pragma('foreign_keys = ON');
    }
    done.push(m.id);
  }
  return done;
}
