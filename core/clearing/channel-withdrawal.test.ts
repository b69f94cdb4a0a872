// Money a wallet holds for the platform (1012.01) reaches the bank: the channel's withdrawal is
// booked, the bank's incoming line is reconciled against it, and the bank balance check then
// covers the whole chain — channel, channel balance, bank deposit (docs/domain.md#clearing).
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser } from '../users/users.js';
import { callApi, type Ctx } from '../api/index.js';
import { fixedClock } from '../clock.js';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { netBalanceAt } from '../ledger/index.js';
import { outstandingItems } from '../balances/check.js';
import { requireBankAccount } from '../balances/accounts.js';
import { channelReceivableCheck } from '../settlement/checks.js';
import { SIM_BANK_ACCOUNTS } from '../simulator/world.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { withdrawChannelBalance } from './channel-withdrawal.js';

const DAY = '2026-11-22';
const NEXT = '2026-11-23';

async function simulatedAndReconciled(ctx: { admin: Ctx; operator: Ctx }, db: ReturnType<typeof openDatabase>, dir: string, date: string, seed: number) {
  const sim = await callApi(ctx.admin, 'simulator.simulateDay', { date, orders: 400, seed, out: join(dir, date), plant: 'none' });
  for (const f of sim.files) {
    const channel = f.includes('/bank_b2c/') ? 'bank_b2c' : f.includes('/bank_payout/') ? 'bank_payout' : undefined;
    expect((await callApi(ctx.operator, 'recon.import', { file: f, channel })).status, f).toBe('DONE');
  }
  await callApi(ctx.operator, 'recon.reconcile', { date });
  await callApi(ctx.operator, 'clearing.run', { date });
  return sim;
}

describe('channel withdrawal (渠道提现): the channel balance reaches the bank deposit', () => {
  it('books each channel’s balance out to the settlement bank next morning, matches the bank’s incoming line, and the balance check holds on the whole chain', async () => {
    const file = tempDbFile();
    const db = openDatabase(file);
    initDatabase(db, '2026-11-22T00:00:00.000Z');
    const clock = fixedClock('2026-11-24T02:00:00.000Z');
    const admin: Ctx = { db, user: findUser(db, 'admin')!, clock };
    const operator: Ctx = { db, user: createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, '2026-11-22T00:00:00.000Z'), clock };
    const dir = dirname(file);

    const first = await simulatedAndReconciled({ admin, operator }, db, dir, DAY, 5);
    expect(first.stats.channelWithdrawals).toBe(0);
    const held = db.prepare("SELECT id, owner_ref FROM account WHERE purpose = 'channel_balance' ORDER BY owner_ref").all() as { id: number; owner_ref: string }[];
    const heldAtClose = Object.fromEntries(held.map((h) => [h.owner_ref, netBalanceAt(db, h.id, DAY)]));
    expect(Object.keys(heldAtClose)).toEqual(['alipay', 'unionpay', 'wechat']);
    expect(Object.values(heldAtClose).every((x) => x > 0)).toBe(true);

    const second = await simulatedAndReconciled({ admin, operator }, db, dir, NEXT, 6);
    expect(second.stats.channelWithdrawals).toBe(3);
    // each channel paid out exactly what it held at the end of the day before, into the settlement bank
    const entries = db.prepare(`SELECT e.id, e.channel_code, e.order_no, e.amount_minor, s.outcome, a.owner_ref AS paid_by
        FROM entry_flow e JOIN entry_recon_state s ON s.entry_id = e.id JOIN voucher_line l ON l.voucher_id = e.voucher_id AND l.direction = 'C' JOIN account a ON a.id = l.account_id
       WHERE e.business_code = '300201' ORDER BY a.owner_ref`).all() as { id: number; channel_code: string; order_no: string; amount_minor: number; outcome: string; paid_by: string }[];
    expect(entries.map((e) => [e.paid_by, e.channel_code, e.amount_minor, e.outcome])).toEqual(held.map((h) => [h.owner_ref, 'bank_b2c', heldAtClose[h.owner_ref], 'matched']));
    // matched against the bank's own incoming line, by the withdrawal number
    for (const e of entries) {
      const line = db.prepare(`SELECT c.direction, c.amount_minor, c.order_no FROM recon_result r JOIN clearing_flow c ON c.id = r.clearing_id
                               WHERE r.entry_id = ? AND r.outcome = 'matched' AND r.run_id = (SELECT MAX(id) FROM recon_run WHERE recon_date = ?)`).get(e.id, NEXT);
      expect(line).toEqual({ direction: 'in', amount_minor: e.amount_minor, order_no: e.order_no });
    }
    // clearing leaves them alone (they never were on a receivable) and the receivable check still holds
    expect(db.prepare("SELECT COUNT(*) FROM channel_clearing_entry x JOIN entry_flow e ON e.id = x.entry_id WHERE e.business_code = '300201'").pluck().get()).toBe(0);
    expect(channelReceivableCheck(db, NEXT).ok).toBe(true);
    // the bank's closing = the ledger's bank deposit + what the ledger does not hold yet, with no withdrawal among those
    const settlement = requireBankAccount(db, SIM_BANK_ACCOUNTS.settlement.no);
    const bankClosing = db.prepare('SELECT closing_minor FROM sim_bank_day WHERE account_no = ? AND sim_date = ?').pluck().get(settlement.accountNo, NEXT) as number;
    const outstanding = outstandingItems(db, settlement.accountNo, NEXT);
    expect(outstanding.filter((o) => o.orderNo?.startsWith('CW'))).toEqual([]);
    const outstandingNet = outstanding.reduce((s, o) => s + (o.direction === 'in' ? o.amountMinor : -o.amountMinor), 0);
    expect(bankClosing).toBe(netBalanceAt(db, settlement.ledgerAccountId, NEXT) + outstandingNet);

    // nothing is withdrawn that the channel does not hold, nor from a channel that clears to a bank, nor into the reserve
    const base = { channel: 'alipay', currency: 'CNY', toAccountNo: settlement.accountNo, date: NEXT, occurredAt: `${NEXT} 12:00:00`, userId: admin.user.id, at: '2026-11-24T02:00:00.000Z' };
    expect(payDeskErrorOf(() => withdrawChannelBalance(db, { ...base, amountMinor: netBalanceAt(db, held[0]!.id, NEXT) + 1 }))).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(payDeskErrorOf(() => withdrawChannelBalance(db, { ...base, channel: 'bank_b2c', amountMinor: 1 }))).toMatchObject({ code: 'CONFLICT' });
    expect(payDeskErrorOf(() => withdrawChannelBalance(db, { ...base, toAccountNo: SIM_BANK_ACCOUNTS.payout.no, amountMinor: 1 }))).toMatchObject({ code: 'BAD_INPUT' });
  }, 120_000);
});
