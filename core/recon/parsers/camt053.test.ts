import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCamt053 } from './camt053.js';
import type { StatementLine } from './types.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/statements/camt053/', import.meta.url));
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

const brief = (l: StatementLine) => ({
  row: l.row,
  direction: l.direction,
  amountMinor: l.amountMinor,
  reference: l.reference,
  channelRef: l.channelRef,
});

/** A one-statement camt.053.001.02 document around the given entries (CNY, opening 100.00 CRDT). */
function doc(entries: string, closing = '100.00'): string {
  return `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>T</MsgId><CreDtTm>2026-01-01T00:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><Othr><Id>ACC1</Id></Othr></Id><Ccy>CNY</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">${closing}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-01</Dt></Dt></Bal>
${entries}
</Stmt></BkToCstmrStmt></Document>`;
}
const entry = (amt: string, ind = 'CRDT', extra = ''): string =>
  `<Ntry><Amt Ccy="CNY">${amt}</Amt><CdtDbtInd>${ind}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt>${extra}</Ntry>`;

describe('parseCamt053: camt.053.001.02, two statements, reversal, batch, pending', () => {
  const statements = parseCamt053(fixture('boc-v02-multi.xml'));
  const [cny, eur] = statements;

  it('gives one statement per Stmt, exact totals, balances that add up, no errors', () => {
    expect(statements).toHaveLength(2);
    expect(statements.flatMap((s) => s.errors)).toEqual([]);
    expect(cny).toMatchObject({ format: 'camt053', channel: null, account: '452361234567', currency: 'CNY' });
    expect(eur).toMatchObject({ account: 'DE44500105175407324931', currency: 'EUR' });
    expect(cny!.totals).toEqual({ CNY: { creditMinor: 12_851_735, debitMinor: 3_122_500, count: 5 } });
    expect(cny!.declared).toEqual({
      openingBalanceMinor: 50_000_000,
      closingBalanceMinor: 59_729_235,
      totals: { CNY: { creditMinor: 12_851_735, debitMinor: 3_122_500, count: 5 } }, // TxsSummry
    });
    // PRCD stands in for a missing OPBD; DBIT balances are negative
    expect(eur!.declared).toEqual({ openingBalanceMinor: -10_000, closingBalanceMinor: 16_250 });
    expect(eur!.totals).toEqual({ EUR: { creditMinor: 26_250, debitMinor: 0, count: 2 } });
  });

  it('one line per booked Ntry, rows counting every Ntry of the file; the PDNG entry is left out', () => {
    expect(cny!.lines.map(brief)).toEqual([
      { row: 1, direction: 'credit', amountMinor: 12_845_075, reference: 'PO20251230-0002', channelRef: 'BOC-CAMT-0001' },
      { row: 2, direction: 'debit', amountMinor: 3_000_000, reference: 'PAYOUT-20251230-01', channelRef: 'BOC-CAMT-0002' },
      { row: 3, direction: 'debit', amountMinor: 120_000, reference: 'WX20251229-77', channelRef: 'BOC-CAMT-0003' },
      // row 4 is PDNG
      { row: 5, direction: 'debit', amountMinor: 2_500, reference: null, channelRef: 'BOC-CAMT-0005' },
      { row: 6, direction: 'credit', amountMinor: 6_660, reference: null, channelRef: 'BOC-CAMT-0006' }, // NOTPROVIDED
    ]);
    expect(eur!.lines.map(brief)).toEqual([
      { row: 7, direction: 'credit', amountMinor: 25_000, reference: 'INV-2025-0042', channelRef: 'DB-CAMT-7' },
      { row: 8, direction: 'credit', amountMinor: 1_250, reference: 'DD-2025-12-0007', channelRef: 'DB-CAMT-8' },
    ]);
    expect(statements.flatMap((s) => s.lines).some((l) => l.channelRef === 'BOC-CAMT-0004' || l.amountMinor === 880_000)).toBe(false);
  });

  it('a reversal keeps the direction CdtDbtInd states (DBIT = RC, money out; CRDT = RD, money in) and names the original other party', () => {
    expect(cny!.lines[2]).toMatchObject({ direction: 'debit', counterparty: 'Tenpay Payment Technology Co., Ltd.' });
    expect(eur!.lines[1]).toMatchObject({ direction: 'credit', counterparty: 'Stadtwerke Beispiel', summary: 'Direct debit returned' });
  });

  it('a batch entry with several TxDtls is one line: batch reference, no single counterparty', () => {
    expect(cny!.lines[1]).toMatchObject({
      amountMinor: 3_000_000,
      reference: 'PAYOUT-20251230-01',
      counterparty: null,
      summary: 'Payout merchant 10081; Payout merchant 10082; Payout merchant 10083',
      kind: 'transfer',
    });
  });

  it('counterparty is the debtor of a credit; summary from Ustrd, else AddtlNtryInf; fees by bank transaction code', () => {
    expect(cny!.lines[0]).toMatchObject({
      counterparty: 'Alipay (China) Network Technology Co., Ltd.',
      summary: 'Alipay settlement 2025-12-30',
      bookedAt: '2025-12-30 00:00:00',
      valueDate: '2025-12-30',
      kind: 'transfer',
      feeMinor: null,
    });
    expect(cny!.lines[3]).toMatchObject({ kind: 'fee', summary: 'Account maintenance fee December', counterparty: null });
    expect(eur!.lines[0]).toMatchObject({ counterparty: 'Muster GmbH' });
  });

  it('reads the same under the .04 and .08 namespaces', () => {
    const text = fixture('boc-v02-multi.xml');
    for (const version of ['04', '08']) {
      expect(parseCamt053(text.replace('camt.053.001.02', `camt.053.001.${version}`))).toEqual(statements);
    }
  });
});

describe('parseCamt053: camt.053.001.08 with a namespace prefix', () => {
  const [s, ...rest] = parseCamt053(fixture('icbc-v08-prefixed.xml'));

  it('matches local names: Othr/Id account, Sts/Cd status, DtTm booking time, Pty/Nm parties', () => {
    expect(rest).toEqual([]);
    expect(s!.errors).toEqual([]);
    expect(s!.account).toBe('6222021001012345678');
    expect(s!.lines.map(brief)).toEqual([
      { row: 1, direction: 'credit', amountMinor: 100_000, reference: 'ORD-20260105-7001', channelRef: 'ICBC20260105000001' },
      { row: 2, direction: 'debit', amountMinor: 10_000, reference: 'RF-20260105-0003', channelRef: 'ICBC20260105000002' },
    ]);
    expect(s!.lines[0]).toMatchObject({ bookedAt: '2026-01-05 09:15:30', valueDate: '2026-01-05', counterparty: 'Wang Fang' });
    // on a debit the other party is the creditor
    expect(s!.lines[1]).toMatchObject({ bookedAt: '2026-01-05 16:40:00', counterparty: 'Li Lei', summary: 'Refund order 6990' });
    expect(s!.totals).toEqual({ CNY: { creditMinor: 100_000, debitMinor: 10_000, count: 2 } });
    expect(s!.declared).toEqual({ openingBalanceMinor: 100_000, closingBalanceMinor: 190_000 });
  });
});

describe('parseCamt053: checks and errors', () => {
  it('refuses digits beyond the currency minor unit (never rounds) and reports a balance mismatch', () => {
    const [s] = parseCamt053(fixture('v04-mismatch-decimals.xml'));
    // "5.00000" is exactly 5.00; "10.12345" cannot be HKD without rounding
    expect(s!.lines.map(brief)).toEqual([{ row: 2, direction: 'credit', amountMinor: 500, reference: null, channelRef: 'HSBC-0002' }]);
    expect(s!.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'Amt'],
      [0, 'Bal'],
    ]);
    expect(s!.errors[0]!.reason).toContain('"10.12345": more than 2 decimals for HKD');
    expect(s!.errors[1]!.reason).toContain('200.00 + credits 5.00 − debits 0.00 = 205.00 HKD, but the closing balance (CLBD) is 215.13 (difference 10.13)');
  });

  it('a balance mismatch alone is one Bal error and keeps the lines', () => {
    const [s] = parseCamt053(doc(entry('10.00') + entry('2.50', 'DBIT'), '107.49'));
    expect(s!.lines).toHaveLength(2);
    expect(s!.errors).toEqual([{ row: 0, column: 'Bal', reason: expect.stringContaining('difference -0.01') as unknown as string }]);
    expect(parseCamt053(doc(entry('10.00') + entry('2.50', 'DBIT'), '107.50'))[0]!.errors).toEqual([]);
  });

  it('a truncated file gives no lines and says it is truncated', () => {
    const statements = parseCamt053(fixture('truncated.xml'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.lines).toEqual([]);
    expect(statements[0]!.errors).toHaveLength(1);
    expect(statements[0]!.errors[0]).toMatchObject({ row: 0, column: 'Document' });
    expect(statements[0]!.errors[0]!.reason).toMatch(/ends at line 82 inside Document > BkToCstmrStmt > Stmt > Ntry.*truncated/);
  });

  it.each([
    ['an empty string', '', 'Document', 'empty file'],
    ['whitespace', ' \r\n\t', 'Document', 'empty file'],
    ['garbage text', 'hello world', 'Document', 'not well-formed XML'],
    ['an MT940 file', ':20:X\n:25:Y\n', 'Document', 'not well-formed XML'],
    ['JSON', '{"Stmt": []}', 'Document', 'not well-formed XML'],
    ['XML that is not camt.053', '<Document><BkToCstmrAcctRpt/></Document>', 'BkToCstmrStmt', 'no BkToCstmrStmt'],
    ['a statement message without Stmt', '<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>', 'Stmt', 'no Stmt'],
  ])('%s returns no lines and an error, without throwing', (_name, xml, column, reason) => {
    const statements = parseCamt053(xml);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.lines).toEqual([]);
    expect(statements[0]!.errors).toHaveLength(1);
    expect(statements[0]!.errors[0]).toMatchObject({ row: 0, column });
    expect(statements[0]!.errors[0]!.reason).toContain(reason);
  });

  it.each([
    ['a signed amount', entry('-5.00'), 'Amt', 'not an unsigned decimal'],
    ['a grouped amount', entry('1,000.00'), 'Amt', 'not an unsigned decimal'],
    ['an unknown currency', '<Ntry><Amt Ccy="XYZ">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>', 'Amt', 'unknown currency "XYZ"'],
    ['no Ccy', '<Ntry><Amt>5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>', 'Amt', 'no Ccy'],
    ['no indicator', '<Ntry><Amt Ccy="CNY">5.00</Amt><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry>', 'CdtDbtInd', 'missing'],
    ['a bad indicator', entry('5.00', 'CREDIT'), 'CdtDbtInd', '"CREDIT"'],
    ['no date at all', '<Ntry><Amt Ccy="CNY">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>', 'BookgDt', 'neither'],
    ['an impossible date', entry('5.00', 'CRDT').replace('2026-01-01', '2026-02-30'), 'BookgDt', 'not a date'],
  ])('an entry with %s is an error on its row and no line', (_name, ntry, column, reason) => {
    const [s] = parseCamt053(doc(ntry));
    expect(s!.lines).toEqual([]);
    expect(s!.errors).toHaveLength(1);
    expect(s!.errors[0]).toMatchObject({ row: 1, column });
    expect(s!.errors[0]!.reason).toContain(reason);
  });

  it('books on the value date when there is no booking date, and an entry in another currency is flagged', () => {
    const valueOnly = `<Ntry><Amt Ccy="CNY">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><ValDt><Dt>2026-01-02</Dt></ValDt></Ntry>`;
    const [s] = parseCamt053(doc(valueOnly, '101.00'));
    expect(s!.errors).toEqual([]);
    expect(s!.lines[0]).toMatchObject({ bookedAt: '2026-01-02 00:00:00', valueDate: '2026-01-02' });
    const usd = `<Ntry><Amt Ccy="USD">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt></Ntry>`;
    const [t] = parseCamt053(doc(usd));
    expect(t!.errors.map((e) => [e.row, e.column])).toEqual([[1, 'Amt']]);
    expect(t!.totals).toEqual({ CNY: { creditMinor: 0, debitMinor: 0, count: 0 }, USD: { creditMinor: 100, debitMinor: 0, count: 1 } });
  });

  it('never throws: noise and every truncation of a fixture give at least one statement', () => {
    const text = fixture('boc-v02-multi.xml');
    const whole = parseCamt053(text);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
        const statements = parseCamt053(text.slice(0, cut));
        expect(statements.length).toBeGreaterThanOrEqual(1);
        if (cut < text.trimEnd().length) {
          expect(statements.flatMap((s) => s.lines)).toEqual([]);
          expect(statements[0]!.errors).toHaveLength(1);
        } else {
          expect(statements).toEqual(whole);
        }
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (noise) => {
        expect(parseCamt053(noise).length).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
