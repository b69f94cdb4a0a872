import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Db } from '../db.js';
import { migrate, MIGRATIONS, type Migration } from '../migrate.js';
import { orChainChecks } from './018_cheap_list_checks.js';
import { tempDbFile } from '../../testing/ledger-fixture.js';

/** A database migrated up to (not including) migration `before`, keys on as openDatabase leaves them. */
function databaseBefore(before: number): Db {
  const sqlite = new Database(tempDbFile());
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Db(sqlite, 'test');
  migrate(db, MIGRATIONS.filter((m) => m.id < before));
  return db;
}

const AT = '2026-11-22 10:00:00';

describe('list checks spelled as OR chains (migration 018)', () => {
  it('rewrites lists of three or more plain values and leaves the rest', () => {
    expect(orChainChecks("s text CHECK (s IN ('a', 'b', 'c')), d text CHECK (d IN ('in', 'out')), n integer CHECK (n IN (0, 1, -2))"))
      .toBe("s text CHECK (s = 'a' OR s = 'b' OR s = 'c'), d text CHECK (d IN ('in', 'out')), n integer CHECK (n = 0 OR n = 1 OR n = -2)");
    expect(orChainChecks("x text CHECK (x IN ('a', lower('B'), 'c'))")).toBe("x text CHECK (x IN ('a', lower('B'), 'c'))");
  });

  it('keeps every order and result row, index, key and view, and the checks still refuse what they refused', () => {
    const db = databaseBefore(18);
    const s = db.sqlite;
    s.exec(`INSERT INTO app_user (id, login, name, role, active, created_at) VALUES (9, 'u9', 'U9', 'operator', 1, '${AT}')`);
    s.exec(`INSERT INTO customer (id, name, kind, created_at) VALUES ('C1', 'C', 'company', '${AT}')`);
    s.exec(`INSERT INTO merchant (id, customer_id, name, sign_key, status, created_at) VALUES ('M1', 'C1', 'M', 'k', 'active', '${AT}')`);
    const order = s.prepare(`INSERT INTO pay_order (id, order_no, merchant_id, merchant_order_no, payer_id, method, kind, parent_id, channel_code, amount_minor, currency, status,
      created_at, expires_at, risk_decision, route_reason, notify_status) VALUES (?, ?, 'M1', ?, 'U1', 'alipay', ?, ?, 'alipay', 100, 'CNY', ?, '${AT}', '${AT}', 'PASS', 'r', ?)`);
    order.run(1, 'P1', 'B1', 'combined', null, 'succeeded', 'delivered');
    order.run(2, 'P2', 'B1', 'combined_part', 1, 'partially_refunded', 'none');
    order.run(3, 'P3', 'B3', 'pay', null, 'pending', 'pending');
    s.exec(`INSERT INTO refund_order (id, refund_no, order_id, amount_minor, fee_returned_minor, channel_code, route, status, reason, created_at, accounting_date)
            VALUES (1, 'R1', 2, 50, 0, 'alipay', 'original', 'succeeded', 'x', '${AT}', '2026-11-22')`);
    s.exec(`INSERT INTO recon_run (id, recon_date, channel_code, created_at, created_by, counts) VALUES (1, '2026-11-22', NULL, '${AT}', 9, '{}')`);
    s.exec("INSERT INTO recon_result (run_id, outcome, our_amount_minor) VALUES (1, 'platformExtra', 100), (1, 'timing', 7), (1, 'offset', 3)");
    s.exec(`INSERT INTO notification (order_id, attempt, due_at, outcome) VALUES (1, 1, '${AT}', 'failed'), (1, 2, '${AT}', 'due')`);
    const snapshot = () => ({
      orders: s.prepare('SELECT * FROM pay_order ORDER BY id').all(),
      results: s.prepare('SELECT rowid, * FROM recon_result ORDER BY rowid').all(),
      notifications: s.prepare('SELECT * FROM notification ORDER BY id').all(),
      indexes: s.prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY name").all(),
      views: s.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY name").all(),
      refunds: s.prepare("SELECT sql FROM sqlite_schema WHERE name = 'refund_order'").pluck().get(),
      transFlow: s.prepare('SELECT * FROM trans_flow').all(),
    });
    const before = snapshot();

    expect(migrate(db, MIGRATIONS.filter((m) => m.id <= 18))).toEqual([18]);
    expect(snapshot()).toEqual(before);
    expect(s.prepare("SELECT sql FROM sqlite_schema WHERE name = 'pay_order'").pluck().get()).toContain("status = 'pending' OR status = 'failed'");
    expect(s.prepare("SELECT sql FROM sqlite_schema WHERE name = 'recon_result'").pluck().get()).toContain("outcome = 'matched' OR");
    expect(s.prepare("SELECT sql FROM sqlite_schema WHERE name = 'notification'").pluck().get()).toContain("outcome = 'due' OR");
    expect(s.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.pragma('integrity_check', { simple: true })).toBe('ok');
    // the checks refuse what they refused, and the keys into the rebuilt table hold
    expect(() => s.prepare("UPDATE pay_order SET status = 'lost' WHERE id = 3").run()).toThrow(/CHECK constraint failed/);
    expect(() => s.prepare("INSERT INTO recon_result (run_id, outcome) VALUES (1, 'maybe')").run()).toThrow(/CHECK constraint failed/);
    expect(() => s.prepare(`INSERT INTO refund_order (id, refund_no, order_id, amount_minor, fee_returned_minor, channel_code, route, status, reason, created_at, accounting_date)
      VALUES (2, 'R2', 99, 1, 0, 'alipay', 'original', 'succeeded', 'x', '${AT}', '2026-11-22')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => s.prepare('DELETE FROM pay_order WHERE id = 2').run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('a table rebuild that would leave a dangling key is rolled back whole, and the keys are back on', () => {
    const db = databaseBefore(1000);
    const s = db.sqlite;
    s.exec('CREATE TABLE parent (id integer PRIMARY KEY); CREATE TABLE child (parent_id integer REFERENCES parent (id)); INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);');
    const dropsParent: Migration = { id: 9001, name: 'bad rebuild', rebuildsTables: true, up: (d) => d.sqlite.exec('DELETE FROM parent') };
    expect(() => migrate(db, [...MIGRATIONS, dropsParent])).toThrow(/dangling keys \(first: child row 1 → parent\)/);
    expect(s.prepare('SELECT COUNT(*) FROM parent').pluck().get()).toBe(1);
    expect(s.prepare('SELECT COUNT(*) FROM schema_migration WHERE id = 9001').pluck().get()).toBe(0);
    expect(s.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
