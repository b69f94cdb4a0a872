import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { FUND_FORMATS } from './formats.js';

export interface CountAmount {
  count: number;
  amountMinor: number;
}

/** 批次统计 (S2): what a batch holds and what reconciliation found in it. */
export interface BatchStatistics {
  batch: number;
  channel: string;
  status: string;
  /** money in (收款) and money out (付款) as the statement states it */
  receipts: CountAmount;
  payments: CountAmount;
  refunds: CountAmount;
  /** channel fees on the lines: taken (paid by the platform) and returned on refunds */
  feesPaid: CountAmount;
  feesReturned: CountAmount;
  /** from the current (not superseded) runs over this batch's lines: their amounts (the statement's) */
  bankExtra: CountAmount;
  duplicate: CountAmount;
  /** both sides and theirs less ours */
  amountMismatch: { count: number; oursMinor: number; theirsMinor: number; differenceMinor: number };
  /**
   * our amounts: entries of the batch's channel the run found no line for, on the days this batch
   * is the channel's transaction statement (the latest one covering the day; never a fund bill),
   * so a difference is counted on one batch only
   */
  platformExtra: CountAmount;
}

const ZERO = (): CountAmount => ({ count: 0, amountMinor: 0 });

/**
 * The rowids that hold a batch's lines: the stretch it recorded when it wrote them
 * (import_batch.first_line..last_line), or every rowid for a batch that recorded none. Queries say `batch_id = ?` within it.
 */
export function batchLineRange(batch: { first_line: number | null; last_line: number | null }): [number, number] {
  return batch.first_line === null || batch.last_line === null ? [0, Number.MAX_SAFE_INTEGER] : [batch.first_line, batch.last_line];
}

export function batchStatistics(db: Db, batchId: number): BatchStatistics {
  const batch = db.first(db.q.selectFrom('import_batch').selectAll().where('id', '=', batchId)) ?? fail('NOT_FOUND', `no import batch ${batchId}`);
  const lines = db.prepare(
    `SELECT
       SUM(direction = 'in') AS receipts, COALESCE(SUM(CASE WHEN direction = 'in' THEN amount_minor END), 0) AS receipts_amount,
       SUM(direction = 'out') AS payments, COALESCE(SUM(CASE WHEN direction = 'out' THEN amount_minor END), 0) AS payments_amount,
       SUM(kind = 'refund') AS refunds, COALESCE(SUM(CASE WHEN kind = 'refund' THEN amount_minor END), 0) AS refunds_amount,
       SUM(fee_minor > 0) AS fees_paid, COALESCE(SUM(CASE WHEN fee_minor > 0 THEN fee_minor END), 0) AS fees_paid_amount,
       SUM(fee_minor < 0) AS fees_returned, COALESCE(SUM(CASE WHEN fee_minor < 0 THEN -fee_minor END), 0) AS fees_returned_amount
     FROM clearing_flow WHERE id BETWEEN ? AND ? AND batch_id = ?`,
  ).get(...batchLineRange(batch), batchId) as Record<string, number | null>;
  const pair = (count: string, amount: string): CountAmount => ({ count: lines[count] ?? 0, amountMinor: lines[amount] ?? 0 });
  const stats: BatchStatistics = {
    batch: batch.id, channel: batch.channel_code, status: batch.status,
    receipts: pair('receipts', 'receipts_amount'), payments: pair('payments', 'payments_amount'), refunds: pair('refunds', 'refunds_amount'),
    feesPaid: pair('fees_paid', 'fees_paid_amount'), feesReturned: pair('fees_returned', 'fees_returned_amount'),
    bankExtra: ZERO(), platformExtra: ZERO(), amountMismatch: { count: 0, oursMinor: 0, theirsMinor: 0, differenceMinor: 0 }, duplicate: ZERO(),
  };
  // Their-side outcomes: results of current runs on this batch's lines.
  for (const r of db.prepare(
    `SELECT r.outcome, COUNT(*) AS count, COALESCE(SUM(r.their_amount_minor), 0) AS theirs, COALESCE(SUM(r.our_amount_minor), 0) AS ours
     FROM recon_result r JOIN recon_run run ON run.id = r.run_id AND run.superseded_by IS NULL
     JOIN clearing_flow c ON c.id = r.clearing_id WHERE c.id BETWEEN ? AND ? AND c.batch_id = ? AND r.outcome IN ('bankExtra', 'amountMismatch', 'duplicate')
     GROUP BY r.outcome ORDER BY r.outcome`,
  ).all(...batchLineRange(batch), batchId) as { outcome: 'bankExtra' | 'amountMismatch' | 'duplicate'; count: number; theirs: number; ours: number }[]) {
    if (r.outcome === 'amountMismatch') stats.amountMismatch = { count: r.count, oursMinor: r.ours, theirsMinor: r.theirs, differenceMinor: r.theirs - r.ours };
    else stats[r.outcome] = { count: r.count, amountMinor: r.theirs };
  }
  // Our side only: platform extra of the batch's channel on the days this batch is the channel's
  // transaction statement — the latest DONE one covering the day, never a fund bill — so another
  // batch of the channel (the Alipay 账务明细 beside its 业务明细, a re-import) does not count it again.
  if (batch.first_date && batch.last_date && batch.status === 'DONE' && !FUND_FORMATS.has(batch.format)) {
    const funds = [...FUND_FORMATS].map((f) => `'${f}'`).join(', ');
    const p = db.prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(r.our_amount_minor), 0) AS amount
       FROM recon_run run JOIN recon_result r ON r.run_id = run.id
       JOIN entry_flow e ON e.id = r.entry_id
       WHERE run.superseded_by IS NULL AND r.outcome = 'platformExtra' AND e.channel_code = :channel AND run.recon_date BETWEEN :first AND :last
         AND :batch = (SELECT MAX(b.id) FROM import_batch b WHERE b.channel_code = :channel AND b.status = 'DONE' AND b.format NOT IN (${funds})
                         AND run.recon_date BETWEEN b.first_date AND b.last_date)`,
    ).get({ channel: batch.channel_code, first: batch.first_date, last: batch.last_date, batch: batch.id }) as { count: number; amount: number };
    stats.platformExtra = { count: p.count, amountMinor: p.amount };
  }
  return stats;
}
