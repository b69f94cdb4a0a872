// OFX 1.x (SGML) and 2.x (XML) bank and credit-card statements, from the fixtures in
// fixtures/statements/ofx/ (made up for these tests).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './cn-detect.js';
import { ofxDateTime, parseOfx } from './ofx.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/statements/ofx/', import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`);

describe('OFX statements', () => {
  it('reads an SGML 1.02 bank statement: unclosed leaf tags, signed amounts, entities, the ledger balance; a 0.00 line is left out', () => {
    const bytes = fixture('bank-sgml-102.ofx');
    expect(detectFormat('statement.txt', bytes)).toMatchObject({ format: 'ofx', channel: null });
    const [parsed, ...more] = parseOfx(bytes.toString('utf8'));
    expect(more).toEqual([]);
    expect(parsed!.errors).toEqual([]);
    expect(parsed).toMatchObject({ format: 'ofx', account: '6222020000000001', currency: 'CNY', declared: { closingBalanceMinor: 10_434_557 } });
    expect(parsed!.lines.map((l) => [l.row, l.bookedAt, l.valueDate, l.direction, l.amountMinor, l.reference, l.channelRef, l.counterparty, l.summary, l.kind])).toEqual([
      [16, '2026-11-21 09:15:02', null, 'credit', 1_234_567, 'PD20261121000001', 'ICBC202611210001', '杭州示例科技有限公司', '货款 & 服务费', 'transfer'],
      [17, '2026-11-21 16:30:00', '2026-11-22', 'debit', 800_000, 'PO20261121000007', 'ICBC202611210002', '张三', '张三', 'transfer'],
      [18, '2026-11-21 17:00:00', null, 'debit', 10, null, 'ICBC202611210003', '工商银行', '转账手续费', 'fee'],
    ]);
    expect(parsed!.totals).toEqual({ CNY: { count: 3, creditMinor: 1_234_567, debitMinor: 800_010 } });
  });

  it('reads an XML 2.11 credit-card statement: purchases negative (money out), the payment positive, PAYEE/NAME', () => {
    const bytes = fixture('card-xml-211.ofx');
    expect(detectFormat('card.xml', bytes)).toMatchObject({ format: 'ofx' });
    const [parsed] = parseOfx(bytes.toString('utf8'));
    expect(parsed!.errors).toEqual([]);
    expect(parsed).toMatchObject({ account: '4000000000000088', currency: 'USD', declared: { closingBalanceMinor: -1_219 } });
    expect(parsed!.lines.map((l) => [l.bookedAt, l.direction, l.amountMinor, l.counterparty, l.summary])).toEqual([
      ['2026-11-03 12:00:00', 'debit', 4_219, 'EXAMPLE BOOKSHOP', 'EXAMPLE BOOKSHOP'],
      ['2026-11-10 00:00:00', 'debit', 12_000, 'EXAMPLE AIRLINE', 'SEAT UPGRADE'],
      ['2026-11-25 00:00:00', 'credit', 15_000, 'PAYMENT THANK YOU', 'PAYMENT THANK YOU'],
    ]);
    expect(parsed!.totals).toEqual({ USD: { count: 3, creditMinor: 15_000, debitMinor: 16_219 } });
  });

  it('names a truncated file as truncated, and a bad date or amount by line and tag, keeping the good lines', () => {
    const [truncated] = parseOfx(fixture('truncated.ofx').toString('utf8'));
    expect(truncated!.lines).toEqual([]);
    expect(truncated!.errors).toEqual([{ row: 0, column: 'OFX', reason: expect.stringMatching(/ends inside OFX > .*STMTTRN, which never close: the file is truncated$/) }]);
    const text = fixture('bank-sgml-102.ofx').toString('utf8')
      .replace('<DTPOSTED>20261121163000.000', '<DTPOSTED>20261321163000.000')
      .replace('<TRNAMT>-0.10', '<TRNAMT>-0.105');
    const [bad] = parseOfx(text);
    expect(bad!.errors.map((e) => [e.row, e.column])).toEqual([[17, 'DTPOSTED'], [18, 'TRNAMT']]);
    expect(bad!.errors[0]!.reason).toBe('not a date: "20261321163000.000[+8:CST]"');
    expect(bad!.lines.map((l) => l.row)).toEqual([16]);
  });

  it('refuses what is not an OFX statement with a reason', () => {
    expect(parseOfx('')[0]!.errors[0]!.reason).toBe('empty file');
    expect(parseOfx('hello')[0]!.errors[0]!.reason).toMatch(/no <OFX> element/);
    expect(parseOfx('<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>')[0]!.errors[0]!.reason).toMatch(/no bank or credit-card statement/);
    expect(parseOfx(`<OFX>${'<A>'.repeat(100)}`)[0]!.errors[0]!.reason).toMatch(/nest deeper than 64/);
  });

  it('reads OFX dates as written, and refuses impossible ones', () => {
    expect(ofxDateTime('20090401122017.000[-5:EST]')).toEqual({ date: '2009-04-01', dateTime: '2009-04-01 12:20:17' });
    expect(ofxDateTime('20261121')).toEqual({ date: '2026-11-21', dateTime: '2026-11-21 00:00:00' });
    expect(ofxDateTime('20260230')).toBeNull();
    expect(ofxDateTime('201120000000')).toBeNull();
    expect(ofxDateTime('2026-11-21')).toBeNull();
  });
});
