import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  add,
  compare,
  formatMinor,
  formatMinorGrouped,
  formatMoney,
  MAX_MINOR,
  money,
  negate,
  subtract,
  sum,
  zero,
} from './money.js';
import { isKnownCurrency, minorExponent } from './currency.js';

describe('minorExponent', () => {
  it('knows CNY and USD have 2 decimals, JPY and KRW none', () => {
    expect(minorExponent('CNY')).toBe(2);
    expect(minorExponent('USD')).toBe(2);
    expect(minorExponent('JPY')).toBe(0);
    expect(minorExponent('KRW')).toBe(0);
  });

  it('throws for a currency it does not know, including lower case', () => {
    expect(() => minorExponent('XYZ')).toThrow(RangeError);
    expect(() => minorExponent('cny')).toThrow(RangeError);
    expect(isKnownCurrency('CNY')).toBe(true);
    expect(isKnownCurrency('cny')).toBe(false);
  });
});

describe('money', () => {
  it('holds an integer count of minor units and its currency', () => {
    expect(money(123450, 'CNY')).toEqual({ minor: 123450, currency: 'CNY' });
    expect(money(-5, 'JPY')).toEqual({ minor: -5, currency: 'JPY' });
  });

  it('accepts exactly ±2^51 minor units', () => {
    expect(money(MAX_MINOR, 'CNY').minor).toBe(2251799813685248);
    expect(money(-MAX_MINOR, 'CNY').minor).toBe(-2251799813685248);
  });

  it.each([
    ['a float', 1.5],
    ['a float that looks like fen', 0.1 + 0.2],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2^51 + 1', MAX_MINOR + 1],
    ['-(2^51 + 1)', -(MAX_MINOR + 1)],
    ['2^53', 2 ** 53],
  ])('rejects %s', (_label, minor) => {
    expect(() => money(minor, 'CNY')).toThrow(RangeError);
  });

  it('rejects an unknown currency', () => {
    expect(() => money(100, 'XYZ')).toThrow(/unknown currency "XYZ"/);
  });
});

describe('zero', () => {
  it('is 0 minor units of the currency', () => {
    expect(zero('USD')).toEqual({ minor: 0, currency: 'USD' });
    expect(() => zero('XYZ')).toThrow(RangeError);
  });
});

describe('add', () => {
  it('adds minor units exactly', () => {
    expect(add(money(10, 'CNY'), money(20, 'CNY'))).toEqual({ minor: 30, currency: 'CNY' });
    expect(add(money(MAX_MINOR - 1, 'CNY'), money(1, 'CNY')).minor).toBe(MAX_MINOR);
  });

  it('rejects adding different currencies', () => {
    expect(() => add(money(100, 'CNY'), money(100, 'USD'))).toThrow(TypeError);
    expect(() => add(money(100, 'CNY'), money(100, 'USD'))).toThrow(/currency mismatch: CNY vs USD/);
  });

  it('rejects a result beyond 2^51', () => {
    expect(() => add(money(MAX_MINOR, 'CNY'), money(1, 'CNY'))).toThrow(RangeError);
  });
});

describe('subtract', () => {
  it('subtracts minor units exactly, going negative when needed', () => {
    expect(subtract(money(100, 'CNY'), money(250, 'CNY'))).toEqual({ minor: -150, currency: 'CNY' });
  });

  it('rejects subtracting different currencies', () => {
    expect(() => subtract(money(100, 'CNY'), money(100, 'HKD'))).toThrow(TypeError);
  });

  it('rejects a result beyond -2^51', () => {
    expect(() => subtract(money(-MAX_MINOR, 'CNY'), money(1, 'CNY'))).toThrow(RangeError);
  });
});

describe('negate', () => {
  it('flips the sign and keeps the currency', () => {
    expect(negate(money(1230, 'CNY'))).toEqual({ minor: -1230, currency: 'CNY' });
    expect(negate(money(-1230, 'USD'))).toEqual({ minor: 1230, currency: 'USD' });
  });
});

describe('compare', () => {
  it('orders amounts of the same currency', () => {
    expect(compare(money(1, 'CNY'), money(2, 'CNY'))).toBe(-1);
    expect(compare(money(2, 'CNY'), money(2, 'CNY'))).toBe(0);
    expect(compare(money(3, 'CNY'), money(-3, 'CNY'))).toBe(1);
  });

  it('refuses to compare different currencies', () => {
    expect(() => compare(money(1, 'CNY'), money(1, 'USD'))).toThrow(TypeError);
  });
});

describe('sum', () => {
  it('is zero for no items', () => {
    expect(sum([], 'CNY')).toEqual({ minor: 0, currency: 'CNY' });
  });

  it('adds many small amounts with no float drift (ten 0.10 make exactly 1.00)', () => {
    expect(sum(Array.from({ length: 10 }, () => money(10, 'CNY')), 'CNY').minor).toBe(100);
  });

  it('stays exact for amounts too large for float cents to be exact', () => {
    // 2^50 + (2^50 - 1) + 1 = 2^51: exact in minor units.
    expect(sum([money(2 ** 50, 'CNY'), money(2 ** 50 - 1, 'CNY'), money(1, 'CNY')], 'CNY').minor).toBe(MAX_MINOR);
  });

  it('rejects an item in another currency', () => {
    expect(() => sum([money(1, 'CNY'), money(1, 'USD')], 'CNY')).toThrow(/currency mismatch: USD vs CNY/);
  });

  it('rejects a total beyond 2^51', () => {
    expect(() => sum([money(MAX_MINOR, 'CNY'), money(1, 'CNY')], 'CNY')).toThrow(RangeError);
  });

  it('equals the exact (BigInt) total of any list whose running totals stay in range (property)', () => {
    const item = fc.integer({ min: -(2 ** 47), max: 2 ** 47 });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 16 }), (minors) => {
        const exact = minors.reduce((acc, m) => acc + BigInt(m), 0n);
        const total = sum(minors.map((m) => money(m, 'CNY')), 'CNY');
        expect(BigInt(total.minor)).toBe(exact);
        expect(total.currency).toBe('CNY');
      }),
    );
  });
});

describe('formatMinor', () => {
  it.each([
    [123450, 'CNY', '1234.50'],
    [-5, 'CNY', '-0.05'],
    [0, 'CNY', '0.00'],
    [1, 'CNY', '0.01'],
    [-100, 'CNY', '-1.00'],
    [1234, 'JPY', '1234'],
    [-7, 'JPY', '-7'],
    [0, 'JPY', '0'],
    [2251799813685248, 'CNY', '22517998136852.48'],
    [-2251799813685248, 'CNY', '-22517998136852.48'],
  ])('%i %s → %j', (minor, currency, expected) => {
    expect(formatMinor(minor, currency)).toBe(expected);
  });

  it('never writes "-0.00"', () => {
    expect(formatMinor(-0, 'CNY')).toBe('0.00');
  });

  it('rejects a float, an amount beyond 2^51 and an unknown currency', () => {
    expect(() => formatMinor(1.5, 'CNY')).toThrow(RangeError);
    expect(() => formatMinor(MAX_MINOR + 1, 'CNY')).toThrow(RangeError);
    expect(() => formatMinor(100, 'XYZ')).toThrow(RangeError);
  });

  it('writes the integer, a dot and exactly two digits for CNY (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }), (m) => {
        const text = formatMinor(m, 'CNY');
        expect(text).toMatch(/^-?(0|[1-9]\d*)\.\d{2}$/);
        const negative = text.startsWith('-');
        expect(negative).toBe(m < 0);
        expect(BigInt(text.replace(/[-.]/g, '')) * (negative ? -1n : 1n)).toBe(BigInt(m));
      }),
    );
  });
});

describe('formatMoney', () => {
  it('formats a Money in its own currency', () => {
    expect(formatMoney(money(123450, 'CNY'))).toBe('1234.50');
    expect(formatMoney(money(123450, 'JPY'))).toBe('123450');
  });
});

describe('formatMinorGrouped', () => {
  it.each([
    [123456789, 'CNY', '1,234,567.89'],
    [-100000, 'CNY', '-1,000.00'],
    [99999, 'CNY', '999.99'],
    [100000, 'CNY', '1,000.00'],
    [-5, 'CNY', '-0.05'],
    [0, 'CNY', '0.00'],
    [1234567, 'JPY', '1,234,567'],
    [-1000, 'JPY', '-1,000'],
    [999, 'JPY', '999'],
    [2251799813685248, 'CNY', '22,517,998,136,852.48'],
  ])('%i %s → %j', (minor, currency, expected) => {
    expect(formatMinorGrouped(minor, currency)).toBe(expected);
  });

  it('only inserts commas every three integer digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }), (m) => {
        const grouped = formatMinorGrouped(m, 'CNY');
        expect(grouped).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(grouped.replace(/,/g, '')).toBe(formatMinor(m, 'CNY'));
      }),
    );
  });
});
