import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHANNEL_CODES, type Channel } from './types.js';
import { DEFAULT_CHANNELS, channelByCode, channelFee } from './defaults.js';

describe('DEFAULT_CHANNELS', () => {
  it('has the six channel codes, once each, in contract order', () => {
    expect(DEFAULT_CHANNELS.map((c) => c.code)).toEqual([...CHANNEL_CODES]);
  });

  it('carries the agreed terms', () => {
    const terms = DEFAULT_CHANNELS.map((c) => ({
      code: c.code, kind: c.kind, methods: c.methods, cardTypes: c.cardTypes, fee: c.feeRate,
      single: c.singleMaxMinor, cutoff: c.cutoff, open: [c.openFrom, c.openTo], refund: c.refundWindowDays,
      success: c.successRateBp, latency: c.latencyMs,
    }));
    expect(terms).toEqual([
      { code: 'alipay', kind: 'wallet', methods: ['alipay'], cardTypes: [], fee: '0.0038', single: 5_000_000, cutoff: '00:00', open: [null, null], refund: 365, success: 9950, latency: 350 },
      { code: 'wechat', kind: 'wallet', methods: ['wechat'], cardTypes: [], fee: '0.0038', single: 5_000_000, cutoff: '00:00', open: [null, null], refund: 365, success: 9930, latency: 400 },
      { code: 'unionpay', kind: 'card', methods: ['unionpay', 'bank_card'], cardTypes: ['debit', 'credit'], fee: '0.0055', single: 2_000_000, cutoff: '23:00', open: [null, null], refund: 180, success: 9800, latency: 600 },
      { code: 'bank_b2c', kind: 'bank', methods: ['bank_card'], cardTypes: ['debit'], fee: '0.0025', single: 10_000_000, cutoff: '23:30', open: ['00:30', '23:30'], refund: 90, success: 9790, latency: 550 },
      { code: 'bank_payout', kind: 'payout', methods: [], cardTypes: [], fee: '0.0010', single: 50_000_000, cutoff: '17:00', open: [null, null], refund: 0, success: 9900, latency: 1500 },
      { code: 'balance', kind: 'internal', methods: ['balance'], cardTypes: [], fee: '0', single: 100_000_000, cutoff: '00:00', open: [null, null], refund: 365, success: 10000, latency: 20 },
    ]);
    for (const c of DEFAULT_CHANNELS) {
      expect(c.currencies).toEqual(['CNY']);
      expect(c.feeRounding).toBe('HALF_UP');
      expect(c.status).toBe('up');
      expect(c.dailyMaxMinor).toBeGreaterThan(c.singleMaxMinor);
      expect(c.name).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('cannot be edited in place by a caller', () => {
    const alipay = DEFAULT_CHANNELS[0] as Channel;
    expect(() => {
      alipay.feeRate = '0.5';
    }).toThrow(TypeError);
    expect(() => alipay.methods.push('bank_card')).toThrow(TypeError);
  });
});

describe('channelByCode', () => {
  it('finds a channel and refuses an unknown code', () => {
    expect(channelByCode('unionpay').nameEn).toBe('UnionPay');
    expect(() => channelByCode('paypal')).toThrow('unknown channel "paypal"');
  });
});

describe('channelFee', () => {
  it('gives exact fees in fen, rounded half up', () => {
    expect(channelFee(channelByCode('alipay'), 12_345)).toBe(47); // 46.911
    expect(channelFee(channelByCode('wechat'), 12_500)).toBe(48); // 47.5, half up
    expect(channelFee(channelByCode('unionpay'), 12_345)).toBe(68); // 67.8975
    expect(channelFee(channelByCode('bank_b2c'), 12_345)).toBe(31); // 30.8625
    expect(channelFee(channelByCode('bank_b2c'), 200)).toBe(1); // 0.5, half up
    expect(channelFee(channelByCode('bank_payout'), 12_345)).toBe(12); // 12.345
    expect(channelFee(channelByCode('balance'), 12_345)).toBe(0);
    expect(channelFee(channelByCode('alipay'), 131)).toBe(0); // 0.4978
    expect(channelFee(channelByCode('alipay'), 132)).toBe(1); // 0.5016
    expect(channelFee(channelByCode('alipay'), 5_000_000)).toBe(19_000);
    expect(channelFee(channelByCode('alipay'), 0)).toBe(0);
  });

  it("uses the channel's own rounding rule", () => {
    const evenB2c: Channel = { ...channelByCode('bank_b2c'), feeRounding: 'HALF_EVEN' };
    expect(channelFee(evenB2c, 200)).toBe(0); // 0.5 → 0
    expect(channelFee(evenB2c, 600)).toBe(2); // 1.5 → 2
    expect(channelFee({ ...evenB2c, feeRounding: 'DOWN' }, 12_345)).toBe(30);
  });

  it('matches exact integer arithmetic for any amount', () => {
    // 0.0038 = 38 / 10,000: half up of amount × 38 / 10,000 for a non-negative amount
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (amount) => {
        const product = BigInt(amount) * 38n;
        const expected = product / 10_000n + (product % 10_000n >= 5_000n ? 1n : 0n);
        expect(channelFee(channelByCode('alipay'), amount)).toBe(Number(expected));
      }),
    );
  });
});
