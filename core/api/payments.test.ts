import { describe, expect, it } from 'vitest';
import { callApi } from './index.js';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { signParams } from '../merchants/signature.js';
import { PayDeskError } from '../errors.js';

describe('orders.pay through the API', () => {
  const request = { merchantId: 'A', merchantOrderNo: 'web-1', payerId: 'u1', method: 'alipay' as const, amountMinor: 12_345, currency: 'CNY', at: '2026-11-22 10:00:00' };
  const signed = (key: string) => signParams({ merchantId: 'A', merchantOrderNo: 'web-1', payerId: 'u1', method: 'alipay', amountMinor: 12_345, currency: 'CNY' }, key);

  it('accepts a request signed with the merchant key and books it', async () => {
    const f = paymentsFixture(['A']);
    const r = await callApi(f.ctx(f.operator), 'orders.pay', { ...request, sign: signed('key-A-0123456789abcdef') });
    expect(r).toMatchObject({ status: 'succeeded', channel: 'alipay', feeMinor: 74 });
    const got = await callApi(f.ctx(f.operator), 'orders.get', { orderNo: r.orderNo });
    expect(got.fundFlows.map((x) => x.amount_minor)).toEqual([12_345, -74]);
  });

  it('refuses a bad signature with a clear error and writes nothing', async () => {
    const f = paymentsFixture(['A']);
    const call = callApi(f.ctx(f.operator), 'orders.pay', { ...request, amountMinor: 99_999, sign: signed('key-A-0123456789abcdef') });
    await expect(call).rejects.toThrow(PayDeskError);
    await expect(call).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'bad signature on the request of merchant A' });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM pay_order').pluck().get()).toBe(0);
  });

  it('lets a reviewer read but not pay', async () => {
    const f = paymentsFixture(['A']);
    await expect(callApi(f.ctx(f.reviewer), 'orders.pay', { ...request, sign: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await callApi(f.ctx(f.reviewer), 'channels.list', {})).map((c) => c.code)).toEqual(['alipay', 'balance', 'bank_b2c', 'bank_payout', 'unionpay', 'wechat']);
  });
});
