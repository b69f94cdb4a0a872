import { describe, expect, it } from 'vitest';
import { localDateTime } from '../clock.js';
import { AT, LATER, TODAY, YESTERDAY, balancesFixture } from './test-fixture.js';
import { setBankAccountStatus } from './accounts.js';
import { registerBalance } from './register.js';
import { reviewBalances } from './review.js';
import { queryBalances } from './query.js';
import { reviewedBalance } from './reviewed.js';
import { carryOverBalances, lastCarryOverDate } from './carry-over.js';
import { carryOverDue, nextCarryOverAt, runDueCarryOvers } from './schedule.js';

const ICBC = '6222020200112233';
const BOC = '6013820000000001';
const USD = 'HSBC-USD-0001';

/** Yesterday reviewed for ICBC (1,000.00), BOC (2,000.00) and the USD account (30.00). */
async function reviewedYesterday() {
  const f = balancesFixture();
  registerBalance(f.db, { date: YESTERDAY, accountNo: ICBC, balanceMinor: 1000_00, currency: 'CNY' }, f.operator, AT);
  registerBalance(f.db, { date: YESTERDAY, accountNo: BOC, balanceMinor: 2000_00, currency: 'CNY' }, f.operator, AT);
  registerBalance(f.db, { date: YESTERDAY, accountNo: USD, balanceMinor: 30_00, currency: 'USD' }, f.operator, AT);
  const result = await reviewBalances(f.db, { rows: [
    { date: YESTERDAY, accountNo: ICBC, currency: 'CNY', amount: '1000' },
    { date: YESTERDAY, accountNo: BOC, currency: 'CNY', amount: '2000' },
    { date: YESTERDAY, accountNo: USD, currency: 'USD', amount: '30' },
  ] }, f.reviewer, AT);
  expect(result.reviewed).toBe(3);
  return f;
}

describe('carry-over (the 01:15 job)', () => {
  it('carries yesterday’s reviewed balance into today’s temporary balance, entered by the system', async () => {
    const f = await reviewedYesterday();
    const result = carryOverBalances(f.db, TODAY, AT);
    expect(result.carried.map((c) => c.accountNo)).toEqual([BOC, ICBC, USD]);
    const temp = f.db.prepare('SELECT balance_minor, source, carried_from_date, registered_by FROM bank_balance_temporary t JOIN bank_account a ON a.id = t.bank_account_id WHERE a.account_no = ?').get(ICBC);
    expect(temp).toEqual({ balance_minor: 1000_00, source: 'carried_over', carried_from_date: YESTERDAY, registered_by: null });
    const [row] = queryBalances(f.db, { date: TODAY, accountNo: ICBC });
    expect(row).toMatchObject({ balanceStatus: 'A', balanceMinor: null, temporary: [{ source: 'carried_over', registeredBy: null }] });
    // it is reviewed like any other temporary balance: any reviewer may check a system entry
    const review = await reviewBalances(f.db, { rows: [{ date: TODAY, accountNo: ICBC, currency: 'CNY', amount: '1000.00' }] }, f.reviewer, LATER);
    expect(review.rows[0]!.outcome).toBe('reviewed');
    expect(reviewedBalance(f.db, ICBC, TODAY)?.balanceMinor).toBe(1000_00);
    expect(f.db.prepare("SELECT source, registered_by FROM bank_balance WHERE balance_date = ?").get(TODAY)).toEqual({ source: 'carried_over', registered_by: null });
  });

  it('leaves alone a day already entered or reviewed, a day with nothing reviewed yesterday, and accounts not in service', async () => {
    const f = await reviewedYesterday();
    registerBalance(f.db, { date: TODAY, accountNo: ICBC, balanceMinor: 1111_00, currency: 'CNY' }, f.operator, AT);
    setBankAccountStatus(f.db, USD, 'abolished', AT);
    const result = carryOverBalances(f.db, TODAY, AT);
    expect(result.carried.map((c) => c.accountNo)).toEqual([BOC]);
    expect(result.skipped).toEqual([{ accountNo: ICBC, reason: 'entered' }]);
    expect(f.db.prepare("SELECT balance_minor FROM bank_balance_temporary t JOIN bank_account a ON a.id = t.bank_account_id WHERE a.account_no = ? AND balance_date = ?").pluck().all(ICBC, TODAY)).toEqual([1111_00]);
    const tomorrow = carryOverBalances(f.db, '2026-11-23', AT);
    expect(tomorrow.carried).toEqual([]);
    expect(tomorrow.skipped).toEqual([{ accountNo: BOC, reason: 'noReviewedYesterday' }, { accountNo: ICBC, reason: 'noReviewedYesterday' }]);
    const reviewedDay = carryOverBalances(f.db, YESTERDAY, AT);
    expect(reviewedDay.skipped.map((s) => s.reason)).toEqual(['reviewed', 'reviewed']);
  });

  it('is idempotent: a second run adds nothing', async () => {
    const f = await reviewedYesterday();
    expect(carryOverBalances(f.db, TODAY, AT).carried).toHaveLength(3);
    const again = carryOverBalances(f.db, TODAY, LATER);
    expect(again.carried).toEqual([]);
    expect(again.skipped.every((s) => s.reason === 'entered')).toBe(true);
    expect(f.db.prepare('SELECT COUNT(*) FROM bank_balance_temporary WHERE balance_date = ?').pluck().get(TODAY)).toBe(3);
    expect(lastCarryOverDate(f.db)).toBe(TODAY);
  });

  it('does nothing at all without yesterday’s reviewed balances (carry-over off)', () => {
    const f = balancesFixture();
    expect(carryOverBalances(f.db, TODAY, AT).carried).toEqual([]);
    expect(queryBalances(f.db, { date: TODAY }).map((r) => r.balanceStatus)).toEqual(['N', 'N', 'N']);
  });
});

describe('when the carry-over is due', () => {
  // Asia/Shanghai is UTC+8: 01:15 local on 2026-11-22 is 2026-11-21T17:15Z.
  it('is due for today from 01:15 local time, for yesterday before it', () => {
    expect(carryOverDue(null, new Date('2026-11-21T17:14:59Z'))).toEqual([YESTERDAY]);
    expect(carryOverDue(null, new Date('2026-11-21T17:15:00Z'))).toEqual([TODAY]);
    expect(carryOverDue(YESTERDAY, new Date('2026-11-21T17:15:00Z'))).toEqual([TODAY]);
    expect(carryOverDue(TODAY, new Date('2026-11-22T15:00:00Z'))).toEqual([]);
  });

  it('catches up missed days in order, at most a month of them', () => {
    expect(carryOverDue('2026-11-19', new Date(AT))).toEqual(['2026-11-20', YESTERDAY, TODAY]);
    const long = carryOverDue('2026-01-01', new Date(AT));
    expect(long).toHaveLength(31);
    expect(long.at(-1)).toBe(TODAY);
  });

  it('names the next 01:15 local time strictly after now', () => {
    expect(nextCarryOverAt(new Date('2026-11-21T17:00:00Z')).toISOString()).toBe('2026-11-21T17:15:00.000Z');
    expect(nextCarryOverAt(new Date('2026-11-21T17:15:00Z')).toISOString()).toBe('2026-11-22T17:15:00.000Z');
    expect(nextCarryOverAt(new Date(AT)).toISOString()).toBe('2026-11-22T17:15:00.000Z');
    // a zone with daylight saving: the day clocks go forward in Europe (2026-03-29) still gets 01:15 local
    const spring = nextCarryOverAt(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin');
    expect(localDateTime(spring, 'Europe/Berlin')).toBe('2026-03-29 01:15:00');
    expect(localDateTime(nextCarryOverAt(spring, 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-03-30 01:15:00');
  });

  it('runs every due day from the last run on, then nothing until the next 01:15', async () => {
    const f = await reviewedYesterday();
    f.db.prepare("INSERT INTO bank_balance_carry_run (run_date, ran_at, carried, skipped) VALUES (?, ?, 0, 0)").run('2026-11-20', AT);
    const runs = runDueCarryOvers(f.db, new Date(AT));
    expect(runs.map((r) => [r.date, r.carried.length])).toEqual([[YESTERDAY, 0], [TODAY, 3]]);
    expect(runDueCarryOvers(f.db, new Date(LATER))).toEqual([]);
    expect(runDueCarryOvers(f.db, new Date('2026-11-22T17:15:00Z')).map((r) => r.date)).toEqual(['2026-11-23']);
  });
});
