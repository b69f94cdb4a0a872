// Month end: a period closes over its closed days, in order, with its statements; opening
// balances of a new installation come from an xlsx. Through the API, so the roles are the registry's.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { dirname } from 'node:path';
import { callApi } from '../api/index.js';
import { ledgerFixture, tempDbFile } from '../testing/ledger-fixture.js';
import { closeAccountingDay } from './close.js';
import { postVouchers } from './post.js';
import type { PayDeskError } from '../errors.js';
import { minorOf, readReport } from '../reports/test-fixture.js';

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as PayDeskError);

function booksWithSeptemberAndOctober() {
  const f = ledgerFixture();
  const post = (date: string, lines: [number, 'D' | 'C', number][]) => postVouchers(f.post, [{ accountingDate: date, businessCode: '990001', summary: 'entry',
    lines: lines.map(([accountId, direction, amountMinor]) => ({ accountId, direction, amountMinor })) }]);
  post('2026-09-29', [[f.bank.id, 'D', 100_000_000], [f.capital.id, 'C', 100_000_000]]);
  post('2026-10-30', [[f.bank.id, 'D', 50_000], [f.feeIncome.id, 'C', 50_000]]);
  post('2026-10-31', [[f.channelFee.id, 'D', 12_000], [f.bank.id, 'C', 12_000]]);
  const close = (date: string) => closeAccountingDay({ db: f.db, userId: f.reviewer.id, at: `${date}T15:00:00.000Z` }, date);
  return { ...f, post, close };
}

describe('month end (期末结账)', () => {
  it('closes a month only over its closed days, after the month before, and only once the month is over', async () => {
    const f = booksWithSeptemberAndOctober();
    expect(await failure(callApi(f.ctx(f.operator), 'ledger.closePeriod', { month: '2026-10' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-10' })))
      .toMatchObject({ code: 'CHECK_FAILED', params: { days: '2026-10-30,2026-10-31' } });
    f.close('2026-10-30');
    f.close('2026-10-31');
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-10' }))).toMatchObject({ code: 'CHECK_FAILED', params: { earlier: '2026-09' } });
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-09' }))).toMatchObject({ code: 'CHECK_FAILED', params: { days: '2026-09-29' } });
    f.close('2026-09-29');
    await callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-09' });
    const october = await callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-10' });
    expect(october).toMatchObject({ from: '2026-10-01', to: '2026-10-31', profitMinor: 38_000, assetsMinor: 100_038_000, liabilitiesMinor: 0, equityMinor: 100_038_000 });
    expect(october.trialBalance.period).toEqual({ debit: 62_000, credit: 62_000 });
    // the books' date is 2026-11-22: November is not over
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-11' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('not over') });
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.closePeriod', { month: '2026-10' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already closed') });
    expect((await callApi(f.ctx(f.operator), 'ledger.periods', {})).map((p) => p.month)).toEqual(['2026-09', '2026-10']);
    expect(f.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'period.close'").pluck().get()).toBe(2);
  });

  it('keeps a closed month closed: no posting to any of its days, none reopened, its record append-only', async () => {
    const f = booksWithSeptemberAndOctober();
    for (const d of ['2026-09-29', '2026-10-30', '2026-10-31']) f.close(d);
    await callApi(f.ctx(f.admin), 'ledger.closePeriod', { month: '2026-09' });
    await callApi(f.ctx(f.admin), 'ledger.closePeriod', { month: '2026-10' });
    // a day of the month that had no postings is closed with it
    expect(() => f.post('2026-10-15', [[f.bank.id, 'D', 1], [f.capital.id, 'C', 1]])).toThrow(/closed/);
    expect(await failure(callApi(f.ctx(f.admin), 'day.reopen', { date: '2026-10-31', reason: 'late bank file' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('month end') });
    expect(() => f.db.sqlite.exec("DELETE FROM accounting_period WHERE month = '2026-10'")).toThrow(/append-only/);
    expect(() => f.db.sqlite.exec("UPDATE accounting_period SET figures = '{}'")).toThrow(/append-only/);
    // November goes on
    expect(() => f.post('2026-11-22', [[f.bank.id, 'D', 1], [f.capital.id, 'C', 1]])).not.toThrow();
  });

  it('gives the month\'s trial balance, income statement and balance sheet by subject, each adding up', async () => {
    const f = booksWithSeptemberAndOctober();
    const tb = await callApi(f.ctx(f.operator), 'ledger.periodTrialBalance', { month: '2026-10' });
    expect([tb.from, tb.date, tb.balanced]).toEqual(['2026-10-01', '2026-10-31', true]);
    expect(tb.opening).toEqual({ debit: 100_000_000, credit: 100_000_000 });
    expect(tb.period).toEqual({ debit: 62_000, credit: 62_000 });
    const income = await callApi(f.ctx(f.operator), 'ledger.incomeStatement', { month: '2026-10' });
    expect(income.revenue.find((l) => l.code === '6021')?.amountMinor).toBe(50_000);
    expect(income.expenses.find((l) => l.code === '6421')?.amountMinor).toBe(12_000);
    expect([income.revenueMinor, income.expensesMinor, income.profitMinor]).toEqual([50_000, 12_000, 38_000]);
    // September had no income: its statement is all zero
    expect((await callApi(f.ctx(f.operator), 'ledger.incomeStatement', { month: '2026-09' })).profitMinor).toBe(0);
    const sheet = await callApi(f.ctx(f.operator), 'ledger.balanceSheet', { date: '2026-10-31' });
    expect(sheet).toMatchObject({ assetsMinor: 100_038_000, liabilitiesMinor: 0, profitNotCarriedMinor: 38_000, equityMinor: 100_038_000, balanced: true });
    expect(sheet.assets.find((l) => l.code === '1002')?.amountMinor).toBe(100_038_000);
    expect(sheet.equity.find((l) => l.code === '4001')?.amountMinor).toBe(100_000_000);
    expect(await failure(callApi(f.ctx(f.operator), 'ledger.incomeStatement', { month: '2026-13' }))).toMatchObject({ code: 'BAD_INPUT' });

    // the same figures exported as workbooks, read back with exceljs
    const dir = dirname(tempDbFile());
    const incomeFile = join(dir, 'income.xlsx');
    const balanceFile = join(dir, 'balance.xlsx');
    await callApi(f.ctx(f.operator), 'reports.export', { kind: 'incomeStatement', date: '2026-10-15', file: incomeFile });
    await callApi(f.ctx(f.operator), 'reports.export', { kind: 'balanceSheet', date: '2026-10-31', file: balanceFile });
    const amountOf = (rows: unknown[][], label: string) => minorOf((rows.find((r) => r[1] === label)?.[3] ?? null) as never);
    const [incomeSheet] = await readReport(incomeFile);
    expect(incomeSheet!.params.get('期间 Period')).toBe('2026-10-01 – 2026-10-31');
    expect([amountOf(incomeSheet!.rows, '收入 Revenue 合计'), amountOf(incomeSheet!.rows, '费用 Expenses 合计'), amountOf(incomeSheet!.rows, '利润')]).toEqual([50_000, 12_000, 38_000]);
    const [balanceSheetRead] = await readReport(balanceFile);
    expect(amountOf(balanceSheetRead!.rows, '资产 Assets 合计')).toBe(100_038_000);
    expect(amountOf(balanceSheetRead!.rows, '未结转损益')).toBe(38_000);
    expect(amountOf(balanceSheetRead!.rows, '所有者权益 Equity 合计')).toBe(100_038_000);
    expect(balanceSheetRead!.rows.at(-1)?.[0]).toMatch(/Assets = liabilities \+ equity: 是 yes/);
  });
});

/** An opening balance sheet as a finance team types it: account numbers or subject codes, amounts as numbers or text. */
async function openingFile(rows: (string | number | null)[][]): Promise<string> {
  const file = join(dirname(tempDbFile()), 'opening.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('期初余额');
  sheet.addRow(['账号 Account no', '科目代码 Subject code', '借方 Debit', '贷方 Credit']);
  for (const r of rows) sheet.addRow(r);
  await book.xlsx.writeFile(file);
  return file;
}

describe('opening balances from an xlsx (期初余额)', () => {
  it('names every bad row and column and posts nothing; an unbalanced sheet is refused with its difference', async () => {
    const f = ledgerFixture();
    const bad = await openingFile([
      ['NOPE-1', null, 100, null],
      [f.bank.accountNo, null, 100, 100],
      [null, '1001', null, '5.00'],
      [null, '4001', null, '12.345'],
    ]);
    const e = await failure(callApi(f.ctx(f.admin), 'ledger.importOpeningBalances', { file: bad, accountingDate: '2026-11-01' }));
    expect(e).toMatchObject({ code: 'FILE_ERROR', location: { file: bad, row: 2, column: 'accountNo' } });
    expect((e.details as { row: number; column: string }[]).map((p) => [p.row, p.column])).toEqual([[2, 'accountNo'], [3, 'debit'], [4, 'subject'], [5, 'credit']]);
    expect(e.message).toContain('row 4 subject: no open CNY account on subject 1001');
    const unbalanced = await openingFile([[f.bank.accountNo, null, 1_000_000.01, null], [null, '4001', null, '1,000,000.00']]);
    expect(await failure(callApi(f.ctx(f.admin), 'ledger.importOpeningBalances', { file: unbalanced, accountingDate: '2026-11-01' })))
      .toMatchObject({ code: 'FILE_ERROR', params: { debitMinor: 100_000_001, creditMinor: 100_000_000 } });
    expect(f.db.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(0);
  });

  it('posts one balanced voucher on the day, for another person to review, and only on books without vouchers', async () => {
    const f = ledgerFixture();
    const file = await openingFile([
      [f.bank.accountNo, null, 1234.56, null],
      [null, '4001', null, '1,000.00'],
      [f.suspenseIncome.accountNo, null, null, '234.56'],
    ]);
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.importOpeningBalances', { file }))).toMatchObject({ code: 'FORBIDDEN' });
    const r = await callApi(f.ctx(f.admin), 'ledger.importOpeningBalances', { file, accountingDate: '2026-11-01' });
    expect(r).toMatchObject({ lines: 3, debitMinor: 123_456, creditMinor: 123_456 });
    const tb = await callApi(f.ctx(f.admin), 'ledger.trialBalance', { date: '2026-11-02' });
    expect(tb.opening).toEqual({ debit: 123_456, credit: 123_456 });
    // a manual voucher: its maker cannot review it, another reviewer does
    expect(await failure(callApi(f.ctx(f.admin), 'ledger.reviewVoucher', { id: r.voucher.id }))).toMatchObject({ reason: 'MAKER_IS_CHECKER' });
    await callApi(f.ctx(f.reviewer), 'ledger.reviewVoucher', { id: r.voucher.id });
    expect(await failure(callApi(f.ctx(f.admin), 'ledger.importOpeningBalances', { file }))).toMatchObject({ code: 'CONFLICT' });
  });
});
