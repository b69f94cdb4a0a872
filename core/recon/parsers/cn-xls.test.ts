// Old-style .xls bank exports (BIFF8) through the same header mapping as .xlsx and CSV: the
// fixtures in fixtures/statements/cn/ are written by core/testing/make-xls-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { parseBankXls } from './cn-bank.js';
import { detectFormat } from './cn-detect.js';
import { cnFixture } from './cn-testing.js';
import { isOle2, readXlsGrid } from './cn-xls.js';

describe('.xls bank statements', () => {
  it('reads an SPDB-style BIFF8 export: date-time cells, numeric amounts, 存入/取出金额, the 合计 footer, the account', async () => {
    const bytes = cnFixture('spdb-debit-biff8.xls');
    expect(detectFormat('renamed.csv', bytes)).toEqual({ format: 'bank-xls', channel: null, encoding: 'binary' });
    const parsed = await parseBankXls(bytes);
    expect(parsed.errors).toEqual([]);
    expect(parsed.format).toBe('bank-xls');
    expect(parsed.account).toBe('6217000000000088');
    expect(parsed.lines.map((l) => [l.row, l.bookedAt, l.direction, l.amountMinor, l.reference, l.counterparty, l.kind])).toEqual([
      [3, '2026-11-21 09:15:02', 'credit', 1_234_567, 'PD20261121000001', '杭州示例科技有限公司', 'transfer'],
      [4, '2026-11-21 10:02:59', 'debit', 10, null, '示例便利店', 'transfer'],
      [5, '2026-11-21 16:40:00', 'debit', 800_000, 'PO20261121000007', '张三', 'transfer'],
      [6, '2026-11-21 23:59:59', 'credit', 123, null, null, 'other'],
    ]);
    expect(parsed.totals).toEqual({ CNY: { count: 4, creditMinor: 1_234_690, debitMinor: 800_010 } });
    expect(parsed.declared?.totals).toEqual(parsed.totals);
    // the 余额 column: the balance before the first line and after the last
    expect(parsed.declared).toMatchObject({ openingBalanceMinor: 10_000_000, closingBalanceMinor: 10_434_680 });
  });

  it('reads a credit-card bill the cardholder’s way round: + a charge (money out), − a repayment or refund (money in)', async () => {
    const parsed = await parseBankXls(cnFixture('card-bill-biff8.xls'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.bookedAt, l.direction, l.amountMinor])).toEqual([
      ['2026-11-02 00:00:00', 'debit', 19_900],
      ['2026-11-05 00:00:00', 'debit', 3_550],
      ['2026-11-08 00:00:00', 'credit', 1_990],
      ['2026-11-20 00:00:00', 'credit', 50_000],
    ]);
    expect(parsed.totals).toEqual({ CNY: { count: 4, creditMinor: 51_990, debitMinor: 23_450 } });
  });

  it('gives the first rows for a preview, and refuses bytes that are not a workbook with a reason, never a throw from the parser', async () => {
    const grid = await readXlsGrid(cnFixture('spdb-debit-biff8.xls'), 2);
    expect(grid).toHaveLength(2);
    expect(grid[1]!.slice(0, 4)).toEqual(['顺序号', '交易日期', '交易类型', '存入金额']);
    const broken = Buffer.concat([cnFixture('spdb-debit-biff8.xls').subarray(0, 600)]);
    expect(isOle2(broken)).toBe(true);
    const parsed = await parseBankXls(broken);
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.reason).toMatch(/^not a readable \.xls workbook: /);
    await expect(readXlsGrid(Buffer.from('not a workbook'))).rejects.toThrow(/no OLE2 signature/);
  });
});
