import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amountFormat, amountNumber } from './cells.js';
import { sheetName, writeReportWorkbook, type Column } from './workbook.js';
import { minorOf, readReport } from './test-fixture.js';

const privateDir = () => mkdtempSync(join(tmpdir(), 'paydesk-reports-'));

const COLUMNS: Column[] = [
  { zh: '名称', en: 'Name', width: 20 },
  { zh: '笔数', en: 'Count', width: 10, kind: 'count' },
  { zh: '金额', en: 'Amount', width: 16, kind: 'amount' },
  { zh: '编号', en: 'Id', width: 8, kind: 'number' },
];

describe('report cells', () => {
  it('turns minor units into the exact decimal, and refuses what Excel cannot hold exactly', () => {
    expect(amountNumber({ minor: 123456, currency: 'CNY' })).toBe(1234.56);
    expect(amountNumber({ minor: -5, currency: 'CNY' })).toBe(-0.05);
    expect(amountNumber({ minor: 999_999_999_999_999, currency: 'CNY' })).toBe(9_999_999_999_999.99);
    expect(amountNumber({ minor: 1234, currency: 'JPY' })).toBe(1234);
    expect(() => amountNumber({ minor: 1_000_000_000_000_000, currency: 'CNY' })).toThrow(/more digits than an Excel cell/);
    expect(amountFormat('CNY')).toBe('#,##0.00');
    expect(amountFormat('JPY')).toBe('#,##0');
  });

  it('keeps sheet names within Excel’s rules', () => {
    expect(sheetName('a/b:c*d?e[f]g\\h')).toBe('a-b-c-d-e-f-g-h');
    expect(sheetName('x'.repeat(40), ' (2)')).toHaveLength(31);
    expect(sheetName('x'.repeat(40), ' (2)').endsWith(' (2)')).toBe(true);
  });
});

describe('report workbook', () => {
  it('writes title, parameters, a frozen bilingual header, formatted amounts and exact totals per currency', async () => {
    const file = join(privateDir(), 'r.xlsx');
    const result = await writeReportWorkbook(file, async (book) => {
      const sheet = book.sheet({ name: 'Test', title: { zh: '测试', en: 'Test' }, params: [['日期 Date', '2026-11-22']], columns: COLUMNS });
      // 0.1 + 0.2 in floats is 0.30000000000000004: totals must come from integers
      await sheet.row(['a', 1, { minor: 10, currency: 'CNY' }, 7]);
      await sheet.row(['b', 2, { minor: 20, currency: 'CNY' }, 8]);
      await sheet.row(['c', 5, { minor: 300, currency: 'USD' }, 9]);
      await sheet.row(['d', 4, { minor: 1, currency: 'CNY' }, 10], { inTotals: false });
      sheet.totals();
      sheet.note('done');
    });
    expect(result).toEqual({ file, sheets: 1, rows: 4 });
    const [sheet] = await readReport(file);
    expect(sheet!.title).toBe('测试 Test');
    expect(sheet!.params.get('日期 Date')).toBe('2026-11-22');
    expect(sheet!.frozenRows).toBe(4);
    expect(sheet!.header).toEqual(['名称 Name', '笔数 Count', '金额 Amount', '编号 Id']);
    expect(sheet!.rows).toHaveLength(4);
    expect(sheet!.numFmt(0, 2)).toBe('#,##0.00');
    expect(sheet!.totals).toEqual([['合计 Total CNY', 3, 0.3], ['合计 Total USD', 5, 3]]);
    expect(sheet!.notes).toEqual(['done']);
    expect(minorOf(sheet!.totals[0]![2]!)).toBe(30);
  });

  it('writes a zero totals row for a sheet without rows', async () => {
    const file = join(privateDir(), 'empty.xlsx');
    const result = await writeReportWorkbook(file, async (book) => {
      book.sheet({ name: 'Empty', title: { zh: '空', en: 'Empty' }, params: [], columns: COLUMNS }).totals();
    });
    expect(result.rows).toBe(0);
    const [sheet] = await readReport(file);
    expect(sheet!.rows).toEqual([]);
    expect(sheet!.totals).toEqual([['合计 Total', 0, 0]]);
  });

  it('continues a sheet that reaches the row limit on a new sheet, totals at the end', async () => {
    const file = join(privateDir(), 'long.xlsx');
    const result = await writeReportWorkbook(file, async (book) => {
      const sheet = book.sheet({ name: 'Long', title: { zh: '长', en: 'Long' }, params: [], columns: COLUMNS });
      for (let i = 0; i < 100; i++) await sheet.row([`r${i}`, 1, { minor: 100, currency: 'CNY' }, i]);
      sheet.totals();
    }, { maxRowsPerSheet: 60 });
    const sheets = await readReport(file);
    expect(result).toEqual({ file, sheets: sheets.length, rows: 100 });
    expect(sheets.length).toBeGreaterThan(2);
    expect(sheets.map((s) => s.name).slice(0, 2)).toEqual(['Long', 'Long (2)']);
    expect(sheets.reduce((n, s) => n + s.rows.length, 0)).toBe(100);
    expect(sheets.at(-1)!.totals).toEqual([['合计 Total', 100, 100]]);
    expect(sheets[0]!.totals).toEqual([]);
  });

  it('leaves no file at the target, and no temporary file, when writing fails part-way', async () => {
    const dir = privateDir();
    const file = join(dir, 'broken.xlsx');
    await expect(writeReportWorkbook(file, async (book) => {
      const sheet = book.sheet({ name: 'Broken', title: { zh: '坏', en: 'Broken' }, params: [], columns: COLUMNS });
      for (let i = 0; i < 5000; i++) await sheet.row([`r${i}`, 1, { minor: 100, currency: 'CNY' }, i]);
      throw new Error('disk gone');
    })).rejects.toThrow('disk gone');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the previous report when a new one fails', async () => {
    const dir = privateDir();
    const file = join(dir, 'kept.xlsx');
    writeFileSync(file, 'previous report');
    await expect(writeReportWorkbook(file, async (book) => {
      const sheet = book.sheet({ name: 'Bad', title: { zh: '坏', en: 'Bad' }, params: [], columns: COLUMNS });
      await sheet.row(['too big', 1, { minor: 1_000_000_000_000_000, currency: 'CNY' }, 1]);
    })).rejects.toThrow(/more digits than an Excel cell/);
    expect(readFileSync(file, 'utf8')).toBe('previous report');
    expect(readdirSync(dir)).toEqual(['kept.xlsx']);
  });

  it('refuses a missing folder before writing anything', async () => {
    const file = join(privateDir(), 'no-such-folder', 'r.xlsx');
    await expect(writeReportWorkbook(file, async () => undefined)).rejects.toThrow(/does not exist/);
  });
});
