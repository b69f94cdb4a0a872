import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { isIsoDate } from '../clock.js';
import { loadChannels } from '../channels/store.js';
import { channelFee } from '../channels/defaults.js';
import type { Channel } from '../channels/types.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { FUND_FORMATS } from './formats.js';

/** Differences listed per channel; the counts and amounts always cover them all. */
const DIFFERENCES_SHOWN_MAX = 1000;

/**
 * One order's fund difference (资金差异): `long` (长款) when the channel moved more money than our
 * books expect, `short` (短款) when less; an order on one side only is all long or all short.
 */
export interface FundDifference {
  orderNo: string;
  kind: 'long' | 'short';
  oursMinor: number;
  theirsMinor: number;
  /** theirs less ours: positive for long, negative for short */
  differenceMinor: number;
}

export interface FundChannelResult {
  channel: string;
  /** the fund bill's lines of the day, and their net (money in positive) */
  theirs: { lines: number; netMinor: number };
  /** our entry flows of the day, and the net the channel should move for them: amount less its channel fee */
  ours: { entries: number; netMinor: number };
  agreed: number;
  long: { count: number; amountMinor: number };
  short: { count: number; amountMinor: number };
  differences: FundDifference[];
}

export interface FundReconResult {
  date: string;
  /** channels with a fund bill for the date; the others have no funds to compare */
  channels: FundChannelResult[];
}

/** The codes whose money the channel moves less its fee: a payment, and a refund by the original route (the fee comes back). */
const FEE_BEARING = new Set<string>([BUSINESS_CODES.PAY, BUSINESS_CODES.REFUND]);

/**
 * Fund-flow reconciliation (资金对账, seed 001's four files; docs/domain.md#fund-flow-reconciliation):
 * per channel and order, the net the channel's fund bill (Alipay 账务明细, WeChat 资金账单) moved
 * on the date against the net our books expect it to move — each entry's amount less the fee its
 * channel's terms charge, signed, money in positive. Transaction matching says whether an order
 * happened; this says whether its money arrived, to the fen. A read: nothing is written.
 */
export function fundReconcile(db: Db, input: { date: string; channel?: string }): FundReconResult {
  if (!isIsoDate(input.date)) fail('BAD_INPUT', `date must be YYYY-MM-DD, got "${input.date}"`);
  const funds = [...FUND_FORMATS];
  const fundList = funds.map(() => '?').join(', ');
  const channels = db.prepare(`SELECT DISTINCT c.channel_code FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
                               WHERE c.bank_date = ? AND b.status = 'DONE' AND b.format IN (${fundList}) ORDER BY 1`)
    .pluck().all(input.date, ...funds) as string[];
  const terms = new Map<string, Channel>(loadChannels(db).map((c) => [c.code, c]));
  return {
    date: input.date,
    channels: channels.filter((c) => input.channel === undefined || c === input.channel).map((channel) => channelFunds(db, input.date, channel, terms.get(channel), { funds, fundList })),
  };
}

/** `fundList`: one placeholder per fund format, for the IN list. */
function channelFunds(db: Db, date: string, channel: string, terms: Channel | undefined, { funds, fundList }: { funds: readonly string[]; fundList: string }): FundChannelResult {
  const theirs = db.prepare(`SELECT c.order_no AS ono, SUM(CASE c.direction WHEN 'in' THEN c.amount_minor ELSE -c.amount_minor END) AS net, COUNT(*) AS n
                             FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
                             WHERE c.channel_code = ? AND c.bank_date = ? AND b.status = 'DONE' AND b.format IN (${fundList}) AND c.status <> 'deleted'
                             GROUP BY c.order_no ORDER BY c.order_no`).all(channel, date, ...funds) as { ono: string | null; net: number; n: number }[];
  const oursByOrder = new Map<string, number>();
  let entries = 0;
  let oursNet = 0;
  // A fund bill (账务明细) lists a refund under the order it refunds, not under our refund number:
  // our refund entries are keyed by their pay order here.
  for (const e of db.prepare(`SELECT COALESCE(p.order_no, e.order_no) AS ono, e.direction AS dir, e.amount_minor AS amt, e.business_code AS bc
                              FROM entry_flow e LEFT JOIN refund_order r ON r.refund_no = e.order_no LEFT JOIN pay_order p ON p.id = r.order_id
                              WHERE e.channel_code = ? AND e.accounting_date = ?`).iterate(channel, date) as IterableIterator<{ ono: string; dir: string; amt: number; bc: string }>) {
    entries++;
    const net = terms && FEE_BEARING.has(e.bc) ? e.amt - channelFee(terms, e.amt) : e.amt;
    const signed = e.dir === 'in' ? net : -net;
    oursNet += signed;
    oursByOrder.set(e.ono, (oursByOrder.get(e.ono) ?? 0) + signed);
  }
  const result: FundChannelResult = {
    channel, theirs: { lines: 0, netMinor: 0 }, ours: { entries, netMinor: oursNet }, agreed: 0,
    long: { count: 0, amountMinor: 0 }, short: { count: 0, amountMinor: 0 }, differences: [],
  };
  const note = (orderNo: string, oursMinor: number, theirsMinor: number) => {
    const differenceMinor = theirsMinor - oursMinor;
    if (differenceMinor === 0) {
      result.agreed++;
      return;
    }
    const kind = differenceMinor > 0 ? 'long' : 'short';
    result[kind].count++;
    result[kind].amountMinor += Math.abs(differenceMinor);
    if (result.differences.length < DIFFERENCES_SHOWN_MAX) result.differences.push({ orderNo, kind, oursMinor, theirsMinor, differenceMinor });
  };
  for (const t of theirs) {
    result.theirs.lines += t.n;
    result.theirs.netMinor += t.net;
    const key = t.ono ?? '';
    const ours = oursByOrder.get(key) ?? 0;
    oursByOrder.delete(key);
    note(key, ours, t.net);
  }
  for (const [orderNo, ours] of oursByOrder) note(orderNo, ours, 0);
  // every order on one side or both lands once: the two nets differ by exactly long less short
  if (result.theirs.netMinor - result.ours.netMinor !== result.long.amountMinor - result.short.amountMinor) {
    throw new Error(`fund reconciliation of ${channel} on ${date} does not add up: theirs ${result.theirs.netMinor} − ours ${result.ours.netMinor} ≠ long ${result.long.amountMinor} − short ${result.short.amountMinor}`);
  }
  return result;
}
