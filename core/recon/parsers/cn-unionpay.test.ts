import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleChannelTxns } from '../../simulator/statements/fixtures.js';
import { tempDir } from '../../simulator/statements/testing.js';
import { writeUnionpayBill } from '../../simulator/unionpay-file.js';
import { decodeText } from './cn-encoding.js';
import { garbageBytes, expectWriterTotals } from './cn-testing.js';
import { parseUnionpayBill } from './cn-unionpay.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function written(count: number) {
  const file = dir.path('unionpay.csv');
  const txns = sampleChannelTxns(count);
  const summary = await writeUnionpayBill(file, { date: '2026-05-09' }, txns);
  const decoded = decodeText(await readFile(file));
  return { txns, summary, decoded };
}

describe('parseUnionpayBill on the simulator’s 银联商户交易明细', () => {
  it('parses every row back exactly; the 合计 count and net give declared totals equal to the writer’s', async () => {
    const { txns, summary, decoded } = await written(5000);
    expect(decoded.encoding).toBe('gb18030');
    const parsed = parseUnionpayBill(decoded.text);

    expectWriterTotals(parsed, summary);
    expect(parsed).toMatchObject({ format: 'unionpay', channel: 'unionpay', currency: 'CNY' });
    parsed.lines.forEach((line, i) => {
      const txn = txns[i]!;
      const refund = txn.kind === 'refund';
      expect(line).toEqual({
        row: 3 + i,
        bookedAt: txn.finishedAt,
        valueDate: '2026-05-09',
        direction: refund ? 'debit' : 'credit',
        amountMinor: txn.amountMinor,
        currency: 'CNY',
        reference: refund ? txn.refundNo : txn.merchantOrderNo,
        channelRef: txn.channelTradeNo,
        kind: refund ? 'refund' : 'pay',
        feeMinor: refund ? 0 - txn.feeMinor : txn.feeMinor,
        counterparty: null,
        summary: refund ? '退货' : '消费',
      });
    });
  });

  it('shows a 合计 that disagrees with the rows', async () => {
    const { decoded } = await written(10);
    const lines = decoded.text.split('\r\n');
    const footer = lines.findIndex((l) => l.startsWith('合计'));
    lines[footer] = lines[footer]!.replace(/^合计,10笔,/, '合计,11笔,');
    const parsed = parseUnionpayBill(lines.join('\r\n'));
    expect(parsed.declared?.totals?.CNY?.count).toBe(11);
    expect(parsed.totals.CNY?.count).toBe(10);
  });

  it('reports a 清算金额 that is not 交易金额 − 手续费, and a bad 交易类型', async () => {
    const { decoded } = await written(3);
    const lines = decoded.text.split('\r\n');
    const cells = lines[2]!.split(',');
    cells[7] = '0.01';
    lines[2] = cells.join(',');
    lines[3] = lines[3]!.replace(',消费,', ',冲正,');
    const parsed = parseUnionpayBill(lines.join('\r\n'));
    expect(parsed.errors).toEqual([
      { row: 3, column: '清算金额', reason: '清算金额 is not 交易金额 − 手续费' },
      { row: 4, column: '交易类型', reason: 'unknown 交易类型 "冲正"' },
    ]);
    expect(parsed.lines.map((l) => l.row)).toEqual([5]);
  });

  it('says the 合计 row is missing when the file is cut off; empty and random input give one error', async () => {
    const { decoded } = await written(10);
    const cut = decoded.text.split('\r\n').slice(0, 8).join('\r\n');
    expect(parseUnionpayBill(cut)).toMatchObject({ lines: [], errors: [{ row: 9, column: '合计' }] });
    expect(parseUnionpayBill('')).toMatchObject({ lines: [], errors: [{ reason: 'empty file' }] });
    const garbage = parseUnionpayBill(decodeText(garbageBytes(1 << 20, 3)).text);
    expect(garbage.lines).toEqual([]);
    expect(garbage.errors).toHaveLength(1);
  });
});
