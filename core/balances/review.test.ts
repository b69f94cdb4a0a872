import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payDeskErrorOf } from '../testing/errors.js';
import { AT, LATER, TODAY, YESTERDAY, balancesFixture } from './test-fixture.js';
import { setBankAccountStatus } from './accounts.js';
import { registerBalance, withdrawBalance } from './register.js';
import { reviewBalances } from './review.js';
import { queryBalances } from './query.js';
import { reviewedBalance } from './reviewed.js';
import { carryOverBalances } from './carry-over.js';
import { REVIEW_MESSAGES } from './messages.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cliEnvAs, withPassword } from '../testing/credentials.js';

const CLI = fileURLToPath(new URL('../host/bin/paydesk.mjs', import.meta.url));

const ICBC = '6222020200112233';
const BOC = '6013820000000001';

function temporaryRows(f: ReturnType<typeof balancesFixture>): number {
  return f.db.prepare('SELECT COUNT(*) FROM bank_balance_temporary').pluck().get() as number;
}

describe('register (maker)', () => {
  it('keeps an operator entry out of the query until it is reviewed', async () => {
    const f = balancesFixture();
    const entered = registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1_234_567_89, currency: 'CNY' }, f.operator, AT);
    expect(entered.temporaryForDay).toBe(1);
    const [before] = queryBalances(f.db, { date: TODAY, accountNo: ICBC });
    expect(before!.balanceStatus).toBe('A');
    expect(before!.balanceMinor).toBeNull();
    expect(before!.temporary).toEqual([{ id: entered.id, source: 'registered', registeredBy: 'operator', registeredAt: AT }]);
    expect(JSON.stringify(before)).not.toContain('123456789');
    expect(reviewedBalance(f.db, ICBC, TODAY)).toBeUndefined();
    // nor does the audit log, which everyone may list, give the figure away before review
    const audit = f.db.prepare("SELECT detail FROM audit_log WHERE action = 'balances.register'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).not.toContain('123456789');

    const result = await reviewBalances(f.db, { file: await f.writeReviewFile([[TODAY, ICBC, '中国工商银行', 'CNY', '1,234,567.89']]) }, f.reviewer, LATER);
    expect(result.rows).toEqual([{ row: 2, date: TODAY, accountNo: ICBC, outcome: 'reviewed', ok: true, message: REVIEW_MESSAGES.reviewed }]);
    expect(result).toMatchObject({ reviewed: 1, failed: 0, file: expect.stringMatching(/^review-\d+\.xlsx$/) });
    const [after] = queryBalances(f.db, { date: TODAY, accountNo: ICBC });
    expect(after).toMatchObject({ balanceStatus: 'Y', balanceMinor: 1_234_567_89, balance: '1234567.89', temporary: [], reviewedBy: 'reviewer', reviewedAt: LATER });
    expect(temporaryRows(f)).toBe(0);
    expect(reviewedBalance(f.db, ICBC, TODAY)).toEqual({ balanceMinor: 1_234_567_89, currency: 'CNY', reviewedBy: f.reviewer.id, reviewedByLogin: 'reviewer', reviewedAt: LATER });
    const trail = JSON.parse(f.db.prepare("SELECT detail FROM audit_log WHERE action = 'balances.reviewed'").pluck().get() as string) as Record<string, unknown>;
    expect(trail).toMatchObject({ balanceMinor: 1_234_567_89, temporaryId: entered.id, registeredBy: f.operator.id, source: 'registered', row: 2 });
  });

  it('refuses a closed account, another currency, a future day, a negative balance and a reviewer as maker', () => {
    const f = balancesFixture();
    setBankAccountStatus(f.db, BOC, 'closed', AT);
    const input = { date: TODAY, accountNo: BOC, balanceMinor: 100, currency: 'CNY' };
    expect(payDeskErrorOf(() => registerBalance(f.db, input, f.operator, AT)).code).toBe('ACCOUNT_CLOSED');
    const wrongCurrency = payDeskErrorOf(() => registerBalance(f.db, { ...input, accountNo: ICBC, currency: 'USD' }, f.operator, AT));
    expect(wrongCurrency.code).toBe('BAD_INPUT');
    expect(wrongCurrency.message).toContain('kept in CNY, not USD');
    expect(payDeskErrorOf(() => registerBalance(f.db, { ...input, accountNo: ICBC, date: '2026-11-23' }, f.operator, AT)).message).toContain('has not come yet');
    expect(payDeskErrorOf(() => registerBalance(f.db, { ...input, accountNo: ICBC, balanceMinor: -1 }, f.operator, AT)).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => registerBalance(f.db, { ...input, accountNo: ICBC }, f.reviewer, AT)).code).toBe('FORBIDDEN');
    expect(temporaryRows(f)).toBe(0);
  });

  it('takes an abolished account (the bank still holds its money until closure)', () => {
    const f = balancesFixture();
    setBankAccountStatus(f.db, BOC, 'abolished', AT);
    expect(registerBalance(f.db, { date: TODAY, accountNo: BOC, balanceMinor: 5, currency: 'CNY' }, f.operator, AT).temporaryForDay).toBe(1);
  });

  it('replaces a carried-over temporary balance, and keeps a second operator entry beside the first', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: YESTERDAY, accountNo: ICBC, balanceMinor: 700, currency: 'CNY' }, f.operator, AT);
    await reviewBalances(f.db, { rows: [{ date: YESTERDAY, accountNo: ICBC, currency: 'CNY', amount: '7.00' }] }, f.reviewer, AT);
    expect(carryOverBalances(f.db, TODAY, AT).carried).toHaveLength(1);
    const first = registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 800, currency: 'CNY' }, f.operator, AT);
    expect(first).toMatchObject({ temporaryForDay: 1, replacedCarryOver: 1 });
    const second = registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 900, currency: 'CNY' }, f.operator2, AT);
    expect(second).toMatchObject({ temporaryForDay: 2, replacedCarryOver: 0 });
    expect(queryBalances(f.db, { date: TODAY, accountNo: ICBC })[0]!.temporary.map((t) => [t.source, t.registeredBy])).toEqual([['registered', 'operator'], ['registered', 'operator2']]);
  });

  it('refuses a day that is already reviewed', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 100, currency: 'CNY' }, f.operator, AT);
    await reviewBalances(f.db, { rows: [{ date: TODAY, accountNo: ICBC, currency: 'CNY', amount: '1' }] }, f.reviewer, AT);
    expect(payDeskErrorOf(() => registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 100, currency: 'CNY' }, f.operator, AT)).code).toBe('CONFLICT');
  });
});

describe('review (checker)', () => {
  it('says "no temporary balance" when nobody entered one', async () => {
    const f = balancesFixture();
    const result = await reviewBalances(f.db, { file: await f.writeReviewFile([[TODAY, ICBC, '', 'CNY', '100.00']]) }, f.reviewer, AT);
    expect(result.rows[0]).toMatchObject({ row: 2, outcome: 'noTemporary', ok: false, message: '该银行账户无临时余额 / this bank account has no temporary balance' });
    expect(reviewedBalance(f.db, ICBC, TODAY)).toBeUndefined();
  });

  it('says "more than one temporary balance" for two entries of one day, and passes once one is withdrawn', async () => {
    const f = balancesFixture();
    const first = registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 100_00, currency: 'CNY' }, f.operator, AT);
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 100_00, currency: 'CNY' }, f.operator2, AT);
    const file = await f.writeReviewFile([[TODAY, ICBC, '中国工商银行', 'CNY', '100']]);
    const flagged = await reviewBalances(f.db, { file }, f.reviewer, AT);
    expect(flagged.rows[0]).toMatchObject({ outcome: 'severalTemporary', ok: false, message: '一天存在多条临时余额，异常 / more than one temporary balance for one day, abnormal' });
    expect(temporaryRows(f)).toBe(2);
    expect(payDeskErrorOf(() => withdrawBalance(f.db, first.id, f.operator2, AT)).code).toBe('FORBIDDEN');
    withdrawBalance(f.db, first.id, f.operator, AT);
    expect((await reviewBalances(f.db, { file }, f.reviewer, AT)).rows[0]!.outcome).toBe('reviewed');
    expect(reviewedBalance(f.db, ICBC, TODAY)?.balanceMinor).toBe(100_00);
  });

  it('says "temporary and actual balance differ" and leaves the temporary balance waiting', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 100_00, currency: 'CNY' }, f.operator, AT);
    const result = await reviewBalances(f.db, { file: await f.writeReviewFile([[TODAY, ICBC, '中国工商银行', 'CNY', '100.01']]) }, f.reviewer, AT);
    expect(result.rows[0]).toMatchObject({ outcome: 'differs', ok: false, message: '临时余额与实际余额不一致，复核不通过 / temporary and actual balance differ, check failed' });
    expect(result).toMatchObject({ reviewed: 0, failed: 1 });
    expect(temporaryRows(f)).toBe(1);
    expect(queryBalances(f.db, { date: TODAY, accountNo: ICBC })[0]!.balanceStatus).toBe('A');
  });

  it('refuses a reviewer who registered the balance (maker-checker); another reviewer passes it', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 42_00, currency: 'CNY' }, f.admin, AT);
    const file = await f.writeReviewFile([[TODAY, ICBC, '中国工商银行', 'CNY', '42.00']]);
    const refused = await reviewBalances(f.db, { file }, f.admin, AT);
    expect(refused.rows[0]).toMatchObject({ outcome: 'makerIsChecker', ok: false, message: REVIEW_MESSAGES.makerIsChecker });
    expect(refused.rows[0]!.message).toContain('maker-checker');
    expect(reviewedBalance(f.db, ICBC, TODAY)).toBeUndefined();
    expect((await reviewBalances(f.db, { file }, f.reviewer, AT)).rows[0]!.outcome).toBe('reviewed');
  });

  it('through the CLI, a template whose every row is refused exits 1, its per-row outcomes and the error on the last --json line', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 42_00, currency: 'CNY' }, f.admin, AT);
    const file = await f.writeReviewFile([[TODAY, ICBC, '中国工商银行', 'CNY', '42.00']]);
    await withPassword(f.db, f.admin);
    const run = spawnSync(process.execPath, [CLI, 'call', 'balances.review', '--db', f.db.file, '--input', JSON.stringify({ file }), '--json'], { encoding: 'utf8', env: cliEnvAs('admin') });
    expect(run.status).toBe(1);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { reviewed: number; failed: number; rows: { outcome: string }[]; error: { code: string; message: string } };
    expect(last).toMatchObject({ reviewed: 0, failed: 1, rows: [{ outcome: 'makerIsChecker' }], error: { code: 'CHECK_FAILED' } });
    expect(last.error.message).toMatch(/every row was refused/);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(reviewedBalance(f.db, ICBC, TODAY)).toBeUndefined();
  }, 60_000);

  it('refuses an operator as checker', async () => {
    const f = balancesFixture();
    await expect(reviewBalances(f.db, { rows: [{ date: TODAY, accountNo: ICBC, currency: 'CNY', amount: '1' }] }, f.operator, AT)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('names the row and column of each bad cell, and commits the good rows beside them', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 500_00, currency: 'CNY' }, f.operator, AT);
    registerBalance(f.db, { date: TODAY, accountNo: 'HSBC-USD-0001', balanceMinor: 10_00, currency: 'USD' }, f.operator, AT);
    const file = await f.writeReviewFile([
      ['2026-13-01', ICBC, '', 'CNY', '1.00'],
      [TODAY, ICBC, '', 'CNY', '12.345'],
      [TODAY, '9999888877776666', '', 'CNY', '1.00'],
      [TODAY, 'HSBC-USD-0001', '', 'CNY', '10.00'],
      [TODAY, ICBC, '中国银行', 'CNY', '500.00'],
      [],
      [TODAY, ICBC, '中国工商银行', 'CNY', '500.00'],
    ]);
    const result = await reviewBalances(f.db, { file }, f.reviewer, AT);
    expect(result.rows.map((r) => [r.row, r.outcome, r.column])).toEqual([
      [2, 'invalid', '日期 Date'],
      [3, 'invalid', '实际余额 Actual balance'],
      [4, 'invalid', '银行账号 Account no'],
      [5, 'invalid', '币种 Currency'],
      [6, 'invalid', '银行名称 Bank'],
      [8, 'reviewed', undefined],
    ]);
    expect(result.rows[0]!.message).toBe('第 2 行「日期」："2026-13-01" 不是日期（应为 YYYY-MM-DD） / row 2, column "Date": "2026-13-01" is not a date (YYYY-MM-DD)');
    expect(result.rows[1]!.message).toContain('row 3, column "Actual balance"');
    expect(result.rows[2]!.message).toContain('no bank account 9999888877776666 is registered');
    expect(result.rows[3]!.message).toContain('kept in USD, not CNY');
    expect(result).toMatchObject({ reviewed: 1, failed: 5 });
    expect(reviewedBalance(f.db, ICBC, TODAY)?.balanceMinor).toBe(500_00);
  });

  it('names a closed account in the account column, and a day listed twice in one file', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1_00, currency: 'CNY' }, f.operator, AT);
    setBankAccountStatus(f.db, BOC, 'closed', AT);
    const result = await reviewBalances(f.db, { rows: [
      { date: TODAY, accountNo: BOC, currency: 'CNY', amount: '1' },
      { date: TODAY, accountNo: ICBC, currency: 'CNY', amount: '1' },
      { date: TODAY, accountNo: ICBC, currency: 'CNY', amount: '1' },
    ] }, f.reviewer, AT);
    expect(result.rows[0]).toMatchObject({ outcome: 'invalid', column: '银行账号 Account no' });
    expect(result.rows[0]!.message).toContain('is closed');
    expect(result.rows[1]!.outcome).toBe('reviewed');
    expect(result.rows[2]).toMatchObject({ outcome: 'invalid', message: '第 3 行与第 2 行是同一账户同一天 / row 3 repeats the account and day of row 2' });
  });

  it('reports "already reviewed" when a file is imported again', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1_00, currency: 'CNY' }, f.operator, AT);
    const file = await f.writeReviewFile([[TODAY, ICBC, '中国工商银行', 'CNY', '1.00']]);
    await reviewBalances(f.db, { file }, f.reviewer, AT);
    expect((await reviewBalances(f.db, { file }, f.reviewer2, LATER)).rows[0]).toMatchObject({ outcome: 'alreadyReviewed', message: REVIEW_MESSAGES.alreadyReviewed });
    expect(reviewedBalance(f.db, ICBC, TODAY)?.reviewedBy).toBe(f.reviewer.id);
  });

  it('reads date-formatted and numeric cells as Excel stores them', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1234_56, currency: 'CNY' }, f.operator, AT);
    const file = await f.writeReviewFile([[new Date(`${TODAY}T00:00:00Z`), ICBC, '中国工商银行', 'CNY', 1234.56]]);
    expect((await reviewBalances(f.db, { file }, f.reviewer, AT)).rows[0]!.outcome).toBe('reviewed');
  });

  it('refuses a whole file that is not the template, writing nothing', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1_00, currency: 'CNY' }, f.operator, AT);
    const file = await f.writeReviewFile([[TODAY, ICBC, 'CNY', '1.00']], ['日期 Date', '银行账号 Account no', '币种 Currency', '金额 Amount']);
    const e = await reviewBalances(f.db, { file }, f.reviewer, AT).then(() => undefined, (error: unknown) => error);
    expect(e).toMatchObject({ code: 'FILE_ERROR', location: { file, row: 1 } });
    expect((e as Error).message).toContain('missing column(s) 银行名称 Bank, 实际余额 Actual balance');
    expect(temporaryRows(f)).toBe(1);
    await expect(reviewBalances(f.db, { file: `${file}.missing` }, f.reviewer, AT)).rejects.toMatchObject({ code: 'FILE_ERROR' });
    const text = join(dirname(file), 'not-a-workbook.xlsx');
    writeFileSync(text, '日期,银行账号\n');
    await expect(reviewBalances(f.db, { file: text }, f.reviewer, AT)).rejects.toMatchObject({ code: 'FILE_ERROR' });
  });

  it('keeps reviewed balances append-only in the database itself', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1_00, currency: 'CNY' }, f.operator, AT);
    await reviewBalances(f.db, { rows: [{ date: TODAY, accountNo: ICBC, currency: 'CNY', amount: '1' }] }, f.reviewer, AT);
    expect(() => f.db.sqlite.exec('UPDATE bank_balance SET balance_minor = 2')).toThrow(/append-only/);
    expect(() => f.db.sqlite.exec('DELETE FROM bank_balance')).toThrow(/append-only/);
  });
});
