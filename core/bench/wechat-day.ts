// The benches' day: n WeChat payments (2% refunds), ours as entry flows, theirs as the WeChat bill
// with a few differences (0.1% missing from their file, 0.1% one fen off). Kept in typed arrays,
// not a million objects, so the fixture does not weigh on the memory of what a bench measures.
import type { Db } from '../db/index.js';
import { timeOfDay } from '../localtime.js';
import { Random } from '../simulator/random.js';
import type { ChannelTxn } from '../simulator/statements/types.js';
import { writeWechatAllBill } from '../simulator/statements/wechat.js';

export interface WechatDay {
  n: number;
  date: string;
  amounts: Int32Array;
  refunds: Uint8Array;
  /** their amount, or -1 where the line is missing from their file */
  theirAmounts: Int32Array;
}

export function wechatDay(n: number, date: string, seed = 7): WechatDay {
  const random = new Random(seed);
  const day: WechatDay = { n, date, amounts: new Int32Array(n), refunds: new Uint8Array(n), theirAmounts: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const amount = random.amountMinor(8_800, 1.1, 1, 5_000_000);
    const differs = random.next();
    day.amounts[i] = amount;
    day.refunds[i] = random.chance(0.02) ? 1 : 0;
    day.theirAmounts[i] = differs < 0.001 ? -1 : differs < 0.002 ? amount + 1 : amount;
  }
  return day;
}

export const orderNoOf = (i: number) => `P${String(i).padStart(12, '0')}`;
const timeAt = (day: WechatDay, i: number) => timeOfDay(day.date, Math.floor((i / day.n) * 86_000));

/** Our side: one entry flow per payment or refund, in one transaction. */
export function insertEntryFlows(db: Db, day: WechatDay): void {
  db.tx(() => {
    const insert = db.prepare(`INSERT INTO entry_flow (channel_code, business_code, order_no, direction, amount_minor, currency, occurred_at, accounting_date, voucher_id)
                               VALUES ('wechat', ?, ?, ?, ?, 'CNY', ?, ?, 0)`);
    for (let i = 0; i < day.n; i++) {
      const refund = day.refunds[i] === 1;
      insert.run(refund ? '410401' : '400301', orderNoOf(i), refund ? 'out' : 'in', day.amounts[i], timeAt(day, i), day.date);
    }
  });
}

/** Their side: the WeChat merchant bill (交易账单, ALL) of the day. */
export async function writeWechatBill(file: string, day: WechatDay): Promise<void> {
  function* txns(): Generator<ChannelTxn> {
    for (let i = 0; i < day.n; i++) {
      const theirs = day.theirAmounts[i]!;
      if (theirs < 0) continue;
      const refund = day.refunds[i] === 1;
      const no = orderNoOf(i);
      const time = timeAt(day, i);
      yield {
        channelTradeNo: `4200${no.slice(1)}`, merchantOrderNo: no, kind: refund ? 'refund' : 'pay', refundNo: refund ? no : null,
        createdAt: time, finishedAt: time, amountMinor: theirs, feeMinor: Math.floor(theirs / 263), productName: '商品',
        payerAccount: 'o***x', balanceAfterMinor: 0,
      };
    }
  }
  await writeWechatAllBill(file, { appId: 'wx00000000000000', mchId: '1601959334', feeRatePercent: '0.38%' }, txns());
}
