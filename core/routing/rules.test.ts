import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { callApi } from '../api/index.js';
import { ROUTING_RULES, RULE_COUNTS } from './rules.js';

describe('routing rules as the settings screen shows them', () => {
  it('describes one rule per check the router runs at each filtering level, in both languages', () => {
    expect(ROUTING_RULES.filter((r) => r.level === 'basic')).toHaveLength(RULE_COUNTS.basic);
    expect(ROUTING_RULES.filter((r) => r.level === 'feature')).toHaveLength(RULE_COUNTS.feature);
    for (const r of ROUTING_RULES) expect(r.zh.length * r.en.length).toBeGreaterThan(0);
  });

  it('previews a route from the configured channels and today’s use, writing nothing', async () => {
    const f = paymentsFixture(['A']);
    const ctx = f.ctx(f.admin);
    const big = await callApi(ctx, 'routing.preview', { method: 'bank_card', amountMinor: 3_000_000, cardType: 'debit', localTime: '2026-11-22 10:00:00' });
    // 30,000.00 is above UnionPay's 20,000.00 single limit: only the bank gateway is left
    expect(big.channel).toBe('bank_b2c');
    expect(big.steps[0]!.dropped.find((d) => d.channel === 'unionpay')!.reason).toMatch(/exceeds single limit 20,000.00/);
    // raise UnionPay's limit and it competes again, on quality
    await callApi(ctx, 'channels.update', { code: 'unionpay', singleMaxMinor: 5_000_000 });
    const again = await callApi(ctx, 'routing.preview', { method: 'bank_card', amountMinor: 3_000_000, cardType: 'debit', localTime: '2026-11-22 10:00:00' });
    expect(again.steps[2]!.kept).toEqual(['bank_b2c', 'unionpay']); // one success tier: the quicker gateway first
    expect(again.channel).toBe('bank_b2c');
    expect(f.db.prepare('SELECT COUNT(*) FROM pay_order').pluck().get()).toBe(0);
    // closed hours are a feature-level drop
    const night = await callApi(ctx, 'routing.preview', { method: 'bank_card', amountMinor: 10_000, cardType: 'debit', localTime: '2026-11-22 23:45:00' });
    expect(night.steps[1]!.dropped.find((d) => d.channel === 'bank_b2c')!.reason).toMatch(/closed at 23:45/);
  });
});
