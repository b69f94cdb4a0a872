import type { Db } from '../db/index.js';

/** Rows per statement: one call into SQLite for many rows is far cheaper than one per row. */
const ROWS_PER_STATEMENT = 256;

/**
 * Runs `sql(n)`, a statement taking n rows of `width` bound values, over `values` (the rows one
 * after the other, `length` of it filled), ROWS_PER_STATEMENT rows to a call and the rest in one
 * last call. The SQL carries literals of this run (its id, an outcome), so its statements are
 * prepared here rather than kept in the connection's shared cache.
 */
export function runByRows(db: Db, sql: (rows: number) => string, width: number, values: ArrayLike<unknown>, length = values.length): void {
  const rows = length / width;
  if (rows === 0) return;
  const whole = Math.floor(rows / ROWS_PER_STATEMENT) * ROWS_PER_STATEMENT * width;
  if (whole > 0) {
    const full = db.sqlite.prepare(sql(ROWS_PER_STATEMENT));
    for (let at = 0; at < whole; at += ROWS_PER_STATEMENT * width) full.run(slice(values, at, at + ROWS_PER_STATEMENT * width));
  }
  const rest = rows % ROWS_PER_STATEMENT;
  if (rest > 0) db.sqlite.prepare(sql(rest)).run(slice(values, whole, length));
}

/**
 * Appends rows to recon_result in the order given. `columns` are the columns bound per row;
 * `fixed` are SQL literals every row shares (the run id and the outcome), written once into the
 * statement instead of bound a million times. `values` holds the rows one after the other, `length` of it filled.
 */
export function insertResults(
  db: Db,
  fixed: { run: number; outcome: string | null },
  columns: readonly string[],
  values: ArrayLike<unknown>,
  length = values.length,
): void {
  const head = `INSERT INTO recon_result (run_id${fixed.outcome === null ? '' : ', outcome'}, ${columns.join(', ')}) VALUES `;
  const one = `(${Number(fixed.run)}${fixed.outcome === null ? '' : `, '${fixed.outcome}'`}, ${columns.map(() => '?').join(', ')})`;
  runByRows(db, (rows) => head + Array(rows).fill(one).join(', '), columns.length, values, length);
}

/** values[from, to) as a plain array, the form better-sqlite3 binds. */
function slice(values: ArrayLike<unknown>, from: number, to: number): unknown[] {
  return Array.prototype.slice.call(values, from, to);
}
