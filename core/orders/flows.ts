import type { Db } from '../db/index.js';

export interface FlowFilter {
  orderId?: number;
  merchantId?: string;
  accountingDate?: string;
}

const ITEM_ORDER = "CASE item WHEN 'pay' THEN 0 WHEN 'fee' THEN 1 WHEN 'refund' THEN 2 ELSE 3 END";

function where(filter: FlowFilter): { clause: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.orderId !== undefined) (parts.push('order_id = ?'), params.push(filter.orderId));
  if (filter.merchantId !== undefined) (parts.push('merchant_id = ?'), params.push(filter.merchantId));
  if (filter.accountingDate !== undefined) (parts.push('accounting_date = ?'), params.push(filter.accountingDate));
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** 交易流水 in event order: each payment, then its refunds. */
export function transFlows(db: Db, filter: FlowFilter = {}) {
  const w = where(filter);
  return db.prepare(`SELECT * FROM trans_flow ${w.clause} ORDER BY merchant_id, order_id, type, refund_id`).all(...w.params) as {
    merchant_id: string; type: '1' | '2'; order_id: number; refund_id: number | null; amount_minor: number; currency: string; occurred_at: string; accounting_date: string;
  }[];
}

/** 资金流水 in event order: payment, its fee, then each refund and the fee it returned. */
export function fundFlows(db: Db, filter: FlowFilter = {}) {
  const w = where(filter);
  return db.prepare(`SELECT * FROM fund_flow ${w.clause} ORDER BY merchant_id, order_id, refund_id IS NOT NULL, refund_id, ${ITEM_ORDER}`).all(...w.params) as {
    merchant_id: string; item: 'pay' | 'fee' | 'refund' | 'fee_return'; order_id: number; refund_id: number | null; amount_minor: number; currency: string; occurred_at: string; accounting_date: string;
  }[];
}
