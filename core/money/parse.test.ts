import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AmountParseError, parseAmount, parseOptionalAmount, plainMinorAt, type ParseAmountOptions } from './parse.js';
import { formatMinor, formatMinorGrouped, MAX_MINOR } from './money.js';

/** Parse `text` expecting an AmountParseError; return it so its reason can be checked. */
function rejection(text: string, currency = 'CNY', options: ParseAmountOptions = {}): AmountParseError {
  let result: number;
  try {
    result = parseAmount(text, currency, options);
  } catch (error) {
    if (error instanceof AmountParseError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected, but it read as ${result}`);
}

const ASCII_TO_FULL_WIDTH: Record<string, string> = {
  '0': '０', '1': '１', '2': '２', '3': '３', '4': '４', '5': '５', '6': '６', '7': '７', '8': '８', '9': '９',
  '.': '．', ',': '，', '-': '－',
};
const toFullWidth = (s: string): string => [...s].map((ch) => ASCII_TO_FULL_WIDTH[ch] ?? ch).join('');

/** Any amount the module allows: within ±2^51 minor units, with the edges drawn often. */
const anyMinor = fc.oneof(
  fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.constantFrom(0, 1, -1, 99, -99, 100, -100, MAX_MINOR, -MAX_MINOR, MAX_MINOR - 1, -MAX_MINOR + 1),
);

describe('parseAmount', () => {
  describe('reads the ways people and files write CNY amounts into fen', () => {
    it.each([
      ['1,234.50', 123450],
      ['¥1,234.5', 123450],
      ['-12.3', -1230],
      ['(12.30)', -1230],
      ['1234.5元', 123450],
      ['１，２３４．５０', 123450],
      ['+10000.00', 1000000],
      ['12.30-', -1230],
      ['-¥12.30', -1230],
      ['¥-12.30', -1230],
      ['`0.01', 1],
      ['0', 0],
      ['.5', 50],
      ['RMB 8.00', 800],
      ['1,234,567.89', 123456789],
      ['￥1,234.50', 123450],
      ['(¥1,234.50)', -123450],
      ['人民币100元', 10000],
      ['12.30 CNY', 1230],
      ['rmb 8.00', 800],
      ['－１２．３０', -1230],
      ['−12.30', -1230],
      ['12', 1200],
      ['0.07', 7],
    ])('%j → %i', (text, expected) => {
      expect(parseAmount(text, 'CNY')).toBe(expected);
    });
  });

  describe('ignores padding from bills and spreadsheets', () => {
    it.each([
      ['2019\t', 201900],
      ['  2019  ', 201900],
      ['\t12.30\t', 1230],
      ['12.30\u00a0', 1230],
      ['12.30\r\n', 1230],
      ['`-12.30', -1230],
      ['\u300012.30', 1230],
    ])('%j → %i', (text, expected) => {
      expect(parseAmount(text, 'CNY')).toBe(expected);
    });
  });

  it('never returns negative zero', () => {
    expect(parseAmount('-0.00', 'CNY')).toBe(0); // toBe uses Object.is: fails on -0
    expect(parseAmount('(0)', 'CNY')).toBe(0);
  });

  it('accepts trailing zeros beyond the minor unit without a rounding rule', () => {
    expect(parseAmount('1.2300', 'CNY')).toBe(123);
    expect(parseAmount('0.0100000', 'CNY')).toBe(1);
    expect(parseAmount('12.00', 'JPY')).toBe(12);
  });

  it('reads JPY, which has no minor unit, as whole yen', () => {
    expect(parseAmount('1,234', 'JPY')).toBe(1234);
    expect(parseAmount('¥1,234', 'JPY')).toBe(1234);
    expect(parseAmount('-500', 'JPY')).toBe(-500);
  });

  it('rejects a JPY amount with decimals unless a rounding rule is given', () => {
    expect(rejection('12.5', 'JPY').reason).toMatch(/more than 0 decimals for JPY/);
    expect(parseAmount('12.5', 'JPY', { rounding: 'HALF_UP' })).toBe(13);
    expect(parseAmount('12.5', 'JPY', { rounding: 'HALF_EVEN' })).toBe(12);
    expect(parseAmount('12.5', 'JPY', { rounding: 'DOWN' })).toBe(12);
  });

  it('throws a RangeError for an unknown currency', () => {
    expect(() => parseAmount('12.30', 'XYZ')).toThrow(RangeError);
  });

  describe('with decimalSeparator ","', () => {
    it.each([
      ['1234,56', 123456],
      ['1.234,56', 123456],
      ['-1.234.567,89', -123456789],
      ['1,5', 150],
      ['1.234', 123400],
      ['12,30 CNY', 1230],
    ])('%j → %i', (text, expected) => {
      expect(parseAmount(text, 'CNY', { decimalSeparator: ',' })).toBe(expected);
    });

    it('reads a EUR cell as EUR, and refuses it where CNY is expected', () => {
      expect(parseAmount('EUR 12,30', 'EUR', { decimalSeparator: ',' })).toBe(1230);
      expect(rejection('EUR 12,30', 'CNY', { decimalSeparator: ',' }).reason).toMatch(/currency mark does not match CNY/);
      expect(rejection('$12.30', 'CNY').reason).toMatch(/currency mark does not match CNY/);
      expect(parseAmount('$12.30', 'USD')).toBe(1230);
    });

    it('rejects a dot that is not a thousands separator', () => {
      expect(rejection('1.5', 'CNY', { decimalSeparator: ',' }).reason).toMatch(/misplaced thousands separator "\."/);
    });

    it('rejects two decimal commas', () => {
      expect(rejection('1,234,56', 'CNY', { decimalSeparator: ',' }).reason).toMatch(/more than one decimal separator ","/);
    });
  });

  describe('rejects what is not an amount, saying why', () => {
    it.each([
      ['', /empty/],
      ['-', /empty/],
      ['   ', /empty/],
      ['abc', /not a number/],
      ['1.2.3', /more than one decimal separator/],
      ['12,34.5', /misplaced thousands separator ","/],
      ['1,23', /misplaced thousands separator ","/],
      ['1234,567.00', /misplaced thousands separator ","/],
      ['1.234', /more than 2 decimals for CNY/],
      ['0.001', /more than 2 decimals for CNY/],
      ['1.2E+3', /scientific notation/],
      ['1.2e3', /scientific notation/],
      ['12.3a', /unexpected characters after the decimal separator/],
      ['¥', /no digits/],
      ['.', /no digits/],
      ['12-30', /not a number/],
    ])('%j: %s', (text, reason) => {
      const error = rejection(text);
      expect(error.reason).toMatch(reason);
      expect(error.input).toBe(text);
      expect(error.message).toContain(error.reason);
    });
  });

  // A malformed cell must not turn a refund into a receipt by cancelling its own minus sign.
  it.each(['--12.30', '-12.30-', '-¥-12.30'])('rejects %j, which carries two minus signs, instead of reading it as +12.30', (text) => {
    expect(rejection(text)).toBeInstanceOf(AmountParseError);
  });

  describe('amounts near the ±2^51 minor-unit limit', () => {
    it('accepts exactly ±2^51 fen', () => {
      expect(parseAmount('22517998136852.48', 'CNY')).toBe(2251799813685248);
      expect(parseAmount('-22,517,998,136,852.48', 'CNY')).toBe(-2251799813685248);
    });

    it.each(['22517998136852.49', '-22517998136852.49', '99999999999999.99', '99999999999999999999', '1,000,000,000,000,000,000.00'])(
      'rejects %j as too large',
      (text) => {
        expect(rejection(text).reason).toMatch(/too large/);
      },
    );

    it('rejects an amount that only goes past the limit after rounding', () => {
      expect(rejection('22517998136852.485', 'CNY', { rounding: 'HALF_UP' }).reason).toMatch(/too large/);
      expect(parseAmount('22517998136852.485', 'CNY', { rounding: 'DOWN' })).toBe(2251799813685248);
    });
  });

  describe('with a rounding rule (WeChat fees carry 5 decimals)', () => {
    it('HALF_UP rounds half a fen up', () => {
      expect(parseAmount('0.05940', 'CNY', { rounding: 'HALF_UP' })).toBe(6);
      expect(parseAmount('0.005', 'CNY', { rounding: 'HALF_UP' })).toBe(1);
      expect(parseAmount('0.00499', 'CNY', { rounding: 'HALF_UP' })).toBe(0);
      expect(parseAmount('1,234.565', 'CNY', { rounding: 'HALF_UP' })).toBe(123457);
    });

    it('HALF_UP rounds negative amounts symmetrically (away from zero)', () => {
      expect(parseAmount('-0.005', 'CNY', { rounding: 'HALF_UP' })).toBe(-1);
      expect(parseAmount('(0.05940)', 'CNY', { rounding: 'HALF_UP' })).toBe(-6);
    });

    it('HALF_EVEN rounds half a fen to the even fen', () => {
      expect(parseAmount('0.005', 'CNY', { rounding: 'HALF_EVEN' })).toBe(0);
      expect(parseAmount('0.015', 'CNY', { rounding: 'HALF_EVEN' })).toBe(2);
      expect(parseAmount('0.025', 'CNY', { rounding: 'HALF_EVEN' })).toBe(2);
      expect(parseAmount('0.0251', 'CNY', { rounding: 'HALF_EVEN' })).toBe(3);
    });

    it('DOWN and UP truncate toward and away from zero', () => {
      expect(parseAmount('0.0199', 'CNY', { rounding: 'DOWN' })).toBe(1);
      expect(parseAmount('-0.0199', 'CNY', { rounding: 'DOWN' })).toBe(-1);
      expect(parseAmount('0.0101', 'CNY', { rounding: 'UP' })).toBe(2);
      expect(parseAmount('-0.0101', 'CNY', { rounding: 'UP' })).toBe(-2);
    });

    it('FLOOR and CEIL round positive amounts down and up', () => {
      expect(parseAmount('0.015', 'CNY', { rounding: 'FLOOR' })).toBe(1);
      expect(parseAmount('0.015', 'CNY', { rounding: 'CEIL' })).toBe(2);
    });

    it('FLOOR rounds a negative amount toward minus infinity, CEIL toward plus infinity', () => {
      // -0.015 CNY is -1.5 fen: floor → -2, ceil → -1 (as applyRate does for the same rules).
      expect(parseAmount('-0.015', 'CNY', { rounding: 'FLOOR' })).toBe(-2);
      expect(parseAmount('-0.015', 'CNY', { rounding: 'CEIL' })).toBe(-1);
    });

    it('does not change an amount that already fits the minor unit', () => {
      expect(parseAmount('12.34', 'CNY', { rounding: 'UP' })).toBe(1234);
      expect(parseAmount('12.3400', 'CNY', { rounding: 'UP' })).toBe(1234);
    });

    it('one extra digit: rejected without a rule, HALF_UP and DOWN round it as expected (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: -(MAX_MINOR - 1), max: MAX_MINOR - 1 }), fc.integer({ min: 0, max: 9 }), (m, digit) => {
          const text = formatMinor(m, 'CNY') + String(digit);
          const awayFromZero = m < 0 ? -1 : 1;
          expect(parseAmount(text, 'CNY', { rounding: 'DOWN' })).toBe(m);
          expect(parseAmount(text, 'CNY', { rounding: 'HALF_UP' })).toBe(digit >= 5 ? m + awayFromZero : m);
          if (digit === 0) expect(parseAmount(text, 'CNY')).toBe(m);
          else expect(() => parseAmount(text, 'CNY')).toThrow(AmountParseError);
        }),
      );
    });
  });

  describe('reads back what formatMinor and formatMinorGrouped write (property)', () => {
    it('CNY plain: parseAmount(formatMinor(m)) === m', () => {
      fc.assert(fc.property(anyMinor, (m) => {
        expect(parseAmount(formatMinor(m, 'CNY'), 'CNY')).toBe(m);
      }));
    });

    it('CNY grouped: parseAmount(formatMinorGrouped(m)) === m', () => {
      fc.assert(fc.property(anyMinor, (m) => {
        expect(parseAmount(formatMinorGrouped(m, 'CNY'), 'CNY')).toBe(m);
      }));
    });

    it('JPY plain and grouped', () => {
      fc.assert(fc.property(anyMinor, (m) => {
        expect(parseAmount(formatMinor(m, 'JPY'), 'JPY')).toBe(m);
        expect(parseAmount(formatMinorGrouped(m, 'JPY'), 'JPY')).toBe(m);
      }));
    });

    it('European style (separators swapped) with decimalSeparator ","', () => {
      fc.assert(fc.property(anyMinor, (m) => {
        const european = formatMinorGrouped(m, 'CNY').replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
        expect(parseAmount(european, 'CNY', { decimalSeparator: ',' })).toBe(m);
      }));
    });

    it('full-width digits and punctuation', () => {
      fc.assert(fc.property(anyMinor, (m) => {
        expect(parseAmount(toFullWidth(formatMinorGrouped(m, 'CNY')), 'CNY')).toBe(m);
      }));
    });

    it('every way of writing a negative amount gives the same value', () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: MAX_MINOR }), (m) => {
        const plain = formatMinorGrouped(m, 'CNY');
        for (const text of [`-${plain}`, `(${plain})`, `${plain}-`, `-¥${plain}`, `¥-${plain}`, `(¥${plain})`, `-${plain}元`]) {
          expect(parseAmount(text, 'CNY'), text).toBe(-m);
        }
        for (const text of [`+${plain}`, `¥${plain}`, `${plain}元`, `RMB ${plain}`, `\`${plain}`, `${plain}\t`]) {
          expect(parseAmount(text, 'CNY'), text).toBe(m);
        }
      }));
    });
  });
});

describe('parseOptionalAmount', () => {
  it.each([[''], ['-'], ['--'], [null], [undefined], ['  '], ['\t'], ['`--']])('reads %j as no amount (null)', (text) => {
    expect(parseOptionalAmount(text, 'CNY')).toBeNull();
  });

  it('reads a real amount exactly as parseAmount does', () => {
    expect(parseOptionalAmount('1,234.50', 'CNY')).toBe(123450);
    expect(parseOptionalAmount('(12.30)', 'CNY')).toBe(-1230);
    expect(parseOptionalAmount('0', 'CNY')).toBe(0);
    expect(parseOptionalAmount('0.05940', 'CNY', { rounding: 'HALF_UP' })).toBe(6);
  });

  it('still rejects text that is not an amount', () => {
    expect(() => parseOptionalAmount('abc', 'CNY')).toThrow(AmountParseError);
    expect(() => parseOptionalAmount('1.234', 'CNY')).toThrow(AmountParseError);
  });
});

describe('plainMinorAt (amounts read in place, for million-row bills)', () => {
  /** parseAmount's answer, or NaN where it refuses the cell. */
  function expected(text: string, currency: string, halfUp: boolean): number {
    try {
      return parseAmount(text, currency, halfUp ? { rounding: 'HALF_UP' } : {});
    } catch (error) {
      if (error instanceof AmountParseError) return NaN;
      throw error;
    }
  }

  /** plainMinorAt on `text` placed inside a longer line, so the bounds are honoured. */
  function inPlace(text: string, exponent: number, halfUp: boolean): number {
    const line = `x,${text},y`;
    return plainMinorAt(line, 2, 2 + text.length, exponent, halfUp);
  }

  const cells = [
    '0', '1', '1.00', '12.34', '0.835', '9.9', '00012.30', '+2.5', '-0.00', '-1.00', '+0', '0.05940', '-0.05940',
    '0.00500', '-0.00500', '0.00499', '-0.00499', '0.995', '-0.995', '1.23456', '12.', '.5', '', '-', '+', '+-1',
    '1,234.50', '¥3.00', '1e5', ' 1.00', '1.00 ', '1.2.3', '１２.００', '(1.00)', '3.00元', '1234567890123.99',
    '12345678901234.00', '9999999999999.995', '0000000000000.01', '00000000000000.01', '12345678901234567890',
  ];

  it('gives what parseAmount gives for a plain number, with and without HALF_UP, and NaN for the rest', () => {
    for (const text of cells) {
      for (const halfUp of [false, true]) {
        const got = inPlace(text, 2, halfUp);
        if (Number.isNaN(got)) continue; // left to parseAmount, whatever it says
        expect([text, halfUp, got]).toEqual([text, halfUp, expected(text, 'CNY', halfUp)]);
      }
    }
    // the shapes a bill writes are read here, not left to parseAmount
    for (const text of ['0', '1.00', '0.835', '-0.05940', '+2.5', '1234567890123.99']) expect(inPlace(text, 2, true)).not.toBeNaN();
    for (const text of ['', '12.', '1,234.50', '¥3.00', ' 1.00', '12345678901234.00']) expect(inPlace(text, 2, true)).toBeNaN();
    // without a rounding rule a third decimal is parseAmount's to refuse
    expect(inPlace('0.835', 2, false)).toBeNaN();
    expect(inPlace('0.830', 2, false)).toBe(83);
  });

  it('reads JPY (no minor unit) as parseAmount does', () => {
    for (const text of ['12', '12.0', '12.5', '-12.49', '0.5']) {
      for (const halfUp of [false, true]) {
        const got = inPlace(text, 0, halfUp);
        if (!Number.isNaN(got)) expect(got).toBe(expected(text, 'JPY', halfUp));
      }
    }
  });

  it('never returns negative zero', () => {
    expect(Object.is(inPlace('-0.00', 2, false), 0)).toBe(true);
    expect(Object.is(inPlace('-0.00400', 2, true), 0)).toBe(true);
  });

  it('agrees with parseAmount on random plain numbers, refusals included (property)', () => {
    const plain = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,13}$/), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
      .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(plain, fc.boolean(), (text, halfUp) => Object.is(inPlace(text, 2, halfUp), expected(text, 'CNY', halfUp))),
      { numRuns: 5000 },
    );
  });
});
