import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { getAccount, requireAccount, checkLedgerIntegrity, trialBalance } from '../ledger/index.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { RETRY_DELAYS_SECONDS, runNotifications } from './notify.js';
import type { ChargeOutcome, Gateway } from './gateway.js';
import { signParams, verifySignature } from '../merchants/signature.js';
import { AT } from '../testing/ledger-fixture.js';
import { createMerchant } from '../merchants/merchants.js';
import { terms } from '../testing/payments-fixture.js';
import { DEFAULT_RISK_RULES } from '../risk/rules.js';

const DAY = '2026-11-22';

/** A gateway that answers charges from a script, in order; refunds always succeed. */
function scripted(...outcomes: ChargeOutcome['outcome'][]): Gateway {
  let n = 0;
  return {
    charge: ({ orderNo, at }) => {
      const outcome = outcomes[n++] ?? 'success';
      return { outcome, channelTradeNo: `T-${orderNo}`, channelTime: at, notifiedAt: at, failureReason: outcome === 'fail' ? 'insufficient balance' : undefined };
    },
    refund: ({ refundNo, at }) => ({ outcome: 'success', channelTradeNo: `T-${refundNo}`, channelTime: at }),
  };
}


const pay = (merchantId: string, no: string, amountMinor: number, at = `${DAY} 10:00:00`, method: 'alipay' | 'wechat' | 'unionpay' | 'bank_card' | 'balance' = 'alipay') =>
  ({ merchantId, merchantOrderNo: no, payerId: `payer-${no}`, method, amountMinor, currency: 'CNY', at });

describe('pay', () => {
  it('refuses a merchant that has not opened the product, a zero amount, and a business order already paid', () => {
    const f = paymentsFixture(['A']);
    createMerchant(f.db, { id: 'W', name: 'wallet only', customer: { id: 'CW', name: 'W', kind: 'company' }, signKey: 'k'.repeat(16), currency: 'CNY', products: terms('0.6%', ['wechat']) }, AT);
    const e = f.engine();
    expect(payDeskErrorOf(() => e.run((x) => x.pay(pay('W', 'w1', 100)))).message).toContain('has not opened the product "alipay"');
    expect(payDeskErrorOf(() => e.run((x) => x.pay(pay('A', 'a0', 0)))).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => e.run((x) => x.pay(pay('NOPE', 'n1', 100)))).code).toBe('NOT_FOUND');
    e.run((x) => x.pay(pay('A', 'a1', 100)));
    expect(payDeskErrorOf(() => e.run((x) => x.pay(pay('A', 'a1', 100)))).message).toContain('already paid');
  });

  it('a failed charge leaves a failed order and no voucher', () => {
    const f = paymentsFixture(['A']);
    const r = f.engine(scripted('fail')).run((x) => x.pay(pay('A', 'a1', 100)));
    expect(r).toMatchObject({ status: 'failed', failureReason: 'channel: insufficient balance', voucherCount: 0 });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(0);
  });

  it('risk BLOCK and an unverified VERIFY fail the order with the rule that fired; a verified one goes through', () => {
    const f = paymentsFixture(['A']);
    const rules = DEFAULT_RISK_RULES.map((r) => (r.id === 'R001' ? { ...r, condition: { kind: 'payerBlocked' as const, payerIds: ['payer-bad'] } } : r));
    const e = f.engine(undefined, rules);
    const blocked = e.run((x) => x.pay(pay('A', 'bad', 1_000)));
    // nothing was charged, so no fee is reported (the order keeps the fee its terms would charge)
    expect(blocked).toMatchObject({ status: 'failed', voucherCount: 0, feeMinor: 0, risk: { decision: 'BLOCK', rule: 'R001' } });
    expect(blocked.failureReason).toContain('R001');
    const unverified = e.run((x) => x.pay(pay('A', 'v1', 5_000_001)));
    expect(unverified).toMatchObject({ status: 'failed', risk: { decision: 'VERIFY' } });
    // a VERIFY payment with the step-up check passed goes through (R103: above 5,000.00 at night; 50,000.01 is past Alipay's single limit)
    const verified = e.run((x) => x.pay({ ...pay('A', 'v2', 600_000), at: '2026-11-22 03:00:00', verified: true }));
    expect(verified).toMatchObject({ status: 'succeeded', failureReason: null, risk: { decision: 'VERIFY', rule: 'R103' } });
    expect(verified.feeMinor).toBeGreaterThan(0);
  });

  it('no channel for the payment: failed with the router’s reason', () => {
    const f = paymentsFixture(['A']);
    const r = f.engine().run((x) => x.pay({ ...pay('A', 'u1', 5_000_000), method: 'unionpay' }));
    expect(r.status).toBe('failed');
    expect(r.channel).toBeNull();
    expect(r.failureReason).toMatch(/^no channel: /);
  });

  it('splits: shares must add up, receivers must exist, the splitter cannot receive', () => {
    const f = paymentsFixture(['B', 'C', 'D']);
    const e = f.engine();
    const split = (parts: { receiverId: string; amountMinor: number }[]) => () => e.run((x) => x.pay({ ...pay('B', 's1', 1_000), split: parts }));
    expect(payDeskErrorOf(split([{ receiverId: 'C', amountMinor: 600 }, { receiverId: 'D', amountMinor: 300 }])).message).toContain('add up to 9.00, not the order amount 10.00');
    expect(payDeskErrorOf(split([{ receiverId: 'B', amountMinor: 1_000 }])).message).toContain('keeps none');
    expect(payDeskErrorOf(split([{ receiverId: 'Z', amountMinor: 1_000 }])).code).toBe('NOT_FOUND');
  });
});

describe('refund', () => {
  it('returns the fee cumulatively over partial refunds and refuses more than is left', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const { orderNo } = e.run((x) => x.pay(pay('A', 'a1', 50_000)));
    const refunds = [10_000, 10_000, 30_000].map((amountMinor, i) => e.run((x) => x.refund({ orderNo, amountMinor, reason: `r${i}`, at: `${DAY} 12:0${i}:00` })));
    expect(refunds.map((r) => r.feeReturnedMinor)).toEqual([60, 60, 180]);
    expect(refunds.map((r) => r.orderStatus)).toEqual(['partially_refunded', 'partially_refunded', 'refunded']);
    expect(payDeskErrorOf(() => e.run((x) => x.refund({ orderNo, amountMinor: 1, reason: 'again', at: `${DAY} 13:00:00` }))).code).toBe('CONFLICT');
    const { orderNo: other } = e.run((x) => x.pay(pay('A', 'a2', 1_000)));
    expect(payDeskErrorOf(() => e.run((x) => x.refund({ orderNo: other, amountMinor: 1_001, reason: 'too much', at: `${DAY} 13:00:00` }))).message).toContain('exceeds what is left to refund');
  });

  it('refuses a refund the merchant’s pending funds cannot cover, and writes nothing', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const { orderNo } = e.run((x) => x.pay(pay('A', 'a1', 10_000)));
    // Move the merchant's pending funds away first (as a settlement would).
    const pending = requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_pending', ownerRef: 'A', currency: 'CNY' });
    const available = requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: 'A', currency: 'CNY' });
    e.run((x) => x.buffer.add({ accountingDate: DAY, businessCode: '600101', summary: 'settle', lines: [
      { accountId: pending.id, direction: 'D', amountMinor: 9_940 }, { accountId: available.id, direction: 'C', amountMinor: 9_940 }] }));
    const err = payDeskErrorOf(() => e.run((x) => x.refund({ orderNo, amountMinor: 10_000, reason: 'r', at: `${DAY} 12:00:00` })));
    expect(err.code).toBe('INSUFFICIENT_FUNDS');
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM refund_order').pluck().get()).toBe(0);
  });

  it('past the channel’s refund window the refund goes out through the payout channel (410402)', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const { orderNo } = e.run((x) => x.pay({ ...pay('A', 'b1', 10_000, '2026-01-02 10:00:00', 'bank_card'), cardType: 'debit' }));
    expect(e.getOrder(orderNo).channel_code).toBe('bank_b2c'); // refund window 90 days; this refund comes 324 days later
    const r = e.run((x) => x.refund({ orderNo, amountMinor: 10_000, reason: 'late return', at: `${DAY} 10:00:00` }));
    expect(r).toMatchObject({ route: 'payout', channel: 'bank_payout' });
    expect(f.db.sqlite.prepare("SELECT channel_code, business_code, direction FROM entry_flow WHERE direction = 'out'").get())
      .toEqual({ channel_code: 'bank_payout', business_code: '410402', direction: 'out' });
  });

  it('a refund of a split payment comes back from each receiver in proportion to its share', () => {
    const f = paymentsFixture(['B', 'C', 'D']);
    const e = f.engine();
    const { orderNo } = e.run((x) => x.pay({ ...pay('B', 's1', 20_000), split: [{ receiverId: 'C', amountMinor: 12_000 }, { receiverId: 'D', amountMinor: 8_000 }] }));
    const r = e.run((x) => x.refund({ orderNo, amountMinor: 5_000, reason: 'partial', at: `${DAY} 11:00:00` }));
    expect(r.feeReturnedMinor).toBe(18 + 12);
    const refunds = f.db.sqlite.prepare("SELECT merchant_id, amount_minor FROM trans_flow WHERE type = '2' ORDER BY merchant_id").all();
    expect(refunds).toEqual([{ merchant_id: 'C', amount_minor: 3_000 }, { merchant_id: 'D', amount_minor: 2_000 }]);
    expect(checkLedgerIntegrity(f.db).ok).toBe(true);
  });
});

describe('dropped orders, late callbacks and duplicate payments', () => {
  it('a dropped order stays pending until its late callback books it on the day we learn of it; a second callback changes nothing', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine(scripted('no_callback'));
    const r = e.run((x) => x.pay(pay('A', 'a1', 10_000, `${DAY} 23:59:00`)));
    expect(r.status).toBe('pending');
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(0);
    const late = e.run((x) => x.callback({ orderNo: r.orderNo, channelTradeNo: 'T1', channelTime: `${DAY} 23:59:02`, at: '2026-11-23 00:05:00' }));
    expect(late).toMatchObject({ status: 'succeeded', changed: true, duplicateOf: null });
    expect(e.getOrder(r.orderNo).accounting_date).toBe('2026-11-23');
    expect(e.run((x) => x.callback({ orderNo: r.orderNo, channelTradeNo: 'T1', channelTime: `${DAY} 23:59:02`, at: '2026-11-23 00:06:00' })).changed).toBe(false);
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(1);
  });

  it('a second successful attempt for one business order is booked and listed as a duplicate payment', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine(scripted('no_callback', 'success'));
    const first = e.run((x) => x.pay(pay('A', 'biz-1', 3_000)));
    const second = e.run((x) => x.pay({ ...pay('A', 'biz-1', 3_000, `${DAY} 10:01:00`), method: 'wechat' }));
    expect([first.status, second.status]).toEqual(['pending', 'succeeded']);
    const late = e.run((x) => x.callback({ orderNo: first.orderNo, channelTradeNo: 'T9', channelTime: `${DAY} 10:00:01`, at: `${DAY} 10:02:00` }));
    expect(late.duplicateOf).toBe(second.orderNo);
    expect(f.db.sqlite.prepare('SELECT merchant_order_no, amount_minor, status FROM duplicate_payment').all()).toEqual([{ merchant_order_no: 'biz-1', amount_minor: 3_000, status: 'open' }]);
  });

  it('cancel: only a pending order', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine(scripted('no_callback', 'success'));
    const pending = e.run((x) => x.pay(pay('A', 'c1', 100)));
    expect(e.run((x) => x.cancel(pending.orderNo, `${DAY} 10:10:00`)).status).toBe('cancelled');
    const paid = e.run((x) => x.pay(pay('A', 'c2', 100)));
    expect(payDeskErrorOf(() => e.run((x) => x.cancel(paid.orderNo, `${DAY} 10:10:00`))).message).toContain('refund it instead');
    expect(payDeskErrorOf(() => e.run((x) => x.callback({ orderNo: pending.orderNo, channelTradeNo: 't', channelTime: `${DAY} 10:11:00`, at: `${DAY} 10:11:00` }))).code).toBe('CONFLICT');
  });
});

describe('combined payment (channel first, then prepaid card)', () => {
  it('books both parts when both succeed', () => {
    const f = paymentsFixture(['A']);
    const r = f.engine().run((x) => x.payCombined({ ...pay('A', 'k1', 10_000), balanceMinor: 3_000 }));
    expect(r.status).toBe('succeeded');
    expect(r.parts.map((p) => [p.channel, p.status])).toEqual([['alipay', 'succeeded'], ['balance', 'succeeded']]);
    expect(f.db.sqlite.prepare('SELECT business_code, amount_minor FROM entry_flow ORDER BY id').all()).toEqual([
      { business_code: '400301', amount_minor: 7_000 }, { business_code: '400302', amount_minor: 3_000 },
    ]);
  });

  it('refunds the channel part when the card part fails, and the whole payment fails', () => {
    const f = paymentsFixture(['A']);
    const r = f.engine(scripted('success', 'fail')).run((x) => x.payCombined({ ...pay('A', 'k2', 10_000), balanceMinor: 3_000 }));
    expect(r.status).toBe('failed');
    expect(f.db.sqlite.prepare('SELECT business_code, direction, amount_minor FROM entry_flow ORDER BY id').all()).toEqual([
      { business_code: '400301', direction: 'in', amount_minor: 7_000 }, { business_code: '410401', direction: 'out', amount_minor: 7_000 },
    ]);
    expect(getAccount(f.db, requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_pending', ownerRef: 'A', currency: 'CNY' }).id).balanceMinor).toBe(0);
    expect(trialBalance(f.db, DAY).balanced).toBe(true);
  });
});

describe('merchant notifications', () => {
  it('retries at growing intervals and gives up after the last, leaving the business order unsynced', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const { orderNo } = e.run((x) => x.pay(pay('A', 'n1', 100, `${DAY} 08:00:00`)));
    const first = runNotifications(f.db, `${DAY} 08:00:20`, () => false);
    expect(first).toEqual({ attempted: 2, delivered: 0, rescheduled: 2, gaveUp: 0 });
    const dues = f.db.sqlite.prepare('SELECT attempt, due_at FROM notification ORDER BY attempt').all() as { attempt: number; due_at: string }[];
    expect(dues.slice(0, 3).map((d) => d.due_at)).toEqual([`${DAY} 08:00:00`, `${DAY} 08:00:15`, `${DAY} 08:00:30`]);
    const rest = runNotifications(f.db, '2026-11-30 00:00:00', () => false);
    expect(rest.gaveUp).toBe(1);
    expect(first.attempted + rest.attempted).toBe(RETRY_DELAYS_SECONDS.length);
    expect(e.getOrder(orderNo)).toMatchObject({ notify_status: 'gave_up', business_synced: 0 });
  });

  it('marks the order delivered on the first success', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const { orderNo } = e.run((x) => x.pay(pay('A', 'n2', 100, `${DAY} 08:00:00`)));
    let calls = 0;
    expect(runNotifications(f.db, `${DAY} 09:00:00`, () => ++calls === 3).delivered).toBe(1);
    expect(e.getOrder(orderNo)).toMatchObject({ notify_status: 'delivered', business_synced: 1 });
  });
});

describe('payouts and refills', () => {
  it('a refilled payout writes a 500401/500402 pair with the same number and amount', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const available = requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: 'A', currency: 'CNY' });
    expect(payDeskErrorOf(() => e.run((x) => x.withdraw({ merchantId: 'A', amountMinor: 100, currency: 'CNY', bankAccount: '6222', at: `${DAY} 09:00:00` }))).code).toBe('INSUFFICIENT_FUNDS');
    e.run((x) => x.buffer.add({ accountingDate: DAY, businessCode: '100001', summary: 'opening', lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: 50_000 }, { accountId: available.id, direction: 'C', amountMinor: 50_000 }] }));
    const { payoutNo } = e.run((x) => x.withdraw({ merchantId: 'A', amountMinor: 20_000, currency: 'CNY', bankAccount: '6222', at: `${DAY} 09:00:00` }));
    e.run((x) => x.refillPayout(payoutNo, `${DAY} 15:00:00`));
    expect(f.db.sqlite.prepare('SELECT business_code, order_no, direction, amount_minor FROM entry_flow ORDER BY id').all()).toEqual([
      { business_code: '500401', order_no: payoutNo, direction: 'out', amount_minor: 20_000 },
      { business_code: '500402', order_no: payoutNo, direction: 'in', amount_minor: 20_000 },
    ]);
    expect(getAccount(f.db, available.id).balanceMinor).toBe(50_000);
    expect(payDeskErrorOf(() => e.run((x) => x.refillPayout(payoutNo, `${DAY} 16:00:00`))).code).toBe('CONFLICT');
  });
});

describe('request signatures', () => {
  it('signs sorted non-empty parameters with the key and refuses a tampered request', () => {
    const params = { merchant_id: 'A', out_trade_no: 'a1', total_fee: 100, body: '', nonce: 'x1' };
    const sign = signParams(params, 'key-A-0123456789abcdef');
    expect(sign).toMatch(/^[0-9A-F]{32}$/);
    expect(verifySignature({ ...params, sign }, 'key-A-0123456789abcdef')).toBe(true);
    expect(verifySignature({ ...params, total_fee: 101, sign }, 'key-A-0123456789abcdef')).toBe(false);
    expect(verifySignature({ ...params, sign }, 'wrong-key-0123456789')).toBe(false);
    // order of keys does not matter; empty values are left out
    expect(signParams({ nonce: 'x1', total_fee: 100, out_trade_no: 'a1', merchant_id: 'A' }, 'key-A-0123456789abcdef')).toBe(sign);
  });
});
