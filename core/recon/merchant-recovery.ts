import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isIsoDate } from '../clock.js';
import { PaymentEngine } from '../orders/engine.js';
import { acceptingGateway } from '../orders/gateway.js';

export interface RecoveryResult {
  merchantId: string;
  date: string;
  /** orders on the merchant's success list */
  theirs: number;
  /** our successful orders of that merchant and day, before recovery */
  ours: number;
  /** theirs success, ours pending or failed: set to success now (掉单恢复) */
  recovered: string[];
  /** on their list and unknown to us (or cancelled): for a person */
  theirsOnly: string[];
  /** ours success, missing from their list: left alone (a day-cut timing difference, or their loss) */
  oursOnly: string[];
  /** theirs − theirs only + ours only = ours, the seed's day-cut identity */
  identityHolds: boolean;
}

/**
 * Dropped-order recovery against a merchant's success list (商户成功清单), for one business day:
 * their success and our pending or failed → set ours to success (booked now, as a callback would
 * have); ours success and theirs missing → leave it. T+1 recovers T once, never twice: a second
 * list for the same merchant and day is refused.
 */
export function recoverFromMerchantList(db: Db, input: { merchantId: string; date: string; merchantOrderNos: string[]; localTime: string }, user: { id: number }, at: string): RecoveryResult {
  if (!isIsoDate(input.date)) fail('BAD_INPUT', 'date must be YYYY-MM-DD');
  if (input.merchantOrderNos.length > 1_000_000) fail('BAD_INPUT', 'at most 1,000,000 orders per list');
  return db.tx(() => {
    if (!db.prepare('SELECT 1 FROM merchant WHERE id = ?').get(input.merchantId)) fail('NOT_FOUND', `no merchant ${input.merchantId}`);
    const done = db.prepare('SELECT created_at FROM merchant_recovery WHERE merchant_id = ? AND business_date = ?').pluck().get(input.merchantId, input.date) as string | undefined;
    if (done) fail('CONFLICT', `商户 ${input.merchantId} 的 ${input.date} 已恢复过 / ${input.date} of merchant ${input.merchantId} was already recovered at ${done}: T+1 recovers T once`);
    const theirs = new Set(input.merchantOrderNos.map((n) => n.trim()).filter(Boolean));
    // The merchant's day: orders it created that day (its list is by its own order numbers).
    const orders = db.prepare(`SELECT order_no, merchant_order_no, status FROM pay_order
                               WHERE merchant_id = ? AND kind <> 'combined_part' AND substr(created_at, 1, 10) = ?`).all(input.merchantId, input.date) as
      { order_no: string; merchant_order_no: string; status: string }[];
    const success = new Set(['succeeded', 'partially_refunded', 'refunded']);
    const byMerchantNo = new Map<string, typeof orders>();
    for (const o of orders) byMerchantNo.set(o.merchant_order_no, [...(byMerchantNo.get(o.merchant_order_no) ?? []), o]);
    const ours = orders.filter((o) => success.has(o.status)).length;
    const result: RecoveryResult = { merchantId: input.merchantId, date: input.date, theirs: theirs.size, ours, recovered: [], theirsOnly: [], oursOnly: [], identityHolds: false };
    const engine = new PaymentEngine(db, acceptingGateway, { userId: user.id, at });
    for (const no of theirs) {
      const candidates = byMerchantNo.get(no) ?? [];
      if (candidates.some((o) => success.has(o.status))) continue;
      const open = candidates.find((o) => o.status === 'pending' || o.status === 'failed');
      if (!open) {
        result.theirsOnly.push(no);
        continue;
      }
      engine.run((e) => e.callback({ orderNo: open.order_no, channelTradeNo: '', channelTime: input.localTime, at: input.localTime }));
      result.recovered.push(open.order_no);
    }
    for (const o of orders) if (success.has(o.status) && !theirs.has(o.merchant_order_no)) result.oursOnly.push(o.order_no);
    // Their list less what only they have, plus what only we had, is our successful count before recovery.
    result.identityHolds = theirs.size - result.theirsOnly.length - result.recovered.length + result.oursOnly.length === ours;
    db.prepare(`INSERT INTO merchant_recovery (merchant_id, business_date, theirs, ours, recovered, theirs_only, ours_only, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(input.merchantId, input.date, theirs.size, ours, JSON.stringify(result.recovered),
      JSON.stringify(result.theirsOnly), JSON.stringify(result.oursOnly), at, user.id);
    appendAudit(db, { at, userId: user.id, action: 'recon.merchant_recovery', entity: 'merchant', entityId: input.merchantId,
      detail: { date: input.date, recovered: result.recovered.length, theirsOnly: result.theirsOnly.length, oursOnly: result.oursOnly.length } });
    return result;
  });
}
