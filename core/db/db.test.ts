import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase, migrate, MIGRATIONS, type Migration } from './index.js';
import { ledgerFixture, tempDbFile, AT } from '../testing/ledger-fixture.js';
import { checkLedgerIntegrity, postVouchers, type VoucherDraft } from '../ledger/index.js';
import { PayDeskError } from '../errors.js';

const CRASH_WRITER = fileURLToPath(new URL('../testing/crash-writer.ts', import.meta.url));

describe('opening a database', () => {
  it('creates a WAL file with foreign keys on and synchronous=FULL, and migrates it once', () => {
    const file = tempDbFile();
    const db = openDatabase(file);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.all(db.q.selectFrom('schema_migration').selectAll()).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    db.close();
    const again = openDatabase(file);
    expect(migrate(again)).toEqual([]);
    again.close();
  });

  it('refuses a database written by a newer PayDesk', () => {
    const file = tempDbFile();
    const db = openDatabase(file);
    db.sqlite.prepare("INSERT INTO schema_migration (id, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    expect(() => openDatabase(file)).toThrow(/migration 999/);
  });

  it('rolls a failing migration back whole', () => {
    const db = openDatabase(':memory:');
    const next = Math.max(...MIGRATIONS.map((m) => m.id)) + 1;
    const broken: Migration = {
      id: next, name: 'broken',
      up(d) {
        d.sqlite.exec('CREATE TABLE half_done (x integer)');
        throw new Error('disk full');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('disk full');
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    expect(db.sqlite.prepare('SELECT MAX(id) FROM schema_migration').pluck().get()).toBe(next - 1);
  });

  it('refuses an asynchronous transaction function, which would escape the transaction', () => {
    const db = openDatabase(':memory:');
    expect(() => db.tx(async () => 1)).toThrow(/synchronous/);
  });
});

describe('all or nothing on a real file', () => {
  it('a failure thrown mid-batch leaves nothing in the file', () => {
    const file = tempDbFile();
    const f = ledgerFixture(file);
    const good = (n: number): VoucherDraft => ({
      accountingDate: '2026-11-22', businessCode: '100001', summary: `v${n}`,
      lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: 100 + n }, { accountId: f.capital.id, direction: 'C', amountMinor: 100 + n }],
    });
    const drafts = Array.from({ length: 5_000 }, (_, i) => good(i));
    drafts[2_500] = { ...good(0), lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: 1 }, { accountId: 999_999, direction: 'C', amountMinor: 1 }] };
    expect(() => postVouchers(f.post, drafts)).toThrow(PayDeskError);
    f.db.close();
    const reopened = openDatabase(file);
    const count = (table: string) => reopened.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    expect([count('voucher'), count('voucher_line'), count('account_day_total'), count('voucher_sequence')]).toEqual([0, 0, 0, 0]);
    expect(reopened.sqlite.prepare('SELECT SUM(debit_minor) + SUM(credit_minor) FROM account').pluck().get()).toBe(0);
    reopened.close();
  });

  it('a process killed in the middle of a batch leaves only whole batches behind', async () => {
    const file = tempDbFile();
    const f = ledgerFixture(file);
    f.db.close();
    const batch = 20_000;
    const child = spawn(process.execPath, ['--import', 'tsx', CRASH_WRITER, file, String(batch)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const committed = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const commits = out.match(/committed \d+/g) ?? [];
        // After two commits the third batch is under way: kill it half-way through.
        if (commits.length >= 2) {
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve(Number(commits.at(-1)!.split(' ')[1]));
          }, 40);
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`writer exited early (${code}): ${stderr}`));
      });
    });
    await new Promise((r) => child.once('exit', r));
    const db = openDatabase(file);
    const vouchers = db.sqlite.prepare('SELECT COUNT(*) FROM voucher').pluck().get() as number;
    expect(vouchers % batch).toBe(0);
    expect(vouchers).toBeGreaterThanOrEqual(committed);
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM voucher_line').pluck().get()).toBe(vouchers * 2);
    expect(checkLedgerIntegrity(db)).toEqual({ ok: true, problems: [] });
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('the fixture itself', () => {
  it('is stamped with the fixed test time', () => {
    const f = ledgerFixture();
    expect(f.db.first(f.db.q.selectFrom('app_user').select('created_at').where('login', '=', 'operator'))?.created_at).toBe(AT);
  });
});

describe('a bulk transaction whose keys come from its own reads', () => {
  it('skips foreign-key checks inside and turns them back on after, also when it throws; nested it keeps them', () => {
    const db = openDatabase(':memory:');
    db.sqlite.exec('CREATE TABLE parent (id integer PRIMARY KEY); CREATE TABLE child (parent_id integer REFERENCES parent (id))');
    const inside = db.txWithKeysFromSameTx(() => db.sqlite.pragma('foreign_keys', { simple: true }));
    expect(inside).toBe(0);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.txWithKeysFromSameTx(() => {
      db.sqlite.prepare('INSERT INTO child VALUES (1)').run();
      throw new Error('stop');
    })).toThrow('stop');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM child').pluck().get()).toBe(0);
    // inside an open transaction the pragma cannot change: the checks stay on
    expect(() => db.tx(() => db.txWithKeysFromSameTx(() => db.sqlite.prepare('INSERT INTO child VALUES (7)').run()))).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('txAsyncWithKeysFromSameTx turns the checks off across awaits and back on however it ends', async () => {
    const db = openDatabase(tempDbFile());
    db.sqlite.exec('CREATE TABLE parent (id integer PRIMARY KEY); CREATE TABLE child (parent_id integer REFERENCES parent (id));');
    const inside = await db.txAsyncWithKeysFromSameTx(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return db.sqlite.pragma('foreign_keys', { simple: true });
    });
    expect(inside).toBe(0);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    await expect(db.txAsyncWithKeysFromSameTx(async () => {
      db.sqlite.prepare('INSERT INTO child VALUES (1)').run();
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('stop');
    })).rejects.toThrow('stop');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.prepare('SELECT COUNT(*) FROM child').pluck().get()).toBe(0);
    // and the checks hold again for the next write
    expect(() => db.sqlite.prepare('INSERT INTO child VALUES (2)').run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
