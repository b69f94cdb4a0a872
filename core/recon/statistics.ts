import type { Db } from '../db/index.js';
import { fail } from '../errors.js';

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
  /** from the current (not superseded) runs over this batch's lines and days */
  bankExtra: CountAmount;
  platformExtra: CountAmount;
  amountMismatch: CountAmount;
  duplicate: CountAmount;
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
    bankExtra: ZERO(), platformExtra: ZERO(), amountMismatch: ZERO(), duplicate: ZERO(),
  };
  // Their-side outcomes: results of current runs on this batch's lines.
  for (const r of db.prepare(
    `SELECT r.outcome, COUNT(*) AS count, SUM(COALESCE(r.their_amount_minor, r.our_amount_minor)) AS amount
     FROM recon_result r JOIN recon_run run ON run.id = r.run_id AND run.superseded_by IS NULL
     JOIN clearing_flow c ON c.id = r.clearing_id WHERE c.id BETWEEN ? AND ? AND c.batch_id = ? AND r.outcome IN ('bankExtra', 'amountMismatch', 'duplicate')
     GROUP BY r.outcome`,
  ).all(...batchLineRange(batch), batchId) as { outcome: 'bankExtra' | 'amountMismatch' | 'duplicate'; count: number; amount: number }[]) {
    stats[r.outcome] = { count: r.count, amountMinor: r.amount };
  }
  // Our-side only: platform extra of the batch's channel on the days the batch covers.
  if (batch.first_date && batch.last_date) {
    const p = db.prepare(
      `SELECT COUNT(*) AS count, COALESCE(SUM(r.our_amount_minor), 0) AS amount
       FROM recon_result r JOIN recon_run run ON run.id = r.run_id AND run.superseded_by IS NULL
       JOIN entry_flow e ON e.id = r.entry_id
       WHERE r.outcome = 'platformExtra' AND r.outcome <> 'matched' AND e.channel_code = ? AND run.recon_date BETWEEN ? AND ?`,
    ).get(batch.channel_code, batch.first_date, batch.last_date) as { count: number; amount: number };
    stats.platformExtra = { count: p.count, amountMinor: p.amount };
  }
  return stats;
}
