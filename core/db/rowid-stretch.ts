import type { Db } from './db.js';

/** Tables whose writers record the stretch of rowids they fill (recon_run and import_batch keep theirs). */
type StretchTable = 'clearing_flow' | 'recon_result';

function maxRowid(db: Db, table: StretchTable): number {
  return (db.prepare(`SELECT MAX(rowid) FROM ${table}`).pluck().get() as number | null) ?? 0;
}

/**
 * The rowids one transaction appends to a table it alone writes: new rows take MAX(rowid) + 1
 * onwards, one after another, so an import batch's lines or a run's results hold one stretch,
 * which the batch or run records and is then found by instead of through an index.
 */
export class RowidStretch {
  private constructor(
    private readonly db: Db,
    private readonly table: StretchTable,
    private readonly first: number,
  ) {}

  /** Call inside the transaction, before the rows are written. */
  static begin(db: Db, table: StretchTable): RowidStretch {
    return new RowidStretch(db, table, maxRowid(db, table) + 1);
  }

  /** The stretch written since `begin` (last = first - 1 when empty); throws unless it holds exactly `rows` rows. */
  end(rows: number, writer: string): { first: number; last: number } {
    const last = maxRowid(this.db, this.table);
    if (last - this.first + 1 !== rows) {
      throw new Error(`${writer} wrote ${rows} rows to ${this.table}, but rowids ${this.first}..${last} hold ${last - this.first + 1}: they must be one stretch`);
    }
    return { first: this.first, last };
  }
}
