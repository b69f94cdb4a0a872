// A business order paid twice: listed, confirmed by a reviewer, refunded in full by the original
// route by an operator — through the API, so the roles are the registry's.
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import type { Ctx } from '../api/registry.js';
import { fixedClock } from '../clock.js';
import { trialBalance } from '../ledger/index.js';
import { duplicatesCheck } from '../settlement/review-checks.js';
import { paymentsFixture } from '../testing/payments-fixture.js';
import type { ChargeOutcome, Gateway } from './gateway.js';

const DAY = '2026-11-22';

function scripted(...outcomes: ChargeOutcome['outcome'][]): Gateway {
  let n = 0;
  return {
    charge: ({ orderNo, at }) => ({ outcome: outcomes[n++] ?? 'success', channelTradeNo: `T-${orderNo}`, channelTime: at, notifiedAt: at }),
    refund: ({ refundNo, at }) => ({ outcome: 'success', channelTradeNo: `T-${refundNo}`, channelTime: at }),
  };
}

const failure = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: { code: string; message: string }) => e);

describe('duplicate payments (重复支付)', () => {
  it('are listed, confirmed by a reviewer, and refunded once by the original route with the fee returned', async () => {
    const f = paymentsFixture(['A']);
    const e = f.engine(scripted('no_callback', 'success'));
    const pay = (at: string, method: 'alipay' | 'wechat') => ({ merchantId: 'A', merchantOrderNo: 'biz-1', payerId: 'p1', method, amountMinor: 3_000, currency: 'CNY', at });
    const first = e.run((x) => x.pay(pay(`${DAY} 10:00:00`, 'alipay')));
    const second = e.run((x) => x.pay(pay(`${DAY} 10:01:00`, 'wechat')));
    e.run((x) => x.callback({ orderNo: first.orderNo, channelTradeNo: 'T9', channelTime: `${DAY} 10:00:01`, at: `${DAY} 10:02:00` }));

    const clock = fixedClock('2026-11-22T06:00:00.000Z'); // 14:00 in Shanghai, the same day
    const as = (user: typeof f.operator): Ctx => ({ db: f.db, user, clock });
    const [dup] = await callApi(as(f.operator), 'orders.duplicates', {});
    // the late callback paid a business order another attempt had paid: that one is the duplicate
    expect(dup).toMatchObject({ orderNo: first.orderNo, firstOrderNo: second.orderNo, merchantOrderNo: 'biz-1', amountMinor: 3_000, status: 'open', channel: 'alipay' });

    // while nobody has decided it, the day does not close: the duplicate payment is named
    expect(duplicatesCheck(f.db, DAY)).toMatchObject({ ok: false, detail: expect.stringContaining(`duplicate payment #${dup!.id} biz-1 30.00`) });
    expect(duplicatesCheck(f.db, '2026-11-21')).toMatchObject({ ok: true });
    expect((await failure(callApi(as(f.operator), 'orders.confirmDuplicate', { id: dup!.id }))).code).toBe('FORBIDDEN');
    expect((await failure(callApi(as(f.operator), 'orders.refundDuplicate', { id: dup!.id }))).message).toMatch(/not confirmed yet/);
    expect(await callApi(as(f.reviewer), 'orders.confirmDuplicate', { id: dup!.id })).toMatchObject({ status: 'confirmed' });
    expect(duplicatesCheck(f.db, DAY)).toMatchObject({ ok: true });

    const feeBefore = f.db.sqlite.prepare("SELECT fee_minor FROM pay_order WHERE order_no = ?").pluck().get(first.orderNo) as number;
    const { duplicate, refund } = await callApi(as(f.operator), 'orders.refundDuplicate', { id: dup!.id });
    expect(refund).toMatchObject({ status: 'succeeded', route: 'original', channel: 'alipay', amountMinor: 3_000, feeReturnedMinor: feeBefore });
    expect(duplicate).toMatchObject({ status: 'refunded', orderStatus: 'refunded' });
    // the payment that counts stands; the books balance
    expect(f.db.sqlite.prepare('SELECT status FROM pay_order WHERE order_no = ?').pluck().get(second.orderNo)).toBe('succeeded');
    expect(trialBalance(f.db, DAY).balanced).toBe(true);

    expect((await failure(callApi(as(f.operator), 'orders.refundDuplicate', { id: dup!.id }))).message).toMatch(/refunded already/);
    expect(await callApi(as(f.operator), 'orders.duplicates', { status: 'open' })).toEqual([]);
    const audit = f.db.sqlite.prepare("SELECT action FROM audit_log WHERE action LIKE 'orders.duplicate.%' ORDER BY id").pluck().all();
    expect(audit).toEqual(['orders.duplicate.confirm', 'orders.duplicate.refund']);
  });

  it('an admin who confirmed a duplicate may not also refund it; another person does', async () => {
    const f = paymentsFixture(['A']);
    const e = f.engine(scripted('no_callback', 'success'));
    const pay = (at: string, method: 'alipay' | 'wechat') => ({ merchantId: 'A', merchantOrderNo: 'biz-2', payerId: 'p1', method, amountMinor: 4_500, currency: 'CNY', at });
    const first = e.run((x) => x.pay(pay(`${DAY} 10:00:00`, 'alipay')));
    e.run((x) => x.pay(pay(`${DAY} 10:01:00`, 'wechat')));
    e.run((x) => x.callback({ orderNo: first.orderNo, channelTradeNo: 'T8', channelTime: `${DAY} 10:00:01`, at: `${DAY} 10:02:00` }));
    const clock = fixedClock('2026-11-22T06:00:00.000Z');
    const as = (user: typeof f.operator): Ctx => ({ db: f.db, user, clock });
    const [dup] = await callApi(as(f.admin), 'orders.duplicates', {});
    await callApi(as(f.admin), 'orders.confirmDuplicate', { id: dup!.id });
    expect(await failure(callApi(as(f.admin), 'orders.refundDuplicate', { id: dup!.id }))).toMatchObject({ code: 'FORBIDDEN', reason: 'MAKER_IS_CHECKER' });
    expect(f.db.sqlite.prepare('SELECT status FROM duplicate_payment WHERE id = ?').pluck().get(dup!.id)).toBe('confirmed');
    expect((await callApi(as(f.operator), 'orders.refundDuplicate', { id: dup!.id })).duplicate.status).toBe('refunded');
  });
});
