import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { simulateDay } from '../simulator/day.js';
import { parsePlant } from '../simulator/plant.js';
import { importStatement, retryImport } from './import.js';
import { DEFAULT_REGISTRY } from './registry.js';
import { PayDeskError } from '../errors.js';
import { tempDbFile } from '../testing/ledger-fixture.js';

const AT = '2026-11-23T01:00:00.000Z';
const CRASH_IMPORTER = fileURLToPath(new URL('../testing/crash-importer.ts', import.meta.url));

async function dayWithFiles(file = ':memory:', orders = 2_000): Promise<{ db: Db; userId: number; files: string[]; dir: string }> {
  const db = openDatabase(file);
  initDatabase(db, AT);
  const userId = findUser(db, 'admin')!.id;
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-import-'));
  const sim = await simulateDay(db, { date: '2026-11-22', orders, seed: 4, outDir: dir, plant: parsePlant('none'), userId });
  return { db, userId, files: sim.files, dir };
}

function counts(db: Db): { batches: number; lines: number } {
  return {
    batches: db.prepare("SELECT COUNT(*) FROM import_batch WHERE status = 'DONE'").pluck().get() as number,
    lines: db.prepare('SELECT COUNT(*) FROM clearing_flow').pluck().get() as number,
  };
}

async function rejection(p: Promise<unknown>): Promise<PayDeskError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PayDeskError) return e;
    throw e;
  }
  throw new Error('expected a PayDeskError');
}

describe('importing statements', () => {
  it('imports an Alipay trade bill with its detected format, channel and totals', async () => {
    const { db, userId, files } = await dayWithFiles();
    const r = await importStatement(db, DEFAULT_REGISTRY, { file: files[0]!, userId, at: AT });
    expect(r).toMatchObject({ status: 'DONE', format: 'alipay-trade', channel: 'alipay', errors: [] });
    expect(r.rows).toBe(counts(db).lines);
    expect(r.totals.CNY!.creditMinor).toBeGreaterThan(0);
  });

  it('an empty file, 50 MB of garbage, a truncated CSV and a corrupt xlsx each give a clear error and store no lines', async () => {
    const { db, userId, files, dir } = await dayWithFiles();
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await rejection(importStatement(db, DEFAULT_REGISTRY, { file: empty, userId, at: AT }))).message).toBe('empty.csv is empty');
    const folder = await rejection(importStatement(db, DEFAULT_REGISTRY, { file: dir, userId, at: AT }));
    expect([folder.code, folder.message]).toEqual(['FILE_ERROR', `${dir} is a folder; name a statement file inside it`]);

    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, randomBytes(50 * 1024 * 1024));
    const g = await rejection(importStatement(db, DEFAULT_REGISTRY, { file: garbage, userId, at: AT }));
    expect(g.code).toBe('FILE_ERROR');
    expect(g.message).toMatch(/garbage\.bin: not a statement PayDesk knows/);
    expect([g.reason, g.params]).toEqual(['FORMAT_UNKNOWN', { file: 'garbage.bin' }]);

    const wechat = files.find((f) => f.includes('/wechat/'))!;
    const truncated = join(dir, 'truncated.csv');
    const bytes = readFileSync(wechat);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const t = await importStatement(db, DEFAULT_REGISTRY, { file: truncated, userId, at: AT });
    expect(t.status).toBe('ABNORMAL');
    expect(t.errors.length).toBeGreaterThan(0);

    const xlsx = files.find((f) => f.endsWith('.xlsx'))!;
    const corrupt = join(dir, 'corrupt.xlsx');
    const book = readFileSync(xlsx);
    writeFileSync(corrupt, Buffer.concat([book.subarray(0, 200), randomBytes(2_000)]));
    expect((await rejection(importStatement(db, DEFAULT_REGISTRY, { file: corrupt, channel: 'bank_b2c', userId, at: AT }))).code).toBe('FILE_ERROR');
    // named as a workbook, it is opened, found broken, and kept ABNORMAL with the reason
    const c = await importStatement(db, DEFAULT_REGISTRY, { file: corrupt, channel: 'bank_b2c', format: 'bank-xlsx', userId, at: AT });
    expect(c.status).toBe('ABNORMAL');
    expect(c.errors[0]!.reason.length).toBeGreaterThan(5);

    expect(counts(db)).toEqual({ batches: 0, lines: 0 });
  }, 120_000);

  it('a zero amount is a row error naming row and column, not a database failure; a bank statement’s 0.00 line is left out', async () => {
    const db = openDatabase(':memory:');
    initDatabase(db, AT);
    const userId = findUser(db, 'admin')!.id;
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-import-'));
    const mt940 = join(dir, 'zero.sta');
    writeFileSync(mt940, [':20:ZERO', ':25:6222020000000001', ':28C:00001/00001', ':60F:C261122CNY1,00', ':61:2611221122C1,00NTRFPD1', ':61:2611221122C0,00NTRFPD2', ':62F:C261122CNY2,00', '-'].join('\n'));
    const r = await importStatement(db, DEFAULT_REGISTRY, { file: mt940, channel: 'bank_b2c', userId, at: AT });
    expect(r.status).toBe('ABNORMAL');
    expect(r.errors).toEqual([{ row: 6, column: 'amount', reason: 'the amount is zero; a statement line must move money' }]);
    expect(counts(db).lines).toBe(0);
    // 利息税 0.00 on a bank export moves no money: nothing to reconcile, the rest is imported
    const csv = join(dir, 'zero.csv');
    writeFileSync(csv, ['交易日期,摘要,借方发生额,贷方发生额,余额', '2026-11-22,PD1,,1.00,1.00', '2026-11-22,PD2,,0.00,1.00'].join('\n'));
    const bank = await importStatement(db, DEFAULT_REGISTRY, { file: csv, channel: 'bank_b2c', userId, at: AT });
    expect(bank).toMatchObject({ status: 'DONE', rows: 1, errors: [] });
  });

  it('names the channel when the file does not, and refuses a mismatch', async () => {
    const { db, userId, files } = await dayWithFiles();
    const xlsx = files.find((f) => f.includes('/bank_payout/'))!;
    const unnamed = await rejection(importStatement(db, DEFAULT_REGISTRY, { file: xlsx, userId, at: AT }));
    expect(unnamed.message).toMatch(/give the channel/);
    expect([unnamed.reason, unnamed.params]).toEqual(['CHANNEL_NOT_NAMED', { file: basename(xlsx), format: 'bank-xlsx' }]);
    expect((await rejection(importStatement(db, DEFAULT_REGISTRY, { file: files[0]!, channel: 'wechat', userId, at: AT }))).message).toMatch(/is a alipay file|is an alipay file|alipay file/);
  });

  it('a process killed in the middle of an import leaves a RUNNING batch with no lines, and the retry completes it', async () => {
    const dbFile = tempDbFile();
    const { db, files } = await dayWithFiles(dbFile, 20_000);
    db.close();
    const alipay = files[0]!;
    const child = spawn(process.execPath, ['--import', 'tsx', CRASH_IMPORTER, dbFile, alipay], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('inserting')) setTimeout(() => child.kill('SIGKILL'), 5);
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    const after = openDatabase(dbFile);
    const batch = after.prepare('SELECT id, status FROM import_batch').get() as { id: number; status: string };
    expect(batch.status).toBe('RUNNING');
    expect(after.prepare('SELECT COUNT(*) FROM clearing_flow').pluck().get()).toBe(0);
    const userId = findUser(after, 'admin')!.id;
    const retried = await retryImport(after, DEFAULT_REGISTRY, { batch: batch.id, file: alipay, userId, at: AT });
    expect(retried.status).toBe('DONE');
    expect(after.prepare('SELECT COUNT(*) FROM clearing_flow').pluck().get()).toBe(retried.rows);
    after.close();
  }, 120_000);
});
