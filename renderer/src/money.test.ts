import { describe, expect, it } from 'vitest';
import { formatMinor, parseMinor, showMinor } from './money.js';

describe('formatMinor', () => {
  it('writes minor units as exact strings with grouping', () => {
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(123456)).toBe('1,234.56');
    expect(formatMinor(100000000)).toBe('1,000,000.00');
    expect(formatMinor(2 ** 51)).toBe('22,517,998,136,852.48');
    expect(formatMinor(-123456, 'CNY', { group: false })).toBe('-1234.56');
    expect(formatMinor(1234, 'JPY')).toBe('1,234');
    expect(showMinor(null)).toBe('—');
  });

  it('refuses what is not an integer of minor units', () => {
    expect(() => formatMinor(1.5)).toThrow(RangeError);
    expect(() => formatMinor(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('parseMinor', () => {
  it('reads what people type, exactly', () => {
    expect(parseMinor('1,234.50')).toEqual({ ok: true, minor: 123450 });
    expect(parseMinor('¥ 8')).toEqual({ ok: true, minor: 800 });
    expect(parseMinor('0.1')).toEqual({ ok: true, minor: 10 });
    expect(parseMinor('-12.3')).toEqual({ ok: true, minor: -1230 });
    expect(parseMinor('-0')).toEqual({ ok: true, minor: 0 });
    expect(parseMinor('0.29')).toEqual({ ok: true, minor: 29 });
    expect(parseMinor('1234', 'JPY')).toEqual({ ok: true, minor: 1234 });
  });

  it('refuses rather than rounds', () => {
    expect(parseMinor('1.005').ok).toBe(false);
    expect(parseMinor('1e3').ok).toBe(false);
    expect(parseMinor('--1').ok).toBe(false);
    expect(parseMinor('12.5', 'JPY').ok).toBe(false);
    expect(parseMinor('').ok).toBe(false);
    expect(parseMinor('9999999999999999').ok).toBe(false);
  });

  it('round-trips every formatted amount', () => {
    for (const minor of [0, 1, 99, 100, 101, 123456789, -987654321, 2 ** 51]) {
      expect(parseMinor(formatMinor(minor))).toEqual({ ok: true, minor });
    }
  });
});
