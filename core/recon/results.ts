import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { currentRun, OUTCOMES, type Outcome } from './reconcile.js';
import { voucherNoSql } from '../ledger/index.js';

export interface ResultRow {
  resultId: number;
  outcome: Outcome;
  channel: string;
  direction: 'in' | 'out' | null;
  orderNo: string | null;
  clearingId: number | null;
  entryId: number | null;
  ourAmountMinor: number | null;
  theirAmountMinor: number | null;
  bankDate: string | null;
  bookedAt: string | null;
  accountingDate: string | null;
  businessCode: string | null;
  /** where the statement line stands now (matched, bankExtra, hung_up, supplemented, deleted…) */
  clearingStatus: string | null;
}

export interface ResultsPage {
  run: number;
  date: string;
  total: number;
  offset: number;
  /** the run's count and amount per outcome, for the filter's badges */
  counts: Record<Outcome, { count: number; amountMinor: number }>;
  rows: ResultRow[];
}

const PAGE_MAX = 2_000;

/**
 * One page of a date's reconciliation: every joined row of the standing run (all channels), both
 * sides, filtered by outcome and channel, in run order. Offset paging, so a virtual table can jump
 * anywhere in a million rows.
 */
export function resultsPage(db: Db, input: { date: string; outcome?: Outcome; channel?: string; offset: number; limit: number }): ResultsPage {
  if (input.limit < 1 || input.limit > PAGE_MAX) fail('BAD_INPUT', `limit must be 1–${PAGE_MAX}`);
  if (input.outcome && !OUTCOMES.includes(input.outcome)) fail('BAD_INPUT', `unknown outcome ${input.outcome}`);
  const run = currentRun(db, input.date, null);
  if (run === undefined) fail('NOT_FOUND', `no reconciliation of all channels for ${input.date}: reconcile first`, {
    reason: 'NOT_RECONCILED', params: { date: input.date, channel: null },
  });
  const stored = db.prepare('SELECT counts, first_result AS first, last_result AS last FROM recon_run WHERE id = ?').get(run) as { counts: string; first: number | null; last: number | null };
  let counts = JSON.parse(stored.counts) as ResultsPage['counts'];
  // the run's rows are rowids first..last (recon_run.first_result..last_result; none when it wrote none)
  const first = stored.first ?? 1;
  const last = stored.last ?? 0;
  if (!OUTCOMES.every((o) => counts[o])) {
    // a run that did not record its counts: count them once
    counts = Object.fromEntries(OUTCOMES.map((o) => [o, { count: 0, amountMinor: 0 }])) as ResultsPage['counts'];
    for (const c of db.prepare('SELECT outcome, COUNT(*) AS count, COALESCE(SUM(COALESCE(our_amount_minor, their_amount_minor)), 0) AS amountMinor FROM recon_result WHERE rowid BETWEEN ? AND ? AND run_id = ? GROUP BY outcome')
      .all(first, last, run) as { outcome: Outcome; count: number; amountMinor: number }[]) counts[c.outcome] = { count: c.count, amountMinor: c.amountMinor };
  }
  const params = { run, outcome: input.outcome ?? null, channel: input.channel ?? null, limit: input.limit, offset: input.offset, first, last };
  // Page the rowids first (an index walk, or plain arithmetic), then join the page's rows only: deep pages stay fast.
  let page: string;
  let total: number;
  if (input.channel) {
    const filter = `r.rowid BETWEEN :first AND :last AND r.run_id = :run ${input.outcome ? 'AND r.outcome = :outcome' : ''}
      AND COALESCE((SELECT channel_code FROM clearing_flow WHERE id = r.clearing_id), (SELECT channel_code FROM entry_flow WHERE id = r.entry_id)) = :channel`;
    page = `SELECT r.rowid AS rid FROM recon_result r WHERE ${filter} ORDER BY r.rowid LIMIT :limit OFFSET :offset`;
    total = db.prepare(`SELECT COUNT(*) FROM recon_result r WHERE ${filter}`).pluck().get(params) as number;
  } else if (input.outcome === 'matched') {
    // matched rows are not in the differences index (the recon_result_differences index is partial): walk the run's stretch
    page = `SELECT rowid AS rid FROM recon_result WHERE rowid BETWEEN :first AND :last AND run_id = :run AND outcome = 'matched' ORDER BY rowid LIMIT :limit OFFSET :offset`;
    total = counts.matched.count;
  } else if (input.outcome) {
    page = `SELECT rowid AS rid FROM recon_result WHERE run_id = :run AND outcome = :outcome AND outcome <> 'matched' ORDER BY rowid LIMIT :limit OFFSET :offset`;
    total = counts[input.outcome].count;
  } else {
    // every row of the run: the page is rowids first + offset onwards, no walk at all
    page = `SELECT rowid AS rid FROM recon_result WHERE rowid BETWEEN :first + :offset AND MIN(:last, :first + :offset + :limit - 1) AND run_id = :run`;
    total = Math.max(0, last - first + 1);
  }
  const rows = db.prepare(`
    SELECT r.rowid AS resultId, r.outcome, COALESCE(c.channel_code, e.channel_code) AS channel, COALESCE(c.direction, e.direction) AS direction,
           COALESCE(c.order_no, e.order_no) AS orderNo, r.clearing_id AS clearingId, r.entry_id AS entryId,
           r.our_amount_minor AS ourAmountMinor, r.their_amount_minor AS theirAmountMinor, c.bank_date AS bankDate,
           COALESCE(c.booked_at, e.occurred_at) AS bookedAt, e.accounting_date AS accountingDate, COALESCE(c.business_code, e.business_code) AS businessCode,
           c.status AS clearingStatus
    FROM (${page}) p JOIN recon_result r ON r.rowid = p.rid
      LEFT JOIN clearing_flow c ON c.id = r.clearing_id LEFT JOIN entry_flow e ON e.id = r.entry_id
    ORDER BY r.rowid`).all(params) as ResultRow[];
  return { run, date: input.date, total, offset: input.offset, counts, rows };
}

/** Both sides of one row in full, and the order behind it: what the desk shows side by side. */
export function resultDetail(db: Db, input: { clearingId?: number; entryId?: number }) {
  if (input.clearingId === undefined && input.entryId === undefined) fail('BAD_INPUT', 'name a clearing flow or an entry flow');
  const clearing = input.clearingId === undefined ? null : db.prepare(`SELECT c.*, b.file_name, b.format, b.account FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id WHERE c.id = ?`).get(input.clearingId) ?? null;
  const entry = input.entryId === undefined ? null : db.prepare(`SELECT e.*, ${voucherNoSql('v')} AS voucher_no FROM entry_flow e JOIN voucher v ON v.id = e.voucher_id WHERE e.id = ?`).get(input.entryId) ?? null;
  if (!clearing && !entry) fail('NOT_FOUND', 'no such row');
  const orderNo = (entry as { order_no?: string } | null)?.order_no ?? (clearing as { order_no?: string | null } | null)?.order_no ?? null;
  const order = orderNo ? db.prepare('SELECT order_no, merchant_id, method, channel_code, amount_minor, fee_minor, status, created_at, paid_at, accounting_date, settled_date FROM pay_order WHERE order_no = ?').get(orderNo) ?? null : null;
  const actions = db.prepare('SELECT action, status, detail, at, user_id FROM recon_action WHERE (clearing_id = ? OR entry_id = ?) ORDER BY id').all(input.clearingId ?? -1, input.entryId ?? -1);
  return { clearing, entry, order, actions };
}
