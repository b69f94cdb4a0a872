// A bank layout PayDesk cannot map by itself: previewed (rows shown, no usable header), mapped once
// and saved as a profile, then imported by that profile's name — on the desk and by the real CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { openDatabase, type Db } from '../db/index.js';
import { PayDeskError } from '../errors.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { systemClock } from '../clock.js';
import type { Ctx } from '../api/registry.js';
import { cliEnvAs, withPassword } from '../testing/credentials.js';

const CLI = fileURLToPath(new URL('../host/bin/paydesk.mjs', import.meta.url));
const AT = '2026-11-22T02:00:00.000Z';

// a private-bank export: 记账 and 入账 words nobody's synonym list has
const LINES = [
  '某某银行对公账户明细',
  '账号：6217000011112222,,,,',
  '业务日,进账,出账,结余,来往单位,附注',
  '2026-11-22,"1,200.50",,"11,200.50",甲公司,PD0001',
  '2026-11-22,,300.00,"10,900.50",乙公司,PO0002',
  '2026-11-22,99.01,,"10,999.51",丙公司,PD0003',
];

let dir: string;
let dbFile: string;
let db: Db;
let ctx: Ctx;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-profiles-'));
  dbFile = path.join(dir, 'books.sqlite');
  db = openDatabase(dbFile);
  initDatabase(db, AT);
  ctx = { db, user: findUser(db, 'admin')!, clock: systemClock };
  file = path.join(dir, 'private-bank.csv');
  writeFileSync(file, iconv.encode(LINES.join('\r\n'), 'gbk'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = async (p: Promise<unknown>): Promise<PayDeskError> => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as PayDeskError);

describe('column-mapping profiles', () => {
  it('previews an unknown layout: no format, its rows as the file has them, decoded from GBK', async () => {
    const preview = await callApi(ctx, 'recon.previewFile', { file });
    expect(preview.format).toBeNull();
    expect(preview.encoding).toBe('gb18030');
    expect(preview.header?.usable ?? false).toBe(false);
    expect(preview.rows.find((r) => r.row === 3)?.cells).toEqual(['业务日', '进账', '出账', '结余', '来往单位', '附注']);
    expect(preview.rows.find((r) => r.row === 4)?.cells[1]).toBe('1,200.50');
    // without a mapping the import says what to do
    expect((await failure(callApi(ctx, 'recon.import', { file, channel: 'bank_b2c' }))).message).toMatch(/map its columns/);
  });

  it('with a mapping the preview finds the header and names what each column feeds', async () => {
    const mapping = { date: '业务日', credit: '进账', debit: '出账', balance: '结余', counterparty: '来往单位', reference: '附注' };
    const preview = await callApi(ctx, 'recon.previewFile', { file, format: 'bank-csv', mapping });
    expect(preview.header).toMatchObject({ row: 3, usable: true });
    expect(preview.header!.fields).toMatchObject({ date: '业务日', credit: '进账', debit: '出账', reference: '附注' });
    expect(preview.rows[0]!.row).toBe(3);
  });

  it('refuses a profile that cannot read lines, and an unknown profile by name', async () => {
    expect((await failure(callApi(ctx, 'recon.saveProfile', { name: 'x', mapping: { credit: '进账' } }))).message).toMatch(/date column/);
    expect((await failure(callApi(ctx, 'recon.saveProfile', { name: 'x', mapping: { date: '业务日', credit: '进账' } }))).message).toMatch(/debit and credit/);
    const unknown = await failure(callApi(ctx, 'recon.import', { file, profile: 'nope' }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('no import profile "nope" (none saved yet)');
  });

  it('saves, replaces and deletes a profile, each audited; the CLI imports by its name to the fen', async () => {
    await callApi(ctx, 'recon.saveProfile', { name: '某某银行', format: 'bank-csv', channel: 'bank_b2c', mapping: { date: '业务日', credit: '进账', debit: '出账' } });
    const saved = await callApi(ctx, 'recon.saveProfile', {
      name: '某某银行', format: 'bank-csv', channel: 'bank_b2c', mapping: { date: '业务日', credit: '进账', debit: '出账', balance: '结余', reference: '附注', time: '' },
    });
    expect(saved.mapping).toEqual({ date: '业务日', credit: '进账', debit: '出账', balance: '结余', reference: '附注' });
    expect(await callApi(ctx, 'recon.profiles', {})).toHaveLength(1);
    await withPassword(db, ctx.user);
    db.close();

    const out = execFileSync(process.execPath, [CLI, 'import', '--db', dbFile, '--profile', '某某银行', '--json', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: cliEnvAs('admin') });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { status: string; channel: string; format: string; rows: number; totals: { CNY: { credit: string; debit: string } } };
    expect(result).toMatchObject({ status: 'DONE', channel: 'bank_b2c', format: 'bank-csv', rows: 3, totals: { CNY: { credit: '1299.51', debit: '300.00' } } });

    db = openDatabase(dbFile);
    ctx = { ...ctx, db };
    expect(db.sqlite.prepare("SELECT order_no FROM clearing_flow ORDER BY row_no").pluck().all()).toEqual(['PD0001', 'PO0002', 'PD0003']);
    await callApi(ctx, 'recon.deleteProfile', { name: '某某银行' });
    expect(await callApi(ctx, 'recon.profiles', {})).toEqual([]);
    const actions = db.sqlite.prepare("SELECT action FROM audit_log WHERE entity = 'import_profile' ORDER BY id").pluck().all();
    expect(actions).toEqual(['recon.profile.create', 'recon.profile.change', 'recon.profile.delete']);
  });

  it('maps the same private layout saved as an old-style .xls: previewed from the workbook, saved as a bank-xls profile, imported by it', async () => {
    const XLSX = await import('@e965/xlsx');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(LINES.map((line) => line.match(/("[^"]*"|[^,]*)(,|$)/g)!.filter((c) => c !== '').map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')))), '明细');
    const xls = path.join(dir, 'private-bank.xls');
    writeFileSync(xls, XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    const preview = await callApi(ctx, 'recon.previewFile', { file: xls });
    expect(preview).toMatchObject({ format: 'bank-xls', encoding: 'binary' });
    expect(preview.rows.map((r) => r.cells[0])).toContain('业务日');
    const refused = await callApi(ctx, 'recon.import', { file: xls, channel: 'bank_b2c' });
    expect(refused.errors[0]).toMatchObject({ kind: 'COLUMNS_UNMAPPED' });
    await callApi(ctx, 'recon.saveProfile', { name: '某某银行 xls', format: 'bank-xls', channel: 'bank_b2c', mapping: { date: '业务日', credit: '进账', debit: '出账', balance: '结余', reference: '附注' } });
    const batch = await callApi(ctx, 'recon.import', { file: xls, profile: '某某银行 xls', force: true });
    expect(batch).toMatchObject({ status: 'DONE', format: 'bank-xls', rows: 3, totals: { CNY: { creditMinor: 129_951, debitMinor: 30_000 } } });
  });

  it('previews a workbook without reading past the rows it shows', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('明细');
    sheet.addRow(['交易日期', '摘要', '借方发生额', '贷方发生额', '余额', '用途']);
    for (let i = 1; i <= 5_000; i++) sheet.addRow(['2026-11-22', '收款', null, 1 + (i % 50), 100 + i, `PD${i}`]);
    const xlsx = path.join(dir, 'bank.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const preview = await callApi(ctx, 'recon.previewFile', { file: xlsx, rows: 10 });
    expect(preview).toMatchObject({ format: 'bank-xlsx', encoding: 'binary', partial: true, header: { row: 1, usable: true } });
    expect(preview.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(preview.rows[1]!.cells).toEqual(['2026-11-22', '收款', '', '2', '101', 'PD1']);
  });
});
