import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../../money/money.js';
import { mineNarrative, parseMt940 } from './mt940.js';
import type { ParsedStatement, StatementLine } from './types.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/statements/mt940/', import.meta.url));
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

/** The fields a reconciliation matches on, for compact expectations. */
const brief = (l: StatementLine) => ({
  row: l.row,
  direction: l.direction,
  amountMinor: l.amountMinor,
  reference: l.reference,
  channelRef: l.channelRef,
});

describe('parseMt940: a bank export with header lines, CRLF, three statements', () => {
  const text = fixture('boc-multi-crlf.sta');
  const statements = parseMt940(text);

  it('is really CRLF and gives one statement per :20:, with no errors', () => {
    expect(text.includes('\r\n')).toBe(true);
    expect(statements).toHaveLength(3);
    for (const s of statements) {
      expect(s.errors).toEqual([]);
      expect(s.format).toBe('mt940');
      expect(s.channel).toBeNull();
      expect(s.account).toBe('BKCHCNBJ300/452361234567');
      expect(s.currency).toBe('CNY');
    }
  });

  it('counts every :61: and totals them to the fen', () => {
    expect(statements.map((s) => s.lines.length)).toEqual([4, 3, 1]);
    expect(statements.map((s) => s.totals)).toEqual([
      { CNY: { creditMinor: 38_652_050, debitMinor: 12_203_500, count: 4 } },
      { CNY: { creditMinor: 10_030_000, debitMinor: 1_500_000, count: 3 } },
      { CNY: { creditMinor: 1, debitMinor: 0, count: 1 } },
    ]);
    expect(statements.map((s) => s.declared)).toEqual([
      { openingBalanceMinor: 125_000_000, closingBalanceMinor: 151_448_550 },
      { openingBalanceMinor: 151_448_550, closingBalanceMinor: 159_978_550 }, // :62M: intermediate page
      { openingBalanceMinor: 159_978_550, closingBalanceMinor: 159_978_551 }, // :60M: … :62F:
    ]);
  });

  it('reads directions, references and bank references line by line (RC out, RD in)', () => {
    expect(statements[0]!.lines.map(brief)).toEqual([
      // Dutch /EREF/ wins over the :61: customer reference
      { row: 7, direction: 'credit', amountMinor: 38_652_050, reference: 'PO20251230-0001', channelRef: 'BOC2512300001' },
      // German ?20 EREF+
      { row: 11, direction: 'debit', amountMinor: 12_000_000, reference: 'PY2025123000017', channelRef: 'BOC2512300002' },
      // NONREF: no reference
      { row: 14, direction: 'debit', amountMinor: 3_500, reference: null, channelRef: 'BOC2512300003' },
      // RC: a reversed credit takes the money out again
      { row: 17, direction: 'debit', amountMinor: 200_000, reference: 'WX20251229-77', channelRef: 'BOC2512310004' },
    ]);
    expect(statements[1]!.lines.map(brief)).toEqual([
      { row: 27, direction: 'credit', amountMinor: 9_980_000, reference: null, channelRef: 'BOC2601020001' },
      // RD: a reversed debit brings the money back in
      { row: 29, direction: 'credit', amountMinor: 50_000, reference: 'RF2026010200031', channelRef: 'BOC2601020002' },
      { row: 31, direction: 'debit', amountMinor: 1_500_000, reference: null, channelRef: null },
    ]);
  });

  it('mines counterparty and summary from structured and free :86: text', () => {
    const [alipay, payout, fee, reversal] = statements[0]!.lines;
    expect(alipay).toMatchObject({
      counterparty: 'Alipay (China) Network Technology',
      summary: 'Alipay settlement 2025-12-30',
      kind: 'transfer',
    });
    expect(payout).toMatchObject({ counterparty: 'Shanghai Lanting Trading Co Ltd', summary: 'PAYOUT: Merchant payout batch 17' });
    expect(fee).toMatchObject({ counterparty: null, summary: 'BANK CHARGES DECEMBER TRANSFER FEES', kind: 'fee' });
    expect(reversal).toMatchObject({ counterparty: 'Tenpay Payment Technology', summary: 'Reversal of duplicate credit' });
    expect(statements[1]!.lines[1]).toMatchObject({ counterparty: 'Chen Mei', summary: 'Reversal of refund' });
  });

  it('books on the entry date, across the year end, and on the value date when there is none', () => {
    expect(statements[0]!.lines[0]).toMatchObject({ bookedAt: '2025-12-30 00:00:00', valueDate: '2025-12-30' });
    // valued 2025-12-31, entry date "0102" is 2 January of the next year; funds code "D" after C
    expect(statements[1]!.lines[0]).toMatchObject({ bookedAt: '2026-01-02 00:00:00', valueDate: '2025-12-31' });
    expect(statements[1]!.lines[2]).toMatchObject({ bookedAt: '2026-01-02 00:00:00', valueDate: '2026-01-02' });
  });

  it('reads the same with LF or CR line ends', () => {
    const lf = parseMt940(text.replace(/\r\n/g, '\n'));
    const cr = parseMt940(text.replace(/\r\n/g, '\r'));
    expect(lf).toEqual(statements);
    expect(cr).toEqual(statements);
  });
});

describe('parseMt940: SWIFT FIN envelope, LF', () => {
  const text = fixture('deutsche-swift-lf.sta');
  const statements = parseMt940(text);

  it('gives one statement per {4: block, signed balances, exact totals', () => {
    expect(text.includes('\r')).toBe(false);
    expect(statements).toHaveLength(2);
    expect(statements.flatMap((s) => s.errors)).toEqual([]);
    expect(statements.map((s) => [s.account, s.currency, s.lines.length])).toEqual([
      ['DE89370400440532013000', 'EUR', 2],
      ['DE89370400440532013000', 'EUR', 1],
    ]);
    expect(statements[0]!.declared).toEqual({ openingBalanceMinor: -100_000, closingBalanceMinor: 149_901 });
    expect(statements[0]!.totals).toEqual({ EUR: { creditMinor: 250_000, debitMinor: 99, count: 2 } });
    expect(statements[1]!.totals).toEqual({ EUR: { creditMinor: 0, debitMinor: 30_000, count: 1 } });
  });

  it('prefers EREF+ over the customer reference, and follows "KREF+" into the :86:', () => {
    expect(statements[0]!.lines.map(brief)).toEqual([
      { row: 7, direction: 'credit', amountMinor: 250_000, reference: 'PAY-1001', channelRef: 'DB-0000001' },
      { row: 9, direction: 'debit', amountMinor: 99, reference: null, channelRef: 'DB-0000002' },
    ]);
    expect(statements[0]!.lines[0]).toMatchObject({ counterparty: 'Muster GmbH', summary: 'SEPA-GUTSCHRIFT: Order 1001 PayDesk' });
    expect(statements[0]!.lines[1]!.kind).toBe('fee');
    expect(statements[1]!.lines[0]).toMatchObject({
      reference: 'PAYOUT-2026-0001',
      counterparty: 'Huber Handel',
      summary: 'SEPA-UEBERW: Payout merchant 7',
    });
  });

  it('ignores FIN transmission control characters (SOH … ETX)', () => {
    expect(parseMt940(`\u0001${text.replace('-}{5:{CHK', '-}\u0003{5:{CHK')}\u0003`)).toEqual(statements);
  });
});

describe('parseMt940: checks and errors', () => {
  it('reports a balance that does not add up on the closing balance, keeping the lines', () => {
    const [s, ...rest] = parseMt940(fixture('balance-mismatch.sta'));
    expect(rest).toEqual([]);
    expect(s!.lines.map(brief)).toEqual([
      { row: 5, direction: 'credit', amountMinor: 50_000, reference: 'ORD-1', channelRef: 'B1' },
      { row: 6, direction: 'debit', amountMinor: 20_000, reference: 'ORD-2', channelRef: 'B2' },
    ]);
    expect(s!.errors).toHaveLength(1);
    expect(s!.errors[0]).toMatchObject({ row: 7, column: ':62F:' });
    expect(s!.errors[0]!.reason).toContain('10000.00 + credits 500.00 − debits 200.00 = 10300.00');
    expect(s!.errors[0]!.reason).toContain('closing balance is 10300.01 (difference 0.01)');
  });

  it('a truncated file gives no lines and says it ends without a closing balance', () => {
    const statements = parseMt940(fixture('truncated.sta'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.lines).toEqual([]);
    expect(statements[0]!.totals).toEqual({ CNY: { creditMinor: 0, debitMinor: 0, count: 0 } });
    expect(statements[0]!.errors.map((e) => [e.row, e.column])).toEqual([
      [7, ':61:'],
      [7, ':62F:'],
    ]);
    expect(statements[0]!.errors[1]!.reason).toMatch(/without a closing balance.*truncated.*1 line\(s\) were not taken/);
  });

  it('a file cut inside its second statement keeps the first statement whole', () => {
    const text = fixture('boc-multi-crlf.sta');
    const cut = text.slice(0, text.indexOf(':61:2601020102RD500'));
    const statements = parseMt940(cut);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toEqual(parseMt940(text)[0]);
    expect(statements[1]!.lines).toEqual([]);
    expect(statements[1]!.errors.map((e) => e.column)).toEqual([':62F:']);
  });

  it('an unreadable :61: is an error on its line, never a line, and its :86: goes nowhere', () => {
    const [s] = parseMt940(fixture('bad-lines.sta'));
    expect(s!.lines.map(brief)).toEqual([{ row: 5, direction: 'credit', amountMinor: 10_000, reference: 'GOOD-1', channelRef: 'B1' }]);
    expect(s!.lines[0]!.summary).toBe('good line');
    expect(s!.errors.map((e) => [e.row, e.column])).toEqual([
      [7, ':61:'], // value date 25120X
      [9, ':61:'], // 12,345 CNY
      [10, ':61:'], // month 13
      [11, ':61:'], // X is no direction
      [13, ':65:'],
    ]);
    expect(s!.errors[1]!.reason).toContain('more than 2 decimals for CNY');
    expect(s!.errors[2]!.reason).toContain('value date "251301" is not a date');
    // the good line alone makes the balance: no balance error
    expect(s!.declared).toEqual({ openingBalanceMinor: 100_000, closingBalanceMinor: 110_000 });
  });

  it.each([
    ['an empty string', '', 'empty file'],
    ['blank lines', '\r\n\n  \n', 'empty file'],
    ['garbage text', 'hello world\nthis is not a bank statement\n', 'no MT940 statement found'],
    ['a CSV bill', '交易时间,交易类型,金额\n2025-12-30 10:00:00,支付,12.30\n', 'no MT940 statement found'],
    ['binary noise', '\u0000\u0001PK\u0003\u0004\u00ff\u00fe', 'no MT940 statement found'],
  ])('%s returns no lines and an error, without throwing', (_name, text, reason) => {
    const statements = parseMt940(text);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.lines).toEqual([]);
    expect(statements[0]!.errors.length).toBeGreaterThanOrEqual(1);
    expect(statements[0]!.errors[0]).toMatchObject({ row: 0, column: ':20:' });
    expect(statements[0]!.errors[0]!.reason).toContain(reason);
  });

  it('flags statement tags that stand before any :20:', () => {
    const statements = parseMt940(':25:123\n:61:2512011201C5,00NTRFX\n');
    expect(statements[0]!.lines).toEqual([]);
    expect(statements[0]!.errors.map((e) => [e.row, e.column])).toEqual([
      [0, ':20:'],
      [1, ':25:'],
      [2, ':61:'],
    ]);
  });

  it('refuses a currency it does not know instead of guessing its decimals', () => {
    const text = ':20:X\n:25:PL29114010810000267002001002\n:60F:C170119XTS0,40\n:61:1701190119CN0,01NTRFNONREF\n:62F:C170119XTS0,41\n-';
    const [s] = parseMt940(text);
    expect(s!.lines).toEqual([]);
    expect(s!.errors.map((e) => [e.row, e.column])).toEqual([
      [3, ':60F:'],
      [4, ':61:'],
      [5, ':62F:'],
    ]);
    expect(s!.errors[0]!.reason).toContain('unknown currency "XTS"');
  });

  it('uses the currency exponent: JPY has no decimals', () => {
    const ok = parseMt940(':20:J\n:60F:C251201JPY1000,\n:61:2512011201D300,NTRFA\n:62F:C251201JPY700,\n-')[0]!;
    expect(ok.errors).toEqual([]);
    expect(ok.lines[0]!.amountMinor).toBe(300);
    const bad = parseMt940(':20:J\n:60F:C251201JPY1000,\n:61:2512011201D300,5NTRFA\n:62F:C251201JPY700,\n-')[0]!;
    expect(bad.lines).toEqual([]);
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([
      [3, ':61:'],
      [4, ':62F:'], // the unread line no longer adds up
    ]);
  });

  it('puts an entry date of late December before a January value date in the year before', () => {
    const [s] = parseMt940(':20:Y\n:60F:C250102EUR10,00\n:61:2501021231D1,00NTRFA\n:62F:C250102EUR9,00\n-');
    expect(s!.lines[0]).toMatchObject({ bookedAt: '2024-12-31 00:00:00', valueDate: '2025-01-02' });
  });

  it('never throws, and keeps nothing of a statement cut before its closing balance', () => {
    const text = fixture('boc-multi-crlf.sta');
    const whole = parseMt940(text);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
        const statements = parseMt940(text.slice(0, cut));
        expect(statements.length).toBeGreaterThanOrEqual(1);
        statements.forEach((s, i) => {
          if (s.errors.length === 0) expect(s.totals).toEqual(whole[i]!.totals);
          if (s.lines.length > 0 && s.declared?.closingBalanceMinor === undefined) {
            // only a closing balance cut in the middle (":62F:C25") keeps lines, and says so
            expect(s.errors.some((e) => e.column === ':62F:' || e.column === ':62M:')).toBe(true);
          }
        });
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (noise) => {
        const statements = parseMt940(noise);
        expect(statements.length).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});

describe('mineNarrative', () => {
  it('reads the Dutch CNTP counterparty and treats EREF NOTPROVIDED as none', () => {
    expect(mineNarrative([['/TRTP/SEPA OVERBOEKING/CNTP/NL12INGB0001234567/INGBNL2A/J DOE/AMSTERDAM//EREF/NOTPROVIDED//REMI/USTD//Order 55/']])).toEqual({
      reference: null,
      customerRef: null,
      counterparty: 'J DOE',
      summary: 'Order 55',
    });
  });

  it('joins German subfields cut anywhere, even inside a keyword', () => {
    expect(mineNarrative([['166?00GUTSCHRIFT?20EREF+ABC-', '123?21 SVWZ+Rechnung 9?2', '2 vom Mai?32Muster ', 'AG']])).toEqual({
      reference: 'ABC-123',
      customerRef: null,
      counterparty: 'Muster AG',
      summary: 'GUTSCHRIFT: Rechnung 9 vom Mai',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random statements rendered to MT940 text read back with the same totals and balances

type Mark = 'C' | 'D' | 'RC' | 'RD';
interface GenLine {
  mark: Mark;
  minor: number;
  valueDay: number; // days since 2000-01-01
  entryOffset: number | null; // entry date = value date + offset days
  funds: string;
  typeLetter: 'N' | 'F';
  type: string;
  customerRef: string;
  bankRef: string | null;
  supplementary: string | null;
  narrative: string[] | null;
}
interface GenStatement {
  currency: 'CNY' | 'EUR' | 'USD' | 'JPY';
  account: string;
  openingMinor: number;
  lines: GenLine[];
}

const DAY_MS = 86_400_000;
const BASE_MS = Date.UTC(2000, 0, 1);
const iso = (day: number): string => new Date(BASE_MS + day * DAY_MS).toISOString().slice(0, 10);
const yymmdd = (day: number): string => iso(day).slice(2).replace(/-/g, '');
const mmdd = (day: number): string => iso(day).slice(5).replace('-', '');

const genLine: fc.Arbitrary<GenLine> = fc.record({
  mark: fc.constantFrom<Mark>('C', 'D', 'RC', 'RD'),
  minor: fc.oneof(fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 0, max: 10_000 })),
  valueDay: fc.integer({ min: 10, max: 29_000 }), // 2000-01-11 … 2079
  entryOffset: fc.option(fc.integer({ min: -4, max: 4 }), { nil: null }),
  funds: fc.constantFrom('', 'D', 'R', 'F'),
  typeLetter: fc.constantFrom('N', 'F'),
  type: fc.constantFrom('TRF', 'CHG', 'MSC', 'COM', 'DDT'),
  customerRef: fc.oneof(fc.constant('NONREF'), fc.stringMatching(/^[A-Z0-9][A-Z0-9.-]{0,15}$/)),
  bankRef: fc.option(fc.stringMatching(/^[A-Z0-9]{1,16}$/), { nil: null }),
  supplementary: fc.option(fc.stringMatching(/^[A-Z][A-Z0-9 ]{0,30}$/), { nil: null }),
  narrative: fc.option(fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,]{0,60}$/), { minLength: 1, maxLength: 3 }), { nil: null }),
});

const genStatement: fc.Arbitrary<GenStatement> = fc.record({
  currency: fc.constantFrom('CNY', 'EUR', 'USD', 'JPY'),
  account: fc.stringMatching(/^[A-Z0-9]{8,24}$/),
  openingMinor: fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 }),
  lines: fc.array(genLine, { maxLength: 12 }),
});

function mtAmount(minor: number, currency: string): string {
  const text = formatMinor(Math.abs(minor), currency);
  return text.includes('.') ? text.replace('.', ',') : `${text},`;
}

function expectedTotals(s: GenStatement): { credit: number; debit: number; closing: number } {
  let credit = 0;
  let debit = 0;
  for (const l of s.lines) {
    if (l.mark === 'C' || l.mark === 'RD') credit += l.minor;
    else debit += l.minor;
  }
  return { credit, debit, closing: s.openingMinor + credit - debit };
}

function render(statements: GenStatement[], options: { eol: string; swift: boolean; header: boolean }, closingDelta = 0): string {
  const out: string[] = [];
  statements.forEach((s, i) => {
    if (options.header) out.push('BANK OF NOWHERE', '940');
    if (options.swift) out.push('{1:F01BANKCNBJAXXX0000000000}{2:O940BANKCNBJXXXXN}{3:{108:MT940}}{4:');
    const day = s.lines[0]?.valueDay ?? 9000;
    const balance = (minor: number): string => `${minor < 0 ? 'D' : 'C'}${yymmdd(day)}${s.currency}${mtAmount(minor, s.currency)}`;
    out.push(`:20:GEN${i}`, `:25:${s.account}`, `:28C:${i + 1}/1`, `:60F:${balance(s.openingMinor)}`);
    for (const l of s.lines) {
      const entry = l.entryOffset === null ? '' : mmdd(l.valueDay + l.entryOffset);
      out.push(
        `:61:${yymmdd(l.valueDay)}${entry}${l.mark}${l.funds}${mtAmount(l.minor, s.currency)}${l.typeLetter}${l.type}${l.customerRef}` +
          (l.bankRef === null ? '' : `//${l.bankRef}`),
      );
      if (l.supplementary !== null) out.push(l.supplementary);
      if (l.narrative !== null) out.push(`:86:${l.narrative[0]}`, ...l.narrative.slice(1));
    }
    out.push(`:62F:${balance(expectedTotals(s).closing + (i === 0 ? closingDelta : 0))}`);
    out.push(options.swift ? '-}{5:}' : '-');
  });
  return out.join(options.eol) + options.eol;
}

const renderOptions = fc.record({ eol: fc.constantFrom('\n', '\r\n'), swift: fc.boolean(), header: fc.boolean() });

describe('parseMt940 property: rendered statements read back exactly', () => {
  it('lines, directions, amounts, references, totals and balances agree', () => {
    fc.assert(
      fc.property(fc.array(genStatement, { minLength: 1, maxLength: 4 }), renderOptions, (generated, options) => {
        const parsed: ParsedStatement[] = parseMt940(render(generated, options));
        expect(parsed).toHaveLength(generated.length);
        generated.forEach((g, i) => {
          const p = parsed[i]!;
          const want = expectedTotals(g);
          expect(p.errors).toEqual([]);
          expect(p.account).toBe(g.account);
          expect(p.currency).toBe(g.currency);
          expect(p.totals).toEqual({ [g.currency]: { creditMinor: want.credit, debitMinor: want.debit, count: g.lines.length } });
          expect(p.declared).toEqual({ openingBalanceMinor: g.openingMinor, closingBalanceMinor: want.closing });
          expect(p.lines).toHaveLength(g.lines.length);
          g.lines.forEach((gl, j) => {
            const pl = p.lines[j]!;
            expect(pl.amountMinor).toBe(gl.minor);
            expect(pl.direction).toBe(gl.mark === 'C' || gl.mark === 'RD' ? 'credit' : 'debit');
            expect(pl.currency).toBe(g.currency);
            expect(pl.valueDate).toBe(iso(gl.valueDay));
            expect(pl.bookedAt).toBe(`${iso(gl.valueDay + (gl.entryOffset ?? 0))} 00:00:00`);
            expect(pl.reference).toBe(gl.customerRef === 'NONREF' ? null : gl.customerRef);
            expect(pl.channelRef).toBe(gl.bankRef);
            const summary = gl.narrative !== null ? gl.narrative.join(' ') : gl.supplementary;
            expect(pl.summary).toBe(summary === null ? null : summary.replace(/\s+/g, ' ').trim() || null);
          });
        });
      }),
    );
  });

  it('a closing balance off by any amount is exactly one error on the first statement', () => {
    fc.assert(
      fc.property(
        fc.array(genStatement, { minLength: 1, maxLength: 3 }),
        renderOptions,
        fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((d) => d !== 0),
        (generated, options, delta) => {
          const parsed = parseMt940(render(generated, options, delta));
          expect(parsed[0]!.errors).toHaveLength(1);
          expect(parsed[0]!.errors[0]!.column).toBe(':62F:');
          expect(parsed[0]!.errors[0]!.reason).toContain('balance check failed');
          expect(parsed.slice(1).flatMap((s) => s.errors)).toEqual([]);
        },
      ),
    );
  });
});
