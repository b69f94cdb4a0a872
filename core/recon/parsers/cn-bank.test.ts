import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBankStatementXlsx } from '../../simulator/statements/bank.js';
import { sampleBankLines } from '../../simulator/statements/fixtures.js';
import { tempDir } from '../../simulator/statements/testing.js';
import { parseBankCsv, parseBankStatement, parseBankXlsx, readCsvGrid, readXlsxGrid } from './cn-bank.js';
import { numberCellText } from './cn-grid.js';
import { cnFixture, garbageBytes } from './cn-testing.js';
import { ERRORS_KEPT_MAX } from './types.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');

describe('parseBankXlsx on the simulator’s bank statement', () => {
  it('parses every line back exactly, with declared totals and balances equal to the writer’s', async () => {
    const header = {
      bankName: '招商银行', accountNo: '121912345610601', accountName: '上海某某科技有限公司', currency: 'CNY',
      from: '2026-05-09', to: '2026-05-09', openingBalanceMinor: 50_000_000,
    };
    const bankLines = sampleBankLines(3000, header.openingBalanceMinor);
    const file = dir.path('bank.xlsx');
    const summary = await writeBankStatementXlsx(file, header, bankLines);
    const parsed = await parseBankXlsx(file);

    expect(parsed.errors).toEqual([]);
    expect(parsed).toMatchObject({ format: 'bank-xlsx', channel: null, account: header.accountNo, currency: 'CNY' });
    expect(parsed.lines).toHaveLength(summary.rows);
    const totals = { count: summary.rows, creditMinor: summary.creditMinor, debitMinor: summary.debitMinor };
    expect(parsed.totals).toEqual({ CNY: totals });
    expect(parsed.declared).toEqual({
      totals: { CNY: totals },
      openingBalanceMinor: header.openingBalanceMinor,
      closingBalanceMinor: bankLines.at(-1)!.balanceMinor,
    });
    parsed.lines.forEach((line, i) => {
      const b = bankLines[i]!;
      expect(line).toEqual({
        row: 8 + i, // title, 5 preamble rows, header
        bookedAt: b.time,
        valueDate: null,
        direction: b.debitMinor > 0 ? 'debit' : 'credit',
        amountMinor: b.debitMinor || b.creditMinor,
        currency: 'CNY',
        reference: b.purpose,
        channelRef: b.serialNo,
        kind: 'transfer',
        feeMinor: null,
        counterparty: b.counterpartyName,
        summary: b.summary,
      });
    });
  });

  it('reads numeric and date cells without float error', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('明细');
    sheet.addRow(['交易日期', '摘要', '借方发生额', '贷方发生额', '余额', '用途']);
    sheet.addRow([new Date(Date.UTC(2026, 4, 9)), '转账', null, 0.1 + 0.2, 1234.56, 'PD1']);
    sheet.addRow([new Date(Date.UTC(2026, 4, 9, 10, 30, 0)), '付款', 1234.5599999999999, null, 0.1 * 3, 'PO1']);
    sheet.getColumn(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    const file = dir.path('numbers.xlsx');
    await workbook.xlsx.writeFile(file);

    const grid = await readXlsxGrid(file);
    expect(grid[1]).toEqual(['2026-05-09', '转账', '', '0.3', '1234.56', 'PD1']);
    const parsed = parseBankStatement(grid, { format: 'bank-xlsx' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.bookedAt, l.direction, l.amountMinor])).toEqual([
      ['2026-05-09 00:00:00', 'credit', 30],
      ['2026-05-09 10:30:00', 'debit', 123456],
    ]);
    expect(parsed.declared?.closingBalanceMinor).toBe(30); // 0.1 * 3 = 0.30000000000000004 as a double
  });

  it('turns numbers into text at Excel’s 15 significant digits', () => {
    expect(numberCellText(0.1 + 0.2)).toBe('0.3');
    expect(numberCellText(1234.5599999999999)).toBe('1234.56');
    expect(numberCellText(-5.5)).toBe('-5.5');
    expect(numberCellText(1e-7)).toBe('0.0000001');
    expect(numberCellText(4.00123e27)).toBe('4.00123e+27'); // a damaged long number stays visibly damaged
  });

  it('gives an error, not a rejection, for bytes that are not a workbook', async () => {
    const parsed = await parseBankXlsx(garbageBytes(4096));
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ row: 0, reason: expect.stringMatching(/not a readable \.xlsx/) })]);
  });
});

describe('bank CSV layouts mapped by header synonyms', () => {
  it('reads a CMB-style GBK export: preamble, 借方金额/贷方金额, quoted thousands, padding, - placeholders, 合计', () => {
    const grid = readCsvGrid(cnFixture('cmb-corporate-gbk.csv'));
    expect(grid.encoding).toBe('gb18030');
    const parsed = parseBankStatement(grid.rows, { format: 'bank-csv' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.account).toBe('121912345610601');
    expect(parsed.lines.map((l) => [l.row, l.bookedAt, l.valueDate, l.direction, l.amountMinor, l.reference, l.channelRef, l.counterparty, l.kind])).toEqual([
      [9, '2026-05-03 09:15:02', '2026-05-03', 'credit', 12_000_000, 'PD0000000101', 'G0012345600001', '支付宝(中国)网络技术有限公司', 'transfer'],
      [10, '2026-05-03 14:20:11', '2026-05-03', 'debit', 3_525_050, 'PO0000000007 供应商结算', 'G0012345600002', '上海某某供应链有限公司', 'transfer'],
      [11, '2026-05-04 10:00:00', '2026-05-04', 'debit', 1_500, '转账手续费', 'G0012345600003', null, 'fee'],
      [12, '2026-05-05 16:45:30', '2026-05-05', 'credit', 880_000, 'RF0000000003', 'G0012345600004', '财付通支付科技有限公司', 'transfer'],
    ]);
    const totals = { count: 4, creditMinor: 12_880_000, debitMinor: 3_526_550 };
    expect(parsed.totals).toEqual({ CNY: totals });
    expect(parsed.declared).toEqual({ totals: { CNY: totals }, openingBalanceMinor: 100_000_000, closingBalanceMinor: 109_353_450 });
  });

  it('reads a CCB-style GBK export: 交易时间 as yyyymmdd hh:mm:ss, 借方发生额（支取）/贷方发生额（收入）, 人民币元', () => {
    const parsed = parseBankCsv(cnFixture('ccb-corporate-gbk.csv'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.account).toBe('31050161393600000123');
    expect(parsed.lines.map((l) => [l.row, l.bookedAt, l.direction, l.amountMinor, l.reference, l.channelRef])).toEqual([
      [7, '2026-04-10 17:07:09', 'credit', 5_200_000, 'PD0000000201', '3105016139360000012300001'],
      [8, '2026-04-11 09:02:33', 'debit', 100_000, 'PO0000000011', '3105016139360000012300002'],
      // booked (记账日期) the day after the transaction time
      [9, '2026-04-13 23:59:59', 'credit', 345_678, 'PD0000000202', '3105016139360000012300003'],
    ]);
    expect(parsed.declared?.totals).toEqual(parsed.totals);
    expect(parsed.declared).toMatchObject({ openingBalanceMinor: 20_000_000, closingBalanceMinor: 25_445_678 });
  });

  it('reads a single signed 金额 column (UTF-8 with BOM), its 合计 net and N笔 count', () => {
    const grid = readCsvGrid(cnFixture('boc-signed-amount-utf8bom.csv'));
    expect(grid.encoding).toBe('utf-8-bom');
    const parsed = parseBankStatement(grid.rows, { format: 'bank-csv' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.account).toBe('6216610100001234567');
    expect(parsed.lines.map((l) => [l.bookedAt, l.direction, l.amountMinor, l.reference, l.kind])).toEqual([
      ['2026-05-09 09:00:01', 'credit', 500_000, 'PD0000000301', 'transfer'],
      ['2026-05-09 10:30:00', 'debit', 20_000, 'PO0000000009', 'transfer'],
      ['2026-05-10 00:00:00', 'debit', 50, null, 'fee'],
    ]);
    expect(parsed.declared?.totals).toEqual({ CNY: { count: 3, creditMinor: 500_000, debitMinor: 20_050 } });
    expect(parsed.declared?.totals).toEqual(parsed.totals);
  });

  it('shows a wrong 合计 net on the side it is off', () => {
    const text = iconv.decode(cnFixture('boc-signed-amount-utf8bom.csv'), 'utf8').replace('"4,799.50"', '"4,800.50"');
    const parsed = parseBankCsv(Buffer.from(text, 'utf8'));
    expect(parsed.declared?.totals?.CNY).toEqual({ count: 3, creditMinor: 500_100, debitMinor: 20_050 });
  });

  it('reads an amount with a 借贷 mark column (BOCOM `借 Dr` / `贷 Cr`)', () => {
    const parsed = parseBankCsv(csv([
      '序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要',
      '1,2026-05-01,00:00:00,存款利息,贷 Cr,1.23,1334.63,1323132313211331313,应付利息,批处理,',
      '2,2026-05-02,13:15:12,网上支付,借 Dr,3.21,1331.42,6666666666666666,某某商户,网银,PD9',
    ]));
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.direction, l.amountMinor, l.kind, l.reference])).toEqual([
      ['credit', 123, 'other', null], // 利息 from 交易类型; 摘要 is empty
      ['debit', 321, 'transfer', 'PD9'],
    ]);
  });

  it('reads a 余额 column whose every cell is masked (xx,yyyy.zz) as no balance, but one real balance makes the others errors', () => {
    const masked = parseBankCsv(csv([
      '交易日期,摘要,记账金额(收入),记账金额(支出),余额',
      '2026-05-01,工资,"1,234.56",,"xx,yyyy.zz"',
      '2026-05-02,消费,,13.40,"xx,yyyy.zz"',
    ]));
    expect(masked.errors).toEqual([]);
    expect(masked.totals).toEqual({ CNY: { count: 2, creditMinor: 123_456, debitMinor: 1_340 } });
    expect(masked.declared).toBeNull();
    const mixed = parseBankCsv(csv([
      '交易日期,摘要,记账金额(收入),记账金额(支出),余额',
      '2026-05-01,工资,"1,234.56",,"2,234.56"',
      '2026-05-02,消费,,13.40,"xx,yyyy.zz"',
    ]));
    expect(mixed.errors).toMatchObject([{ row: 3, column: '余额' }]);
  });

  it('leaves out a 0.00 line (it moves no money) and keeps the rest of the file', () => {
    const parsed = parseBankCsv(csv([
      '交易日期,交易时间,摘要,交易金额,本次余额',
      '20240104,,结息,+0.01,123.35',
      '20240104,,利息税,+0.00,123.35',
    ]));
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.row, l.amountMinor])).toEqual([[2, 1]]);
  });

  it('reports a bad amount cell with row, header name and reason and drops only that row', () => {
    const text = iconv.decode(cnFixture('cmb-corporate-gbk.csv'), 'gbk').replace('"8,800.00"', '"8,80.00"');
    const parsed = parseBankCsv(iconv.encode(text, 'gbk'));
    expect(parsed.errors).toEqual([{ row: 12, column: '贷方金额', reason: 'misplaced thousands separator ","' }]);
    expect(parsed.lines.map((l) => l.row)).toEqual([9, 10, 11]);
    // the footer still lists 4 rows, so declared and parsed disagree and the importer sees it
    expect(parsed.declared?.totals?.CNY?.count).toBe(4);
  });

  it('reports a bad date, both sides filled and an unknown 借贷 mark', () => {
    const parsed = parseBankCsv(csv([
      '交易日期,借方发生额,贷方发生额,余额,用途',
      '2026-02-30,1.00,,9.00,PD1',
      '2026-03-01,1.00,2.00,10.00,PD2',
    ]));
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toEqual([
      { row: 2, column: '交易日期', reason: 'not a date' },
      { row: 3, column: '贷方发生额', reason: 'both 借方 and 贷方 are filled' },
    ]);
    const marks = parseBankCsv(csv(['交易日期,借贷标志,金额,摘要', '20260301,X,1.00,转账']));
    expect(marks.errors).toEqual([{ row: 2, column: '借贷标志', reason: 'unknown 借贷 mark "X"' }]);
  });

  it('names the missing columns when a layout cannot be mapped, and takes a hand mapping', () => {
    const rows = [
      ['入账时间', '出账', '进账', '结余', '说明'],
      ['2026-05-09 08:00:00', '', '100.00', '100.00', 'PD1'],
      ['2026-05-09 09:00:00', '40.00', '', '60.00', 'PO1'],
    ];
    const unmapped = parseBankStatement(rows, { format: 'bank-csv' });
    expect(unmapped.lines).toEqual([]);
    expect(unmapped.errors).toHaveLength(1);
    expect(unmapped.errors[0]!.column).toContain('交易日期');
    expect(unmapped.errors[0]!.reason).toMatch(/no date column .*no amount columns/);
    expect(unmapped.errors[0]!.kind).toBe('COLUMNS_UNMAPPED');

    const mapping = { date: '入账时间', debit: '出账', credit: '进账', balance: '结余', reference: '说明' };
    const mapped = parseBankStatement(rows, { format: 'bank-csv' }, mapping);
    expect(mapped.errors).toEqual([]);
    expect(mapped.lines.map((l) => [l.bookedAt, l.direction, l.amountMinor, l.reference])).toEqual([
      ['2026-05-09 08:00:00', 'credit', 10_000, 'PD1'],
      ['2026-05-09 09:00:00', 'debit', 4_000, 'PO1'],
    ]);
    expect(mapped.declared).toEqual({ openingBalanceMinor: 0, closingBalanceMinor: 6_000 });

    const wrong = parseBankStatement(rows, { format: 'bank-csv' }, { ...mapping, debit: '支出额' });
    expect(wrong.errors).toEqual([{ row: 1, column: '支出额', reason: 'mapped column not found in the header row', kind: 'COLUMNS_UNMAPPED' }]);
  });

  it('keeps the first ERRORS_KEPT_MAX errors', () => {
    const rows = [['交易日期', '借方发生额', '贷方发生额', '用途']];
    for (let i = 0; i < ERRORS_KEPT_MAX + 500; i++) rows.push(['2026-05-09', 'x', '', `PD${i}`]);
    const parsed = parseBankStatement(rows, { format: 'bank-csv' });
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toHaveLength(ERRORS_KEPT_MAX);
    expect(parsed.errors[0]).toEqual({ row: 2, column: '借方发生额', reason: 'not a number' });
  });

  it('keeps line numbers as row numbers when a quoted cell spans lines', () => {
    const parsed = parseBankCsv(csv([
      '交易日期,借方发生额,贷方发生额,用途',
      '2026-05-09,,1.00,"PD1',
      'second line"',
      '2026-05-09,,2.00,PD2',
    ]));
    expect(parsed.lines.map((l) => l.row)).toEqual([2, 4]);
  });

  it('refuses a personal wallet export that looks like a bank statement', () => {
    const parsed = parseBankCsv(csv([
      '微信支付账单明细,,,,',
      '交易时间,交易类型,交易对方,收/支,金额(元)',
      '2019-09-26 12:45:27,商户消费,某餐厅,支出,¥28.16',
    ]));
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors[0]!.reason).toMatch(/personal WeChat Pay export/);
  });

  it('gives no lines and one error for an empty file and for 1 MB of random bytes', () => {
    expect(parseBankCsv(Buffer.alloc(0))).toMatchObject({ lines: [], errors: [{ row: 0, reason: 'empty file' }] });
    const garbage = parseBankCsv(garbageBytes(1 << 20, 11));
    expect(garbage.lines).toEqual([]);
    expect(garbage.errors).toHaveLength(1);
  });
});
