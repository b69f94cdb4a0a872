import type { Db } from '../db/index.js';

/**
 * Merchant notification: after a payment succeeds the platform calls the merchant back; a failed
 * call is retried at growing intervals (S1), here WeChat Pay's published schedule, then given up
 * on and alarmed (the business order stays unsynced: a dropped order on the merchant side).
 */
export const RETRY_DELAYS_SECONDS = [0, 15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10_800, 10_800, 10_800, 21_600, 21_600] as const;

function plusSeconds(localTime: string, seconds: number): string {
  const t = new Date(`${localTime.replace(' ', 'T')}Z`);
  t.setUTCSeconds(t.getUTCSeconds() + seconds);
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

export function scheduleFirstNotification(db: Db, orderId: number, paidAt: string): void {
  db.prepare("INSERT INTO notification (order_id, attempt, due_at, outcome) VALUES (?, 1, ?, 'due')").run(orderId, paidAt);
  db.prepare("UPDATE pay_order SET notify_status = 'pending' WHERE id = ?").run(orderId);
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
  const orderStatus = db.prepare('UPDATE pay_order SET notify_status = ?, business_synced = ? WHERE id = ?');
  // Bounded: each pass handles at most 10,000 due notifications; retries land later in time.
  for (let pass = 0; pass < 1000; pass++) {
    const rows = due.all(until) as { id: number; order_id: number; attempt: number; due_at: string; order_no: string }[];
    if (rows.length === 0) break;
    for (const n of rows) {
      report.attempted++;
      if (deliver(n.order_no, n.attempt)) {
        mark.run('delivered', n.due_at, n.id);
        orderStatus.run('delivered', 1, n.order_id);
        report.delivered++;
      } else if (n.attempt < RETRY_DELAYS_SECONDS.length) {
        mark.run('failed', n.due_at, n.id);
        next.run(n.order_id, n.attempt + 1, plusSeconds(n.due_at, RETRY_DELAYS_SECONDS[n.attempt]!));
        report.rescheduled++;
      } else {
        mark.run('failed', n.due_at, n.id);
        orderStatus.run('gave_up', 0, n.order_id);
        report.gaveUp++;
      }
    }
  }
  return report;
}
