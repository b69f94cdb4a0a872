import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { PaymentEngine } from '../orders/engine.js';
import { acceptingGateway } from '../orders/gateway.js';
import { currentRun } from './reconcile.js';
import { decide, seedStrategies, type OurResult, type TxnType } from './strategy.js';

export interface ApplyResult {
  run: number;
  supplemented: string[];
  toDo: { action: string; orderNo: string | null; outcome: string; note: string }[];
  alreadyHandled: number;
}

interface Outstanding {
  outcome: 'bankExtra' | 'platformExtra' | 'amountMismatch';
  clearing_id: number | null;
  entry_id: number | null;
  channel: string;
  kind: string | null;
  direction: string | null;
  order_no: string | null;
  channel_trade_no: string | null;
  booked_at: string | null;
  business_code: string | null;
}

function txnOf(o: Outstanding): TxnType {
  if (o.business_code) return o.business_code.startsWith('41') ? 'refund' : o.business_code.startsWith('50') ? 'payout' : 'pay';
  if (o.kind === 'refund') return 'refund';
  if (o.kind === 'payout') return 'payout';
  return o.direction === 'out' ? 'payout' : 'pay';
}

function ourResult(db: Db, txn: TxnType, orderNo: string | null): OurResult {
  if (!orderNo) return 'missing';
  const status = txn === 'pay'
    ? (db.prepare('SELECT status FROM pay_order WHERE order_no = ?').pluck().get(orderNo) as string | undefined)
    : txn === 'refund'
      ? (db.prepare('SELECT status FROM refund_order WHERE refund_no = ?').pluck().get(orderNo) as string | undefined)
      : (db.prepare("SELECT CASE status WHEN 'refilled' THEN 'failed' ELSE 'succeeded' END FROM payout_order WHERE payout_no = ?").pluck().get(orderNo) as string | undefined);
  if (status === undefined) return 'missing';
  if (status === 'pending' || status === 'failed') return status;
  return 'succeeded';
}

/**
 * Apply the error strategy table to a reconciliation run: every bank extra, platform extra and
 * amount mismatch gets the action its (channel, transaction type, our result, their result) row
 * names. Automatic supplements (补单) book the dropped order on the day we learn of it (`localTime`)
 * and link the new entry flow to the statement line that revealed it; every other action is put on
 * the error desk as to do. Each line is handled once: running this again never supplements twice.
 */
export function applyStrategy(db: Db, options: { date: string; channel?: string; userId: number; at: string; localTime: string }): ApplyResult {
  return db.tx(() => {
    seedStrategies(db, options.at);
    const run = currentRun(db, options.date, options.channel ?? null);
    if (run === undefined) fail('NOT_FOUND', `no reconciliation run for ${options.date}${options.channel ? ` (${options.channel})` : ''}: reconcile first`, {
      reason: 'NOT_RECONCILED', params: { date: options.date, channel: options.channel ?? null },
    });
    const outstanding = db.prepare(`
      SELECT r.outcome, r.clearing_id, r.entry_id, COALESCE(c.channel_code, e.channel_code) AS channel, c.kind, c.direction,
             COALESCE(c.order_no, e.order_no) AS order_no, c.channel_trade_no, c.booked_at, e.business_code
      FROM recon_result r LEFT JOIN clearing_flow c ON c.id = r.clearing_id LEFT JOIN entry_flow e ON e.id = r.entry_id
      WHERE r.run_id = ? AND r.outcome IN ('bankExtra', 'platformExtra', 'amountMismatch') AND r.outcome <> 'matched' ORDER BY r.rowid`).all(run) as Outstanding[];
    const handled = db.prepare('SELECT 1 FROM recon_action WHERE (clearing_id = ? OR (clearing_id IS NULL AND entry_id = ?)) LIMIT 1');
    const record = db.prepare(`INSERT INTO recon_action (run_id, clearing_id, entry_id, action, status, order_no, detail, at, user_id)
                               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const engine = new PaymentEngine(db, acceptingGateway, { userId: options.userId, at: options.at });
    const result: ApplyResult = { run, supplemented: [], toDo: [], alreadyHandled: 0 };

    for (const o of outstanding) {
      if (handled.get(o.clearing_id ?? -1, o.entry_id ?? -1)) {
        result.alreadyHandled++;
        continue;
      }
      const txn = txnOf(o);
      const ours = o.outcome === 'bankExtra' ? ourResult(db, txn, o.order_no) : 'succeeded';
      const theirs = o.outcome === 'bankExtra' ? 'success' : o.outcome === 'platformExtra' ? 'missing' : 'amount_differs';
      const strategy = decide(db, { channel: o.channel, txn, ours, theirs });
      const action = strategy?.action ?? 'manual';
      if (strategy?.automatic && action === 'supplement' && o.order_no) {
        engine.run((e) => e.callback({ orderNo: o.order_no!, channelTradeNo: o.channel_trade_no ?? '', channelTime: o.booked_at!, at: options.localTime }));
        const entry = db.prepare("SELECT id FROM entry_flow WHERE order_no = ? AND direction = 'in' ORDER BY id DESC LIMIT 1").pluck().get(o.order_no) as number;
        record.run(run, o.clearing_id, entry, 'supplement', 'done', o.order_no, JSON.stringify({ outcome: o.outcome, strategy: strategy.id }), options.at, options.userId);
        // The new entry is accounted for by the line that revealed it: tomorrow's run must not call it platform extra.
        db.prepare(`INSERT INTO entry_recon_state (entry_id, outcome, run_id) VALUES (?, 'matched', ?)
                    ON CONFLICT (entry_id) DO UPDATE SET outcome = 'matched', run_id = excluded.run_id`).run(entry, run);
        db.prepare("UPDATE clearing_flow SET status = 'supplemented' WHERE id = ?").run(o.clearing_id);
        result.supplemented.push(o.order_no);
      } else {
        const note = strategy?.note ?? 'no strategy row: a person decides';
        record.run(run, o.clearing_id, o.entry_id, action, 'to_do', o.order_no, JSON.stringify({ outcome: o.outcome, txn, ours, theirs, strategy: strategy?.id ?? null }), options.at, options.userId);
        result.toDo.push({ action, orderNo: o.order_no, outcome: o.outcome, note });
      }
    }
    appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.strategy.apply', entity: 'recon_run', entityId: String(run),
      detail: { supplemented: result.supplemented.length, toDo: result.toDo.length, alreadyHandled: result.alreadyHandled } });
    return result;
  });
}
