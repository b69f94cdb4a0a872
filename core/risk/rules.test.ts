import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RISK_RULES, assessRisk, type RiskRule } from './rules.js';
import type { RiskDecision, RiskInput } from './types.js';

function input(overrides: Partial<RiskInput> = {}): RiskInput {
  return {
    merchantId: 'M001',
    payerId: 'payer-1',
    method: 'alipay',
    amountMinor: 100_000, // 1,000.00
    currency: 'CNY',
    localTime: '2026-11-20 14:00:00',
    payerCountToday: 3,
    payerAmountTodayMinor: 200_000,
    ...overrides,
  };
}

const BLOCKLIST = 'payer-bad';
const RULES: readonly RiskRule[] = DEFAULT_RISK_RULES.map((r) =>
  r.condition.kind === 'payerBlocked' ? { ...r, condition: { kind: 'payerBlocked', payerIds: [BLOCKLIST] } } : r,
);

const assess = (overrides: Partial<RiskInput>) => assessRisk(input(overrides), RULES);
const fired = (overrides: Partial<RiskInput>) => {
  const result = assess(overrides);
  return `${result.decision} ${result.rule}`;
};

describe('DEFAULT_RISK_RULES', () => {
  it('lists the rules in order with both languages and CNY thresholds in fen', () => {
    expect(DEFAULT_RISK_RULES.map((r) => [r.id, r.decision, r.enabled])).toEqual([
      ['R001', 'BLOCK', true],
      ['R002', 'BLOCK', true],
      ['R101', 'VERIFY', true],
      ['R102', 'VERIFY', true],
      ['R103', 'VERIFY', true],
      ['R104', 'VERIFY', true],
    ]);
    expect(DEFAULT_RISK_RULES.map((r) => r.condition)).toEqual([
      { kind: 'payerBlocked', payerIds: [] },
      { kind: 'amountAbove', thresholdMinor: 20_000_000 },
      { kind: 'amountAbove', thresholdMinor: 5_000_000 },
      { kind: 'payerCountAbove', maxCount: 20 },
      { kind: 'amountAboveInHours', from: '00:00', to: '05:00', thresholdMinor: 500_000 },
      { kind: 'payerTotalAbove', thresholdMinor: 10_000_000 },
    ]);
    for (const rule of DEFAULT_RISK_RULES) {
      expect(rule.description).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.descriptionEn).toMatch(/^[A-Z]/);
    }
  });

  it('cannot be edited in place; Settings edits a copy', () => {
    const r002 = DEFAULT_RISK_RULES[1] as RiskRule & { condition: { thresholdMinor: number } };
    expect(() => {
      r002.condition.thresholdMinor = 1;
    }).toThrow(TypeError);
  });
});

describe('assessRisk: each rule at its threshold', () => {
  it('passes an ordinary payment', () => {
    expect(assess({})).toMatchObject({ decision: 'PASS', rule: null, reason: 'No risk rule fired (6 checked).' });
    // the default blocklist is empty
    expect(assessRisk(input({ payerId: BLOCKLIST })).decision).toBe('PASS');
  });

  it('R001 blocks a payer on the blocklist', () => {
    expect(assess({ payerId: BLOCKLIST })).toMatchObject({ decision: 'BLOCK', rule: 'R001', reason: 'Payer is on the blocklist: payer payer-bad.' });
    expect(fired({ payerId: 'payer-bad2' })).toBe('PASS null');
  });

  it('R002 blocks above 200,000.00; exactly 200,000.00 only needs SMS', () => {
    expect(fired({ amountMinor: 20_000_000 })).toBe('VERIFY R101');
    expect(assess({ amountMinor: 20_000_001 })).toMatchObject({
      decision: 'BLOCK',
      rule: 'R002',
      reason: 'Single amount above the block threshold: amount 200,000.01 is above 200,000.00.',
    });
  });

  it('R101 asks for SMS above 50,000.00', () => {
    expect(fired({ amountMinor: 5_000_000 })).toBe('PASS null');
    expect(assess({ amountMinor: 5_000_001 })).toMatchObject({
      decision: 'VERIFY',
      rule: 'R101',
      reason: 'Large single payment needs SMS verification: amount 50,000.01 is above 50,000.00.',
    });
  });

  it('R102 verifies from the 21st payment of the day', () => {
    expect(fired({ payerCountToday: 19 })).toBe('PASS null'); // this is the 20th
    expect(assess({ payerCountToday: 20 })).toMatchObject({
      decision: 'VERIFY',
      rule: 'R102',
      reason: 'Too many payments by this payer today: this is payment 21 today, more than 20.',
    });
  });

  it('R103 verifies night payments above 5,000.00 between 00:00 and 05:00', () => {
    const night = (time: string, amountMinor: number) => fired({ localTime: `2026-11-20 ${time}`, amountMinor });
    expect(night('03:00:00', 500_000)).toBe('PASS null');
    expect(night('03:00:00', 500_001)).toBe('VERIFY R103');
    expect(night('00:00:00', 500_001)).toBe('VERIFY R103');
    expect(night('04:59:59', 500_001)).toBe('VERIFY R103');
    expect(night('05:00:00', 500_001)).toBe('PASS null');
    expect(night('23:59:59', 500_001)).toBe('PASS null');
    expect(assess({ localTime: '2026-11-20 02:15:00', amountMinor: 500_001 }).reason).toBe(
      'Large payment at night: amount 5,000.01 at 02:15 is above 5,000.00 between 00:00 and 05:00.',
    );
  });

  it("R104 verifies once the payer's total today, with this payment, is above 100,000.00", () => {
    expect(fired({ payerAmountTodayMinor: 9_000_000, amountMinor: 1_000_000 })).toBe('PASS null');
    expect(assess({ payerAmountTodayMinor: 9_000_000, amountMinor: 1_000_001 })).toMatchObject({
      decision: 'VERIFY',
      rule: 'R104',
      reason: "Payer's total today is too high: total today with this payment 100,000.01 is above 100,000.00.",
    });
  });
});

describe('assessRisk: order', () => {
  it('takes the first rule that fires', () => {
    expect(fired({ payerId: BLOCKLIST, amountMinor: 30_000_000 })).toBe('BLOCK R001');
    const everyVerify = { amountMinor: 6_000_000, payerCountToday: 30, payerAmountTodayMinor: 9_000_000, localTime: '2026-11-20 01:00:00' };
    expect(fired(everyVerify)).toBe('VERIFY R101');
    expect(fired({ ...everyVerify, amountMinor: 4_000_000 })).toBe('VERIFY R102');
    expect(fired({ ...everyVerify, amountMinor: 4_000_000, payerCountToday: 0 })).toBe('VERIFY R103');
    expect(fired({ ...everyVerify, amountMinor: 4_000_000, payerCountToday: 0, localTime: '2026-11-20 09:00:00' })).toBe('VERIFY R104');
  });

  it('checks every BLOCK rule before any VERIFY rule, whatever order the rules are saved in', () => {
    const verifyFirst = [...RULES].reverse();
    expect(assessRisk(input({ amountMinor: 25_000_000 }), verifyFirst)).toMatchObject({ decision: 'BLOCK', rule: 'R002' });
    expect(assessRisk(input({ payerId: BLOCKLIST, amountMinor: 25_000_000 }), verifyFirst)).toMatchObject({ rule: 'R002' });
  });

  it('skips disabled rules and uses edited thresholds', () => {
    const edited = RULES.map((r) =>
      r.id === 'R101' ? { ...r, enabled: false } : r.id === 'R002' ? { ...r, condition: { kind: 'amountAbove' as const, thresholdMinor: 10_000_000 } } : r,
    );
    expect(assessRisk(input({ amountMinor: 6_000_000 }), edited)).toMatchObject({ decision: 'PASS', rule: null, reason: 'No risk rule fired (5 checked).' });
    expect(assessRisk(input({ amountMinor: 10_000_001 }), edited)).toMatchObject({ decision: 'BLOCK', rule: 'R002' });
    expect(assessRisk(input(), [])).toMatchObject({ decision: 'PASS', rule: null, reason: 'No risk rule fired (0 checked).' });
  });
});

describe('assessRisk: properties', () => {
  const SEVERITY: Record<RiskDecision, number> = { PASS: 0, VERIFY: 1, BLOCK: 2 };
  const two = (n: number) => String(n).padStart(2, '0');
  const inputArb = fc.record({
    payerId: fc.constantFrom('payer-1', BLOCKLIST),
    amountMinor: fc.integer({ min: 1, max: 30_000_000 }),
    localTime: fc.integer({ min: 0, max: 86_399 }).map((s) => `2026-11-20 ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`),
    payerCountToday: fc.integer({ min: 0, max: 40 }),
    payerAmountTodayMinor: fc.integer({ min: 0, max: 20_000_000 }),
  });

  it('never lowers the decision when the amount goes up', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 30_000_000 }), (overrides, extra) => {
        const lower = assess(overrides);
        const higher = assess({ ...overrides, amountMinor: overrides.amountMinor + extra });
        expect(SEVERITY[higher.decision]).toBeGreaterThanOrEqual(SEVERITY[lower.decision]);
      }),
    );
  });

  it('blocks exactly the blocklisted payers and amounts above 200,000.00, and names a rule iff it does not pass', () => {
    fc.assert(
      fc.property(inputArb, (overrides) => {
        const result = assess(overrides);
        expect(result.decision === 'BLOCK').toBe(overrides.payerId === BLOCKLIST || overrides.amountMinor > 20_000_000);
        expect(result.rule === null).toBe(result.decision === 'PASS');
        if (result.rule !== null) expect(RULES.find((r) => r.id === result.rule)?.decision).toBe(result.decision);
      }),
    );
  });
});
