import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser } from '../users/users.js';
import { callApi, type Ctx } from '../api/index.js';
import { fixedClock } from '../clock.js';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { formatMinor } from '../money/index.js';
import { SIM_BANK_ACCOUNTS } from '../simulator/world.js';
import { netBalanceAt, trialBalance } from '../ledger/index.js';
import { reviewBalances } from '../balances/review.js';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parseAmount } from '../money/index.js';

const DAY = '2026-11-22';
const PLANT = 'bankExtra=0.002,platformExtra=0.002,amountMismatch=0.002,duplicate=0.001,timing=0.003,offset=0.001';

/** A simulated day, every statement imported and reconciled by the operator: the state a reviewer closes from. */
async function reconciledDay(orders = 3_000) {
  const file = tempDbFile();
  const db = openDatabase(file);
  initDatabase(db, '2026-11-22T00:00:00.000Z');
  const clock = fixedClock('2026-11-23T02:00:00.000Z');
  const ctx = (user: Ctx['user']): Ctx => ({ db, user, clock });
  const admin = ctx(findUser(db, 'admin')!);
  const operator = ctx(createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, '2026-11-22T00:00:00.000Z'));
  const reviewer = ctx(createUser(db, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }, '2026-11-22T00:00:00.000Z'));
  const sim = await callApi(admin, 'simulator.simulateDay', { date: DAY, orders, seed: 7, out: join(dirname(file), 'statements'), plant: PLANT });
  for (const f of sim.files) {
    const channel = f.includes('/bank_b2c/') ? 'bank_b2c' : f.includes('/bank_payout/') ? 'bank_payout' : undefined;
    const batch = await callApi(operator, 'recon.import', { file: f, channel });
    expect(batch.status, f).toBe('DONE');
  }
  await callApi(operator, 'recon.reconcile', { date: DAY });
  /** What the bank's statement says it closed at: what an operator reads off it and registers. */
  const bankClosing = (accountNo: string) => db.prepare('SELECT closing_minor FROM sim_bank_day WHERE account_no = ? AND sim_date = ?').pluck().get(accountNo, DAY) as number;
  return { db, admin, operator, reviewer, sim, bankClosing };
}

/** What the operator does before the reviewer can confirm: repeated lines deleted, bank extras hung up, reconciled again. */
async function resolveForConfirmation(day: Awaited<ReturnType<typeof reconciledDay>>) {
  const { db, operator } = day;
  const run = () => db.prepare('SELECT MAX(id) FROM recon_run WHERE recon_date = ?').pluck().get(DAY) as number;
  const repeated = db.prepare("SELECT clearing_id FROM recon_result WHERE run_id = ? AND outcome = 'duplicate'").pluck().all(run()) as number[];
  for (const id of repeated) await callApi(operator, 'recon.deleteClearingFlow', { id, reason: 'the line is on the statement twice' });
  const extras = db.prepare("SELECT c.id FROM recon_result r JOIN clearing_flow c ON c.id = r.clearing_id WHERE r.run_id = ? AND r.outcome = 'bankExtra' AND c.status = 'bankExtra'").pluck().all(run()) as number[];
  if (extras.length) {
    await callApi(operator, 'recon.classifyBankExtras', { ids: extras, businessCode: '700107' });
    await callApi(operator, 'recon.hangUpBankExtras', { ids: extras, accountingDate: DAY });
  }
  await callApi(operator, 'recon.reconcile', { date: DAY });
  return { repeated: repeated.length, extras: extras.length };
}

describe('close-day on a simulated day', () => {
  it('refuses while differences are undecided and balances unreviewed, naming each; closes once they are, with every check passing', async () => {
    const day = await reconciledDay();
    const { db, operator, reviewer } = day;

    const refused = await callApi(reviewer, 'day.close', { date: DAY });
    expect(refused.closed).toBe(false);
    const failed = Object.fromEntries(refused.checks.filter((c) => !c.ok).map((c) => [c.name, c.detail]));
    expect(Object.keys(failed).sort()).toEqual([`bankBalance ${SIM_BANK_ACCOUNTS.payout.no}`, `bankBalance ${SIM_BANK_ACCOUNTS.settlement.no}`, 'duplicates', 'reconciliation', 'summaryConfirmation'].sort());
    expect(failed.reconciliation).toMatch(/unresolved difference/);
    expect(failed.summaryConfirmation).toMatch(/is not confirmed/);
    expect(failed.duplicates).toMatch(/^\d+ repeat\(s\) undecided: repeated line /);
    expect(failed[`bankBalance ${SIM_BANK_ACCOUNTS.settlement.no}`]).toMatch(/no reviewed balance/);
    // each check also says it in Chinese, with the same figures
    const zh = Object.fromEntries(refused.checks.map((c) => [c.name, c.detailZh ?? '']));
    expect(zh['reconciliation']).toMatch(/^\d+ 笔差异未处理，共 [\d,.]+：/);
    expect(zh['reconciliation']!.match(/[\d,]+\.\d{2}/)![0]).toBe(failed.reconciliation!.match(/[\d,]+\.\d{2}/)![0]);
    expect(zh[`bankBalance ${SIM_BANK_ACCOUNTS.settlement.no}`]).toMatch(/没有已复核的余额/);
    expect(refused.checks.every((c) => /[\u4e00-\u9fff]/.test(c.detailZh ?? ''))).toBe(true);
    // clearing and settlement stood; the books balance even though the day is not closed
    expect(refused.clearing.length).toBeGreaterThan(3);
    expect(refused.checks.find((c) => c.name === 'channelClearing')!.ok).toBe(true);
    expect(refused.checks.find((c) => c.name === 'merchantSettlement')!.ok).toBe(true);

    await callApi(operator, 'recon.applyStrategy', { date: DAY, localTime: '2026-11-23 09:00:00' });
    // a confirmation that refuses a group (repeated lines, bank extras not hung up) does not let the day close
    const early = await callApi(reviewer, 'recon.confirm', { date: DAY });
    expect(early.refused.length).toBeGreaterThan(0);
    const stillRefused = await callApi(reviewer, 'day.close', { date: DAY });
    expect(stillRefused.checks.find((c) => c.name === 'summaryConfirmation')).toMatchObject({ ok: false, detail: expect.stringMatching(/refused \d+ unbalanced group/) });
    // the operator deletes the repeated lines, hangs up the bank extras to suspense and reconciles again; the reviewer confirms
    await resolveForConfirmation(day);
    const confirmation = await callApi(reviewer, 'recon.confirm', { date: DAY });
    expect(confirmation.refused.map((g) => `${g.channel} ${g.direction}: ${g.differences.join('; ')}`)).toEqual([]);
    // the differences on the error desk are carried forward in the groups, never hidden: the sum of what the groups carry is theirs less ours of those lines
    const carried = confirmation.confirmed.reduce((sum, g) => sum + g.outstandingMinor, 0);
    const onDesk = db.prepare(`SELECT COALESCE(SUM(COALESCE(r.their_amount_minor, 0) - COALESCE(r.our_amount_minor, 0)), 0) FROM recon_result r
      WHERE r.run_id = (SELECT MAX(id) FROM recon_run WHERE recon_date = ?) AND r.outcome IN ('platformExtra', 'amountMismatch')`).pluck().get(DAY) as number;
    expect(carried).toBe(onDesk);
    expect(carried).not.toBe(0);
    for (const account of [SIM_BANK_ACCOUNTS.settlement.no, SIM_BANK_ACCOUNTS.payout.no]) {
      await callApi(operator, 'balances.register', { date: DAY, accountNo: account, amount: formatMinor(day.bankClosing(account), 'CNY'), currency: 'CNY' });
    }
    const reviewed = await reviewBalances(db, { rows: [SIM_BANK_ACCOUNTS.settlement.no, SIM_BANK_ACCOUNTS.payout.no].map((a) => ({ date: DAY, accountNo: a, currency: 'CNY', amount: formatMinor(day.bankClosing(a), 'CNY') }))
      }, reviewer.user, '2026-11-23T03:00:00.000Z');
    expect(reviewed.failed).toBe(0);

    const closed = await callApi(reviewer, 'day.close', { date: DAY });
    expect(closed.checks.filter((c) => !c.ok)).toEqual([]);
    expect(closed.closed).toBe(true);
    // the bank balance check holds for the right reason: bank = ledger + outstanding items
    for (const row of await callApi(reviewer, 'balances.check', { date: DAY })) {
      expect(row.reviewedMinor).toBe(row.ledgerMinor + row.outstandingMinor);
    }
    // payouts are paid from the reserve (备付金, seed 000): the payout bank is the reserve account 1002.02, its
    // clearing lands there, and its balance check compares the reserve with the bank
    const reserve = (await callApi(reviewer, 'balances.accounts', {})).find((a) => a.accountNo === SIM_BANK_ACCOUNTS.payout.no)!;
    expect(reserve.kind).toBe('reserve');
    const reserveLedger = db.prepare('SELECT account_no FROM account WHERE id = ?').pluck().get(reserve.ledgerAccountId);
    expect(reserveLedger).toBe(`1002.02-${SIM_BANK_ACCOUNTS.payout.no}-CNY`);
    const payoutsOut = db.prepare(`SELECT COALESCE(SUM(amount_minor), 0) FROM entry_flow WHERE channel_code = 'bank_payout' AND direction = 'out' AND accounting_date = ?`).pluck().get(DAY) as number;
    expect(payoutsOut).toBeGreaterThan(0);
    const clearedToReserve = db.prepare(`SELECT COALESCE(SUM(CASE l.direction WHEN 'C' THEN l.amount_minor ELSE -l.amount_minor END), 0) FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
      WHERE v.business_code = '300101' AND v.accounting_date = ? AND l.account_id = ?`).pluck().get(DAY, reserve.ledgerAccountId) as number;
    expect(clearedToReserve).toBeGreaterThan(0);
    const reserveCheck = (await callApi(reviewer, 'balances.check', { date: DAY })).find((r) => r.accountNo === SIM_BANK_ACCOUNTS.payout.no)!;
    expect(reserveCheck.ledgerMinor).toBe(netBalanceAt(db, reserve.ledgerAccountId, DAY));
    expect(trialBalance(db, DAY).balanced).toBe(true);
    const planted = day.sim.injected;
    const settlement = await callApi(reviewer, 'settlement.list', { date: DAY });
    // orders with an open error wait: platform-only payments and amount mismatches (those not D0 are simply not due)
    expect(settlement.held.length).toBeLessThanOrEqual(planted.platformExtra + planted.amountMismatch);
  }, 120_000);

  it('clears each matched entry once: a second clearing of the same day books nothing new', async () => {
    const { db, admin } = await reconciledDay(800);
    const first = await callApi(admin, 'clearing.run', { date: DAY });
    expect(first.reduce((s, c) => s + c.entries, 0)).toBeGreaterThan(700);
    expect(await callApi(admin, 'clearing.run', { date: DAY })).toEqual([]);
    // the channel's receivable is left holding exactly what reconciliation did not clear
    const alipay = db.prepare("SELECT id FROM account WHERE purpose = 'channel_receivable' AND owner_ref = 'alipay'").pluck().get() as number;
    const open = db.prepare(`SELECT COALESCE(SUM(CASE direction WHEN 'in' THEN amount_minor ELSE -amount_minor END), 0) FROM entry_flow e
                             WHERE channel_code = 'alipay' AND NOT EXISTS (SELECT 1 FROM channel_clearing_entry x WHERE x.entry_id = e.id)`).pluck().get() as number;
    expect(netBalanceAt(db, alipay, DAY)).toBe(open);
  }, 120_000);

  it('keeps nothing of a close-day that fails half way: clearing and settlement roll back with it', async () => {
    const { db, reviewer } = await reconciledDay(600);
    // the disk refuses the last write, the close report: everything before it goes too
    db.sqlite.exec("CREATE TEMP TRIGGER refuse_report BEFORE INSERT ON day_close_report BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const vouchersBefore = db.prepare('SELECT COUNT(*) FROM voucher').pluck().get();
    await expect(callApi(reviewer, 'day.close', { date: DAY })).rejects.toThrow(/disk full/);
    expect(db.prepare('SELECT COUNT(*) FROM channel_clearing').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(vouchersBefore);
    db.sqlite.exec('DROP TRIGGER refuse_report');
    // and the same close runs whole afterwards
    const again = await callApi(reviewer, 'day.close', { date: DAY });
    expect(again.clearing.length).toBeGreaterThan(0);
    expect(db.prepare('SELECT COUNT(*) FROM day_close_report').pluck().get()).toBe(1);
  }, 120_000);

  it('holds an order whose amount differs, and settles it once the line is corrected and matched again', async () => {
    const { db, operator, admin } = await reconciledDay();
    await callApi(operator, 'recon.applyStrategy', { date: DAY, localTime: '2026-11-23 09:00:00' });
    const first = await callApi(admin, 'settlement.run', { date: DAY });
    const held = first.held.find((h) => h.reason === 'amountMismatch');
    expect(held, 'a D0 order with a planted amount difference').toBeDefined();
    const settledDate = () => db.prepare('SELECT settled_date FROM pay_order WHERE order_no = ?').pluck().get(held!.orderNo);
    expect(settledDate()).toBeNull();
    // the channel's line was wrong: correct it to our amount and match again
    const line = db.prepare("SELECT c.id, e.amount_minor FROM clearing_flow c JOIN entry_flow e ON e.order_no = c.order_no AND e.direction = 'in' WHERE c.order_no = ? AND c.status = 'amountMismatch'")
      .get(held!.orderNo) as { id: number; amount_minor: number };
    await callApi(operator, 'recon.editClearingFlow', { id: line.id, amountMinor: line.amount_minor, reason: 'channel confirmed our amount' });
    const listedBefore = (await callApi(admin, 'settlement.list', { date: DAY })).held.find((h) => h.orderNo === held!.orderNo);
    expect(listedBefore?.currentOutcome).toBe('amountMismatch');
    await callApi(operator, 'recon.reconcile', { date: DAY });
    // fixed on the reconciliation side: the list says so while the hold still stands until the next run
    const listedFixed = (await callApi(admin, 'settlement.list', { date: DAY })).held.find((h) => h.orderNo === held!.orderNo);
    expect(listedFixed?.currentOutcome).toBe('matched');
    const second = await callApi(admin, 'settlement.run', { date: DAY });
    expect(second.held.map((h) => h.orderNo)).not.toContain(held!.orderNo);
    expect(settledDate()).toBe(DAY);
    // the list covers every run of the day: each merchant's total is what both runs settled, with both vouchers
    const list = await callApi(admin, 'settlement.list', { date: DAY });
    expect(list.runs).toBe(2);
    expect(list.held.map((h) => h.orderNo)).not.toContain(held!.orderNo);
    const total = (xs: { amountMinor: number }[]) => xs.reduce((s, x) => s + x.amountMinor, 0);
    expect(total(list.settled)).toBe(total(first.settled) + total(second.settled));
    const merchant = list.settled.find((m) => m.merchantId === held!.merchantId)!;
    const vouchers = [first, second].flatMap((r) => r.settled.filter((m) => m.merchantId === held!.merchantId).map((m) => m.voucherNo));
    expect(merchant.voucherNo!.split(', ')).toEqual(vouchers);
    // settled once: nothing settled twice across the two runs
    const twice = db.prepare('SELECT COUNT(*) FROM (SELECT order_id, receiver_id FROM settlement_order GROUP BY 1, 2 HAVING COUNT(*) > 1)').pluck().get();
    expect(twice).toBe(0);
    expect(second.settled.reduce((s, m) => s + m.orders, 0)).toBeGreaterThan(0);
  }, 120_000);
});

describe('payout batch file (代付批量文件)', () => {
  it('lists the day’s payouts that reached the bank, in GBK, with a totals line equal to the payout bank’s own debits', async () => {
    const { db, admin } = await reconciledDay(1_500);
    const file = join(dirname(tempDbFile()), 'payouts.csv');
    const r = await callApi(admin, 'settlement.payoutFile', { date: DAY, file, fromAccount: SIM_BANK_ACCOUNTS.payout.no });
    const lines = iconv.decode(readFileSync(file), 'gbk').trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号,业务参考号,付款账号,收款账号,收款户名,金额,币种,用途');
    expect(lines).toHaveLength(r.payouts + 2);
    const sum = lines.slice(1, -1).reduce((s, l) => s + parseAmount(l.split(',')[5]!, 'CNY'), 0);
    expect(sum).toBe(r.amountMinor);
    expect(lines.at(-1)).toBe(`合计,${r.payouts}笔,,,,${formatMinor(r.amountMinor, 'CNY')},CNY,`);
    // the payouts the bank executed are exactly what its statement debited (refilled ones never reached it)
    const bankDebits = db.prepare("SELECT SUM(amount_minor) FROM clearing_flow WHERE channel_code = 'bank_payout' AND direction = 'out'").pluck().get();
    expect(r.amountMinor).toBe(bankDebits);
  }, 120_000);
});
