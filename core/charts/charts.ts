// Figures for the charts screen, each computed with one set-based query over the books. Amounts are
// integer minor units; the renderer formats them. Every series is dense (a zero where nothing
// happened) so a chart's axis never skips a day or a bucket.
import type { Db } from '../db/index.js';
import { addDays, daysBetween, isIsoDate } from '../clock.js';
import { fail } from '../errors.js';

/** The reconciliation outcomes that are differences someone must look at (offsets and matches are not). */
export const MISMATCH_OUTCOMES = ['amountMismatch', 'bankExtra', 'platformExtra', 'timing', 'duplicate'] as const;
export type MismatchOutcome = (typeof MISMATCH_OUTCOMES)[number];

/** Longest span a chart asks for: a quarter is plenty on a desk, and it bounds every loop below. */
export const MAX_SPAN_DAYS = 92;

function checkSpan(from: string, to: string): number {
  if (!isIsoDate(from)) fail('BAD_INPUT', `from must be a date YYYY-MM-DD, got "${from}"`);
  if (!isIsoDate(to)) fail('BAD_INPUT', `to must be a date YYYY-MM-DD, got "${to}"`);
  const span = daysBetween(from, to) + 1;
  if (span < 1) fail('BAD_INPUT', `from ${from} is after to ${to}`);
  if (span > MAX_SPAN_DAYS) fail('BAD_INPUT', `a chart covers at most ${MAX_SPAN_DAYS} days; ${from}…${to} is ${span}`);
  return span;
}

function daysOf(from: string, span: number): string[] {
  return Array.from({ length: span }, (_, i) => addDays(from, i));
}

export interface CountAmount {
  count: number;
  amountMinor: number;
}

export interface MismatchCell extends CountAmount {
  date: string;
  channel: string;
  byOutcome: Record<MismatchOutcome, CountAmount>;
}

export interface MismatchFigures {
  from: string;
  to: string;
  currency: string;
  days: string[];
  channels: string[];
  /** one cell per (day, channel) that had a reconciliation run, with its differences by outcome */
  cells: MismatchCell[];
  /** per day, all channels together (dense: every day of the span) */
  byDay: (CountAmount & { date: string })[];
  /** per channel, all days together */
  byChannel: (CountAmount & { channel: string; byOutcome: Record<MismatchOutcome, CountAmount> })[];
}

const zeroOutcomes = (): Record<MismatchOutcome, CountAmount> =>
  Object.fromEntries(MISMATCH_OUTCOMES.map((o) => [o, { count: 0, amountMinor: 0 }])) as Record<MismatchOutcome, CountAmount>;

/**
 * Differences by channel and reconciliation date. A row's amount is ours, or theirs where we have
 * none — as the reconcile run's own counts add them. Each (date, channel) is read from the latest
 * run in force that covers that channel (an all-channel run, or a later run of that channel alone),
 * so a channel re-run never counts twice.
 */
export function mismatchFigures(db: Db, input: { from: string; to: string; currency?: string }): MismatchFigures {
  const span = checkSpan(input.from, input.to);
  const currency = input.currency ?? 'CNY';
  const outcomes = MISMATCH_OUTCOMES.map(() => '?').join(', ');
  const rows = db.prepare(`
    WITH runs AS (SELECT id, recon_date, channel_code FROM recon_run WHERE superseded_by IS NULL AND recon_date BETWEEN ? AND ?),
    rows AS (
      SELECT ru.id AS run_id, ru.recon_date AS date, COALESCE(e.channel_code, c.channel_code) AS channel, x.outcome,
             COALESCE(x.our_amount_minor, x.their_amount_minor) AS amount, COALESCE(e.currency, c.currency) AS currency
        FROM runs ru JOIN recon_result x ON x.run_id = ru.id AND x.outcome IN (${outcomes}) AND x.outcome <> 'matched'
        LEFT JOIN entry_flow e ON e.id = x.entry_id LEFT JOIN clearing_flow c ON c.id = x.clearing_id
    )
    SELECT date, channel, outcome, COUNT(*) AS count, SUM(amount) AS amount FROM rows r
     WHERE currency = ?
       AND run_id = (SELECT MAX(id) FROM runs r2 WHERE r2.recon_date = r.date AND (r2.channel_code IS NULL OR r2.channel_code = r.channel))
     GROUP BY date, channel, outcome ORDER BY date, channel, outcome`,
  ).all(input.from, input.to, ...MISMATCH_OUTCOMES, currency) as { date: string; channel: string; outcome: MismatchOutcome; count: number; amount: number }[];
  // (date, channel) pairs that had a run at all, so a clean channel shows as a zero, not as missing
  const covered = db.prepare(`
    SELECT DISTINCT r.recon_date AS date, ch.code AS channel FROM recon_run r JOIN channel ch ON (r.channel_code IS NULL OR r.channel_code = ch.code)
     WHERE r.superseded_by IS NULL AND r.recon_date BETWEEN ? AND ? AND ch.code <> 'balance' ORDER BY 1, 2`,
  ).all(input.from, input.to) as { date: string; channel: string }[];

  const cells = new Map<string, MismatchCell>();
  const cell = (date: string, channel: string) => {
    const key = `${date}|${channel}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { date, channel, count: 0, amountMinor: 0, byOutcome: zeroOutcomes() }));
    return c;
  };
  for (const k of covered) cell(k.date, k.channel);
  for (const r of rows) {
    const c = cell(r.date, r.channel);
    c.byOutcome[r.outcome] = { count: r.count, amountMinor: r.amount };
    c.count += r.count;
    c.amountMinor += r.amount;
  }
  const sorted = [...cells.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  const days = daysOf(input.from, span);
  const byDay = days.map((date) => {
    const of = sorted.filter((c) => c.date === date);
    return { date, count: of.reduce((s, c) => s + c.count, 0), amountMinor: of.reduce((s, c) => s + c.amountMinor, 0) };
  });
  const channels = [...new Set(sorted.map((c) => c.channel))].sort();
  const byChannel = channels.map((channel) => {
    const of = sorted.filter((c) => c.channel === channel);
    const byOutcome = zeroOutcomes();
    for (const c of of) for (const o of MISMATCH_OUTCOMES) {
      byOutcome[o].count += c.byOutcome[o].count;
      byOutcome[o].amountMinor += c.byOutcome[o].amountMinor;
    }
    return { channel, count: of.reduce((s, c) => s + c.count, 0), amountMinor: of.reduce((s, c) => s + c.amountMinor, 0), byOutcome };
  });
  return { from: input.from, to: input.to, currency, days, channels, cells: sorted, byDay, byChannel };
}

export interface DayTotals {
  date: string;
  clearing: { entries: number; grossMinor: number; refundsMinor: number; feesMinor: number; netMinor: number };
  settlement: { merchants: number; orders: number; amountMinor: number };
  held: CountAmount;
}

export interface TotalsFigures {
  from: string;
  to: string;
  currency: string;
  days: DayTotals[];
}

/**
 * Channel clearing and merchant settlement per day over the `days` days ending at `to`. Clearing and
 * settlement add every run of the day (a second run does only what is new); orders held are those of
 * the day's latest settlement run, as the day-end check reads them.
 */
export function totalsFigures(db: Db, input: { to: string; days?: number; currency?: string }): TotalsFigures {
  const n = input.days ?? 30;
  if (!Number.isInteger(n) || n < 1) fail('BAD_INPUT', `days must be a whole number ≥ 1, got ${n}`);
  if (!isIsoDate(input.to)) fail('BAD_INPUT', `to must be a date YYYY-MM-DD, got "${input.to}"`);
  const from = addDays(input.to, 1 - n);
  const span = checkSpan(from, input.to);
  const currency = input.currency ?? 'CNY';
  const clearing = new Map((db.prepare(`
    SELECT clearing_date AS date, SUM(entry_count) AS entries, SUM(gross_minor) AS gross, SUM(refunds_minor) AS refunds, SUM(fees_minor) AS fees, SUM(net_minor) AS net
      FROM channel_clearing WHERE currency = ? AND clearing_date BETWEEN ? AND ? GROUP BY clearing_date`,
  ).all(currency, from, input.to) as { date: string; entries: number; gross: number; refunds: number; fees: number; net: number }[]).map((r) => [r.date, r]));
  const settled = new Map((db.prepare(`
    SELECT r.settle_date AS date, COUNT(DISTINCT m.merchant_id) AS merchants, SUM(m.order_count) AS orders, SUM(m.amount_minor) AS amount
      FROM merchant_settlement m JOIN settlement_run r ON r.id = m.run_id
     WHERE m.currency = ? AND r.settle_date BETWEEN ? AND ? GROUP BY r.settle_date`,
  ).all(currency, from, input.to) as { date: string; merchants: number; orders: number; amount: number }[]).map((r) => [r.date, r]));
  const held = new Map((db.prepare(`
    SELECT r.settle_date AS date, COUNT(*) AS count, SUM(h.amount_minor) AS amount
      FROM settlement_hold h JOIN settlement_run r ON r.id = h.run_id JOIN pay_order o ON o.id = h.order_id
     WHERE o.currency = ? AND r.settle_date BETWEEN ? AND ?
       AND r.id = (SELECT MAX(id) FROM settlement_run r2 WHERE r2.settle_date = r.settle_date)
     GROUP BY r.settle_date`,
  ).all(currency, from, input.to) as { date: string; count: number; amount: number }[]).map((r) => [r.date, r]));
  return {
    from, to: input.to, currency,
    days: daysOf(from, span).map((date) => {
      const c = clearing.get(date);
      const s = settled.get(date);
      const h = held.get(date);
      return {
        date,
        clearing: { entries: c?.entries ?? 0, grossMinor: c?.gross ?? 0, refundsMinor: c?.refunds ?? 0, feesMinor: c?.fees ?? 0, netMinor: c?.net ?? 0 },
        settlement: { merchants: s?.merchants ?? 0, orders: s?.orders ?? 0, amountMinor: s?.amount ?? 0 },
        held: { count: h?.count ?? 0, amountMinor: h?.amount ?? 0 },
      };
    }),
  };
}

/** Age buckets in whole days since the money was first hung up; the last one is open-ended. */
export const AGING_BUCKETS = [
  { key: '0-3', minDays: 0, maxDays: 3 },
  { key: '4-7', minDays: 4, maxDays: 7 },
  { key: '8-30', minDays: 8, maxDays: 30 },
  { key: '31-90', minDays: 31, maxDays: 90 },
  { key: '90+', minDays: 91, maxDays: null },
] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number]['key'];

export interface AgingRow extends CountAmount {
  bankName: string;
  buckets: Record<AgingBucket, CountAmount & { incomeMinor: number; expenseMinor: number }>;
}

export interface AgingFigures {
  asOf: string;
  currency: string;
  buckets: typeof AGING_BUCKETS;
  banks: AgingRow[];
  total: AgingRow;
}

const zeroBuckets = (): AgingRow['buckets'] =>
  Object.fromEntries(AGING_BUCKETS.map((b) => [b.key, { count: 0, amountMinor: 0, incomeMinor: 0, expenseMinor: 0 }])) as AgingRow['buckets'];

/**
 * Open suspense cards (to review or open) by bank and age at `asOf`. A remainder re-hung after a
 * partial write-off ages from its original card's date: the money has been unexplained since then.
 * Cards hung up after `asOf` are left out.
 */
export function suspenseAgingFigures(db: Db, input: { asOf: string; currency?: string }): AgingFigures {
  if (!isIsoDate(input.asOf)) fail('BAD_INPUT', `asOf must be a date YYYY-MM-DD, got "${input.asOf}"`);
  const currency = input.currency ?? 'CNY';
  const bucketSql = AGING_BUCKETS.map((b) => (b.maxDays === null ? `ELSE '${b.key}'` : `WHEN age <= ${b.maxDays} THEN '${b.key}'`)).join(' ');
  const rows = db.prepare(`
    WITH open AS (
      SELECT i.bank_name, i.kind, i.amount_minor, CAST(julianday(?) - julianday(ov.accounting_date) AS INTEGER) AS age
        FROM suspense_item i JOIN suspense_item o ON o.id = COALESCE(i.origin_item_id, i.id) JOIN voucher ov ON ov.id = o.voucher_id
        JOIN voucher iv ON iv.id = i.voucher_id
       WHERE i.status IN ('to_review', 'open') AND i.currency = ? AND iv.accounting_date <= ?
    )
    SELECT bank_name AS bankName, CASE ${bucketSql} END AS bucket, COUNT(*) AS count, SUM(amount_minor) AS amount,
           SUM(CASE kind WHEN 'income' THEN amount_minor ELSE 0 END) AS income, SUM(CASE kind WHEN 'expense' THEN amount_minor ELSE 0 END) AS expense
      FROM open GROUP BY bank_name, bucket ORDER BY bank_name`,
  ).all(input.asOf, currency, input.asOf) as { bankName: string; bucket: AgingBucket; count: number; amount: number; income: number; expense: number }[];
  const banks = new Map<string, AgingRow>();
  const total: AgingRow = { bankName: '', count: 0, amountMinor: 0, buckets: zeroBuckets() };
  for (const r of rows) {
    let bank = banks.get(r.bankName);
    if (!bank) banks.set(r.bankName, (bank = { bankName: r.bankName, count: 0, amountMinor: 0, buckets: zeroBuckets() }));
    for (const target of [bank, total]) {
      const b = target.buckets[r.bucket];
      b.count += r.count;
      b.amountMinor += r.amount;
      b.incomeMinor += r.income;
      b.expenseMinor += r.expense;
      target.count += r.count;
      target.amountMinor += r.amount;
    }
  }
  return { asOf: input.asOf, currency, buckets: AGING_BUCKETS, banks: [...banks.values()], total };
}
