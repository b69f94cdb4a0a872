import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Db } from '../db.js';
import { migrate, MIGRATIONS } from '../migrate.js';
import { batchStatistics } from '../../recon/statistics.js';
import { tempDbFile } from '../../testing/ledger-fixture.js';

const AT = '2026-11-22T10:00:00.000Z';

describe('batches record the rowids of their lines (migration 019)', () => {
  it('gives existing batches their stretch, drops the batch index, and the statistics stay the same', () => {
    const sqlite = new Database(tempDbFile());
    sqlite.pragma('foreign_keys = ON');
    const db = new Db(sqlite, 'test');
    migrate(db, MIGRATIONS.filter((m) => m.id < 19));
    sqlite.exec(`INSERT INTO app_user (id, login, name, role, active, created_at) VALUES (9, 'u9', 'U9', 'operator', 1, '${AT}')`);
    const batch = sqlite.prepare(`INSERT INTO import_batch (id, channel_code, format, file_name, file_size, content_hash, status, rows, created_at, created_by)
                                  VALUES (?, 'wechat', 'wechat-all', 'f', 1, ?, ?, ?, '${AT}', 9)`);
    batch.run(1, 'h1', 'DONE', 3);
    batch.run(2, 'h2', 'DONE', 2);
    batch.run(3, 'h3', 'ABNORMAL', 0);
    const line = sqlite.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, fee_minor, currency)
                                 VALUES (?, ?, 'wechat', '2026-11-22', '2026-11-22 10:00:00', ?, ?, ?, ?, ?, 'CNY')`);
    line.run(1, 2, 'in', 'pay', 'P1', 100, 1);
    line.run(1, 3, 'in', 'pay', 'P2', 200, 1);
    line.run(1, 4, 'out', 'refund', 'P1', 50, -1);
    line.run(2, 2, 'in', 'pay', 'P3', 700, 2);
    line.run(2, 3, 'in', 'pay', 'P4', 900, null);
    migrate(db);
    expect(sqlite.prepare('SELECT id, first_line, last_line FROM import_batch ORDER BY id').all()).toEqual([
      { id: 1, first_line: 1, last_line: 3 },
      { id: 2, first_line: 4, last_line: 5 },
      { id: 3, first_line: null, last_line: null },
    ]);
    expect(sqlite.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'clearing_flow_batch'").pluck().get()).toBe(0);
    const byStretch = [1, 2, 3].map((id) => batchStatistics(db, id));
    expect(byStretch[0]).toMatchObject({ receipts: { count: 2, amountMinor: 300 }, payments: { count: 1, amountMinor: 50 }, feesReturned: { count: 1, amountMinor: 1 } });
    expect(byStretch[1]).toMatchObject({ receipts: { count: 2, amountMinor: 1600 }, feesPaid: { count: 1, amountMinor: 2 } });
    // the same figures by batch id alone, as for a batch that recorded no stretch
    sqlite.exec('UPDATE import_batch SET first_line = NULL, last_line = NULL');
    expect([1, 2, 3].map((id) => batchStatistics(db, id))).toEqual(byStretch);
    db.close();
  });
});
