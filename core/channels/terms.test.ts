import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { callApi } from '../api/index.js';
import { loadChannels } from './store.js';
import { readFeeRate } from './fee-rate.js';
import { updateChannelTerms } from './terms.js';
import { channelFee } from './defaults.js';
import { AT } from '../testing/ledger-fixture.js';

const auditOf = (f: ReturnType<typeof paymentsFixture>, action: string) =>
  f.db.prepare('SELECT entity_id AS id, user_id AS userId, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as { id: string; userId: number; detail: string }[];

describe('fee rates as people write them', () => {
  it('reads a percentage, per mille or plain fraction into one stored decimal string, exactly', () => {
    expect(readFeeRate('0.38%', 'x')).toBe('0.0038');
    expect(readFeeRate(' 0.0038 ', 'x')).toBe('0.0038');
    expect(readFeeRate('3.8‰', 'x')).toBe('0.0038');
    expect(readFeeRate('0.6%', 'x')).toBe('0.006');
    expect(readFeeRate('0', 'x')).toBe('0');
    // 0.1 + 0.2 style float error cannot creep in: decimal.js all the way
    expect(readFeeRate('0.0003%', 'x')).toBe('0.000003');
  });

  it('refuses what is not a rate, with the reason', () => {
    expect(payDeskErrorOf(() => readFeeRate('abc', 'channel alipay')).message).toBe('channel alipay: fee rate "abc" is not a number (write 0.38% or 0.0038)');
    expect(payDeskErrorOf(() => readFeeRate('', 'x')).message).toMatch(/empty/);
    expect(payDeskErrorOf(() => readFeeRate('-0.1%', 'x')).message).toMatch(/between 0 and 20%/);
    expect(payDeskErrorOf(() => readFeeRate('25%', 'x')).message).toMatch(/between 0 and 20%/);
    expect(payDeskErrorOf(() => readFeeRate('0.00001%', 'x')).message).toMatch(/more than 6 decimals/);
  });
});

describe('channel terms', () => {
  it('an admin changes the fee rate and limits; the next fee uses it; the change is audited with before and after', async () => {
    const f = paymentsFixture();
    const updated = await callApi(f.ctx(f.admin), 'channels.update', { code: 'alipay', feeRate: '0.6%', singleMaxMinor: 1_000_000, cutoff: '23:30' });
    expect(updated).toMatchObject({ code: 'alipay', feeRate: '0.006', singleMaxMinor: 1_000_000, cutoff: '23:30' });
    const alipay = loadChannels(f.db).find((c) => c.code === 'alipay')!;
    expect(alipay.feeRate).toBe('0.006');
    expect(channelFee(alipay, 12_345)).toBe(74); // 0.6% of 123.45 = 0.7407 → 0.74
    const [audit] = auditOf(f, 'channel.update');
    expect(audit!.id).toBe('alipay');
    expect(audit!.userId).toBe(f.admin.id);
    expect(JSON.parse(audit!.detail)).toEqual({
      before: { feeRate: '0.0038', singleMaxMinor: 5_000_000, cutoff: '00:00' },
      after: { feeRate: '0.006', singleMaxMinor: 1_000_000, cutoff: '23:30' },
    });
    // nothing changed: nothing written, nothing audited
    await callApi(f.ctx(f.admin), 'channels.update', { code: 'alipay', feeRate: '0.006' });
    expect(auditOf(f, 'channel.update')).toHaveLength(1);
  });

  it('a channel set down drops out of routing at the basic level', async () => {
    const f = paymentsFixture();
    await callApi(f.ctx(f.admin), 'channels.update', { code: 'unionpay', status: 'down' });
    const preview = await callApi(f.ctx(f.operator), 'routing.preview', { method: 'bank_card', amountMinor: 10_000, cardType: 'debit', localTime: '2026-11-22 10:00:00' });
    expect(preview.channel).toBe('bank_b2c');
    expect(preview.steps[0]!.dropped).toContainEqual({ channel: 'unionpay', reason: 'channel is down', reasonZh: '渠道已停用' });
  });

  it('refuses broken terms before writing anything, each with its reason', () => {
    const f = paymentsFixture();
    const change = (c: Parameters<typeof updateChannelTerms>[1]) => payDeskErrorOf(() => updateChannelTerms(f.db, c, f.admin, AT)).message;
    expect(change({ code: 'alipay', singleMaxMinor: 0 })).toMatch(/single limit must be a positive amount/);
    expect(change({ code: 'alipay', singleMaxMinor: 60_000_000_000 })).toMatch(/single limit 600,000,000.00 is above the daily limit 500,000,000.00/);
    expect(change({ code: 'alipay', cutoff: '24:10' })).toMatch(/cut-off must be HH:mm/);
    expect(change({ code: 'alipay', openFrom: '08:00' })).toMatch(/give both opening and closing times/);
    expect(change({ code: 'alipay', openFrom: '08:00', openTo: '08:00' })).toMatch(/no hours open/);
    expect(change({ code: 'alipay', feeRate: '1e-3' })).toMatch(/fee rate/);
    expect(change({ code: 'nope' })).toMatch(/unknown channel/);
    expect(loadChannels(f.db).find((c) => c.code === 'alipay')).toMatchObject({ feeRate: '0.0038', singleMaxMinor: 5_000_000, cutoff: '00:00', openFrom: null });
    expect(auditOf(f, 'channel.update')).toHaveLength(0);
  });

  it('only an admin may change terms: the core refuses an operator whatever the screen shows', async () => {
    const f = paymentsFixture();
    await expect(callApi(f.ctx(f.operator), 'channels.update', { code: 'alipay', feeRate: '1%' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callApi(f.ctx(f.reviewer), 'channels.update', { code: 'alipay', feeRate: '1%' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(loadChannels(f.db).find((c) => c.code === 'alipay')!.feeRate).toBe('0.0038');
  });
});
