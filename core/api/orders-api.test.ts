// Combined payments and late callbacks through the API, not only the engine: a merchant signs the
// prepaid part like every other field; a channel's late success books a pending order once.
import { describe, expect, it } from 'vitest';
import { callApi } from './index.js';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { signParams, type SignedParams } from '../merchants/signature.js';
import { AT } from '../testing/ledger-fixture.js';
import type { PayDeskError } from '../errors.js';
import type { Gateway } from '../orders/gateway.js';

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
