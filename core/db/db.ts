import Database from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
} from 'kysely';
import type { Schema } from './schema.js';

type SqliteDatabase = Database.Database;
type Statement = Database.Statement;

const STATEMENT_CACHE_MAX = 512;

/**
 * The one database handle of the core. Kysely builds and types every ordinary query; the compiled
 * SQL runs synchronously on better-sqlite3, so a transaction is a plain function call that
 * commits whole or rolls back whole — no await can let another caller in half-way.
 * Bulk paths use `prepare` (cached prepared statements) directly.
 */
export class Db {
  readonly sqlite: SqliteDatabase;
  /** Query builder only: it never executes anything itself. */
  readonly q: Kysely<Schema>;
  readonly file: string;
  private readonly statements = new Map<string, Statement>();
  private readonly closers: (() => void)[] = [];

  constructor(sqlite: SqliteDatabase, file: string) {
    this.sqlite = sqlite;
    this.file = file;
    this.q = new Kysely<Schema>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
  }

  /** A cached prepared statement for `sql`. */
  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_MAX) this.statements.clear();
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private compiled<R>(query: Compilable<R> | CompiledQuery<R>): { statement: Statement; parameters: unknown[] } {
    const c = 'compile' in query ? query.compile() : query;
    return { statement: this.prepare(c.sql), parameters: c.parameters as unknown[] };
  }

  all<R>(query: Compilable<R> | CompiledQuery<R>): R[] {
    const { statement, parameters } = this.compiled(query);
    return statement.all(...parameters) as R[];
  }

  first<R>(query: Compilable<R> | CompiledQuery<R>): R | undefined {
    const { statement, parameters } = this.compiled(query);
    return statement.get(...parameters) as R | undefined;
  }

  /** Run a statement; returns changed rows and the last inserted id. An INSERT … RETURNING uses `first`/`all`. */
  run(query: Compilable<unknown> | CompiledQuery<unknown>): { changes: number; lastInsertRowid: number } {
    const { statement, parameters } = this.compiled(query);
    const result = statement.run(...parameters);
    return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  /**
   * Run `fn` in one transaction: commit if it returns, roll back everything if it throws.
   * Nested calls become savepoints. `fn` must be synchronous — a Promise would escape the
   * transaction, so it is refused.
   */
  tx<T>(fn: () => T): T {
    const wrapped = this.sqlite.transaction(() => {
      const result = fn();
      if (result && typeof (result as { then?: unknown }).then === 'function') {
        throw new Error('Db.tx: the transaction function must be synchronous');
      }
      return result;
    });
    return wrapped.immediate();
  }

  /**
   * `tx` with foreign-key enforcement off, for a bulk write whose every key it read itself from
   * the rows those keys point at, inside the same transaction, so none can dangle; each check would
   * only look up again a row just read (a reconciliation run writes three million of them). The
   * pragma cannot change inside a transaction: nested, or with enforcement already off, this is plain `tx`.
   */
  txWithKeysFromSameTx<T>(fn: () => T): T {
    if (this.sqlite.inTransaction || this.sqlite.pragma('foreign_keys', { simple: true }) !== 1) return this.tx(fn);
    this.sqlite.pragma('foreign_keys = OFF');
    try {
      return this.tx(fn);
    } finally {
      this.sqlite.pragma('foreign_keys = ON');
    }
  }

  /**
   * One transaction around async work that yields (so progress reaches the window and a cancel can
   * land): commit if `fn` resolves, roll back everything if it rejects. Only for work running under
   * the API queue (core/api `serialized`), which keeps every other caller out until it settles.
   * It does not nest; `tx` inside it becomes a savepoint.
   */
  async txAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (this.sqlite.inTransaction) throw new Error('Db.txAsync: a transaction is already open');
    this.sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn();
      this.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * `txAsync` with foreign-key enforcement off, on the terms of `txWithKeysFromSameTx`: `fn` must
   * read, inside the transaction, every row the keys it writes point at. Enforcement comes back
   * when the transaction ends, whichever way.
   */
  async txAsyncWithKeysFromSameTx<T>(fn: () => Promise<T>): Promise<T> {
    if (this.sqlite.inTransaction) throw new Error('Db.txAsync: a transaction is already open');
    if (this.sqlite.pragma('foreign_keys', { simple: true }) !== 1) return this.txAsync(fn);
    this.sqlite.pragma('foreign_keys = OFF');
    try {
      return await this.txAsync(fn);
    } finally {
      this.sqlite.pragma('foreign_keys = ON');
    }
  }

  get inTransaction(): boolean {
    return this.sqlite.inTransaction;
  }

  /** Runs `fn` when the handle closes, before the connection does (e.g. to stop a helper thread on the same file). */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  close(): void {
    for (const fn of this.closers.splice(0)) fn();
    this.statements.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}
