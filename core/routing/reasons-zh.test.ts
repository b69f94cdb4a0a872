// Every sentence the router and the risk rules produce comes in Chinese too, made beside the English
// with the same figures (the trainer screen shows it): for requests that hit each check, no English
// word of a template is left in the Chinese.
import { describe, expect, it } from 'vitest';
import { loadChannels } from '../channels/store.js';
import { route } from './router.js';
import { assessRisk, DEFAULT_RISK_RULES } from '../risk/rules.js';
import type { RouteRequest } from './types.js';
import { paymentsFixture } from '../testing/payments-fixture.js';

/** English words of the templates; channel codes, method names and units are not among them. */
const TEMPLATE_WORDS = new RegExp(`\\b(${[
  'wallet', 'payment', 'rerouted', 'does', 'take', 'method', 'currency', 'amount', 'exceeds', 'limit',
  'card', 'type', 'given', 'channel', 'down', 'blocked', 'merchant', 'closed', 'open', 'daily',
  'used', 'today', 'higher', 'success', 'rates', 'latency', 'lower', 'fee', 'cheaper', 'wins',
  'chosen', 'over', 'only', 'passed', 'checks?', 'stays', 'cashier', 'risk', 'rule', 'fired', 'payer',
  'above', 'between', 'total', 'night', 'verification', 'blocklist', 'threshold', 'more', 'than',
].join('|')})\\b`, 'i');

describe('trainer reasons in Chinese', () => {
  const f = paymentsFixture(['A']);
  const channels = loadChannels(f.db);
  const base: RouteRequest = { merchantId: 'A', method: 'bank_card', amountMinor: 10_000, currency: 'CNY', cardType: 'debit', localTime: '2026-11-22 10:00:00', merchantBlockedChannels: [], usedTodayMinor: {} };
  const requests: RouteRequest[] = [
    base,
    { ...base, method: 'alipay' },
    { ...base, method: 'unionpay' },
    { ...base, currency: 'USD' },
    { ...base, amountMinor: 15_000_000 },
    { ...base, cardType: undefined },
    { ...base, cardType: 'credit' },
    { ...base, merchantBlockedChannels: ['unionpay'] },
    { ...base, localTime: '2026-11-22 23:45:00' },
    { ...base, usedTodayMinor: { unionpay: 19_999_999_000, bank_b2c: 19_999_999_000 } },
  ];
  const downChannels = channels.map((c) => (c.code === 'unionpay' ? { ...c, status: 'down' as const } : c));
  const decisions = [...requests.map((r) => route(r, channels)), route(base, downChannels), route(base, []),
    route(base, channels.map((c) => (c.code === 'bank_b2c' ? { ...c, successRateBp: channels.find((x) => x.code === 'unionpay')!.successRateBp } : c)))];

  it('says every dropped channel\'s reason and every choice in Chinese', () => {
    const clauses = decisions.flatMap((d) => d.steps.flatMap((s) => s.dropped));
    expect(new Set(clauses.map((c) => c.reason)).size).toBeGreaterThan(6);
    for (const clause of clauses) expect(clause.reasonZh, clause.reason).not.toMatch(TEMPLATE_WORDS);
    for (const d of decisions) expect(d.reasonZh, d.reason).not.toMatch(TEMPLATE_WORDS);
    expect(new Set(decisions.map((d) => d.reasonZh)).size, 'one Chinese sentence per English one').toBe(new Set(decisions.map((d) => d.reason)).size);
  });

  it('says every risk result in Chinese, with its figures', () => {
    const input = { merchantId: 'A', payerId: 'p', method: 'bank_card' as const, amountMinor: 10_000, currency: 'CNY', localTime: '2026-11-22 10:00:00', payerCountToday: 0, payerAmountTodayMinor: 0 };
    const blocked = DEFAULT_RISK_RULES.map((r) => (r.condition.kind === 'payerBlocked' ? { ...r, condition: { ...r.condition, payerIds: ['p'] } } : r));
    const results = [
      assessRisk(input), assessRisk(input, blocked), assessRisk({ ...input, amountMinor: 30_000_000 }), assessRisk({ ...input, amountMinor: 6_000_000 }),
      assessRisk({ ...input, payerCountToday: 25 }), assessRisk({ ...input, amountMinor: 600_000, localTime: '2026-11-22 02:00:00' }),
      assessRisk({ ...input, payerAmountTodayMinor: 9_999_000, amountMinor: 4_000_000 }),
    ];
    expect(new Set(results.map((r) => r.rule)).size).toBe(7);
    for (const r of results) expect(r.reasonZh, r.reason).not.toMatch(TEMPLATE_WORDS);
    expect(results[3]!.reasonZh).toBe('大额单笔支付需短信验证：金额 60,000.00 高于 50,000.00。');
  });
});
