import { describe, expect, it } from 'vitest';
import { callApi } from './index.js';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { signParams, type SignedParams } from '../merchants/signature.js';
import { AT } from '../testing/ledger-fixture.js';
import { fixedClock } from '../clock.js';
import { PayDeskError } from '../errors.js';

describe('orders.pay through the API', () => {
  const KEY_A = 'key-A-0123456789abcdef';
  const STAMP = Date.parse(AT) / 1000;
  const request = { merchantId: 'A', merchantOrderNo: 'web-1', payerId: 'u1', method: 'alipay' as const, amountMinor: 12_345, currency: 'CNY', at: '2026-11-22 10:00:00', nonce: 'nonce-0001', timestamp: STAMP };
  /** What a merchant sends: the fields and the signature over all of them. */
  const signedRequest = <T extends SignedParams>(fields: T, key = KEY_A) => ({ ...fields, sign: signParams(fields, key) });
  const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as PayDeskError);
  const orderCount = (f: ReturnType<typeof paymentsFixture>) => f.db.sqlite.prepare('SELECT COUNT(*) FROM pay_order').pluck().get();

  it('accepts a request signed with the merchant key and books it', async () => {
    const f = paymentsFixture(['A']);
    const r = await callApi(f.ctx(f.operator), 'orders.pay', signedRequest(request));
    expect(r).toMatchObject({ status: 'succeeded', channel: 'alipay', feeMinor: 74 });
    const got = await callApi(f.ctx(f.operator), 'orders.get', { orderNo: r.orderNo });
    expect(got.fundFlows.map((x) => x.amount_minor)).toEqual([12_345, -74]);
  });

  it('refuses a changed amount as a bad signature, listing the signed fields, and writes nothing', async () => {
    const f = paymentsFixture(['A']);
    const refused = await failure(callApi(f.ctx(f.operator), 'orders.pay', { ...signedRequest(request), amountMinor: 99_999 }));
    expect(refused).toBeInstanceOf(PayDeskError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', reason: 'BAD_SIGNATURE', params: { fields: 'amountMinor,at,currency,merchantId,merchantOrderNo,method,nonce,payerId,timestamp' } });
    expect(orderCount(f)).toBe(0);
  });

  it('refuses "verified": true added to a signed request that risk sends to VERIFY, naming the field', async () => {
    const f = paymentsFixture(['A']);
    const big = { ...request, at: '2026-11-22 02:30:00', amountMinor: 600_000 }; // R103, a large payment at night: a step-up check
    const added = await failure(callApi(f.ctx(f.operator), 'orders.pay', { ...signedRequest(big), verified: true }));
    expect(added).toMatchObject({ code: 'FORBIDDEN', reason: 'UNSIGNED_FIELD', params: { field: 'verified' } });
    expect(added.message).toContain('verified');
    expect(orderCount(f)).toBe(0);
    // without the flag risk holds it; with the flag signed by the merchant it goes through
    expect(await callApi(f.ctx(f.operator), 'orders.pay', signedRequest(big))).toMatchObject({ status: 'failed', risk: { decision: 'VERIFY' } });
    const verified = await callApi(f.ctx(f.operator), 'orders.pay', signedRequest({ ...big, merchantOrderNo: 'web-2', nonce: 'nonce-0002', verified: true }));
    expect(verified).toMatchObject({ status: 'succeeded' });
  });

  it('covers the split receivers, the card type and the pay time: each added or changed one is refused', async () => {
    const f = paymentsFixture(['A', 'C', 'D']);
    const split = { ...request, method: 'alipay' as const, amountMinor: 10_000, split: [{ receiverId: 'C', amountMinor: 6_000 }, { receiverId: 'D', amountMinor: 4_000 }] };
    const good = signedRequest(split);
    const swapped = { ...good, split: [{ receiverId: 'C', amountMinor: 4_000 }, { receiverId: 'D', amountMinor: 6_000 }] };
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', swapped))).toMatchObject({ reason: 'BAD_SIGNATURE' });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', { ...good, cardType: 'credit' }))).toMatchObject({ reason: 'UNSIGNED_FIELD', params: { field: 'cardType' } });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', { ...good, at: '2026-11-22 11:00:00' }))).toMatchObject({ reason: 'BAD_SIGNATURE' });
    // a field PayDesk does not know is refused by name, not dropped unseen
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', { ...good, feeWaived: true }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('feeWaived') });
    expect(orderCount(f)).toBe(0);
    // the receivers' keys in another order sign the same: the merchant's JSON library may keep any order
    const reordered = { ...good, split: good.split.map((r) => ({ amountMinor: r.amountMinor, receiverId: r.receiverId })) };
    expect(await callApi(f.ctx(f.operator), 'orders.pay', reordered)).toMatchObject({ status: 'succeeded' });
  });

  it('refuses a replayed nonce and a timestamp outside the window; a refused request leaves its nonce unused', async () => {
    const f = paymentsFixture(['A']);
    const clock = f.ctx().clock as ReturnType<typeof fixedClock>;
    const first = signedRequest(request);
    await callApi(f.ctx(f.operator), 'orders.pay', first);
    const replay = await failure(callApi(f.ctx(f.operator), 'orders.pay', first));
    expect(replay).toMatchObject({ code: 'FORBIDDEN', reason: 'REPLAYED_REQUEST', params: { field: 'nonce', nonce: 'nonce-0001' } });
    // the same nonce for another order is a replay too (the nonce, not the order, is once only)
    const again = await failure(callApi(f.ctx(f.operator), 'orders.pay', signedRequest({ ...request, merchantOrderNo: 'web-9' })));
    expect(again).toMatchObject({ reason: 'REPLAYED_REQUEST' });

    const stale = signedRequest({ ...request, merchantOrderNo: 'web-3', nonce: 'nonce-0003', timestamp: STAMP - 301 });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', stale))).toMatchObject({ reason: 'REQUEST_EXPIRED', params: { field: 'timestamp', windowSeconds: 300 } });
    const ahead = signedRequest({ ...request, merchantOrderNo: 'web-3', nonce: 'nonce-0003', timestamp: STAMP + 301 });
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', ahead))).toMatchObject({ reason: 'REQUEST_EXPIRED' });
    // the refused ones did not use nonce-0003; inside the window it passes
    const fresh = signedRequest({ ...request, merchantOrderNo: 'web-3', nonce: 'nonce-0003', timestamp: STAMP - 300 });
    expect(await callApi(f.ctx(f.operator), 'orders.pay', fresh)).toMatchObject({ status: 'succeeded' });
    expect(orderCount(f)).toBe(2);

    // twice the window later the old nonces are forgotten: a stale stamp is refused by its time instead
    clock.advance(601_000);
    expect(await failure(callApi(f.ctx(f.operator), 'orders.pay', first))).toMatchObject({ reason: 'REQUEST_EXPIRED' });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM request_nonce').pluck().get()).toBe(2);
  });

  it('lets a reviewer read but not pay', async () => {
    const f = paymentsFixture(['A']);
    await expect(callApi(f.ctx(f.reviewer), 'orders.pay', signedRequest(request))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await callApi(f.ctx(f.reviewer), 'channels.list', {})).map((c) => c.code)).toEqual(['alipay', 'balance', 'bank_b2c', 'bank_payout', 'unionpay', 'wechat']);
  });
});
