import type { Migration } from '../migrate.js';

/**
 * A batch's lines are written in one transaction, so they hold one stretch of rowids: the batch
 * records it (first_line..last_line), and its lines are found by rowid instead of through an index
 * on batch_id, which cost every import an index entry per line. Existing batches get their
 * stretch from their lines (a line is never moved to another batch, and lines are only ever
 * removed by marking them, so the stretch holds all of a batch's lines; queries still say
 * batch_id = ? within it).
 */
export const migration019BatchLineRange: Migration = {
  id: 19,
  name: 'batch line range',
  up(db) {
    db.sqlite.exec(`
      ALTER TABLE import_batch ADD COLUMN first_line integer;
      ALTER TABLE import_batch ADD COLUMN last_line integer;
      UPDATE import_batch SET
        first_line = (SELECT MIN(id) FROM clearing_flow WHERE batch_id = import_batch.id),
        last_line = (SELECT MAX(id) FROM clearing_flow WHERE batch_id = import_batch.id);
      DROP INDEX clearing_flow_batch;
    `);
  },
};
