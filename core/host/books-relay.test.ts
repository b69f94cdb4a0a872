// The books process and its relay, with real child processes on a real SQLite file: calls and
// sign-in cross the boundary, the host answers while the books work, a cancelled reconcile keeps
// nothing, a books process that dies is started again on the same file with the user signed in, and
// a cancelled simulate keeps nothing of its day.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BooksRelay, forkBooks, type BooksChild } from './books-relay.js';
import type { IpcResponse, PayDeskProgress } from './wire.js';
import { cliEnvAs, passwordOf, setUpDesk } from '../testing/credentials.js';

const BIN = fileURLToPath(new URL('./bin/paydesk.mjs', import.meta.url));
const DAY = '2026-11-20';
const quiet = { warn: () => undefined, error: () => undefined };

function cli(...args: string[]): unknown {
  const r = spawnSync(process.execPath, [BIN, ...args, '--json'], { encoding: 'utf8', timeout: 300_000, env: cliEnvAs('admin') });
  if (r.status !== 0) throw new Error(`paydesk ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

function result<T>(response: IpcResponse): T {
  if (!response.ok) throw new Error(`[${response.error.code}] ${response.error.message}`);
  return response.result as T;
}

function count(dbFile: string, sql: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('the books process behind its relay', () => {
  let dir: string;
  let dbFile: string;
  let files: string[];
  let relay: BooksRelay;
  /** every books process started, with its part: the writer, or the reader of read-only calls */
  const children: { child: BooksChild; role: 'writer' | 'reader' }[] = [];
  const writers = () => children.filter((c) => c.role === 'writer');
  const restarts: string[] = [];
  const progress: PayDeskProgress[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-books-'));
    dbFile = path.join(dir, 'paydesk.sqlite');
    // a new file: the books process creates it, with the desk's demo users
    relay = await BooksRelay.start({
      spawn: () => {
        const child = forkBooks();
        const entry = { child, role: 'writer' as 'writer' | 'reader' };
        children.push(entry);
        return { ...child, post: (m) => {
          if (m.type === 'open') entry.role = m.options.reader ? 'reader' : 'writer';
          child.post(m);
        } };
      },
      open: { mode: 'browser', dbFile, dataDir: dir, version: '0.0.0-test', carryOver: false },
      onProgress: (p) => progress.push(p),
      onRestart: (message) => restarts.push(message),
      log: quiet,
    });
    await setUpDesk((method, input) => relay.call(method, input));
    files = (cli('simulate', '--db', dbFile, '--date', DAY, '--orders', '20000', '--seed', '3', '--out', path.join(dir, 'statements')) as { files: string[] }).files;
  }, 300_000);

  afterAll(async () => {
    await relay?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in and answers calls across the process boundary; the host knows who is signed in', async () => {
    expect(result<{ login: string }[]>(await relay.call('session.users', {})).map((u) => u.login)).toContain('operator');
    const operator = result<{ login: string; methods: string[] }>(await relay.call('session.signIn', { login: 'operator', password: passwordOf('operator') }));
    expect(operator.methods).toContain('recon.reconcile');
    expect(relay.user?.login).toBe('operator');
    expect(result(await relay.call('session.current', {}))).toMatchObject({ login: 'operator' });
    expect(result<{ dbFile: string }>(await relay.call('host.info', {})).dbFile).toBe(dbFile);
    for (const file of files) {
      const batch = result<{ status: string }>(await relay.call('recon.import', { file, ...(/bank_(b2c|payout)/.test(file) ? { channel: file.includes('bank_b2c') ? 'bank_b2c' : 'bank_payout' } : {}) }));
      expect(batch.status).toBe('DONE');
    }
    expect(progress.some((p) => p.method === 'recon.import' && p.cancellable)).toBe(true);
  }, 120_000);

  it('answers the host while a reconcile runs, and a cancelled reconcile keeps nothing of it', async () => {
    const runsBefore = count(dbFile, 'SELECT COUNT(*) FROM recon_run');
    const resultsBefore = count(dbFile, 'SELECT COUNT(*) FROM recon_result');
    let finished = false;
    const reconcile = relay.call('recon.reconcile', { date: DAY }).finally(() => (finished = true));
    // the host answers at once: its process is not the one doing the work
    expect(result<{ mode: string }>(await relay.call('host.info', {})).mode).toBe('browser');
    // and the screens keep reading the books: the reader answers from its read-only connection
    const batches = result<unknown[]>(await relay.call('recon.batches', {}));
    expect(batches.length).toBe(files.length);
    expect(finished).toBe(false);
    expect(progress.at(-1)).toMatchObject({ method: 'recon.reconcile', cancellable: true, phase: 'running' });
    expect(result(await relay.call('host.cancel', { method: 'recon.reconcile' }))).toEqual({ cancelled: 1 });
    const cancelled = await reconcile;
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(count(dbFile, 'SELECT COUNT(*) FROM recon_run')).toBe(runsBefore);
    expect(count(dbFile, 'SELECT COUNT(*) FROM recon_result')).toBe(resultsBefore);
    expect(restarts).toEqual([]); // a cancel is not a crash
    // started again on the same file, the operator still signed in: the same reconcile now runs whole
    const run = result<{ counts: Record<string, { count: number }> }>(await relay.call('recon.reconcile', { date: DAY }));
    expect(run.counts.matched!.count).toBeGreaterThan(10_000);
    expect(count(dbFile, 'SELECT COUNT(*) FROM recon_run')).toBe(runsBefore + 1);
    expect(count(dbFile, 'PRAGMA integrity_check') as unknown).toBe('ok');
  }, 120_000);

  it('starts a books process that died again on the same file, says so, and keeps the user signed in', async () => {
    const before = writers().length;
    writers().at(-1)!.child.kill();
    await expect.poll(() => writers().length, { timeout: 30_000 }).toBe(before + 1);
    await expect.poll(() => restarts.length, { timeout: 30_000 }).toBe(1);
    expect(restarts[0]).toMatch(/the books process stopped .* started again on .*paydesk\.sqlite/);
    const info = result<{ version: string }>(await relay.call('system.info', {}));
    expect(info).toBeDefined();
    expect(relay.user?.login).toBe('operator');
    await relay.call('session.users', {}); // answered by the new writer, after its resume
    // one resume after the cancel, one after this restart (the reader's are not audited: it cannot write)
    expect(count(dbFile, "SELECT COUNT(*) FROM audit_log WHERE action = 'session.resume'")).toBe(2);
  }, 60_000);

  it('a cancelled simulate keeps nothing of its day, no rows and no statement file, and the same day then runs whole', async () => {
    const next = '2026-11-21';
    const out = path.join(dir, 'statements');
    const input = { date: next, orders: 30_000, seed: 5, out };
    const ordersOf = () => count(dbFile, `SELECT COUNT(*) FROM pay_order WHERE accounting_date = '${next}'`);
    const daysOf = () => count(simulatorFile, `SELECT COUNT(*) FROM sim_day WHERE sim_date = '${next}'`);
    const simulatorFile = path.join(dir, 'paydesk.simulator.sqlite');
    const filesOf = () => readdirSync(out, { recursive: true }).map(String).filter((f) => f.includes(next.replaceAll('-', '')) || f.includes(next));
    const simulate = relay.call('simulator.simulateDay', input);
    // cancelled while the orders are being booked, after some have been
    await expect.poll(() => progress.some((p) => p.method === 'simulator.simulateDay' && p.phase === 'orders' && p.done > 0), { timeout: 60_000, interval: 20 }).toBe(true);
    expect(progress.find((p) => p.method === 'simulator.simulateDay')).toMatchObject({ cancellable: true });
    expect(result(await relay.call('host.cancel', { method: 'simulator.simulateDay' }))).toEqual({ cancelled: 1 });
    expect(await simulate).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(ordersOf()).toBe(0);
    expect(daysOf()).toBe(0);
    expect(filesOf()).toEqual([]);
    const whole = result<{ files: string[]; stats: { succeeded: number } }>(await relay.call('simulator.simulateDay', input));
    expect(whole.stats.succeeded).toBeGreaterThan(25_000);
    expect(ordersOf()).toBeGreaterThan(25_000);
    expect(daysOf()).toBe(1);
    expect(filesOf().length).toBe(whole.files.length);
    expect(whole.files.every((f) => f.startsWith(out) && !f.includes('.simulating'))).toBe(true);
  }, 180_000);
});
