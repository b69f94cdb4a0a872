import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleChannelTxns } from './fixtures.js';
import { LINES_PER_CHUNK } from './lineFile.js';
import { crlfLines, sameBytes, strictMinor, tempDir } from './testing.js';
import type { ChannelTxn } from './types.js';
import { WECHAT_ALL_BILL_COLUMNS, WECHAT_ALL_SUMMARY_COLUMNS, wechatAllBillRow, writeWechatAllBill } from './wechat.js';

const header = { appId: 'wx81be3101902f7cb2', mchId: '1601959334', feeRatePercent: '0.38%' };
type Column = (typeof WECHAT_ALL_BILL_COLUMNS)[number];

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function utf8Lines(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
  return crlfLines(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/** Splits a data or summary line, insisting every value carries its backtick, and strips it. */
function unbacktick(line: string): string[] {
  return line.split(',').map((cell) => {
    expect(cell.startsWith('`'), `cell ${JSON.stringify(cell)} in ${line}`).toBe(true);
    return cell.slice(1);
  });
}

const payment: ChannelTxn = {
  channelTradeNo: '4200000925202101284997714292',
  merchantOrderNo: 'S20210128170702357723',
  kind: 'pay',
  refundNo: null,
  createdAt: '2021-01-28 17:07:02',
  finishedAt: '2021-01-28 17:07:11',
  amountMinor: 1,
  feeMinor: 0,
  productName: 'for testing',
  payerAccount: 'ofyak5qR_openid',
  balanceAfterMinor: 0,
};

describe('WeChat 交易账单 ALL', () => {
  it('writes a payment row like the real sample and a refund row with REFUND / ORIGINAL / negative fee', () => {
    expect(wechatAllBillRow({ ...header, feeRatePercent: '1.00%' }, payment, 1)).toBe(
      '`2021-01-28 17:07:11,`wx81be3101902f7cb2,`1601959334,`0,`,`4200000925202101284997714292,`S20210128170702357723,' +
        '`ofyak5qR_openid,`NATIVE,`SUCCESS,`OTHERS,`CNY,`0.01,`0.00,`0,`0,`0.00,`0.00,`,`,`for testing,`,`0.00000,`1.00%,`0.01,`0.00,`',
    );
    const refund = { ...payment, kind: 'refund' as const, refundNo: 'RF1', amountMinor: 1000, feeMinor: 4, finishedAt: '2021-01-29 09:00:00' };
    const cells = unbacktick(wechatAllBillRow(header, refund, 7));
    const at = (name: Column) => cells[WECHAT_ALL_BILL_COLUMNS.indexOf(name)];
    expect(cells).toHaveLength(27);
    expect(at('交易时间')).toBe('2021-01-29 09:00:00');
    expect(at('交易状态')).toBe('REFUND');
    expect(at('应结订单金额')).toBe('0.00');
    expect(at('微信退款单号')).toBe('50320210129090000000000000007');
    expect(at('商户退款单号')).toBe('RF1');
    expect(at('退款金额')).toBe('10.00');
    expect(at('退款类型')).toBe('ORIGINAL');
    expect(at('退款状态')).toBe('SUCCESS');
    expect(at('手续费')).toBe('-0.04000');
    expect(at('费率')).toBe('0.38%');
    expect(at('订单金额')).toBe('0.00');
    expect(at('申请退款金额')).toBe('10.00');
  });

  it('writes UTF-8 CRLF with a plain header, backticked values and a summary equal to the rows', async () => {
    const file = dir.path('wechat.csv');
    const txns = sampleChannelTxns(23);
    const summary = await writeWechatAllBill(file, header, txns);
    const lines = await utf8Lines(file);

    expect(lines[0]).toBe(WECHAT_ALL_BILL_COLUMNS.join(','));
    expect(lines[0]).not.toContain('`');
    expect(WECHAT_ALL_BILL_COLUMNS).toHaveLength(27);
    const summaryAt = lines.findIndex((line) => line.startsWith('总交易单数'));
    expect(summaryAt).toBe(lines.length - 2);
    expect(lines[summaryAt]).toBe(WECHAT_ALL_SUMMARY_COLUMNS.join(','));

    const rows = lines.slice(1, summaryAt).map(unbacktick);
    expect(rows).toHaveLength(txns.length);
    const index = (name: Column) => WECHAT_ALL_BILL_COLUMNS.indexOf(name);
    let settled = 0;
    let refunded = 0;
    let fees = 0;
    let ordered = 0;
    let requested = 0;
    rows.forEach((cells, i) => {
      expect(cells).toHaveLength(27);
      const txn = txns[i]!;
      expect(cells[index('商户订单号')]).toBe(txn.merchantOrderNo);
      expect(cells[index('交易状态')]).toBe(txn.kind === 'refund' ? 'REFUND' : 'SUCCESS');
      const fee = strictMinor(cells[index('手续费')]!, 5);
      expect(fee).toBe(txn.kind === 'refund' ? -txn.feeMinor || 0 : txn.feeMinor);
      settled += strictMinor(cells[index('应结订单金额')]!);
      refunded += strictMinor(cells[index('退款金额')]!);
      ordered += strictMinor(cells[index('订单金额')]!);
      requested += strictMinor(cells[index('申请退款金额')]!);
      fees += fee;
    });
    expect(rows[1]![index('商品名称')]).toBe('会员充值，月卡');

    const totals = unbacktick(lines[summaryAt + 1]!);
    expect(totals).toHaveLength(7);
    expect(Number(totals[0])).toBe(txns.length);
    expect(strictMinor(totals[1]!)).toBe(settled);
    expect(strictMinor(totals[2]!)).toBe(refunded);
    expect(totals[3]).toBe('0.00');
    expect(strictMinor(totals[4]!, 5)).toBe(fees);
    expect(strictMinor(totals[5]!)).toBe(ordered);
    expect(strictMinor(totals[6]!)).toBe(requested);
    expect(summary).toEqual({ file, rows: txns.length, creditMinor: settled, debitMinor: refunded });
  });

  it('writes identical bytes for identical input', async () => {
    const txns = sampleChannelTxns(500);
    await writeWechatAllBill(dir.path('w1.csv'), header, txns);
    await writeWechatAllBill(dir.path('w2.csv'), header, txns);
    expect(await sameBytes(dir.path('w1.csv'), dir.path('w2.csv'))).toBe(true);
  });

  it('streams several chunks in order', async () => {
    const count = LINES_PER_CHUNK * 2 + 7;
    const txns = sampleChannelTxns(count);
    const file = dir.path('big.csv');
    const summary = await writeWechatAllBill(file, header, txns.values());
    const lines = await utf8Lines(file);
    expect(lines).toHaveLength(count + 3);
    expect(lines.slice(1, -2).map((line) => line.split(',')[6])).toEqual(txns.map((t) => '`' + t.merchantOrderNo));
    expect(unbacktick(lines.at(-1)!)[0]).toBe(String(count));
    expect(summary.rows).toBe(count);
  });

  it('rejects a fee rate that is not a percentage', async () => {
    await expect(writeWechatAllBill(dir.path('x.csv'), { ...header, feeRatePercent: '0.0038' }, [])).rejects.toThrow(/0\.38%/);
  });
});
