import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CHANNELS, channelByCode } from '../channels/defaults.js';
import { CHANNEL_CODES, PAY_METHODS, type Channel, type ChannelCode } from '../channels/types.js';
import { route } from './router.js';
import { rankByQuality } from './ranking.js';
import type { RouteRequest } from './types.js';

function request(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return {
    merchantId: 'M001',
    method: 'bank_card',
    amountMinor: 1_000_000, // 10,000.00
    currency: 'CNY',
    cardType: 'debit',
    localTime: '2026-11-20 14:00:00',
    merchantBlockedChannels: [],
    usedTodayMinor: {},
    ...overrides,
  };
}

/** The default channels with some of them changed. */
function channelsWith(changes: Partial<Record<ChannelCode, Partial<Channel>>>): Channel[] {
  return DEFAULT_CHANNELS.map((c) => ({ ...c, ...changes[c.code] }));
}

const NOT_BANK_CARD = [
  { channel: 'alipay', reason: 'does not take method bank_card' },
  { channel: 'wechat', reason: 'does not take method bank_card' },
];
const PAYOUT_AND_BALANCE = [
  { channel: 'bank_payout', reason: 'does not take method bank_card' },
  { channel: 'balance', reason: 'does not take method bank_card' },
];

describe('route: wallets', () => {
  it('keeps a wallet payment on its own channel', () => {
    const decision = route(request({ method: 'alipay', cardType: undefined }), DEFAULT_CHANNELS);
    expect(decision).toMatchObject({
      channel: 'alipay',
      steps: [
        {
          level: 'basic',
          kept: ['alipay'],
          dropped: ['wechat', 'unionpay', 'bank_b2c', 'bank_payout', 'balance'].map((channel) => ({
            channel,
            reason: 'wallet payment alipay is not rerouted to another channel',
          })),
        },
        { level: 'feature', kept: ['alipay'], dropped: [] },
        { level: 'quality', kept: ['alipay'], dropped: [] },
      ],
      reason: 'Wallet payment alipay stays on its own channel alipay (the cashier chooses wallets), and it passed every check.',
    });
  });

  it('never reroutes a wallet payment, even when its channel cannot take it', () => {
    const down = route(request({ method: 'wechat' }), channelsWith({ wechat: { status: 'down' } }));
    expect(down.channel).toBeNull();
    expect(down.steps[0]!.dropped.find((d) => d.channel === 'wechat')?.reason).toBe('channel is down');
    expect(down.reason).toBe(
      'No channel can take this payment: alipay — wallet payment wechat is not rerouted to another channel; ' +
        'wechat — channel is down; unionpay — wallet payment wechat is not rerouted to another channel; ' +
        'bank_b2c — wallet payment wechat is not rerouted to another channel; ' +
        'bank_payout — wallet payment wechat is not rerouted to another channel; ' +
        'balance — wallet payment wechat is not rerouted to another channel.',
    );
    const tooBig = route(request({ method: 'alipay', amountMinor: 6_000_000 }), DEFAULT_CHANNELS);
    expect(tooBig.channel).toBeNull();
    expect(tooBig.steps[0]!.dropped[0]).toMatchObject({ channel: 'alipay', reason: 'amount 60,000.00 exceeds single limit 50,000.00' });
  });
});

describe('route: cards and bank gateways', () => {
  it('sends a debit card to the bank gateway, in UnionPay’s success tier and quicker; a credit card to UnionPay', () => {
    const decision = route(request(), DEFAULT_CHANNELS);
    expect(decision.channel).toBe('bank_b2c');
    expect(decision.steps.map((s) => s.kept)).toEqual([['unionpay', 'bank_b2c'], ['unionpay', 'bank_b2c'], ['bank_b2c', 'unionpay']]);
    expect(decision.reason).toBe('bank_b2c chosen over unionpay: success rates within 0.50% count as equal (97.90% vs 98.00%), and latency is lower (550 ms vs 600 ms).');
    const credit = route(request({ cardType: 'credit' }), DEFAULT_CHANNELS);
    expect(credit.channel).toBe('unionpay');
    expect(credit.steps[0]!.dropped).toContainEqual(expect.objectContaining({ channel: 'bank_b2c', reason: 'does not take credit cards (debit only)' }));
  });

  it('prefers UnionPay for a debit card once it is clearly more reliable than the gateway', () => {
    const decision = route(request(), channelsWith({ bank_b2c: { successRateBp: 9700 } }));
    expect(decision.channel).toBe('unionpay');
    expect(decision.reason).toBe('unionpay chosen over bank_b2c: higher success rate (98.00% vs 97.00%).');
  });

  it("sends a card payment above UnionPay's single limit to bank_b2c", () => {
    const decision = route(request({ amountMinor: 2_500_000 }), DEFAULT_CHANNELS);
    expect(decision).toMatchObject({
      channel: 'bank_b2c',
      steps: [
        {
          level: 'basic',
          kept: ['bank_b2c'],
          dropped: [...NOT_BANK_CARD, { channel: 'unionpay', reason: 'amount 25,000.00 exceeds single limit 20,000.00' }, ...PAYOUT_AND_BALANCE],
        },
        { level: 'feature', kept: ['bank_b2c'], dropped: [] },
        { level: 'quality', kept: ['bank_b2c'], dropped: [] },
      ],
      reason: 'bank_b2c is the only channel that passed the basic and feature checks.',
    });
    // exactly at the limit UnionPay is still a candidate (a credit card, which the gateway does not take, shows it)
    expect(route(request({ amountMinor: 2_000_000, cardType: 'credit' }), DEFAULT_CHANNELS).channel).toBe('unionpay');
    expect(route(request({ amountMinor: 2_000_001, cardType: 'credit' }), DEFAULT_CHANNELS).channel).toBeNull();
  });

  it('checks card types: bank_b2c takes debit only, and needs to know the type', () => {
    const b2cOnly = channelsWith({ unionpay: { status: 'down' } });
    const credit = route(request({ cardType: 'credit' }), b2cOnly);
    expect(credit.channel).toBeNull();
    expect(credit.steps[0]!.dropped.find((d) => d.channel === 'bank_b2c')?.reason).toBe('does not take credit cards (debit only)');
    const unknown = route(request({ cardType: undefined }), b2cOnly);
    expect(unknown.steps[0]!.dropped.find((d) => d.channel === 'bank_b2c')?.reason).toBe('card type not given (takes debit only)');
    // UnionPay takes both, so a credit card goes there
    expect(route(request({ cardType: 'credit' }), DEFAULT_CHANNELS).channel).toBe('unionpay');
  });

  it('refuses a currency no channel takes', () => {
    const decision = route(request({ currency: 'USD' }), DEFAULT_CHANNELS);
    expect(decision.channel).toBeNull();
    expect(decision.steps[0]!.dropped.find((d) => d.channel === 'unionpay')?.reason).toBe('does not take currency USD (takes CNY)');
  });

  it('routes a UnionPay-method payment only to UnionPay', () => {
    const decision = route(request({ method: 'unionpay', cardType: 'credit' }), DEFAULT_CHANNELS);
    expect(decision.steps[0]!.kept).toEqual(['unionpay']);
    expect(route(request({ method: 'balance', cardType: undefined }), DEFAULT_CHANNELS).channel).toBe('balance');
  });
});

describe('route: feature factors', () => {
  it('skips bank_b2c at 23:45 (closed) and says so', () => {
    const unionpayDegraded = channelsWith({ unionpay: { status: 'degraded' } });
    expect(route(request(), unionpayDegraded).channel).toBe('bank_b2c');
    const late = route(request({ localTime: '2026-11-20 23:45:00' }), unionpayDegraded);
    expect(late.channel).toBe('unionpay');
    expect(late.steps[1]).toMatchObject({
      level: 'feature',
      kept: ['unionpay'],
      dropped: [{ channel: 'bank_b2c', reason: 'closed at 23:45 (open 00:30–23:30)' }],
    });
    expect(late.reason).toBe('unionpay is the only channel that passed the basic and feature checks.');
  });

  it('opens bank_b2c at 00:30:00 and closes it at 23:30:00', () => {
    const b2cOnly = channelsWith({ unionpay: { status: 'down' } });
    const at = (time: string) => route(request({ localTime: `2026-11-20 ${time}` }), b2cOnly).channel;
    expect([at('00:29:59'), at('00:30:00'), at('23:29:59'), at('23:30:00')]).toEqual([null, 'bank_b2c', 'bank_b2c', null]);
  });

  it('drops a merchant-blocked channel at the feature level', () => {
    const decision = route(request({ merchantBlockedChannels: ['unionpay'] }), DEFAULT_CHANNELS);
    expect(decision.channel).toBe('bank_b2c');
    expect(decision.steps[0]!.kept).toEqual(['unionpay', 'bank_b2c']);
    expect(decision.steps[1]).toMatchObject({
      level: 'feature',
      kept: ['bank_b2c'],
      dropped: [{ channel: 'unionpay', reason: 'blocked for merchant M001' }],
    });
  });

  it("moves traffic once a channel's daily limit is used up", () => {
    // the gateway's daily limit is 200,000,000.00; this payment is 10,000.00
    const exactlyFull = route(request({ usedTodayMinor: { bank_b2c: 19_999_000_000 } }), DEFAULT_CHANNELS);
    expect(exactlyFull.channel).toBe('bank_b2c');
    const over = route(request({ usedTodayMinor: { bank_b2c: 19_999_000_001, unionpay: 5 } }), DEFAULT_CHANNELS);
    expect(over.channel).toBe('unionpay');
    expect(over.steps[1]!.dropped).toMatchObject([
      { channel: 'bank_b2c', reason: 'daily limit: 199,990,000.01 used today + 10,000.00 exceeds 200,000,000.00' },
    ]);
  });
});

describe('route: quality factors', () => {
  it('lets an up channel beat a degraded one with better figures', () => {
    const decision = route(request(), channelsWith({ unionpay: { status: 'degraded', successRateBp: 9990, latencyMs: 100 } }));
    expect(decision.channel).toBe('bank_b2c');
    expect(decision.steps[2]).toEqual({ level: 'quality', kept: ['bank_b2c', 'unionpay'], dropped: [] });
    expect(decision.reason).toBe('bank_b2c chosen over unionpay: bank_b2c is up, unionpay is degraded.');
  });

  it('treats success rates within 50bp as equal, so the cheaper fee wins', () => {
    const sameLatency = { latencyMs: 600 };
    const tied = route(request(), channelsWith({ bank_b2c: { ...sameLatency, successRateBp: 9750 } }));
    expect(tied.channel).toBe('bank_b2c');
    expect(tied.reason).toBe(
      'bank_b2c chosen over unionpay: success rates within 0.50% count as equal (97.50% vs 98.00%) and latency is the same, so the cheaper fee wins (0.25% vs 0.55%).',
    );
    const apart = route(request(), channelsWith({ bank_b2c: { ...sameLatency, successRateBp: 9749 } }));
    expect(apart.channel).toBe('unionpay');
    expect(apart.reason).toBe('unionpay chosen over bank_b2c: higher success rate (98.00% vs 97.49%).');
  });

  it('lets latency decide inside a success tier, before the fee', () => {
    const decision = route(request(), channelsWith({ bank_b2c: { successRateBp: 9790, latencyMs: 650 }, unionpay: { latencyMs: 600 } }));
    expect(decision.channel).toBe('unionpay');
    expect(decision.reason).toBe(
      'unionpay chosen over bank_b2c: success rates within 0.50% count as equal (98.00% vs 97.90%), and latency is lower (600 ms vs 650 ms).',
    );
  });

  it('falls back to code order when quality and fee are identical', () => {
    const same = { successRateBp: 9800, latencyMs: 600, feeRate: '0.0055' };
    const decision = route(request(), channelsWith({ bank_b2c: same }));
    expect(decision.channel).toBe('bank_b2c');
    expect(decision.reason).toBe(
      'bank_b2c chosen over unionpay: success rates within 0.50% count as equal (98.00% vs 98.00%) and latency and fee are the same, so code order decides.',
    );
  });

  it('builds success tiers from the best rate, so "within 50bp" is not chained', () => {
    // A 99.00% leads a tier that holds B 98.60% (40bp); C 98.20% is 80bp below A: next tier, despite its speed
    const a: Channel = { ...channelByCode('unionpay'), code: 'unionpay', successRateBp: 9900, latencyMs: 900 };
    const b: Channel = { ...channelByCode('bank_b2c'), code: 'bank_b2c', successRateBp: 9860, latencyMs: 300 };
    const c: Channel = { ...channelByCode('bank_payout'), code: 'bank_payout', successRateBp: 9820, latencyMs: 100 };
    expect(rankByQuality([c, a, b]).map((x) => x.code)).toEqual(['bank_b2c', 'unionpay', 'bank_payout']);
    expect(rankByQuality([a, b, c]).map((x) => x.code)).toEqual(['bank_b2c', 'unionpay', 'bank_payout']);
  });
});

describe('route: no candidate', () => {
  it('names why every channel was dropped', () => {
    const decision = route(request({ amountMinor: 2_500_000, localTime: '2026-11-20 23:45:00' }), DEFAULT_CHANNELS);
    expect(decision.channel).toBeNull();
    expect(decision.steps.map((s) => s.kept)).toEqual([['bank_b2c'], [], []]);
    expect(decision.reason).toBe(
      'No channel can take this payment: alipay — does not take method bank_card; wechat — does not take method bank_card; ' +
        'unionpay — amount 25,000.00 exceeds single limit 20,000.00; bank_payout — does not take method bank_card; ' +
        'balance — does not take method bank_card; bank_b2c — closed at 23:45 (open 00:30–23:30).',
    );
  });

  it('says so when no channels are configured', () => {
    expect(route(request(), [])).toMatchObject({
      channel: null,
      steps: [
        { level: 'basic', kept: [], dropped: [] },
        { level: 'feature', kept: [], dropped: [] },
        { level: 'quality', kept: [], dropped: [] },
      ],
      reason: 'No channel can take this payment: no channels are configured.',
    });
  });
});

describe('route: input', () => {
  it('refuses amounts that are not positive whole fen, bad times and duplicate channels', () => {
    expect(() => route(request({ amountMinor: 0 }), DEFAULT_CHANNELS)).toThrow(RangeError);
    expect(() => route(request({ amountMinor: 10.5 }), DEFAULT_CHANNELS)).toThrow(RangeError);
    expect(() => route(request({ localTime: '2026-11-20T14:00:00Z' }), DEFAULT_CHANNELS)).toThrow(RangeError);
    expect(() => route(request(), [...DEFAULT_CHANNELS, channelByCode('alipay')])).toThrow('channel "alipay" is listed twice');
  });

  it('changes neither the request nor the channels', () => {
    const req = request({ usedTodayMinor: { unionpay: 5 } });
    const channels = channelsWith({ bank_b2c: { successRateBp: 9990 } });
    const before = structuredClone({ req, channels });
    route(req, channels);
    expect({ req, channels }).toEqual(before);
  });
});

// ---- properties ----

/** Independent restatement of every basic and feature constraint, for the property tests. */
function admissible(c: Channel, r: RouteRequest): boolean {
  const wallet = r.method === 'alipay' || r.method === 'wechat';
  const card = r.method === 'unionpay' || r.method === 'bank_card';
  const time = r.localTime.slice(11); // 'HH:mm:ss' compares as text
  const from = `${c.openFrom ?? '00:00'}:00`;
  const to = c.openTo === null ? '24:00:00' : `${c.openTo}:00`;
  const open =
    (c.openFrom === null && c.openTo === null) || from === to || (from < to ? time >= from && time < to : time >= from || time < to);
  return (
    (!wallet || c.code === r.method) &&
    c.methods.includes(r.method) &&
    c.currencies.includes(r.currency) &&
    r.amountMinor <= c.singleMaxMinor &&
    (!card || c.cardTypes.length === 0 || (r.cardType !== undefined && c.cardTypes.includes(r.cardType))) &&
    c.status !== 'down' &&
    !r.merchantBlockedChannels.includes(c.code) &&
    open &&
    (r.usedTodayMinor[c.code] ?? 0) + r.amountMinor <= c.dailyMaxMinor
  );
}

const WINDOWS: [string | null, string | null][] = [[null, null], ['00:30', '23:30'], ['22:00', '06:00'], ['09:00', '17:00']];

/** weighted choice: fc.constantFrom gives no weights */
function weighted<T>(...options: [number, T][]): fc.Arbitrary<T> {
  return fc.oneof(...options.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));
}

// weights keep most runs routable: a random mix alone leaves nine in ten payments with no channel
const channelArb: fc.Arbitrary<Channel[]> = fc
  .oneof({ weight: 3, arbitrary: fc.shuffledSubarray([...DEFAULT_CHANNELS], { minLength: 6 }) }, { weight: 1, arbitrary: fc.shuffledSubarray([...DEFAULT_CHANNELS]) })
  .chain((picked) =>
    fc.tuple(
      ...picked.map((base) =>
        fc.record({
          status: weighted<Channel['status']>([6, 'up'], [3, 'degraded'], [1, 'down']),
          successRateBp: fc.integer({ min: 9500, max: 10000 }),
          latencyMs: fc.constantFrom(100, 350, 600, 900),
          feeRate: fc.constantFrom('0', '0.0010', '0.0025', '0.0038', '0.0055'),
          window: weighted(...WINDOWS.map((w, i): [number, [string | null, string | null]] => [i === 0 ? 3 : 1, w])),
          dailyMaxMinor: weighted([3, base.dailyMaxMinor], [1, 3_000_000]),
          // some channels also take bank cards, so the quality level ranks more than two finalists
          alsoBankCard: fc.boolean(),
        }).map(({ window, alsoBankCard, ...figures }): Channel => ({
          ...base,
          ...figures,
          methods: alsoBankCard && !base.methods.includes('bank_card') ? [...base.methods, 'bank_card'] : [...base.methods],
          openFrom: window[0],
          openTo: window[1],
        })),
      ),
    ),
  );

const two = (n: number) => String(n).padStart(2, '0');
const requestArb: fc.Arbitrary<RouteRequest> = fc.record({
  merchantId: fc.constantFrom('M001', 'M002'),
  method: weighted<RouteRequest['method']>(...PAY_METHODS.map((m): [number, RouteRequest['method']] => [m === 'bank_card' ? 4 : 1, m])),
  amountMinor: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 3_000_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 12_000_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(2_000_000, 2_000_001, 5_000_000, 10_000_000, 10_000_001) },
  ),
  currency: weighted([8, 'CNY'], [1, 'USD']),
  cardType: weighted<RouteRequest['cardType']>([4, 'debit'], [2, 'credit'], [1, undefined]),
  localTime: fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 29, 30, 59), fc.constantFrom(0, 59))
    .map(([h, m, s]) => `2026-11-20 ${two(h)}:${two(m)}:${two(s)}`),
  merchantBlockedChannels: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([...CHANNEL_CODES], { maxLength: 2 }) }),
  usedTodayMinor: fc.dictionary(fc.constantFrom(...CHANNEL_CODES), fc.integer({ min: 0, max: 3_000_000 })),
}) as fc.Arbitrary<RouteRequest>;

const sorted = (codes: readonly string[]) => [...codes].sort();

describe('route: properties', () => {
  it('is deterministic, and the choice does not depend on the order of the channel list', () => {
    fc.assert(
      fc.property(requestArb, channelArb, (req, channels) => {
        const decision = route(req, channels);
        expect(route(structuredClone(req), structuredClone(channels))).toEqual(decision);
        const reversed = route(req, [...channels].reverse());
        expect(reversed.channel).toBe(decision.channel);
        expect(reversed.steps[2]!.kept).toEqual(decision.steps[2]!.kept);
      }),
      { numRuns: 300 },
    );
  });

  it('chooses the head of the last kept list, and exactly the channels meeting every constraint are kept', () => {
    fc.assert(
      fc.property(requestArb, channelArb, (req, channels) => {
        const decision = route(req, channels);
        const finalists = decision.steps[2]!.kept;
        expect(decision.channel).toBe(finalists[0] ?? null);
        expect(sorted(finalists)).toEqual(sorted(channels.filter((c) => admissible(c, req)).map((c) => c.code)));
        if (decision.channel !== null) {
          const chosen = channels.find((c) => c.code === decision.channel)!;
          expect(admissible(chosen, req)).toBe(true);
          for (const code of finalists) {
            const other = channels.find((c) => c.code === code)!;
            // nothing left is clearly better: no 'up' behind a 'degraded' choice, no rate more than 50bp higher
            if (chosen.status === 'degraded') expect(other.status).toBe('degraded');
            if (other.status === chosen.status) expect(other.successRateBp - chosen.successRateBp).toBeLessThanOrEqual(50);
          }
        } else {
          expect(decision.reason).toMatch(/^No channel can take this payment: /);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("splits each level's input exactly into kept and dropped", () => {
    fc.assert(
      fc.property(requestArb, channelArb, (req, channels) => {
        const { steps } = route(req, channels);
        expect(steps.map((s) => s.level)).toEqual(['basic', 'feature', 'quality']);
        let previous = channels.map((c) => c.code) as string[];
        for (const step of steps) {
          const out = [...step.kept, ...step.dropped.map((d) => d.channel)];
          expect(sorted(out)).toEqual(sorted(previous));
          expect(step.dropped.every((d) => d.reason.length > 0)).toBe(true);
          previous = step.kept;
        }
      }),
      { numRuns: 300 },
    );
  });
});
