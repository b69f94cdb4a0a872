import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { AT } from '../testing/ledger-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import type { Gateway } from '../orders/gateway.js';
import { acceptingGateway } from '../orders/gateway.js';
import { recoverFromMerchantList } from './merchant-recovery.js';

const DAY = '2026-11-22';

/** Orders a1–a3 succeed; a4 and a5 are dropped (the channel took the money, we never heard). */
const dropping: Gateway = {
  charge: (r) => (/0000[45]$/.test(r.orderNo)
    ? { outcome: 'no_callback', channelTradeNo: `T-${r.orderNo}`, channelTime: r.at, notifiedAt: r.at }
    : acceptingGateway.charge(r)),
  refund: acceptingGateway.refund,
};

function day() {
  const f = paymentsFixture(['A']);
  const e = f.engine(dropping);
  const orderNos = [1, 2, 3, 4, 5].map((i) => e.run((x) => x.pay({ merchantId: 'A', merchantOrderNo: `a${i}`, payerId: `p${i}`, method: 'alipay', amountMinor: 1_000 * i, currency: 'CNY', at: `${DAY} 10:0${i}:00` })).orderNo);
  return { ...f, orderNos };
}

describe('dropped-order recovery against the merchant’s success list', () => {
  it('sets ours to success where theirs succeeded, leaves ours-only alone, and the day-cut identity holds', () => {
    const f = day();
    const status = (no: string) => f.db.prepare('SELECT status FROM pay_order WHERE order_no = ?').pluck().get(no);
    expect(f.orderNos.map(status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'pending', 'pending']);
    // their list: a2, a3 (a1 missing: their day cut), a4 (dropped on our side), z9 (unknown to us)
    const r = recoverFromMerchantList(f.db, { merchantId: 'A', date: DAY, merchantOrderNos: ['a2', 'a3', 'a4', 'z9'], localTime: '2026-11-23 09:00:00' }, f.operator, AT);
    expect(r.recovered).toEqual([f.orderNos[3]]);
    expect(r.theirsOnly).toEqual(['z9']);
    expect(r.oursOnly).toEqual([f.orderNos[0]]);
    expect(r.identityHolds).toBe(true);
    expect(f.orderNos.map(status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'pending']);
    // the recovered order is booked: an entry flow on the day we learned of it
    expect(f.db.prepare("SELECT accounting_date FROM entry_flow WHERE order_no = ? AND direction = 'in'").pluck().get(f.orderNos[3])).toBe('2026-11-23');
  });

  it('recovers a day once, never twice', () => {
    const f = day();
    const list = { merchantId: 'A', date: DAY, merchantOrderNos: ['a4'], localTime: '2026-11-23 09:00:00' };
    recoverFromMerchantList(f.db, list, f.operator, AT);
    expect(payDeskErrorOf(() => recoverFromMerchantList(f.db, { ...list, merchantOrderNos: ['a5'] }, f.operator, AT)).message).toMatch(/already recovered/);
    expect(f.db.prepare('SELECT status FROM pay_order WHERE order_no = ?').pluck().get(f.orderNos[4])).toBe('pending');
  });
});
