import { describe, expect, it } from 'vitest';
import { payDeskErrorOf } from '../testing/errors.js';
import { AT, TODAY, YESTERDAY, balancesFixture } from './test-fixture.js';
import { setBankAccountStatus } from './accounts.js';
import { registerBalance } from './register.js';
import { reviewBalances } from './review.js';
import { queryBalances } from './query.js';

const ICBC = '6222020200112233';
const BOC = '6013820000000001';
const USD = 'HSBC-USD-0001';

/** ICBC reviewed yesterday (Y), BOC entered today (A), everything else nothing (N). */
async function mixedDays() {
  const f = balancesFixture();
  registerBalance(f.db, { date: YESTERDAY, accountNo: ICBC, balanceMinor: 88_00, currency: 'CNY' }, f.operator, AT);
  await reviewBalances(f.db, { rows: [{ date: YESTERDAY, accountNo: ICBC, currency: 'CNY', amount: '88' }] }, f.reviewer, AT);
  registerBalance(f.db, { date: TODAY, accountNo: BOC, balanceMinor: 99_00, currency: 'CNY' }, f.operator, AT);
  return f;
}

describe('balance query', () => {
  it('gives one row per account and day, with N, A and Y', async () => {
    const f = await mixedDays();
    const rows = queryBalances(f.db, { from: YESTERDAY, to: TODAY });
    // by day, then bank name (HSBC, 中国工商银行, 中国银行), then account number
    expect(rows.map((r) => [r.date, r.accountNo, r.balanceStatus, r.balance])).toEqual([
      [YESTERDAY, USD, 'N', null],
      [YESTERDAY, ICBC, 'Y', '88.00'],
      [YESTERDAY, BOC, 'N', null],
      [TODAY, USD, 'N', null],
      [TODAY, ICBC, 'N', null],
      [TODAY, BOC, 'A', null],
    ]);
    expect(rows[1]).toMatchObject({ balanceMinor: 88_00, reviewedBy: 'reviewer', accountName: 'PayDesk 备付金', bankName: '中国工商银行', currency: 'CNY' });
    expect(rows[5]).toMatchObject({ balanceMinor: null, reviewedBy: null, temporary: [{ source: 'registered', registeredBy: 'operator' }] });
  });

  it('filters by balance status, bank, account and account status (normal unless asked)', async () => {
    const f = await mixedDays();
    const range = { from: YESTERDAY, to: TODAY };
    expect(queryBalances(f.db, { ...range, balanceStatus: 'Y' }).map((r) => [r.date, r.accountNo])).toEqual([[YESTERDAY, ICBC]]);
    expect(queryBalances(f.db, { ...range, balanceStatus: 'A' }).map((r) => [r.date, r.accountNo])).toEqual([[TODAY, BOC]]);
    expect(queryBalances(f.db, { ...range, balanceStatus: 'N' })).toHaveLength(4);
    expect(queryBalances(f.db, { ...range, bankName: 'HSBC' }).map((r) => r.accountNo)).toEqual([USD, USD]);
    expect(queryBalances(f.db, { date: TODAY, accountNo: '6013 8200 0000 0001' }).map((r) => r.balanceStatus)).toEqual(['A']);
    setBankAccountStatus(f.db, USD, 'abolished', AT);
    expect(queryBalances(f.db, { date: TODAY }).map((r) => r.accountNo)).toEqual([ICBC, BOC]);
    expect(queryBalances(f.db, { date: TODAY, accountStatus: 'abolished' }).map((r) => [r.accountNo, r.accountStatus])).toEqual([[USD, 'abolished']]);
    expect(queryBalances(f.db, { date: TODAY, accountStatus: 'all' })).toHaveLength(3);
  });

  it('refuses a query without dates, with an inverted range or over a year', () => {
    const f = balancesFixture();
    expect(payDeskErrorOf(() => queryBalances(f.db, {})).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => queryBalances(f.db, { from: TODAY, to: YESTERDAY })).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => queryBalances(f.db, { from: '2025-01-01', to: TODAY })).message).toContain('at most 366 days');
    expect(payDeskErrorOf(() => queryBalances(f.db, { date: '2026-02-30' })).code).toBe('BAD_INPUT');
  });
});
