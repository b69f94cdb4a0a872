import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, proportionalShare } from './allocate.js';
import { MAX_MINOR, money, type Money } from './money.js';
import type { RoundingRule } from './decimal.js';

const RULES: readonly RoundingRule[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP', 'FLOOR', 'CEIL'];

const minors = (parts: readonly Money[]): number[] => parts.map((p) => p.minor);
const cny = (minor: number): Money => money(minor, 'CNY');

const anyAmount = fc.oneof(
  fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }),
  fc.integer({ min: -10_000, max: 10_000 }),
  fc.constantFrom(0, 1, -1, MAX_MINOR, -MAX_MINOR),
);
const anyWeight = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 1_000_000 }));
const anyWeights = fc.array(anyWeight, { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0));

describe('allocate', () => {
  it('splits 1.00 three ways as 0.34, 0.33, 0.33 (left-over fen to the earliest part on a tie)', () => {
    expect(minors(allocate(cny(100), [1, 1, 1]))).toEqual([34, 33, 33]);
  });

  it('splits -1.00 three ways as -0.34, -0.33, -0.33', () => {
    expect(minors(allocate(cny(-100), [1, 1, 1]))).toEqual([-34, -33, -33]);
  });

  it("gives the left-over fen to the largest remainder: 10.01 by ['0.3','0.7'] is 3.00 + 7.01", () => {
    // exact shares 300.3 and 700.7 → floors 300 and 700, 1 fen left goes to the 0.7 remainder
    expect(minors(allocate(cny(1001), ['0.3', '0.7']))).toEqual([300, 701]);
  });

  it('gives the left-over fen to the largest remainder even when it is not first: 1.00 by [1,2] is 0.33 + 0.67', () => {
    expect(minors(allocate(cny(100), [1, 2]))).toEqual([33, 67]);
  });

  it("splits 1.01 by ['0.5','0.25','0.25'] as 0.51, 0.25, 0.25", () => {
    expect(minors(allocate(cny(101), ['0.5', '0.25', '0.25']))).toEqual([51, 25, 25]);
  });

  it('gives zero weights exactly zero when others are non-zero', () => {
    expect(minors(allocate(cny(100), [0, 1, 1]))).toEqual([0, 50, 50]);
    expect(minors(allocate(cny(100), [1, 0, 2]))).toEqual([33, 0, 67]);
    expect(minors(allocate(cny(7), [0, 1, 0]))).toEqual([0, 7, 0]);
    expect(minors(allocate(cny(2), [1, 0, 1, 1]))).toEqual([1, 0, 1, 0]);
  });

  it('gives zero weights +0, not -0, when the amount is negative', () => {
    expect(minors(allocate(cny(-100), [1, 0, 1]))).toEqual([-50, 0, -50]);
    expect(minors(allocate(cny(-1), [1, 1]))).toEqual([-1, 0]);
  });

  it('gives a single weight the whole amount, and zero gives all zeros', () => {
    expect(minors(allocate(cny(1234), [5]))).toEqual([1234]);
    expect(minors(allocate(cny(0), [1, 2, 3]))).toEqual([0, 0, 0]);
  });

  it('keeps the currency on every part', () => {
    const parts = allocate(money(1000, 'JPY'), [1, 2]);
    expect(parts).toEqual([
      { minor: 333, currency: 'JPY' },
      { minor: 667, currency: 'JPY' },
    ]);
  });

  it('splits 2^51 fen three ways exactly', () => {
    // 2251799813685248 / 3 = 750599937895082.67 each: floors leave 2 fen, to the first two parts
    expect(minors(allocate(cny(MAX_MINOR), [1, 1, 1]))).toEqual([750599937895083, 750599937895083, 750599937895082]);
  });

  it.each([
    ['empty weights', [], /at least one weight/],
    ['a negative weight', [-1, 2], /must be zero or positive/],
    ['a negative string weight', ['-0.3', '1.3'], /must be zero or positive/],
    ['all-zero weights', [0, 0], /sum to zero/],
    ['all-zero string weights', ['0', '0.00'], /sum to zero/],
    ['a fractional number weight', [0.5, 0.5], /fractional weights must be given as strings/],
    ['a NaN weight', [Number.NaN, 1], /./],
    ['an infinite weight', [Number.POSITIVE_INFINITY, 1], /./],
    ['an infinite string weight', ['Infinity', '1'], /./],
    ['a weight that is not a number', ['abc', '1'], /./],
  ] as [string, (string | number)[], RegExp][])('throws for %s', (_label, weights, message) => {
    expect(() => allocate(cny(100), weights)).toThrow(message);
  });

  describe('for any amount and any non-negative integer weights, not all zero (property)', () => {
    it('the parts add up exactly to the amount', () => {
      fc.assert(
        fc.property(anyAmount, anyWeights, (amount, weights) => {
          const total = allocate(cny(amount), weights).reduce((acc, p) => acc + BigInt(p.minor), 0n);
          expect(total).toBe(BigInt(amount));
        }),
      );
    });

    it('each part is within 1 minor unit of its exact proportional share', () => {
      fc.assert(
        fc.property(anyAmount, anyWeights, (amount, weights) => {
          const weightSum = weights.reduce((a, b) => a + BigInt(b), 0n);
          allocate(cny(amount), weights).forEach((part, i) => {
            // |part − amount·w/W| < 1  ⇔  |part·W − amount·w| < W
            const diff = BigInt(part.minor) * weightSum - BigInt(amount) * BigInt(weights[i]!);
            expect(diff < 0n ? -diff : diff).toBeLessThan(weightSum);
          });
        }),
      );
    });

    it('zero weights get zero and every part has the sign of the amount', () => {
      fc.assert(
        fc.property(anyAmount, anyWeights, (amount, weights) => {
          allocate(cny(amount), weights).forEach((part, i) => {
            if (weights[i] === 0) expect(Math.abs(part.minor)).toBe(0);
            if (amount > 0) expect(part.minor).toBeGreaterThanOrEqual(0);
            if (amount < 0) expect(part.minor).toBeLessThanOrEqual(0);
          });
        }),
      );
    });

    it('is deterministic and keeps the currency', () => {
      fc.assert(
        fc.property(anyAmount, anyWeights, (amount, weights) => {
          const first = allocate(cny(amount), weights);
          expect(allocate(cny(amount), [...weights])).toEqual(first);
          expect(first).toHaveLength(weights.length);
          for (const part of first) expect(part.currency).toBe('CNY');
        }),
      );
    });

    it('a negative amount splits as the mirror image of the positive one', () => {
      fc.assert(
        fc.property(anyAmount, anyWeights, (amount, weights) => {
          const positive = minors(allocate(cny(Math.abs(amount)), weights));
          const negative = minors(allocate(cny(-Math.abs(amount)), weights));
          // `+ 0` turns -0 into 0; the sign of zero parts is checked by its own test above.
          expect(negative.map((m) => -m + 0)).toEqual(positive.map((m) => m + 0));
        }),
      );
    });

    it('decimal string weights split exactly like the integer weights they scale to', () => {
      fc.assert(
        fc.property(anyAmount, anyWeights, fc.integer({ min: 1, max: 6 }), (amount, weights, k) => {
          const asDecimals = weights.map((w) => {
            const digits = String(w).padStart(k + 1, '0');
            return `${digits.slice(0, -k)}.${digits.slice(-k)}`; // w / 10^k
          });
          expect(allocate(cny(amount), asDecimals)).toEqual(allocate(cny(amount), weights));
        }),
      );
    });

    it('equal weights give parts that differ by at most 1, larger ones first', () => {
      fc.assert(
        fc.property(anyAmount, fc.integer({ min: 1, max: 12 }), (amount, n) => {
          const parts = minors(allocate(cny(Math.abs(amount)), Array.from({ length: n }, () => 1)));
          const sorted = [...parts].sort((a, b) => b - a);
          expect(parts).toEqual(sorted);
          expect(parts[0]! - parts[n - 1]!).toBeLessThanOrEqual(1);
        }),
      );
    });
  });
});

describe('proportionalShare', () => {
  /** The share of `total` returned by each refund in `refunds`, in order, out of an order of `whole`. */
  function sharesOf(total: number, whole: number, refunds: readonly number[], rounding: RoundingRule = 'HALF_UP'): number[] {
    let before = 0;
    return refunds.map((now) => {
      const share = proportionalShare({ total: cny(total), whole: cny(whole), before: cny(before), now: cny(now), rounding });
      before += now;
      return share.minor;
    });
  }

  it('returns a 3.00 fee on a 500.00 order as 0.60, 0.60, 1.80 over refunds of 100, 100, 300', () => {
    const shares = sharesOf(300, 50000, [10000, 10000, 30000]);
    expect(shares).toEqual([60, 60, 180]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('returns a 1.00 fee on a 3.00 order as 0.33, 0.34, 0.33 so that the whole fee comes back', () => {
    // cumulative: round(33.33)=33, round(66.67)=67, round(100)=100 → 33, 34, 33
    expect(sharesOf(100, 300, [100, 100, 100])).toEqual([33, 34, 33]);
  });

  it('returns the whole fee on a full refund and nothing on a zero refund', () => {
    expect(sharesOf(300, 50000, [50000])).toEqual([300]);
    expect(sharesOf(300, 50000, [0, 50000, 0])).toEqual([0, 300, 0]);
  });

  it('rounds by the given rule: 0.05 fee, refund half of 1.00 → 2.5 fen', () => {
    expect(sharesOf(5, 100, [50, 50], 'HALF_UP')).toEqual([3, 2]);
    expect(sharesOf(5, 100, [50, 50], 'HALF_EVEN')).toEqual([2, 3]);
    expect(sharesOf(5, 100, [50, 50], 'DOWN')).toEqual([2, 3]);
    expect(sharesOf(5, 100, [50, 50], 'UP')).toEqual([3, 2]);
  });

  it('keeps the currency of the fee', () => {
    const share = proportionalShare({ total: cny(300), whole: cny(50000), before: cny(0), now: cny(10000), rounding: 'HALF_UP' });
    expect(share).toEqual({ minor: 60, currency: 'CNY' });
  });

  it('throws when the refunds exceed the whole order', () => {
    expect(() => sharesOf(300, 50000, [30000, 30000])).toThrow(/parts exceed the whole/);
    expect(() =>
      proportionalShare({ total: cny(300), whole: cny(50000), before: cny(0), now: cny(50001), rounding: 'HALF_UP' }),
    ).toThrow(RangeError);
  });

  it('throws for a whole that is not positive and for a negative part', () => {
    const base = { total: cny(300), before: cny(0), now: cny(0), rounding: 'HALF_UP' as const };
    expect(() => proportionalShare({ ...base, whole: cny(0) })).toThrow(/whole must be positive/);
    expect(() => proportionalShare({ ...base, whole: cny(-100) })).toThrow(/whole must be positive/);
    expect(() => proportionalShare({ ...base, whole: cny(100), now: cny(-1) })).toThrow(/must not be negative/);
    expect(() => proportionalShare({ ...base, whole: cny(100), before: cny(-1), now: cny(2) })).toThrow(/must not be negative/);
  });

  describe('for any sequence of partial refunds (property)', () => {
    /** An order amount, a fee, and refunds: the differences between sorted cut points, ending at the whole. */
    const refundPlan = fc
      .record({ whole: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 10 ** 12 })), fee: fc.integer({ min: 0, max: 10 ** 8 }) })
      .chain(({ whole, fee }) =>
        fc.record({
          whole: fc.constant(whole),
          fee: fc.constant(fee),
          cuts: fc.array(fc.integer({ min: 0, max: whole }), { maxLength: 10 }),
          rounding: fc.constantFrom(...RULES),
        }),
      )
      .map(({ whole, fee, cuts, rounding }) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), whole];
        const refunds = points.slice(1).map((p, i) => p - points[i]!);
        return { whole, fee, refunds, rounding };
      });

    it('refunds that add up to the whole order return exactly the whole fee, each part ≥ 0', () => {
      fc.assert(
        fc.property(refundPlan, ({ whole, fee, refunds, rounding }) => {
          const shares = sharesOf(fee, whole, refunds, rounding);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(fee);
          for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
        }),
      );
    });

    it('refunds that do not reach the whole order return at most the fee, each part ≥ 0', () => {
      fc.assert(
        fc.property(refundPlan, ({ whole, fee, refunds, rounding }) => {
          const partial = refunds.slice(0, -1); // drop the last refund: the order is not fully refunded
          const shares = sharesOf(fee, whole, partial, rounding);
          const returned = shares.reduce((a, b) => a + b, 0);
          expect(returned).toBeLessThanOrEqual(fee);
          for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
        }),
      );
    });

    it('each part is within 1 minor unit of its exact proportional share', () => {
      fc.assert(
        fc.property(refundPlan, ({ whole, fee, refunds, rounding }) => {
          sharesOf(fee, whole, refunds, rounding).forEach((share, i) => {
            // |share − fee·now/whole| ≤ 1  ⇔  |share·whole − fee·now| ≤ whole
            const diff = BigInt(share) * BigInt(whole) - BigInt(fee) * BigInt(refunds[i]!);
            expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(BigInt(whole));
          });
        }),
      );
    });

    it('a refund that would go past the whole order throws', () => {
      fc.assert(
        fc.property(refundPlan, fc.integer({ min: 1, max: 1000 }), ({ whole, fee, refunds, rounding }, extra) => {
          const tooMuch = [...refunds.slice(0, -1), refunds[refunds.length - 1]! + extra];
          expect(() => sharesOf(fee, whole, tooMuch, rounding)).toThrow(/parts exceed the whole/);
        }),
      );
    });
  });
});
