// 分账: each split receiver is settled on its own cycle — a D1 and a T1 receiver of a D0
// splitter's order settle on D+1 and the next working day — and a refund in between comes from
// each receiver's available or pending as its own share stands.
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { getAccount, requireAccount } from '../ledger/index.js';
import { settleMerchants } from './settle.js';
import { merchantPendingCheck } from './checks.js';

const FRIDAY = '2026-11-20';

async function splitOrder() {
  const f = paymentsFixture(['B', 'C', 'D']);
  const admin = f.ctx(f.admin);
  await callApi(admin, 'merchants.setProduct', { merchantId: 'B', product: 'split', settlementCycle: 'D0', settlementDays: 0 });
  await callApi(admin, 'merchants.setProduct', { merchantId: 'C', product: 'alipay', settlementCycle: 'D1', settlementDays: 1 });
  await callApi(admin, 'merchants.setProduct', { merchantId: 'D', product: 'alipay', settlementCycle: 'T1', settlementDays: 1 });
  const e = f.engine();
  const order = e.run((x) => x.pay({ merchantId: 'B', merchantOrderNo: 's1', payerId: 'p1', method: 'alipay', amountMinor: 20_000, currency: 'CNY', at: `${FRIDAY} 10:00:00`,
    split: [{ receiverId: 'C', amountMinor: 12_000 }, { receiverId: 'D', amountMinor: 8_000 }] }));
  expect(order.status).toBe('succeeded');
  const settle = (date: string) => settleMerchants(f.db, { date, userId: f.admin.id, at: `${date}T12:00:00.000Z` });
  const balance = (merchant: string, purpose: 'merchant_pending' | 'merchant_available') =>
    getAccount(f.db, requireAccount(f.db, { ownerKind: 'merchant', purpose, ownerRef: merchant, currency: 'CNY' }).id).balanceMinor;
  const settledDate = () => f.db.sqlite.prepare('SELECT settled_date FROM pay_order WHERE order_no = ?').pluck().get(order.orderNo);
  return { f, e, order, settle, balance, settledDate };
}

describe('split receivers settle on their own cycle', () => {
  it('a D1 and a T1 receiver of a D0 splitter settle on D+1 and on Monday; the order is settled once both are', async () => {
    const { f, settle, balance, settledDate } = await splitOrder();
    const shareC = 12_000 - 72; // less its 0.6% fee
    const shareD = 8_000 - 48;

    expect(settle(FRIDAY).settled).toEqual([]); // the splitter's D0 does not pay its receivers today
    const saturday = settle('2026-11-21');
    expect(saturday.settled.map((m) => [m.merchantId, m.amountMinor])).toEqual([['C', shareC]]);
    expect(saturday.notDue.amountMinor).toBe(shareD);
    expect(settledDate()).toBeNull();
    expect(merchantPendingCheck(f.db, '2026-11-21').ok).toBe(true);
    expect(settle('2026-11-22').settled).toEqual([]); // Sunday: D's T1 waits for a working day
    const monday = settle('2026-11-23');
    expect(monday.settled.map((m) => [m.merchantId, m.amountMinor])).toEqual([['D', shareD]]);
    expect(settledDate()).toBe('2026-11-23');
    expect([balance('C', 'merchant_available'), balance('D', 'merchant_available'), balance('C', 'merchant_pending'), balance('D', 'merchant_pending')]).toEqual([shareC, shareD, 0, 0]);
    // C was paid once, not again on Monday
    expect(f.db.sqlite.prepare("SELECT COUNT(*) FROM settlement_order WHERE receiver_id = 'C'").pluck().get()).toBe(1);
  });

  it('a refund between the two comes from C’s available and D’s pending', async () => {
    const { f, e, order, settle, balance } = await splitOrder();
    settle('2026-11-21');
    const before = { cAvailable: balance('C', 'merchant_available'), dPending: balance('D', 'merchant_pending') };
    e.run((x) => x.refund({ orderNo: order.orderNo, amountMinor: 10_000, reason: 'returned goods', at: '2026-11-21 15:00:00' }));
    // 60% of the refund is C's, 40% D's, each less the fee given back on it
    expect(before.cAvailable - balance('C', 'merchant_available')).toBe(6_000 - 36);
    expect(before.dPending - balance('D', 'merchant_pending')).toBe(4_000 - 24);
    const monday = settle('2026-11-23');
    expect(monday.settled.map((m) => [m.merchantId, m.amountMinor])).toEqual([['D', 8_000 - 48 - (4_000 - 24)]]);
    expect(merchantPendingCheck(f.db, '2026-11-23').ok).toBe(true);
  });
});
