import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRate, convert, rate, rateToString } from './rate.js';
import { MAX_MINOR, money } from './money.js';
import type { RoundingRule } from './decimal.js';

const RULES: readonly RoundingRule[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP', 'FLOOR', 'CEIL'];

/** Reference rounding of the exact fraction num/den (den > 0) to an integer, in BigInt. */
function roundExact(num: bigint, den: bigint, rule: RoundingRule): bigint {
  const q = num / den; // truncated toward zero
  const r = num % den; // same sign as num
  if (r === 0n) return q;
  const away = num < 0n ? -1n : 1n;
  const twiceRemainder = (r < 0n ? -r : r) * 2n;
  switch (rule) {
    case 'DOWN':
      return q;
    case 'UP':
      return q + away;
    case 'FLOOR':
      return num < 0n ? q - 1n : q;
    case 'CEIL':
      return num > 0n ? q + 1n : q;
    case 'HALF_UP':
      return twiceRemainder >= den ? q + away : q;
    case 'HALF_EVEN':
      if (twiceRemainder > den) return q + away;
      if (twiceRemainder < den) return q;
      return q % 2n === 0n ? q : q + away;
  }
}

/** n / 10^k written as a plain decimal string, e.g. (-6, 3) → "-0.006". */
function decimalString(n: bigint, k: number): string {
  const digits = (n < 0n ? -n : n).toString().padStart(k + 1, '0');
  const whole = digits.slice(0, digits.length - k);
  const fraction = digits.slice(digits.length - k);
  return (n < 0n ? '-' : '') + whole + (k > 0 ? '.' + fraction : '');
}

/** A rate n / 10^k, together with three ways of writing it (plain, percent, permille). */
const anyRate = fc
  .record({ n: fc.bigInt({ min: -10_000_000n, max: 10_000_000n }), k: fc.integer({ min: 3, max: 10 }) })
  .map(({ n, k }) => ({ n, k, texts: [decimalString(n, k), `${decimalString(n, k - 2)}%`, `${decimalString(n, k - 3)}‰`] }));

const anyAmount = fc.oneof(
  fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }),
  fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }),
  fc.integer({ min: -1000, max: 1000 }),
);

describe('rate', () => {
  it.each([
    ['0.6%', '0.006'],
    ['6‰', '0.006'],
    ['0.006', '0.006'],
    [' 0.006 ', '0.006'],
    ['0.38%', '0.0038'],
    ['100%', '1'],
    ['7.1234', '7.1234'],
    ['-0.5%', '-0.005'],
    ['0.000123456789012345678901234567', '0.000123456789012345678901234567'],
  ])('reads %j as exactly %s', (text, expected) => {
    expect(rateToString(rate(text, 'HALF_UP'))).toBe(expected);
  });

  it("treats '6‰' and '0.6%' as the same rate", () => {
    expect(rate('6‰', 'HALF_UP').value.eq(rate('0.6%', 'HALF_UP').value)).toBe(true);
    expect(applyRate(money(12345, 'CNY'), rate('6‰', 'HALF_UP'))).toEqual(applyRate(money(12345, 'CNY'), rate('0.6%', 'HALF_UP')));
  });

  it('keeps the rounding rule it was given', () => {
    for (const rule of RULES) expect(rate('0.006', rule).rounding).toBe(rule);
  });

  it.each(['abc', '', '   ', '%', '‰', 'NaN', 'Infinity', '-Infinity', '1,5', '0.6%%', '¥7.12'])('rejects %j', (text) => {
    expect(() => rate(text, 'HALF_UP')).toThrow(RangeError);
    expect(() => rate(text, 'HALF_UP')).toThrow(/cannot read rate/);
  });
});

describe('applyRate', () => {
  it('charges a 0.6% fee on 123.45 as 0.74 (74.07 fen rounded half up)', () => {
    expect(applyRate(money(12345, 'CNY'), rate('0.6%', 'HALF_UP'))).toEqual({ minor: 74, currency: 'CNY' });
  });

  it('charges a 0.38% fee on 4999.00 as 19.00 (1899.62 fen rounded half up)', () => {
    expect(applyRate(money(499900, 'CNY'), rate('0.38%', 'HALF_UP'))).toEqual({ minor: 1900, currency: 'CNY' });
  });

  describe('rounds the half case (250 fen × 0.01 = 2.5 fen) by the rate’s own rule', () => {
    it.each([
      ['HALF_UP', 3, -3],
      ['HALF_EVEN', 2, -2],
      ['DOWN', 2, -2],
      ['UP', 3, -3],
      ['FLOOR', 2, -3],
      ['CEIL', 3, -2],
    ] as const)('%s: 250 → %i, -250 → %i', (rule, positive, negative) => {
      expect(applyRate(money(250, 'CNY'), rate('0.01', rule)).minor).toBe(positive);
      expect(applyRate(money(-250, 'CNY'), rate('0.01', rule)).minor).toBe(negative);
    });
  });

  it('HALF_EVEN rounds 3.5 fen up to the even 4', () => {
    expect(applyRate(money(350, 'CNY'), rate('0.01', 'HALF_EVEN')).minor).toBe(4);
  });

  it('multiplies in decimal, not float (50 × 0.29 = 14.5 exactly, so HALF_UP gives 15)', () => {
    // In float, 50 * 0.29 = 14.499999999999998 and would round to 14.
    expect(applyRate(money(50, 'CNY'), rate('0.29', 'HALF_UP')).minor).toBe(15);
  });

  it('keeps the currency of the amount', () => {
    expect(applyRate(money(1000, 'JPY'), rate('3.25%', 'HALF_UP'))).toEqual({ minor: 33, currency: 'JPY' });
  });

  it('returns the amount itself at rate 1 and zero at rate 0', () => {
    expect(applyRate(money(MAX_MINOR, 'CNY'), rate('1', 'HALF_UP')).minor).toBe(MAX_MINOR);
    expect(applyRate(money(-MAX_MINOR, 'CNY'), rate('1', 'HALF_UP')).minor).toBe(-MAX_MINOR);
    expect(applyRate(money(123, 'CNY'), rate('0', 'HALF_UP')).minor).toBe(0);
  });

  it('never returns negative zero (parseAmount does not either)', () => {
    // -1 fen × 0.1 = -0.1 fen → rounds to 0, which must be +0: Intl.NumberFormat shows -0 as "-0".
    expect(applyRate(money(-1, 'CNY'), rate('0.1', 'HALF_UP')).minor).toBe(0); // toBe uses Object.is: fails on -0
    expect(applyRate(money(-123, 'CNY'), rate('0', 'HALF_UP')).minor).toBe(0);
    expect(applyRate(money(0, 'CNY'), rate('-0.6%', 'HALF_UP')).minor).toBe(0);
  });

  it('rejects a result beyond 2^51', () => {
    expect(() => applyRate(money(MAX_MINOR, 'CNY'), rate('1.01', 'HALF_UP'))).toThrow(RangeError);
  });

  it('equals amount × rate rounded exactly by every rule, however the rate is written (property)', () => {
    fc.assert(
      fc.property(anyAmount, anyRate, fc.constantFrom(...RULES), (amount, r, rule) => {
        const expected = roundExact(BigInt(amount) * r.n, 10n ** BigInt(r.k), rule);
        for (const text of r.texts) {
          if (expected > BigInt(MAX_MINOR) || expected < -BigInt(MAX_MINOR)) {
            expect(() => applyRate(money(amount, 'CNY'), rate(text, rule))).toThrow(RangeError);
          } else {
            // `+ 0` turns -0 into 0: the sign of zero is checked separately above.
            expect(applyRate(money(amount, 'CNY'), rate(text, rule)).minor + 0, `${amount} × ${text} ${rule}`).toBe(Number(expected));
          }
        }
      }),
    );
  });
});

describe('convert', () => {
  const twoToTwo = { from: 2, to: 2 };

  it('converts 100.00 USD at 7.1234 into 712.34 CNY', () => {
    expect(convert(money(10000, 'USD'), rate('7.1234', 'HALF_UP'), 'CNY', twoToTwo)).toEqual({ minor: 71234, currency: 'CNY' });
  });

  it('converts a negative amount (a refund) symmetrically', () => {
    expect(convert(money(-10000, 'USD'), rate('7.1234', 'HALF_UP'), 'CNY', twoToTwo)).toEqual({ minor: -71234, currency: 'CNY' });
  });

  it('rounds 0.01 USD at 7.1234 (7.1234 fen) by the rate’s rule', () => {
    expect(convert(money(1, 'USD'), rate('7.1234', 'HALF_UP'), 'CNY', twoToTwo).minor).toBe(7);
    expect(convert(money(1, 'USD'), rate('7.1234', 'DOWN'), 'CNY', twoToTwo).minor).toBe(7);
    expect(convert(money(1, 'USD'), rate('7.1234', 'UP'), 'CNY', twoToTwo).minor).toBe(8);
  });

  it('rounds the half case (0.50 USD at 0.05 = 2.5 fen) by the rate’s rule', () => {
    expect(convert(money(50, 'USD'), rate('0.05', 'HALF_UP'), 'CNY', twoToTwo).minor).toBe(3);
    expect(convert(money(50, 'USD'), rate('0.05', 'HALF_EVEN'), 'CNY', twoToTwo).minor).toBe(2);
    expect(convert(money(-50, 'USD'), rate('0.05', 'HALF_UP'), 'CNY', twoToTwo).minor).toBe(-3);
    expect(convert(money(-50, 'USD'), rate('0.05', 'HALF_EVEN'), 'CNY', twoToTwo).minor).toBe(-2);
  });

  it('converts 123.45 CNY at 20.57 into 2539 JPY (2539.3665 rounded half up)', () => {
    expect(convert(money(12345, 'CNY'), rate('20.57', 'HALF_UP'), 'JPY', { from: 2, to: 0 })).toEqual({ minor: 2539, currency: 'JPY' });
    expect(convert(money(12345, 'CNY'), rate('20.57', 'UP'), 'JPY', { from: 2, to: 0 }).minor).toBe(2540);
  });

  it('converts 10000 JPY at 0.0486 into 486.00 CNY', () => {
    expect(convert(money(10000, 'JPY'), rate('0.0486', 'HALF_UP'), 'CNY', { from: 0, to: 2 })).toEqual({ minor: 48600, currency: 'CNY' });
  });

  it('keeps every digit of a large conversion (1,000,000.00 HKD at 0.91234567 = 912,345.67 CNY)', () => {
    expect(convert(money(100000000, 'HKD'), rate('0.91234567', 'HALF_UP'), 'CNY', twoToTwo).minor).toBe(91234567);
  });

  it('never returns negative zero (-0.01 USD at 0.001 is -0.001 fen → 0)', () => {
    expect(convert(money(-1, 'USD'), rate('0.001', 'HALF_UP'), 'CNY', twoToTwo).minor).toBe(0); // toBe uses Object.is, so -0 fails
  });

  it('rejects an unknown target currency and a result beyond 2^51', () => {
    expect(() => convert(money(100, 'USD'), rate('7', 'HALF_UP'), 'XYZ', twoToTwo)).toThrow(RangeError);
    expect(() => convert(money(MAX_MINOR, 'USD'), rate('7', 'HALF_UP'), 'CNY', twoToTwo)).toThrow(RangeError);
  });

  it('equals amount / 10^from × rate × 10^to rounded exactly (property)', () => {
    const exponent = fc.constantFrom(0, 2);
    fc.assert(
      fc.property(anyAmount, anyRate, fc.constantFrom(...RULES), exponent, exponent, (amount, r, rule, from, to) => {
        const expected = roundExact(BigInt(amount) * r.n * 10n ** BigInt(to), 10n ** BigInt(r.k + from), rule);
        const convertIt = () => convert(money(amount, 'USD'), rate(r.texts[0]!, rule), 'CNY', { from, to });
        if (expected > BigInt(MAX_MINOR) || expected < -BigInt(MAX_MINOR)) expect(convertIt).toThrow(RangeError);
        else expect(convertIt().minor + 0).toBe(Number(expected)); // sign of zero is checked separately
      }),
    );
  });
});
