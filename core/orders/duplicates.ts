// 重复支付: one business order paid twice (a late success callback after another attempt paid it).
// The engine books the second payment and lists it here; finance (a reviewer) confirms it, then an
// operator refunds it by the original route through the ordinary refund (fee returned, vouchers,
// entry flows), and the list says so.
import { appendAudit } from '../audit/audit.js';
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import type { PaymentEngine, RefundResult } from './engine.js';

export type DuplicateStatus = 'open' | 'confirmed' | 'refunded';

export interface DuplicatePayment {
  id: number;
  orderNo: string;
  firstOrderNo: string;
  merchantId: string;
  merchantOrderNo: string;
  channel: string | null;
  amountMinor: number;
  currency: string;
  detectedAt: string;
  status: DuplicateStatus;
  /** the order's state now: a refunded duplicate reads 'refunded' */
  orderStatus: string;
}

const SELECT = `SELECT d.id, o.order_no AS orderNo, f.order_no AS firstOrderNo, d.merchant_id AS merchantId, d.merchant_order_no AS merchantOrderNo,
    o.channel_code AS channel, d.amount_minor AS amountMinor, o.currency, d.detected_at AS detectedAt, d.status, o.status AS orderStatus
  FROM duplicate_payment d JOIN pay_order o ON o.id = d.order_id JOIN pay_order f ON f.id = d.first_order_id`;

export function listDuplicates(db: Db, filter: { status?: DuplicateStatus } = {}): DuplicatePayment[] {
  return (filter.status
    ? db.prepare(`${SELECT} WHERE d.status = ? ORDER BY d.id`).all(filter.status)
    : db.prepare(`${SELECT} ORDER BY d.id`).all()) as DuplicatePayment[];
}

function getDuplicate(db: Db, id: number): DuplicatePayment {
  return (db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DuplicatePayment | undefined) ?? fail('NOT_FOUND', `no duplicate payment #${id} / 没有该重复支付记录`);
}

/** Finance confirms that the second payment is a duplicate to give back. */
export function confirmDuplicate(db: Db, input: { id: number; userId: number; at: string }): DuplicatePayment {
  return db.tx(() => {
    const dup = getDuplicate(db, input.id);
    if (dup.status !== 'open') fail('CONFLICT', `duplicate payment #${dup.id} is ${dup.status}, not open / 该重复支付不是待确认状态`);
    db.prepare("UPDATE duplicate_payment SET status = 'confirmed' WHERE id = ?").run(dup.id);
    appendAudit(db, { at: input.at, userId: input.userId, action: 'orders.duplicate.confirm', entity: 'pay_order', entityId: dup.orderNo, detail: { duplicateOf: dup.firstOrderNo, amountMinor: dup.amountMinor } });
    return getDuplicate(db, dup.id);
  });
}

/**
 * Refund a confirmed duplicate in full by the original route: the engine's refund, so every rule
 * of a refund holds (within the channel's refund window, else through the payout channel).
 */
export function refundDuplicate(engine: PaymentEngine, db: Db, input: { id: number; userId: number; at: string; localTime: string }): { duplicate: DuplicatePayment; refund: RefundResult } {
  return engine.run((e) => {
    const dup = getDuplicate(db, input.id);
    if (dup.status === 'open') fail('CONFLICT', `duplicate payment #${dup.id} is not confirmed yet: a reviewer confirms it first / 重复支付尚未经复核确认`);
    if (dup.status === 'refunded') fail('CONFLICT', `duplicate payment #${dup.id} was refunded already / 该重复支付已退款`);
    // two people: who confirmed it (on record in the append-only audit log) does not also pay it back
    const confirmer = db.prepare("SELECT user_id FROM audit_log WHERE action = 'orders.duplicate.confirm' AND entity_id = ? ORDER BY id DESC LIMIT 1").pluck().get(dup.orderNo);
    if (confirmer === input.userId) {
      fail('FORBIDDEN', `you confirmed duplicate payment #${dup.id}: another person refunds it / 确认人不能同时办理退款`, { reason: 'MAKER_IS_CHECKER', params: { step: 'orders.refundDuplicate', id: dup.id } });
    }
    const refund = e.refund({ orderNo: dup.orderNo, amountMinor: dup.amountMinor, reason: `重复支付原路退回 duplicate of ${dup.firstOrderNo}`, at: input.localTime });
    if (refund.status !== 'succeeded') fail('CONFLICT', `the refund of ${dup.orderNo} failed at ${refund.channel}; the duplicate stays confirmed / 退款失败，请稍后重试`);
    db.prepare("UPDATE duplicate_payment SET status = 'refunded' WHERE id = ?").run(dup.id);
    appendAudit(db, { at: input.at, userId: input.userId, action: 'orders.duplicate.refund', entity: 'pay_order', entityId: dup.orderNo, detail: { refundNo: refund.refundNo, route: refund.route, amountMinor: refund.amountMinor } });
    return { duplicate: getDuplicate(db, dup.id), refund };
  });
}
