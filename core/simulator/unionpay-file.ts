import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { formatMinor } from '../money/index.js';
import type { ChannelTxn, StatementSummary } from './statements/types.js';
import { encodeGbk, STREAM_BUFFER_BYTES } from './statements/lineFile.js';

/**
 * UnionPay acquirer transaction detail (银联商户交易明细). No public layout was confirmed (the known one is an unverified
 * fixed-width file, docs/formats.md#unionpay-detail), so this is PayDesk's own documented CSV:
 * GBK, CRLF, a title line, a header row, one row per transaction, a 合计 footer row.
 *   清算日期,交易时间,商户订单号,银联流水号,交易类型,交易金额,手续费,清算金额
 * 交易类型 消费 (payment) / 退货 (refund); refunds carry negative amounts; 清算金额 = 交易金额 − 手续费.
 */
export const UNIONPAY_COLUMNS = ['清算日期', '交易时间', '商户订单号', '银联流水号', '交易类型', '交易金额', '手续费', '清算金额'] as const;

const LINES_PER_CHUNK = 4096;

export async function writeUnionpayBill(file: string, header: { date: string }, rows: Iterable<ChannelTxn>): Promise<StatementSummary> {
  const out = createWriteStream(file, { highWaterMark: STREAM_BUFFER_BYTES });
  const settleDate = header.date.replaceAll('-', '');
  let lines: string[] = [`银联商户交易明细,清算日期：${settleDate}`, UNIONPAY_COLUMNS.join(',')];
  let count = 0;
  let credit = 0;
  let debit = 0;
  let fees = 0;
  const flush = async (): Promise<void> => {
    if (lines.length === 0) return;
    if (!out.write(encodeGbk(lines.join('\r\n') + '\r\n'))) await new Promise<void>((r) => out.once('drain', () => r()));
    lines = [];
  };
  for (const t of rows) {
    const sign = t.kind === 'pay' ? 1 : -1;
    const amount = sign * t.amountMinor;
    const fee = sign * t.feeMinor;
    lines.push([settleDate, t.finishedAt, t.kind === 'pay' ? t.merchantOrderNo : t.refundNo!, t.channelTradeNo, t.kind === 'pay' ? '消费' : '退货',
      formatMinor(amount, 'CNY'), formatMinor(fee, 'CNY'), formatMinor(amount - fee, 'CNY')].join(','));
    count++;
    if (sign > 0) credit += t.amountMinor;
    else debit += t.amountMinor;
    fees += fee;
    if (lines.length >= LINES_PER_CHUNK) await flush();
  }
  lines.push(['合计', `${count}笔`, '', '', '', formatMinor(credit - debit, 'CNY'), formatMinor(fees, 'CNY'), formatMinor(credit - debit - fees, 'CNY')].join(','));
  await flush();
  out.end();
  await finished(out);
  return { file, rows: count, creditMinor: credit, debitMinor: debit };
}
