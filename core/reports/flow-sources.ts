import type { Db } from '../db/index.js';
import { addDays } from '../clock.js';
import { directionLabel } from './cells.js';
import type { Cell, Column } from './workbook.js';
import { voucherNoSql } from '../ledger/index.js';

/** Which date the flows are listed by: entry flows by accounting date, clearing flows by bank date, history by clearing date. */
export const FLOW_BASES = ['accounting', 'bank', 'clearing'] as const;
export type FlowBasis = (typeof FLOW_BASES)[number];

/** One group of the summary: a date, channel, direction and currency of one source. */
export interface FlowGroup {
  date: string;
  channel: string;
  direction: string;
  currency: string;
  count: number;
  amountMinor: number;
}

/** A kind of flow the report lists: its sheet, its groups for the summary and its rows, streamed. */
export interface FlowSource {
  basis: FlowBasis;
  sheet: string;
  title: { zh: string; en: string };
  /** the summary's column group */
  label: { zh: string; en: string };
  columns: readonly Column[];
  groups(db: Db, from: string, to: string): FlowGroup[];
  rows(db: Db, from: string, to: string): Iterable<Cell[]>;
}

const VOUCHER_NO = voucherNoSql('v');

function* days(from: string, to: string): Generator<string> {
  for (let d = from; d <= to; d = addDays(d, 1)) yield d;
}

/**
 * The channel codes of a table whose index starts with channel_code, found by hopping through the
 * index (one lookup per channel) rather than reading every row of every day ever imported.
 */
function channelsOf(db: Db, table: 'entry_flow' | 'clearing_flow'): string[] {
  return db.prepare(`WITH RECURSIVE c(code) AS (
                       SELECT MIN(channel_code) FROM ${table}
                       UNION ALL SELECT (SELECT MIN(channel_code) FROM ${table} WHERE channel_code > c.code) FROM c WHERE c.code IS NOT NULL)
                     SELECT code FROM c WHERE code IS NOT NULL`).pluck().all() as string[];
}

type GroupRow = [date: string, direction: string, currency: string, count: number, amount: number];

/**
 * Day by day, channel by channel, so every query walks the (channel, date) index in its own order
 * and nothing is sorted in memory — a day can hold a million rows.
 */
function perChannelAndDay<T>(db: Db, table: 'entry_flow' | 'clearing_flow', from: string, to: string, query: (channel: string, date: string) => Iterable<T>): Iterable<T> {
  const channels = channelsOf(db, table);
  return (function* () {
    for (const date of days(from, to)) for (const channel of channels) yield* query(channel, date);
  })();
}

function groupsBy(db: Db, table: 'entry_flow' | 'clearing_flow', dateColumn: string, from: string, to: string): FlowGroup[] {
  const statement = db.prepare(`SELECT ${dateColumn}, direction, currency, COUNT(*), SUM(amount_minor) FROM ${table}
                                WHERE channel_code = ? AND ${dateColumn} BETWEEN ? AND ? GROUP BY ${dateColumn}, direction, currency`).raw();
  return channelsOf(db, table).flatMap((channel) => (statement.all(channel, from, to) as GroupRow[])
    .map(([date, direction, currency, count, amount]) => ({ date, channel, direction, currency, count, amountMinor: amount })));
}

export const ENTRY_FLOWS: FlowSource = {
  basis: 'accounting',
  sheet: '入账流水 Entry flows',
  title: { zh: '入账流水（按记账日期）', en: 'Entry flows by accounting date' },
  label: { zh: '入账流水', en: 'Entry flows' },
  columns: [
    { zh: '记账日期', en: 'Accounting date', width: 12 },
    { zh: '渠道', en: 'Channel', width: 12 },
    { zh: '业务代码', en: 'Business code', width: 10 },
    { zh: '订单号', en: 'Order no', width: 26 },
    { zh: '渠道流水号', en: 'Channel trade no', width: 30 },
    { zh: '方向', en: 'Direction', width: 8 },
    { zh: '金额', en: 'Amount', width: 16, kind: 'amount' },
    { zh: '币种', en: 'Currency', width: 8 },
    { zh: '发生时间', en: 'Occurred at', width: 24 },
    { zh: '凭证号', en: 'Voucher no', width: 18 },
  ],
  groups: (db, from, to) => groupsBy(db, 'entry_flow', 'accounting_date', from, to),
  rows(db, from, to) {
    const statement = db.prepare(`SELECT e.accounting_date, e.channel_code, e.business_code, e.order_no, e.channel_trade_no, e.direction, e.amount_minor, e.currency, e.occurred_at, ${VOUCHER_NO}
                                  FROM entry_flow e LEFT JOIN voucher v ON v.id = e.voucher_id
                                  WHERE e.channel_code = ? AND e.accounting_date = ? ORDER BY e.order_no, e.id`).raw();
    return perChannelAndDay(db, 'entry_flow', from, to, function* (channel, date) {
      for (const r of statement.iterate(channel, date) as IterableIterator<[string, string, string, string, string | null, string, number, string, string, string | null]>) {
        const [accountingDate, code, business, orderNo, tradeNo, direction, amount, currency, occurredAt, voucherNo] = r;
        yield [accountingDate, code, business, orderNo, tradeNo, directionLabel(direction), { minor: amount, currency }, currency, occurredAt, voucherNo];
      }
    });
  },
};

export const CLEARING_FLOWS: FlowSource = {
  basis: 'bank',
  sheet: '清算流水 Clearing flows',
  title: { zh: '清算流水（按银行日期）', en: 'Clearing flows by bank date' },
  label: { zh: '清算流水', en: 'Clearing flows' },
  columns: [
    { zh: '银行日期', en: 'Bank date', width: 12 },
    { zh: '渠道', en: 'Channel', width: 12 },
    { zh: '批次', en: 'Batch', width: 7, kind: 'number' },
    { zh: '行号', en: 'Row', width: 8, kind: 'number' },
    { zh: '入账时间', en: 'Booked at', width: 20 },
    { zh: '方向', en: 'Direction', width: 8 },
    { zh: '类型', en: 'Kind', width: 10 },
    { zh: '订单号', en: 'Order no', width: 26 },
    { zh: '金额', en: 'Amount', width: 16, kind: 'amount' },
    { zh: '手续费', en: 'Fee', width: 12, kind: 'amount' },
    { zh: '币种', en: 'Currency', width: 8 },
    { zh: '状态', en: 'Status', width: 14 },
    { zh: '业务代码', en: 'Business code', width: 10 },
    { zh: '凭证号', en: 'Voucher no', width: 18 },
  ],
  groups: (db, from, to) => groupsBy(db, 'clearing_flow', 'bank_date', from, to),
  rows(db, from, to) {
    const statement = db.prepare(`SELECT c.bank_date, c.channel_code, c.batch_id, c.row_no, c.booked_at, c.direction, c.kind, c.order_no, c.amount_minor, c.fee_minor, c.currency, c.status, c.business_code, ${VOUCHER_NO}
                                  FROM clearing_flow c LEFT JOIN voucher v ON v.id = c.voucher_id
                                  WHERE c.channel_code = ? AND c.bank_date = ? ORDER BY c.id`).raw();
    return perChannelAndDay(db, 'clearing_flow', from, to, function* (channel, date) {
      for (const r of statement.iterate(channel, date) as IterableIterator<[string, string, number, number, string, string, string, string | null, number, number | null, string, string, string | null, string | null]>) {
        const [bankDate, code, batch, rowNo, bookedAt, direction, kind, orderNo, amount, fee, currency, status, business, voucherNo] = r;
        yield [bankDate, code, batch, rowNo, bookedAt, directionLabel(direction), kind, orderNo, { minor: amount, currency },
          fee === null ? null : { minor: fee, currency }, currency, status, business, voucherNo];
      }
    });
  },
};

export const HISTORY: FlowSource = {
  basis: 'clearing',
  sheet: '对账历史 History',
  title: { zh: '对账历史（按清算日期）', en: 'Reconciliation history by clearing date' },
  label: { zh: '对账历史', en: 'History' },
  columns: [
    { zh: '清算日期', en: 'Clearing date', width: 12 },
    { zh: '渠道', en: 'Channel', width: 12 },
    { zh: '方向', en: 'Direction', width: 8 },
    { zh: '订单号', en: 'Order no', width: 26 },
    { zh: '金额', en: 'Amount', width: 16, kind: 'amount' },
    { zh: '币种', en: 'Currency', width: 8 },
    { zh: '入账流水', en: 'Entry flow id', width: 12, kind: 'number' },
    { zh: '清算流水', en: 'Clearing flow id', width: 12, kind: 'number' },
  ],
  groups(db, from, to) {
    const rows = db.prepare(`SELECT h.clearing_date, h.channel_code, h.direction, e.currency, COUNT(*), SUM(h.amount_minor)
                             FROM recon_history h JOIN entry_flow e ON e.id = h.entry_id
                             WHERE h.clearing_date BETWEEN ? AND ? GROUP BY h.clearing_date, h.channel_code, h.direction, e.currency`).raw().all(from, to) as
      [string, string, string, string, number, number][];
    return rows.map(([date, channel, direction, currency, count, amount]) => ({ date, channel, direction, currency, count, amountMinor: amount }));
  },
  rows(db, from, to) {
    // the history index leads with the clearing date, so one ordered range walk does
    const statement = db.prepare(`SELECT h.clearing_date, h.channel_code, h.direction, h.order_no, h.amount_minor, e.currency, h.entry_id, h.clearing_id
                                  FROM recon_history h JOIN entry_flow e ON e.id = h.entry_id
                                  WHERE h.clearing_date BETWEEN ? AND ? ORDER BY h.clearing_date, h.channel_code, h.id`).raw();
    return (function* () {
      for (const r of statement.iterate(from, to) as IterableIterator<[string, string, string, string, number, string, number, number]>) {
        const [date, channel, direction, orderNo, amount, currency, entryId, clearingId] = r;
        yield [date, channel, directionLabel(direction), orderNo, { minor: amount, currency }, currency, entryId, clearingId];
      }
    })();
  },
};

export const FLOW_SOURCES: Record<FlowBasis, FlowSource> = { accounting: ENTRY_FLOWS, bank: CLEARING_FLOWS, clearing: HISTORY };
