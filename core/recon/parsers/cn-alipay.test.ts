import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAlipayAccountBill, writeAlipayTradeBill } from '../../simulator/statements/alipay.js';
import { plainCell } from '../../simulator/statements/cells.js';
import { sampleChannelTxns } from '../../simulator/statements/fixtures.js';
import { tempDir } from '../../simulator/statements/testing.js';
import { parseAlipayAccountBill, parseAlipayTradeBill } from './cn-alipay.js';
import { decodeText } from './cn-encoding.js';
import { garbageBytes, expectWriterTotals } from './cn-testing.js';

const header = { account: '20880211096256330156', date: '2026-05-09', exportedAt: '2026-05-10 05:46:49' };

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function writtenText(write: (file: string) => Promise<unknown>): Promise<string> {
  const file = dir.path('bill.csv');
  await write(file);
  const decoded = decodeText(await readFile(file));
  expect(decoded.encoding).toBe('gb18030');
  return decoded.text;
}

describe('parseAlipayTradeBill on the simulator’s 业务明细', () => {
  it('parses every row back exactly, totals to the fen equal to the writer’s summary and the footer', async () => {
    const txns = sampleChannelTxns(9000); // crosses the writer's 4096-line chunks
    let summary!: Awaited<ReturnType<typeof writeAlipayTradeBill>>;
    const text = await writtenText(async (file) => (summary = await writeAlipayTradeBill(file, header, txns)));
    const parsed = parseAlipayTradeBill(text);

    expectWriterTotals(parsed, summary);
    expect(parsed).toMatchObject({ format: 'alipay-trade', channel: 'alipay', account: header.account, currency: 'CNY' });

    parsed.lines.forEach((line, i) => {
      const txn = txns[i]!;
      const refund = txn.kind === 'refund';
      expect(line).toEqual({
        row: 6 + i, // 4 `#` lines and the header come first
        bookedAt: txn.finishedAt,
        valueDate: null,
        direction: refund ? 'debit' : 'credit',
        amountMinor: txn.amountMinor,
        currency: 'CNY',
        reference: refund ? txn.refundNo : txn.merchantOrderNo,
        channelRef: txn.channelTradeNo,
        kind: refund ? 'refund' : 'pay',
        feeMinor: refund ? 0 - txn.feeMinor : txn.feeMinor, // returned on a refund; never -0
        counterparty: txn.payerAccount,
        summary: plainCell(txn.productName),
      });
    });
  });

  it('maps columns by name: reordered columns and an extra 间连 column read the same', () => {
    const text = [
      '#支付宝业务明细查询',
      '#账号：[2088000000000001]',
      '#-----------业务明细列表-----------',
      '商户订单号,实收净额（元）,支付宝交易号,服务费（元）,完成时间,商家实收（元）,业务类型,退款批次号/请求号,订单金额（元）',
      'PD1\t,0.99,2026050922001\t,-0.01,2026-05-09 10:00:00,1.00,交易\t,\t,1.00',
      'PD1\t,-0.50,2026050922001\t,0.00,2026-05-09 11:00:00,-0.50,退款\t,RF1\t,-0.50',
      '#-----------业务明细列表结束-----------',
      '#交易合计：1笔，商家实收共1.00元，商家优惠共0.00元',
      '#退款合计：1笔，商家实收退款共-0.50元，商家优惠退款共0.00元',
      '#导出时间：[2026年05月10日 05:46:49]',
    ].join('\r\n');
    const parsed = parseAlipayTradeBill(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.account).toBe('2088000000000001');
    expect(parsed.lines.map((l) => [l.direction, l.amountMinor, l.reference, l.channelRef, l.feeMinor])).toEqual([
      ['credit', 100, 'PD1', '2026050922001', 1],
      ['debit', 50, 'RF1', '2026050922001', 0],
    ]);
    expect(parsed.declared?.totals?.CNY).toEqual(parsed.totals.CNY);
  });

  it('reports a bad amount cell with its row, header name and reason, and drops only that row', async () => {
    const text = await writtenText((file) => writeAlipayTradeBill(file, header, sampleChannelTxns(4)));
    const lines = text.split('\r\n');
    const cells = lines[6]!.split(',');
    cells[12] = '12.3x'; // 商家实收（元）
    lines[6] = cells.join(',');
    const parsed = parseAlipayTradeBill(lines.join('\r\n'));
    expect(parsed.errors).toEqual([{ row: 7, column: '商家实收（元）', reason: 'unexpected characters after the decimal separator' }]);
    expect(parsed.lines.map((l) => l.row)).toEqual([6, 8, 9]);
  });

  it('says the footer is missing when the file is truncated, and yields no lines', async () => {
    const text = await writtenText((file) => writeAlipayTradeBill(file, header, sampleChannelTxns(20)));
    const lines = text.split('\r\n');
    const cutInRows = lines.slice(0, 15).join('\r\n') + '\r\n2026050922001000000000000015\t,PD00000';
    const parsed = parseAlipayTradeBill(cutInRows);
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.reason).toMatch(/footer missing/);
    expect(parsed.errors[0]!.column).toBe('#业务明细列表结束');

    const cutInFooter = lines.slice(0, lines.findIndex((l) => l.startsWith('#交易合计')) + 1).join('\r\n');
    const footerless = parseAlipayTradeBill(cutInFooter);
    expect(footerless.lines).toEqual([]);
    expect(footerless.errors).toEqual([expect.objectContaining({ column: '#退款合计', reason: expect.stringMatching(/footer missing/) })]);
  });

  it('gives no lines and one clear error for an empty file, another format, or random bytes', () => {
    expect(parseAlipayTradeBill('')).toMatchObject({ lines: [], errors: [{ row: 0, reason: 'empty file' }] });
    const account = parseAlipayTradeBill('#支付宝账务明细查询\r\n账务流水号,业务流水号,发生时间,收入金额（+元）\r\n');
    expect(account.lines).toEqual([]);
    expect(account.errors[0]!.reason).toMatch(/no header row/);
    const garbage = parseAlipayTradeBill(decodeText(garbageBytes(1 << 20)).text);
    expect(garbage.lines).toEqual([]);
    expect(garbage.errors).toHaveLength(1);
  });
});

describe('parseAlipayAccountBill on the simulator’s 账务明细', () => {
  it('parses every fund movement back with kinds, totals, footer totals and balances', async () => {
    const txns = sampleChannelTxns(500);
    const accountHeader = { ...header, openingBalanceMinor: 1_000_000 };
    let summary!: Awaited<ReturnType<typeof writeAlipayAccountBill>>;
    const text = await writtenText(async (file) => (summary = await writeAlipayAccountBill(file, accountHeader, txns)));
    const parsed = parseAlipayAccountBill(text);

    expect(parsed.errors).toEqual([]);
    expect(parsed).toMatchObject({ format: 'alipay-account', channel: 'alipay', account: header.account });
    expect(parsed.lines).toHaveLength(summary.rows);
    const totals = { count: summary.rows, creditMinor: summary.creditMinor, debitMinor: summary.debitMinor };
    expect(parsed.totals).toEqual({ CNY: totals });
    expect(parsed.declared).toEqual({
      totals: { CNY: totals },
      openingBalanceMinor: accountHeader.openingBalanceMinor,
      closingBalanceMinor: summary.closingBalanceMinor,
    });

    // money first, then the fee as its own 收费 row when there is a fee
    const expected = txns.flatMap((txn) => {
      const refund = txn.kind === 'refund';
      const money = { kind: refund ? 'refund' : 'pay', direction: refund ? 'debit' : 'credit', amountMinor: txn.amountMinor };
      const fee = { kind: 'fee', direction: refund ? 'credit' : 'debit', amountMinor: txn.feeMinor };
      const rows = txn.feeMinor > 0 ? [money, fee] : [money];
      return rows.map((row) => ({ ...row, reference: txn.merchantOrderNo, channelRef: txn.channelTradeNo, bookedAt: txn.finishedAt }));
    });
    expect(parsed.lines.map((l) => ({
      kind: l.kind, direction: l.direction, amountMinor: l.amountMinor, reference: l.reference, channelRef: l.channelRef, bookedAt: l.bookedAt,
    }))).toEqual(expected);
  });

  it('reads 支出金额 written negative and a footer padded with commas', () => {
    const text = iconv.decode(iconv.encode([
      '#支付宝账务明细查询',
      '#账号：[20888011365400330156]',
      '#-----------------------------------------账务明细列表----------------------------------------',
      '账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注',
      '54632446537371\t,2012122923922029\t,3226563\t,海航机票\t,2012-12-29 21:02:06,陈晶\t,2274.00,0.00,14533.03,支付宝,在线支付,',
      '54632446537372\t,2012122923922030\t,\t,提现\t,2012-12-29 22:00:00,\t,0.00,-23.45,14509.58,支付宝,提现,',
      '#-----------------------------------------账务明细列表结束------------------------------------',
      '#支出合计：1笔，共-23.45元,,,,,,,',
      '#收入合计：1笔，共2274.00元,,,,,,,',
      '#导出时间：[2026年05月09日 12:51:06]',
    ].join('\r\n'), 'gbk'), 'gb18030');
    const parsed = parseAlipayAccountBill(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.kind, l.direction, l.amountMinor, l.reference])).toEqual([
      ['pay', 'credit', 227400, '3226563'],
      ['payout', 'debit', 2345, null],
    ]);
    expect(parsed.declared).toEqual({
      totals: { CNY: { count: 2, creditMinor: 227400, debitMinor: 2345 } },
      openingBalanceMinor: 1225903,
      closingBalanceMinor: 1450958,
    });
  });

  it('says the footer is missing when 收入合计 is cut off', async () => {
    const text = await writtenText((file) => writeAlipayAccountBill(file, { ...header, openingBalanceMinor: 0 }, sampleChannelTxns(5)));
    const cut = text.slice(0, text.indexOf('#收入合计'));
    expect(parseAlipayAccountBill(cut)).toMatchObject({ lines: [], errors: [{ column: '#收入合计' }] });
  });
});
