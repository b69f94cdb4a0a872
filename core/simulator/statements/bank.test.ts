import { access } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BANK_STATEMENT_COLUMNS, writeBankStatementXlsx, type BankStatementHeader } from './bank.js';
import { sampleBankLines } from './fixtures.js';
import { sameBytes, strictMinor, tempDir } from './testing.js';
import { dosStamp, readZipEntryTimes } from './zipTimes.js';

const header: BankStatementHeader = {
  bankName: '招商银行',
  accountNo: '755912345610801',
  accountName: '某某网络科技有限公司',
  currency: 'CNY',
  from: '2026-05-01',
  to: '2026-05-09',
  openingBalanceMinor: 12_345_678,
};

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const text = (value: ExcelJS.CellValue): string => (value === null || value === undefined ? '' : String(value));
const amountOrZero = (value: ExcelJS.CellValue) => (text(value) === '' ? 0 : strictMinor(text(value)));

interface ReadBack {
  workbook: ExcelJS.Workbook;
  preamble: string[][];
  rows: Array<Record<string, string>>;
  total: Record<string, string>;
}

/** Reads the statement the way an importer would: header row found by its names, stop at 合计. */
async function readStatement(file: string): Promise<ReadBack> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const all: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    all.push(BANK_STATEMENT_COLUMNS.map((_, i) => text(row.getCell(i + 1).value)));
  });
  const headerAt = all.findIndex((cells) => BANK_STATEMENT_COLUMNS.every((name, i) => cells[i] === name));
  expect(headerAt).toBeGreaterThan(0);
  const totalAt = all.findIndex((cells) => cells[0] === '合计');
  expect(totalAt).toBe(all.length - 1);
  const asRecord = (cells: string[]) => Object.fromEntries(BANK_STATEMENT_COLUMNS.map((name, i) => [name, cells[i]!]));
  return {
    workbook,
    preamble: all.slice(0, headerAt),
    rows: all.slice(headerAt + 1, totalAt).map(asRecord),
    total: asRecord(all[totalAt]!),
  };
}

describe('corporate bank statement .xlsx', () => {
  it('opens in exceljs with the preamble, the header row by name, text amounts and a 合计 row matching the lines', async () => {
    const file = dir.path('bank.xlsx');
    const lines = sampleBankLines(40, header.openingBalanceMinor);
    const summary = await writeBankStatementXlsx(file, header, lines);
    const { workbook, preamble, rows, total } = await readStatement(file);

    expect(preamble.map((cells) => cells.slice(0, 2))).toEqual([
      ['招商银行账户交易明细', ''],
      ['户名', '某某网络科技有限公司'],
      ['账号', '755912345610801'],
      ['币种', 'CNY'],
      ['起止日期', '2026-05-01 至 2026-05-09'],
      ['期初余额', '123456.78'],
    ]);
    expect(rows).toHaveLength(lines.length);
    let debit = 0;
    let credit = 0;
    let balance = header.openingBalanceMinor;
    rows.forEach((row, i) => {
      const line = lines[i]!;
      expect(`${row['交易日期']} ${row['交易时间']}`).toBe(line.time);
      expect(row['流水号']).toBe(line.serialNo);
      expect(row['用途']).toBe(line.purpose);
      const out = amountOrZero(row['借方发生额']!);
      const into = amountOrZero(row['贷方发生额']!);
      expect(out === 0 || into === 0).toBe(true);
      balance += into - out;
      expect(strictMinor(row['余额']!)).toBe(balance);
      debit += out;
      credit += into;
    });
    expect(strictMinor(total['借方发生额']!)).toBe(debit);
    expect(strictMinor(total['贷方发生额']!)).toBe(credit);
    expect(summary).toEqual({ file, rows: lines.length, debitMinor: debit, creditMinor: credit });

    // amounts are text cells, never floats
    const amountCell = workbook.worksheets[0]!.getRow(8).getCell(8);
    expect(amountCell.type).toBe(ExcelJS.ValueType.String);
    expect(workbook.creator).toBe('招商银行');
    expect(workbook.created.toISOString()).toBe('2026-05-09T00:00:00.000Z');
    expect(workbook.modified.toISOString()).toBe('2026-05-09T00:00:00.000Z');
  });

  it('pins every zip entry time, local and central, to the statement end date', async () => {
    const file = dir.path('pinned.xlsx');
    await writeBankStatementXlsx(file, header, sampleBankLines(5, header.openingBalanceMinor));
    const expected = dosStamp({ year: 2026, month: 5, day: 9, hour: 0, minute: 0, second: 0 });
    const times = await readZipEntryTimes(file);
    expect(times.map((t) => t.name)).toContain('xl/worksheets/sheet1.xml');
    expect(times.length).toBeGreaterThan(5);
    for (const entry of times) {
      expect(entry.central, entry.name).toEqual(expected);
      expect(entry.local, entry.name).toEqual(expected);
    }
  });

  it('writes identical bytes for identical input, even when the runs are seconds apart', async () => {
    const lines = sampleBankLines(300, header.openingBalanceMinor);
    await writeBankStatementXlsx(dir.path('b1.xlsx'), header, lines);
    // cross a 2-second DOS-time tick so an unpinned entry time would differ
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await writeBankStatementXlsx(dir.path('b2.xlsx'), header, lines);
    expect(await sameBytes(dir.path('b1.xlsx'), dir.path('b2.xlsx'))).toBe(true);
  });

  it('streams a few thousand lines', async () => {
    const file = dir.path('big.xlsx');
    const lines = sampleBankLines(6000, 0);
    function* lazily() {
      yield* lines;
    }
    const summary = await writeBankStatementXlsx(file, { ...header, openingBalanceMinor: 0 }, lazily());
    const { rows, total } = await readStatement(file);
    expect(rows).toHaveLength(6000);
    expect(rows.at(-1)!['流水号']).toBe(lines.at(-1)!.serialNo);
    expect(strictMinor(total['借方发生额']!)).toBe(summary.debitMinor);
    expect(strictMinor(total['贷方发生额']!)).toBe(summary.creditMinor);
    expect(summary.debitMinor).toBe(lines.reduce((s, l) => s + l.debitMinor, 0));
  });

  it('removes the file when a line is invalid', async () => {
    const file = dir.path('bad.xlsx');
    const lines = sampleBankLines(3, 0);
    lines[2] = { ...lines[2]!, debitMinor: -1 };
    await expect(writeBankStatementXlsx(file, header, lines)).rejects.toThrow(/non-negative/);
    await expect(access(file)).rejects.toThrow();
    await expect(writeBankStatementXlsx(file, { ...header, currency: '人民币' }, [])).rejects.toThrow(/unknown currency/);
  });
});
