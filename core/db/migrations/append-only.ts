import type { Db } from '../db.js';

/**
 * Make a table append-only in the database itself: the API has no update or delete path for it,
 * and these triggers stop anything else (a script, a bug) from rewriting history. SQLite syntax;
 * a PostgreSQL deployment gets the equivalent rules from its own migration.
 */
export function appendOnly(db: Db, table: string, hint = 'post a reversal instead'): void {
  db.sqlite.exec(`
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
    BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${hint}'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
    BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${hint}'); END;
  `);
}
