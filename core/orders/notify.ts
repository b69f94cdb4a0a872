import type { Db } from '../db/index.js';
import { addSecondsLocal } from '../localtime.js';

/**
 * Merchant notification: after a payment succeeds the platform calls the merchant back; a failed
 * call is retried at growing intervals (S1), here WeChat Pay's published schedule, then given up
 * on and alarmed (the business order stays unsynced: a dropped order on the merchant side).
 */
export const RETRY_DELAYS_SECONDS = [0, 15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600] as const;


/** Queue the first call to the merchant. `orderUpdated`: the caller already set the order's notify_status. */
export function scheduleFirstNotification(db: Db, orderId: number, paidAt: string, options: { orderUpdated?: boolean } = {}): void {
  db.prepare("INSERT INTO notification (order_id, attempt, due_at, outcome) VALUES (?, 1, ?, 'due')").run(orderId, paidAt);
  if (!options.orderUpdated) db.prepare("UPDATE pay_order SET notify_status = 'pending' WHERE id = ?").run(orderId);
}

/** Attempt 1 was made at once and failed: record it and queue attempt 2 after the first retry delay. */
export function scheduleRetry(db: Db, orderId: number, paidAt: string): void {
  db.prepare("INSERT INTO notification (order_id, attempt, due_at, sent_at, outcome) VALUES (?, 1, ?, ?, 'failed')").run(orderId, paidAt, paidAt);
  db.prepare("INSERT INTO notification (order_id, attempt, due_at, outcome) VALUES (?, 2, ?, 'due')").run(orderId, addSecondsLocal(paidAt, RETRY_DELAYS_SECONDS[1]));
}

export interface NotifyReport {
  attempted: number;
  delivered: number;
  rescheduled: number;
  gaveUp: number;
}

/**
 * Deliver every notification due up to `until` (local time, on the real or the simulated clock).
 * `deliver` is the merchant's endpoint: true when it answered success.
 */
export function runNotifications(db: Db, until: string, deliver: (orderNo: string, attempt: number) => boolean): NotifyReport {
  const report: NotifyReport = { attempted: 0, delivered: 0, rescheduled: 0, gaveUp: 0 };
  const due = db.prepare(
    `SELECT n.id, n.order_id, n.attempt, n.due_at, o.order_no FROM notification n JOIN pay_order o ON o.id = n.order_id
     WHERE n.outcome = 'due' AND n.due_at <= ? ORDER BY n.due_at, n.id LIMIT 10000`,
  );
  const mark = db.prepare('UPDATE notification SET outcome = ?, sent_at = ? WHERE id = ?');
  const next = db.prepare("INSERT INTO notification (order_id, attempt, due_at, outcome) VALUES (?, ?, ?, 'due')");
  const delivered: number[] = [];
  const gaveUp: number[] = [];
  // Bounded: each pass handles at most 10,000 due notifications; retries land later in time.
  for (let pass = 0; pass < 1000; pass++) {
    const rows = due.all(until) as { id: number; order_id: number; attempt: number; due_at: string; order_no: string }[];
    if (rows.length === 0) break;
    for (const n of rows) {
      report.attempted++;
      if (deliver(n.order_no, n.attempt)) {
        mark.run('delivered', n.due_at, n.id);
        delivered.push(n.order_id);
        report.delivered++;
      } else if (n.attempt < RETRY_DELAYS_SECONDS.length) {
        mark.run('failed', n.due_at, n.id);
        next.run(n.order_id, n.attempt + 1, addSecondsLocal(n.due_at, RETRY_DELAYS_SECONDS[n.attempt]!));
        report.rescheduled++;
      } else {
        mark.run('failed', n.due_at, n.id);
        gaveUp.push(n.order_id);
        report.gaveUp++;
      }
    }
  }
  // Orders' notify status in bulk, set-based: a day has as many notifications as payments.
  for (const [ids, status, synced] of [[delivered, 'delivered', 1], [gaveUp, 'gave_up', 0]] as const) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      db.prepare(`UPDATE pay_order SET notify_status = ?, business_synced = ? WHERE id IN (${chunk.map(() => '?').join(',')})`).run(status, synced, ...chunk);
    }
  }
  return report;
}
