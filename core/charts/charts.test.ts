import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser } from '../users/users.js';
import { callApi, type Ctx } from '../api/index.js';
import { addDays, daysBetween, fixedClock } from '../clock.js';
import { ledgerFixture, tempDbFile, AT } from '../testing/ledger-fixture.js';
import { openAccount, postVouchers } from '../ledger/index.js';
import { hangUp, listSuspenseItems, reviewSuspenseItem, writeOff } from '../suspense/suspense.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { MISMATCH_OUTCOMES, mismatchFigures, suspenseAgingFigures, totalsFigures } from './charts.js';

const DAY = '2026-11-22';
const PLANT = 'bankExtra=0.003,platformExtra=0.003,amountMismatch=0.003,duplicate=0.002,timing=0.003,offset=0.001';

async function closedAttemptDay() {
  const file = tempDbFile();
  const db = openDatabase(file);
  initDatabase(db, '2026-11-22T00:00:00.000Z');
  const clock = fixedClock('2026-11-23T02:00:00.000Z');
  const ctx = (user: Ctx['user']): Ctx => ({ db, user, clock });
  const admin = ctx(findUser(db, 'admin')!);
  const operator = ctx(createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, '2026-11-22T00:00:00.000Z'));
  const reviewer = ctx(createUser(db, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }, '2026-11-22T00:00:00.000Z'));
  const sim = await callApi(admin, 'simulator.simulateDay', { date: DAY, orders: 1_500, seed: 11, out: join(dirname(file), 'statements'), plant: PLANT });
  for (const f of sim.files) {
    const channel = f.includes('/bank_b2c/') ? 'bank_b2c' : f.includes('/bank_payout/') ? 'bank_payout' : undefined;
    expect((await callApi(operator, 'recon.import', { file: f, channel })).status, f).toBe('DONE');
  }
  const recon = await callApi(operator, 'recon.reconcile', { date: DAY });
  // the day does not close (differences undecided, balances unreviewed), but clearing and settlement stand
  const close = await callApi(reviewer, 'day.close', { date: DAY });
  expect(close.closed).toBe(false);
  return { db, admin, operator, reviewer, recon };
}

describe('charts over a simulated day', () => {
  it('mismatches by channel and day add up to the reconcile run’s own counts, and per channel to the desk’s rows', async () => {
    const day = await closedAttemptDay();
    const { db, operator, recon } = day;
    const figures = mismatchFigures(db, { from: addDays(DAY, -1), to: DAY });
    expect(figures.days).toEqual([addDays(DAY, -1), DAY]);
    expect(figures.byDay[0]).toEqual({ date: addDays(DAY, -1), count: 0, amountMinor: 0 });
    let planted = 0;
    for (const outcome of MISMATCH_OUTCOMES) {
      const summed = figures.byChannel.reduce((s, c) => ({ count: s.count + c.byOutcome[outcome].count, amountMinor: s.amountMinor + c.byOutcome[outcome].amountMinor }), { count: 0, amountMinor: 0 });
      expect(summed, outcome).toEqual(recon.counts[outcome]);
      planted += recon.counts[outcome].count;
    }
    expect(planted).toBeGreaterThan(5);
    expect(figures.byDay[1]!.count).toBe(planted);
    // per channel and outcome: the reconciliation desk's own filtered row count
    for (const c of figures.byChannel) {
      for (const outcome of MISMATCH_OUTCOMES) {
        const page = await callApi(operator, 'recon.results', { date: DAY, outcome, channel: c.channel as 'alipay', limit: 2_000 });
        expect(c.byOutcome[outcome].count, `${c.channel} ${outcome}`).toBe(page.total);
        expect(c.byOutcome[outcome].amountMinor).toBe(page.rows.reduce((s, r) => s + (r.ourAmountMinor ?? r.theirAmountMinor ?? 0), 0));
      }
    }
    // every channel the run covered has a cell, a clean one with zeros
    expect(figures.channels).toEqual(expect.arrayContaining(['alipay', 'wechat', 'unionpay']));

    // a later run of one channel replaces that channel's figures only; it never counts twice
    const others = figures.byChannel.filter((c) => c.channel !== 'wechat');
    const again = await callApi(operator, 'recon.reconcile', { date: DAY, channel: 'wechat' });
    const after = mismatchFigures(db, { from: DAY, to: DAY });
    const wechat = after.byChannel.find((c) => c.channel === 'wechat')!;
    for (const outcome of MISMATCH_OUTCOMES) expect(wechat.byOutcome[outcome], outcome).toEqual(again.counts[outcome]);
    expect(after.byChannel.filter((c) => c.channel !== 'wechat')).toEqual(others);
  }, 120_000);

  it('clearing and settlement totals per day equal the day’s clearing list and settlement run, zeros elsewhere', async () => {
    const { db, reviewer } = await closedAttemptDay();
    const figures = totalsFigures(db, { to: addDays(DAY, 3) });
    expect(figures.days).toHaveLength(30);
    expect(figures.from).toBe(addDays(DAY, -26));
    const clearings = await callApi(reviewer, 'clearing.list', { date: DAY });
    const settlement = await callApi(reviewer, 'settlement.list', { date: DAY });
    const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
    const day = figures.days.find((d) => d.date === DAY)!;
    expect(clearings.length).toBeGreaterThan(2);
    expect(day.clearing).toEqual({
      entries: sum(clearings, (c) => c.entries), grossMinor: sum(clearings, (c) => c.grossMinor), refundsMinor: sum(clearings, (c) => c.refundsMinor),
      feesMinor: sum(clearings, (c) => c.feesMinor), netMinor: sum(clearings, (c) => c.netMinor),
    });
    expect(day.clearing.netMinor).toBe(day.clearing.grossMinor - day.clearing.refundsMinor - sum(clearings.filter((c) => c.feeMode === 'deducted'), (c) => c.feesMinor));
    const settled = settlement.settled as { merchantId: string; orders: number; amountMinor: number }[];
    const held = settlement.held as { amountMinor: number }[];
    expect(day.settlement).toEqual({ merchants: settled.length, orders: sum(settled, (s) => s.orders), amountMinor: sum(settled, (s) => s.amountMinor) });
    expect(day.held).toEqual({ count: held.length, amountMinor: sum(held, (h) => h.amountMinor) });
    for (const other of figures.days.filter((d) => d.date !== DAY)) {
      expect(other.clearing.grossMinor + other.settlement.amountMinor + other.held.count, other.date).toBe(0);
    }
    // a second settlement run the same day settles nothing new: the day's settled total stands, the holds are the latest run's
    await callApi(reviewer, 'day.close', { date: DAY });
    const again = totalsFigures(db, { to: DAY }).days.at(-1)!;
    expect(again.settlement).toEqual(day.settlement);
    expect(again.held).toEqual(day.held);
  }, 120_000);
});

describe('suspense aging', () => {
  function world() {
    const f = ledgerFixture(tempDbFile());
    postVouchers(f.post, [{ accountingDate: '2026-08-01', businessCode: '100001', summary: 'capital', lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: 10_000_000 }, { accountId: f.capital.id, direction: 'C', amountMinor: 10_000_000 },
    ] }]);
    const otherBank = openAccount(f.db, { ownerKind: 'internal', purpose: 'bank_deposit', ownerRef: 'CCB-002', currency: 'CNY', ownerName: '建设银行' }, AT);
    const suspenseExpense = openAccount(f.db, { ownerKind: 'internal', purpose: 'suspense_expense', ownerRef: null, currency: 'CNY' }, AT);
    const card = (bank: number, date: string, amountMinor: number, kind: 'income' | 'expense' = 'income') => {
      const c = hangUp(f.db, kind === 'income'
        ? { kind, debitAccountId: bank, creditAccountId: f.suspenseIncome.id, amountMinor, summary: `来款 ${date}`, accountingDate: date }
        : { kind, debitAccountId: suspenseExpense.id, creditAccountId: bank, amountMinor, summary: `付款 ${date}`, accountingDate: date }, f.operator, AT);
      return c;
    };
    return { ...f, otherBank, card };
  }

  it('buckets open cards by bank and age; a re-hung remainder ages from its original card; written-off and later cards are left out', () => {
    const f = world();
    const old = f.card(f.bank.id, '2026-08-01', 50_000);            // 113 days at 11-22 → 90+
    const partial = f.card(f.bank.id, '2026-11-01', 30_000);        // written off in part on 11-22; remainder 21 days → 8-30
    const fresh = f.card(f.bank.id, '2026-11-20', 7_000, 'expense'); // 2 days → 0-3, still to review
    const gone = f.card(f.otherBank.id, '2026-11-10', 9_000);       // written off in full → absent
    const other = f.card(f.otherBank.id, '2026-11-17', 4_000);      // 5 days → 4-7
    const later = f.card(f.otherBank.id, '2026-11-25', 1_000);      // after asOf → absent
    for (const c of [old, partial, gone, other, later]) reviewSuspenseItem(f.db, { id: c.id }, f.reviewer, AT);
    writeOff(f.db, { voucherNo: partial.voucherNo, summary: '部分查明', accountingDate: DAY, targets: [{ accountId: f.feeIncome.id, amountMinor: 12_000 }] }, f.operator, AT);
    writeOff(f.db, { voucherNo: gone.voucherNo, summary: '查明', accountingDate: DAY, targets: [{ accountId: f.feeIncome.id, amountMinor: 9_000 }] }, f.operator, AT);

    const aging = suspenseAgingFigures(f.db, { asOf: DAY });
    const bankName = (id: number) => listSuspenseItems(f.db).find((i) => i.bankAccountId === id)!.bankName;
    const first = aging.banks.find((b) => b.bankName === bankName(f.bank.id))!;
    const second = aging.banks.find((b) => b.bankName === bankName(f.otherBank.id))!;
    expect(aging.banks).toHaveLength(2);
    expect(first.buckets['90+']).toEqual({ count: 1, amountMinor: 50_000, incomeMinor: 50_000, expenseMinor: 0 });
    expect(first.buckets['8-30']).toEqual({ count: 1, amountMinor: 18_000, incomeMinor: 18_000, expenseMinor: 0 });
    expect(first.buckets['0-3']).toEqual({ count: 1, amountMinor: 7_000, incomeMinor: 0, expenseMinor: 7_000 });
    expect(second.buckets['4-7']).toEqual({ count: 1, amountMinor: 4_000, incomeMinor: 4_000, expenseMinor: 0 });
    expect(second.count).toBe(1);

    // the same figures another way: the desk's own list, aged in JS from each card's original date
    const items = listSuspenseItems(f.db).filter((i) => i.status !== 'written_off' && i.hungUpOn <= DAY);
    const originDate = (i: (typeof items)[number]) => listSuspenseItems(f.db).find((o) => o.voucherNo === i.originVoucherNo)!.hungUpOn;
    const ages = items.map((i) => daysBetween(originDate(i), DAY)).sort((a, b) => a - b);
    expect(ages).toEqual([2, 5, 21, 113]);
    expect(aging.total.amountMinor).toBe(items.reduce((s, i) => s + i.amountMinor, 0));
    expect(aging.total.count).toBe(items.length);
    expect(Object.values(aging.total.buckets).reduce((s, b) => s + b.count, 0)).toBe(4);
    // later, the same cards have moved on a bucket
    expect(suspenseAgingFigures(f.db, { asOf: '2026-11-30' }).total.buckets['8-30'].count).toBe(3);
  });

  it('refuses a bad date or span with a message naming it', () => {
    const f = ledgerFixture();
    expect(payDeskErrorOf(() => suspenseAgingFigures(f.db, { asOf: '2026-13-01' })).message).toMatch(/asOf must be a date/);
    expect(payDeskErrorOf(() => mismatchFigures(f.db, { from: '2026-11-22', to: '2026-11-01' })).message).toMatch(/is after/);
    expect(payDeskErrorOf(() => mismatchFigures(f.db, { from: '2026-01-01', to: '2026-11-01' })).message).toMatch(/at most 92 days/);
    expect(totalsFigures(f.db, { to: '2026-11-22', days: 7 }).days.map((d) => d.date)).toEqual(
      ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'],
    );
  });
});
