// The simulate bench's floor (docs/architecture.md#performance): what persisting a simulated day's
// output costs with no payment logic at all. Every row the day added, table by table, is inserted
// with one prepared statement into a fresh file of the same schema, in one transaction, and every
// statement file's bytes are written again. No routing, no posting, no formatting: only the writes.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../db/index.js';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';

/** Each table's highest rowid, so what a day adds can be told from what init put there. */
export function rowidMarks(db: Db): Map<string, number> {
  const tables = db.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Map(tables.map((t) => [t, (db.sqlite.prepare(`SELECT COALESCE(MAX(rowid), 0) FROM "${t}"`).pluck().get() as number)]));
}

export interface FloorResult {
  seconds: number;
  /** of which writing the files again */
  fileSeconds: number;
  rows: number;
  tables: number;
}

/**
 * Copy the rows `source` gained since `marks` into a fresh, initialised file at `file` (foreign
 * keys off, as the simulator's own bulk path has them), then write `files` again under `outDir`.
 */
export function measureFloor(source: Db, marks: Map<string, number>, file: string, files: string[], outDir: string, at: string): FloorResult {
  const floor = openDatabase(file);
  initDatabase(floor, at);
  const start = process.hrtime.bigint();
  floor.sqlite.pragma('foreign_keys = OFF');
  let rows = 0;
  let tables = 0;
  floor.sqlite.transaction(() => {
    for (const [table, mark] of marks) {
      const read = source.sqlite.prepare(`SELECT * FROM "${table}" WHERE rowid > ? ORDER BY rowid`).raw(true);
      const columns = read.columns().map((c) => c.name);
      const insert = floor.sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      let copied = 0;
      for (const row of read.iterate(mark) as IterableIterator<unknown[]>) {
        insert.run(row);
        copied += 1;
      }
      rows += copied;
      if (copied > 0) tables += 1;
    }
  })();
  const filesStart = process.hrtime.bigint();
  mkdirSync(outDir, { recursive: true });
  for (const f of files) writeFileSync(join(outDir, basename(f)), readFileSync(f));
  const end = process.hrtime.bigint();
  floor.close();
  return { seconds: Number(end - start) / 1e9, fileSeconds: Number(end - filesStart) / 1e9, rows, tables };
}
