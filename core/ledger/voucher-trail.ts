import type { Db } from '../db/index.js';
import { getVoucher } from './vouchers.js';

export interface AuditRecord {
  id: number;
  at: string;
  user: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: unknown;
  hash: string;
  /** why the record is about this voucher */
  relation: 'posted' | 'reversal' | 'original' | 'reviewed' | 'exported' | 'dayClosed';
}

/**
 * The audit records about one voucher, oldest first: the posting that wrote it (one record per
 * posting batch, found by the batch id the record carries), the posting of its red-ink reversal or
 * of the voucher it reverses, a suspense review of it (a hang-up's voucher number is the card),
 * and the ERP exports and day closes of its accounting date that came after it.
 * The audit log holds one record per action or posting batch, not per voucher, so this one pass
 * over it stays small beside the books.
 */
export function voucherAuditTrail(db: Db, ref: { id?: number; voucherNo?: string }): { voucherNo: string; records: AuditRecord[] } {
  const voucher = getVoucher(db, ref);
  const batchOf = db.prepare('SELECT batch_id FROM voucher WHERE id = ?').pluck();
  const batches = new Map<number, AuditRecord['relation']>([[batchOf.get(voucher.id) as number, 'posted']]);
  if (voucher.reversedById !== null) batches.set(batchOf.get(voucher.reversedById) as number, 'reversal');
  if (voucher.reversesId !== null) batches.set(batchOf.get(voucher.reversesId) as number, 'original');
  const rows = db.prepare(
    `SELECT a.id, a.at, u.login AS user, a.action, a.entity, a.entity_id, a.detail, a.hash
     FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
     WHERE (a.entity = 'voucher' AND json_extract(a.detail, '$.batchId') IN (${[...batches.keys()].map(() => '?').join(',')}))
        OR (a.action = 'suspense.review' AND json_extract(a.detail, '$.voucherNo') = ?)
        OR (a.action IN ('erp.export', 'day.close') AND a.entity_id = ?)
     ORDER BY a.id`,
  ).all(...batches.keys(), voucher.voucherNo, voucher.accountingDate) as {
    id: number; at: string; user: string | null; action: string; entity: string; entity_id: string | null; detail: string; hash: string;
  }[];
  const postedAt = rows.find((r) => r.entity === 'voucher' && batches.get((JSON.parse(r.detail) as { batchId?: number }).batchId ?? -1) === 'posted')?.id ?? 0;
  const records: AuditRecord[] = [];
  for (const r of rows) {
    const detail = JSON.parse(r.detail) as Record<string, unknown> | null;
    let relation: AuditRecord['relation'];
    if (r.entity === 'voucher') relation = batches.get(Number(detail?.['batchId'])) ?? 'posted';
    else if (r.action === 'suspense.review') relation = 'reviewed';
    else {
      // An export or close before the voucher existed did not include it.
      if (r.id < postedAt) continue;
      relation = r.action === 'erp.export' ? 'exported' : 'dayClosed';
    }
    records.push({ id: r.id, at: r.at, user: r.user, action: r.action, entity: r.entity, entityId: r.entity_id, detail, hash: r.hash, relation });
  }
  return { voucherNo: voucher.voucherNo, records };
}
