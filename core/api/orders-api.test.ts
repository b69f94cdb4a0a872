// Combined payments and late callbacks through the API, not only the engine: a merchant signs the
// prepaid part like every other field; a channel's late success books a pending order once.
import { describe, expect, it } from 'vitest';
import { callApi } from './index.js';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { signParams, type SignedParams } from '../merchants/signature.js';
import { AT } from '../testing/ledger-fixture.js';
import type { PayDeskError } from '../errors.js';
import type { Gateway } from '../orders/gateway.js';
import { requireAccount } from '../ledger/accounts.js';
import { postVouchers } from '../ledger/post.js';

const KEY_A = 'key-A-0123456789abcdef';
const STAMP = Date.parse(AT) / 1000;
const signed = <T extends SignedParams>(fields: T) => ({ ...fields, sign: signParams(fields, KEY_A) });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as PayDeskError);
const request = { merchantId: 'A', merchantOrderNo: 'web-1', payerId: 'u1', method: 'alipay' as const, amountMinor: 10_000, currency: 'CNY', at: '2026-11-22 10:00:00', nonce: 'nonce-0001', timestamp: STAMP };

/** A channel that takes the charge but never calls back: the order stays pending (掉单). */
const silentGateway: Gateway = {
  charge: ({ orderNo, at }) => ({ outcome: 'no_callback', channelTradeNo: `T-${orderNo}`, channelTime: at, notifiedAt: at }),
  refund: ({ refundNo, at }) => ({ outcome: 'success', channelTradeNo: `T-${refundNo}`, channelTime: at }),
};

describe('combined payment through orders.pay', () => {
  it('books the channel part and the prepaid part, the prepaid amount signed like every field', async () => {
    const f = paymentsFixture(['A']);
    const r = await callApi(f.ctx(f.operator), 'orders.pay', signed({ ...request, balanceMinor: 3_000 }));
    expect(r).toMatchObject({ status: 'succeeded' });
    expect(f.db.sqlite.prepare('SELECT business_code, amount_minor FROM entry_flow ORDER BY id').all()).toEqual([
      { business_code: '400301', amount_minor: 7_000 }, { business_code: '400302', amount_minor: 3_000 },
    ]);
    const got = await callApi(f.ctx(f.operator), 'orders.get', { orderNo: r.orderNo });
    expect(got.order).toMatchObject({ kind: 'combined', status: 'succeeded', amount_minor: 10_000 });
    // a prepaid part added after signing is refused by name
    const added = await failure(callApi(f.ctx(f.operator), 'orders.pay', { ...signed({ ...request, merchantOrderNo: 'web-2', nonce: 'nonce-0002' }), balanceMinor: 9_999 }));
    expect(added).toMatchObject({ reason: 'UNSIGNED_FIELD', params: { field: 'balanceMinor' } });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', signed({ ...request, merchantOrderNo: 'web-3', nonce: 'nonce-0003', balanceMinor: 10_000 }))))
      .toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('less than the order amount') });
  });
});

describe('a late channel callback through orders.callback', () => {
  it('books a pending order on the day we learn of it, once; a reviewer may not, and a cancelled order is refused', async () => {
    const f = paymentsFixture(['A']);
    const pending = f.engine(silentGateway).run((e) => e.pay({ merchantId: 'A', merchantOrderNo: 'biz-1', payerId: 'u1', method: 'alipay', amountMinor: 5_000, currency: 'CNY', at: '2026-11-22 09:00:00' }));
    expect(pending.status).toBe('pending');
    const input = { orderNo: pending.orderNo, channelTradeNo: '2026112200001', channelTime: '2026-11-22 09:00:03' };
    expect(await failure(callApi(f.ctx(f.reviewer), 'orders.callback', input))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await callApi(f.ctx(f.operator), 'orders.callback', input)).toMatchObject({ status: 'succeeded', changed: true, duplicateOf: null });
    expect(await callApi(f.ctx(f.operator), 'orders.callback', input)).toMatchObject({ changed: false });
    expect(f.db.sqlite.prepare("SELECT COUNT(*) FROM entry_flow WHERE business_code = '400301'").pluck().get()).toBe(1);
    const other = f.engine(silentGateway).run((e) => e.pay({ merchantId: 'A', merchantOrderNo: 'biz-2', payerId: 'u1', method: 'alipay', amountMinor: 700, currency: 'CNY', at: '2026-11-22 09:10:00' }));
    await callApi(f.ctx(f.operator), 'orders.cancel', { orderNo: other.orderNo });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.callback', { ...input, orderNo: other.orderNo }))).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('a compensation above the original through orders.compensate', () => {
  it('refunds what is left by the original route and pays the rest from the merchant’s available balance through the payout channel', async () => {
    const f = paymentsFixture(['A']);
    const available = requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: 'A', currency: 'CNY' });
    postVouchers(f.post, [{ accountingDate: '2026-11-22', businessCode: '100001', summary: 'opening', lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: 5_000 }, { accountId: available.id, direction: 'C', amountMinor: 5_000 }] }]);
    const paid = f.engine().run((e) => e.pay({ merchantId: 'A', merchantOrderNo: 'biz-9', payerId: 'u1', method: 'alipay', amountMinor: 10_000, currency: 'CNY', at: '2026-11-22 09:00:00' }));
    await callApi(f.ctx(f.operator), 'orders.refund', { orderNo: paid.orderNo, amountMinor: 3_000, reason: 'part', at: '2026-11-22 09:30:00' });
    const input = { orderNo: paid.orderNo, amountMinor: 15_000, reason: '商品损坏赔付 damaged goods', payeeAccount: '6222020200112233', at: '2026-11-22 10:00:00' };

    expect(await failure(callApi(f.ctx(f.reviewer), 'orders.compensate', input))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.compensate', { ...input, amountMinor: 7_000 })))
      .toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('refund it instead') });
    // 70.00 left goes back by alipay; 80.00 above the original would need more than the 50.00 available: nothing is written
    const before = f.db.sqlite.prepare('SELECT (SELECT COUNT(*) FROM refund_order) + (SELECT COUNT(*) FROM payout_order) + (SELECT COUNT(*) FROM voucher)').pluck().get();
    expect(await failure(callApi(f.ctx(f.operator), 'orders.compensate', input))).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect(f.db.sqlite.prepare('SELECT (SELECT COUNT(*) FROM refund_order) + (SELECT COUNT(*) FROM payout_order) + (SELECT COUNT(*) FROM voucher)').pluck().get()).toBe(before);

    const r = await callApi(f.ctx(f.operator), 'orders.compensate', { ...input, amountMinor: 11_000 });
    expect(r).toMatchObject({ totalMinor: 11_000, aboveMinor: 4_000, refund: { route: 'original', channel: 'alipay', amountMinor: 7_000, orderStatus: 'refunded' } });
    expect(f.db.sqlite.prepare("SELECT channel_code, business_code, order_no, direction, amount_minor FROM entry_flow WHERE business_code IN ('410401', '410501') ORDER BY id").all()).toEqual([
      { channel_code: 'alipay', business_code: '410401', order_no: expect.stringMatching(/^R/), direction: 'out', amount_minor: 3_000 },
      { channel_code: 'alipay', business_code: '410401', order_no: r.refund!.refundNo, direction: 'out', amount_minor: 7_000 },
      { channel_code: 'bank_payout', business_code: '410501', order_no: r.payoutNo, direction: 'out', amount_minor: 4_000 },
    ]);
    const voucher = f.db.sqlite.prepare(
      `SELECT a.account_no, l.direction, l.amount_minor FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN account a ON a.id = l.account_id
        WHERE v.business_code = '410501' ORDER BY l.direction DESC`).all();
    expect(voucher).toEqual([
      { account_no: '2241.02-A-CNY', direction: 'D', amount_minor: 4_000 },
      { account_no: '1122.01-bank_payout-CNY', direction: 'C', amount_minor: 4_000 },
    ]);
    const got = await callApi(f.ctx(f.operator), 'orders.get', { orderNo: paid.orderNo });
    expect(got.compensations).toEqual([expect.objectContaining({ payout_no: r.payoutNo, refund_no: r.refund!.refundNo, amount_minor: 4_000, bank_account: '6222020200112233' })]);
    // once fully refunded, the whole of a further compensation goes through the payout channel
    const again = await callApi(f.ctx(f.operator), 'orders.compensate', { ...input, amountMinor: 500 });
    expect(again).toMatchObject({ refund: null, aboveMinor: 500 });
    expect(() => f.engine().run((e) => e.refillPayout(r.payoutNo, '2026-11-22 11:00:00'))).toThrow(/compensation/);
  });
});
