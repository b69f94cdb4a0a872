// Cancelling long work from the window (host.cancel): an import of a big bank statement stops at
// its next safe point, keeps no line, says so in its batch, and the same file imports again after.
// A sign-in while the import runs is not swallowed by the import's transaction.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser } from '../users/users.js';
import { TransportSession, type IpcResponse, type PayDeskProgress } from './transport-session.js';
import { passwordOf, withPassword } from '../testing/credentials.js';

const LINES = 60_000;

let dir: string;
let db: Db;
let file: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-cancel-'));
  db = openDatabase(path.join(dir, 'books.sqlite'));
  initDatabase(db, '2026-11-20T00:00:00.000Z');
  await withPassword(db, createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, '2026-11-20T00:00:00.000Z'));
  const rows = ['交易日期,摘要,对方户名,对方账号,借方发生额,贷方发生额,余额'];
  let balance = 0;
  for (let i = 1; i <= LINES; i++) {
    const cents = (i % 997) + 1;
    balance += cents;
    rows.push(`2026-11-20,PD${String(i).padStart(8, '0')},某某商户,6222000000000${i},,${(cents / 100).toFixed(2)},${(balance / 100).toFixed(2)}`);
  }
  file = path.join(dir, 'big-bank.csv');
  writeFileSync(file, rows.join('\r\n'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ok = <T>(r: IpcResponse): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
};

describe('host.cancel', () => {
  it('stops an import half way: no line kept, the batch ABNORMAL saying cancelled, and the file imports again', async () => {
    const progress: PayDeskProgress[] = [];
    let session!: TransportSession;
    let cancelAsked: Promise<IpcResponse> | null = null;
    let signInDuring: Promise<IpcResponse> | null = null;
    session = new TransportSession({
      mode: 'browser', db, dataDir: dir, version: 't',
      onProgress: (p) => {
        progress.push(p);
        // once lines are being written: a cancel, and somebody signing in meanwhile
        if (p.done >= 5_000 && !cancelAsked) {
          cancelAsked = session.call('host.cancel', { method: 'recon.import' });
          signInDuring = session.call('session.signIn', { login: 'operator', password: passwordOf('operator') });
        }
      },
    });
    ok(await session.call('session.signIn', { login: 'operator', password: passwordOf('operator') }));

    const cancelled = await session.call('recon.import', { file, channel: 'bank_b2c' });
    expect(cancelled.ok).toBe(false);
    expect(cancelled.ok ? null : cancelled.error.code).toBe('CANCELLED');
    expect(ok<{ cancelled: number }>(await cancelAsked!)).toEqual({ cancelled: 1 });
    expect((await signInDuring!).ok).toBe(true);
    // it stopped before the end, and nothing of the batch is left
    expect(Math.max(...progress.map((p) => p.done))).toBeLessThan(LINES);
    const batch = db.sqlite.prepare('SELECT id, status, rows, errors FROM import_batch').get() as { id: number; status: string; rows: number; errors: string };
    expect(batch.status).toBe('ABNORMAL');
    expect(batch.rows).toBe(0);
    expect(JSON.parse(batch.errors)[0].reason).toMatch(/cancelled/);
    expect(db.sqlite.prepare('SELECT count(*) FROM clearing_flow').pluck().get()).toBe(0);
    // the sign-in during the import was kept, and so was the cancel
    const actions = db.sqlite.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all() as string[];
    expect(actions.filter((a) => a === 'session.signIn')).toHaveLength(2);
    expect(actions).toContain('recon.import.cancel');

    // not a duplicate: the same file goes in whole
    const again = ok<{ status: string; rows: number }>(await session.call('recon.import', { file, channel: 'bank_b2c' }));
    expect(again).toMatchObject({ status: 'DONE', rows: LINES });
    expect(db.sqlite.prepare('SELECT count(*) FROM clearing_flow').pluck().get()).toBe(LINES);
  });

  it('cancels nothing when nothing runs, and only the named method', async () => {
    const session = new TransportSession({ mode: 'browser', db, dataDir: dir, version: 't' });
    ok(await session.call('session.signIn', { login: 'operator', password: passwordOf('operator') }));
    expect(ok(await session.call('host.cancel', {}))).toEqual({ cancelled: 0 });
    const running = session.call('recon.import', { file, channel: 'bank_b2c' });
    expect(ok(await session.call('host.cancel', { method: 'recon.reconcile' }))).toEqual({ cancelled: 0 });
    expect(ok<{ status: string }>(await running).status).toBe('DONE');
  });
});
