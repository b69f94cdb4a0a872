import { access, readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMinor } from '../../money/money.js';
import {
  ALIPAY_ACCOUNT_BILL_COLUMNS,
  ALIPAY_TRADE_BILL_COLUMNS,
  alipayTradeBillRow,
  writeAlipayAccountBill,
  writeAlipayTradeBill,
} from './alipay.js';
import { sampleChannelTxns } from './fixtures.js';
import { LINES_PER_CHUNK } from './lineFile.js';
import { crlfLines, sameBytes, strictMinor, tempDir } from './testing.js';
import type { ChannelTxn } from './types.js';

const header = { account: '20880211096256330156', date: '2019-09-16', exportedAt: '2019-09-17 05:46:49' };
const TRADE_TAB_COLUMNS = [0, 1, 2, 6, 7, 8, 9, 10, 19, 21];
const ACCOUNT_TAB_COLUMNS = [0, 1, 2, 3, 5];

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function gbkLines(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
  const text = iconv.decode(bytes, 'gbk');
  // GBK round trip: the file holds nothing but GBK
  expect(iconv.encode(text, 'gbk').equals(bytes)).toBe(true);
  // …and is not accidentally UTF-8
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  expect(new TextDecoder('gbk').decode(bytes)).toBe(text);
  return crlfLines(text);
}

/** Data rows sit between the dashed list banner + header row and the list-end banner. */
function dataRows(lines: string[], list: string): string[] {
  const start = lines.findIndex((line) => line.startsWith('#-') && line.includes(list) && !line.includes('结束'));
  const end = lines.findIndex((line) => line.startsWith('#-') && line.includes(`${list}结束`));
  expect(start).toBe(3);
  expect(end).toBeGreaterThan(start);
  return lines.slice(start + 2, end);
}

const footer = (lines: string[], prefix: string) => {
  const line = lines.find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no ${prefix} line`);
  return line;
};

const payment: ChannelTxn = {
  channelTradeNo: '2019091622001458860515315453',
  merchantOrderNo: 'service_1568601259302',
  kind: 'pay',
  refundNo: null,
  createdAt: '2019-09-16 10:55:16',
  finishedAt: '2019-09-16 10:55:23',
  amountMinor: 1,
  feeMinor: 0,
  productName: '下单测试',
  payerAccount: '*津水(602***@qq.com)',
  balanceAfterMinor: 0,
};

describe('Alipay 业务明细', () => {
  it('writes a row cell for cell like the real sample, trailing TABs included', () => {
    expect(alipayTradeBillRow(payment)).toBe(
      '2019091622001458860515315453\t,service_1568601259302\t,交易\t,下单测试,2019-09-16 10:55:16,2019-09-16 10:55:23,' +
        '\t,\t,\t,\t,*津水(602***@qq.com)\t,0.01,0.01,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,下单测试',
    );
    const refund = { ...payment, kind: 'refund' as const, refundNo: 're_test_1568602607356', finishedAt: '2019-09-16 10:56:48', feeMinor: 2 };
    expect(alipayTradeBillRow(refund)).toBe(
      '2019091622001458860515315453\t,service_1568601259302\t,退款\t,下单测试,2019-09-16 10:55:16,2019-09-16 10:56:48,' +
        '\t,\t,\t,\t,*津水(602***@qq.com)\t,-0.01,-0.01,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,re_test_1568602607356\t,0.02,0.00,下单测试',
    );
  });

  it('writes the GBK file with # header, 25-column rows and footer totals equal to the rows', async () => {
    const file = dir.path('trade.csv');
    const txns = sampleChannelTxns(12);
    const summary = await writeAlipayTradeBill(file, header, txns);
    const lines = await gbkLines(file);

    expect(lines.slice(0, 5)).toEqual([
      '#支付宝业务明细查询',
      '#账号：[20880211096256330156]',
      '#起始日期：[2019年09月16日 00:00:00]   终止日期：[2019年09月17日 00:00:00]',
      '#-----------------------------------------业务明细列表----------------------------------------',
      ALIPAY_TRADE_BILL_COLUMNS.join(','),
    ]);
    expect(ALIPAY_TRADE_BILL_COLUMNS).toHaveLength(25);
    expect(lines.slice(-4, -3)).toEqual(['#-----------------------------------------业务明细列表结束------------------------------------']);
    expect(lines.at(-1)).toBe('#导出时间：[2019年09月17日 05:46:49]');

    const rows = dataRows(lines, '业务明细列表').map((row) => row.split(','));
    expect(rows).toHaveLength(12);
    const col = (name: (typeof ALIPAY_TRADE_BILL_COLUMNS)[number]) => ALIPAY_TRADE_BILL_COLUMNS.indexOf(name);
    let trade = { n: 0, minor: 0 };
    let refund = { n: 0, minor: 0 };
    rows.forEach((cells, i) => {
      expect(cells).toHaveLength(25);
      cells.forEach((cell, c) => {
        if (TRADE_TAB_COLUMNS.includes(c)) expect(cell.endsWith('\t'), `row ${i} col ${c}`).toBe(true);
        else expect(cell.includes('\t'), `row ${i} col ${c}`).toBe(false);
      });
      const txn = txns[i]!;
      const type = cells[col('业务类型')]!.trim();
      const received = strictMinor(cells[col('商家实收（元）')]!);
      const fee = strictMinor(cells[col('服务费（元）')]!);
      expect(strictMinor(cells[col('订单金额（元）')]!)).toBe(received);
      expect(cells[col('商户订单号')]!.trim()).toBe(txn.merchantOrderNo);
      if (type === '退款') {
        expect(received).toBe(-txn.amountMinor);
        expect(fee).toBe(txn.feeMinor);
        expect(cells[col('退款批次号/请求号')]).toBe(`${txn.refundNo}\t`);
        refund = { n: refund.n + 1, minor: refund.minor + received };
      } else {
        expect(type).toBe('交易');
        expect(received).toBe(txn.amountMinor);
        expect(fee).toBe(-txn.feeMinor || 0);
        trade = { n: trade.n + 1, minor: trade.minor + received };
      }
    });
    // the comma and quote in product names were made full-width instead of breaking the columns
    expect(rows[1]![col('商品名称')]).toBe('会员充值，月卡');
    expect(rows[2]![col('商品名称')]).toBe('洗衣订单 ＂加急＂');

    const tradeFooter = /^#交易合计：(\d+)笔，商家实收共(-?\d+\.\d\d)元，商家优惠共0\.00元$/.exec(footer(lines, '#交易合计'));
    const refundFooter = /^#退款合计：(\d+)笔，商家实收退款共(-?\d+\.\d\d)元，商家优惠退款共0\.00元$/.exec(footer(lines, '#退款合计'));
    expect(Number(tradeFooter![1])).toBe(trade.n);
    expect(strictMinor(tradeFooter![2]!)).toBe(trade.minor);
    expect(Number(refundFooter![1])).toBe(refund.n);
    expect(strictMinor(refundFooter![2]!)).toBe(refund.minor);
    expect(refund.minor).toBeLessThan(0);
    expect(summary).toEqual({ file, rows: 12, creditMinor: trade.minor, debitMinor: -refund.minor });
  });

  it('writes an empty day with zero totals, never -0.00', async () => {
    const file = dir.path('empty.csv');
    await writeAlipayTradeBill(file, header, []);
    const lines = await gbkLines(file);
    expect(lines).toHaveLength(9);
    expect(lines.slice(5, 8)).toEqual([
      '#-----------------------------------------业务明细列表结束------------------------------------',
      '#交易合计：0笔，商家实收共0.00元，商家优惠共0.00元',
      '#退款合计：0笔，商家实收退款共0.00元，商家优惠退款共0.00元',
    ]);
  });
});

describe('Alipay 账务明细', () => {
  it('books fee rows apart, runs the balance from the opening balance and totals the footer from the rows', async () => {
    const file = dir.path('account.csv');
    const txns = sampleChannelTxns(20);
    const opening = 1_000_000;
    const summary = await writeAlipayAccountBill(file, { ...header, openingBalanceMinor: opening }, txns);
    const lines = await gbkLines(file);

    expect(lines.slice(0, 5)).toEqual([
      '#支付宝账务明细查询',
      '#账号：[20880211096256330156]',
      '#起始日期：[2019年09月16日 00:00:00]   终止日期：[2019年09月17日 00:00:00]',
      '#-----------------------------------------账务明细列表----------------------------------------',
      ALIPAY_ACCOUNT_BILL_COLUMNS.join(','),
    ]);
    const rows = dataRows(lines, '账务明细列表').map((row) => row.split(','));
    const withFee = txns.filter((t) => t.feeMinor > 0).length;
    expect(rows).toHaveLength(txns.length + withFee);

    let balance = opening;
    const income = { n: 0, minor: 0 };
    const expense = { n: 0, minor: 0 };
    const serials = new Set<string>();
    for (const cells of rows) {
      expect(cells).toHaveLength(12);
      cells.forEach((cell, c) => expect(cell.endsWith('\t')).toBe(ACCOUNT_TAB_COLUMNS.includes(c)));
      serials.add(cells[0]!);
      const inMinor = strictMinor(cells[6]!);
      const outMinor = strictMinor(cells[7]!);
      expect(inMinor === 0 || outMinor === 0).toBe(true);
      balance += inMinor - outMinor;
      expect(strictMinor(cells[8]!)).toBe(balance);
      expect(cells[9]).toBe('支付宝');
      if (inMinor > 0) Object.assign(income, { n: income.n + 1, minor: income.minor + inMinor });
      else Object.assign(expense, { n: expense.n + 1, minor: expense.minor + outMinor });
    }
    expect(serials.size).toBe(rows.length);

    // first payment: 在线支付 income, then its 收费 expense row
    const first = txns[0]!;
    expect(rows[0]![10]).toBe('在线支付');
    expect(strictMinor(rows[0]![6]!)).toBe(first.amountMinor);
    expect(rows[1]![10]).toBe('收费');
    expect(strictMinor(rows[1]![7]!)).toBe(first.feeMinor);
    // a refund: 交易退款 expense, then the fee returned as income
    const refundAt = rows.findIndex((cells) => cells[10] === '交易退款');
    const refund = txns.find((t) => t.kind === 'refund')!;
    expect(strictMinor(rows[refundAt]![7]!)).toBe(refund.amountMinor);
    expect(rows[refundAt + 1]![10]).toBe('收费');
    expect(strictMinor(rows[refundAt + 1]![6]!)).toBe(refund.feeMinor);

    expect(footer(lines, '#支出合计')).toBe(`#支出合计：${expense.n}笔，共${formatMinor(expense.minor, 'CNY')}元`);
    expect(footer(lines, '#收入合计')).toBe(`#收入合计：${income.n}笔，共${formatMinor(income.minor, 'CNY')}元`);
    expect(lines.at(-1)).toBe('#导出时间：[2019年09月17日 05:46:49]');
    expect(summary).toEqual({
      file,
      rows: rows.length,
      creditMinor: income.minor,
      debitMinor: expense.minor,
      closingBalanceMinor: balance,
    });
  });
});

describe('Alipay writers', () => {
  it('write identical bytes for identical input', async () => {
    const txns = sampleChannelTxns(300);
    await writeAlipayTradeBill(dir.path('t1.csv'), header, txns);
    await writeAlipayTradeBill(dir.path('t2.csv'), header, txns);
    expect(await sameBytes(dir.path('t1.csv'), dir.path('t2.csv'))).toBe(true);
    const accountHeader = { ...header, openingBalanceMinor: 5 };
    await writeAlipayAccountBill(dir.path('a1.csv'), accountHeader, txns);
    await writeAlipayAccountBill(dir.path('a2.csv'), accountHeader, txns);
    expect(await sameBytes(dir.path('a1.csv'), dir.path('a2.csv'))).toBe(true);
  });

  it('stream several chunks from a generator without losing or reordering rows', async () => {
    const count = LINES_PER_CHUNK * 2 + 123;
    const txns = sampleChannelTxns(count);
    function* lazily() {
      yield* txns;
    }
    const file = dir.path('big.csv');
    const summary = await writeAlipayTradeBill(file, header, lazily());
    const lines = await gbkLines(file);
    const rows = dataRows(lines, '业务明细列表');
    expect(rows).toHaveLength(count);
    expect(rows.map((row) => row.split(',')[1]!.trim())).toEqual(txns.map((t) => t.merchantOrderNo));
    const refunds = txns.filter((t) => t.kind === 'refund');
    expect(footer(lines, '#退款合计')).toContain(`${refunds.length}笔`);
    expect(summary.rows).toBe(count);
    expect(summary.debitMinor).toBe(refunds.reduce((s, t) => s + t.amountMinor, 0));
  });

  it('reject a bad header before creating the file, and remove a half-written file', async () => {
    const file = dir.path('bad.csv');
    await expect(writeAlipayTradeBill(file, { ...header, date: '2019-02-30' }, [])).rejects.toThrow(/real date/);
    await expect(writeAlipayTradeBill(file, { ...header, exportedAt: '2019-09-17' }, [])).rejects.toThrow(/HH:mm:ss/);
    function* failing() {
      yield* sampleChannelTxns(LINES_PER_CHUNK + 10);
      throw new Error('source failed');
    }
    await expect(writeAlipayTradeBill(file, header, failing())).rejects.toThrow('source failed');
    await expect(access(file)).rejects.toThrow();
    const negative = { ...payment, amountMinor: -5 };
    await expect(writeAlipayAccountBill(file, { ...header, openingBalanceMinor: 0 }, [negative])).rejects.toThrow(/positive/);
    await expect(access(file)).rejects.toThrow();
  });
});
