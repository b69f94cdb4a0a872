import type { Db } from '../db/index.js';

/** Rows per INSERT: one call into SQLite for many rows is far cheaper than one per row. */
const ROWS_PER_INSERT = 256;

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
  // the run id is in the SQL, so these statements are not kept in the shared statement cache
  const width = columns.length;
  const rows = length / width;
  if (rows === 0) return;
  const head = `INSERT INTO recon_result (run_id${fixed.outcome === null ? '' : ', outcome'}, ${columns.join(', ')}) VALUES `;
  const one = `(${Number(fixed.run)}${fixed.outcome === null ? '' : `, '${fixed.outcome}'`}, ${columns.map(() => '?').join(', ')})`;
  const full = db.sqlite.prepare(head + Array(ROWS_PER_INSERT).fill(one).join(', '));
  const whole = Math.floor(rows / ROWS_PER_INSERT) * ROWS_PER_INSERT * width;
  for (let at = 0; at < whole; at += ROWS_PER_INSERT * width) full.run(slice(values, at, at + ROWS_PER_INSERT * width));
  const rest = rows % ROWS_PER_INSERT;
  if (rest > 0) db.sqlite.prepare(head + Array(rest).fill(one).join(', ')).run(slice(values, whole, length));
}

/** values[from, to) as a plain array, the form better-sqlite3 binds. */
function slice(values: ArrayLike<unknown>, from: number, to: number): unknown[] {
  return Array.prototype.slice.call(values, from, to);
}
