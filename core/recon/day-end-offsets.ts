import type { Db } from '../db/index.js';
import { appendAudit } from '../audit/audit.js';
import { OFFSET_PAIRS } from '../orders/business-codes.js';

/** An entry still open after its day's run: its forward or reverse may have come on another day. */
export interface OpenOffsetEntry {
  id: number;
  channel: string;
  orderNo: string;
  businessCode: string;
  amountMinor: number;
  accountingDate: string;
  runId: number;
}

export interface OffsetPair {
  forward: OpenOffsetEntry;
  reverse: OpenOffsetEntry;
}

/** A forward and a reverse of one order number whose amounts differ: flagged, never offset (seed 001). */
export interface UnequalOffset {
  channel: string;
  orderNo: string;
  forwardMinor: number;
  reverseMinor: number;
  /** every entry of it has an action on the error desk */
  decided: boolean;
}

const OPEN_MAX = 100_000;

/**
 * Pairs a forward with a reverse of the same channel, order number and amount, the k-th of one
 * with the k-th of the other, whatever their dates — a reverse that came first included; one
 * reverse offsets one forward (docs/domain.md#offsets). What is left of an order number
 * with both kinds is an unequal pair.
 */
export function pairAcrossDays(open: readonly OpenOffsetEntry[], pairs: readonly (readonly [string, string])[] = OFFSET_PAIRS) {
  const matched: OffsetPair[] = [];
  const left: { channel: string; orderNo: string; forward: OpenOffsetEntry[]; reverse: OpenOffsetEntry[] }[] = [];
  const byOrder = new Map<string, OpenOffsetEntry[]>();
  for (const e of open) {
    const key = `${e.channel}\u0000${e.orderNo}`;
    const list = byOrder.get(key);
    if (list) list.push(e);
    else byOrder.set(key, [e]);
  }
  for (const rows of byOrder.values()) {
    for (const [forwardCode, reverseCode] of pairs) {
      const forwards = rows.filter((e) => e.businessCode === forwardCode).sort((a, b) => a.amountMinor - b.amountMinor || a.id - b.id);
      const reverses = rows.filter((e) => e.businessCode === reverseCode).sort((a, b) => a.amountMinor - b.amountMinor || a.id - b.id);
      const unused = new Set(reverses);
      const leftForwards: OpenOffsetEntry[] = [];
      for (const f of forwards) {
        const r = reverses.find((x) => unused.has(x) && x.amountMinor === f.amountMinor);
        if (r === undefined) { leftForwards.push(f); continue; }
        unused.delete(r);
        matched.push({ forward: f, reverse: r });
      }
      if (leftForwards.length > 0 && unused.size > 0) left.push({ channel: rows[0]!.channel, orderNo: rows[0]!.orderNo, forward: leftForwards, reverse: [...unused] });
    }
  }
  return { matched, left };
}

/**
 * 日终轧账时的勾销: close-day offsets again what is still open, so a withdrawal (500401) and its
 * refill (500402) booked on different days cancel out. Both entries become `offset` and get an
 * `offset` action naming each other; they never reach history and leave the summary.
 */
export function offsetAcrossDays(db: Db, options: { date: string; userId: number; at: string }): { offset: OffsetPair[]; unequal: UnequalOffset[] } {
  const codes = [...new Set(OFFSET_PAIRS.flat())];
  return db.tx(() => {
    const open = db.prepare(`
      SELECT e.id, e.channel_code AS channel, e.order_no AS orderNo, e.business_code AS businessCode, e.amount_minor AS amountMinor,
             e.accounting_date AS accountingDate, s.run_id AS runId
      FROM entry_flow e JOIN entry_recon_state s ON s.entry_id = e.id
      WHERE e.accounting_date <= ? AND e.business_code IN (${codes.map(() => '?').join(', ')}) AND s.outcome IN ('platformExtra', 'timing')
        AND NOT EXISTS (SELECT 1 FROM channel_clearing_entry x WHERE x.entry_id = e.id)
      ORDER BY e.id LIMIT ${OPEN_MAX}`).all(options.date, ...codes) as OpenOffsetEntry[];
    const { matched, left } = pairAcrossDays(open);
    const markOffset = db.prepare("UPDATE entry_recon_state SET outcome = 'offset' WHERE entry_id = ?");
    const action = db.prepare(`INSERT INTO recon_action (run_id, clearing_id, entry_id, action, status, order_no, detail, at, user_id)
                               VALUES (?, NULL, ?, 'offset', 'done', ?, ?, ?, ?)`);
    for (const { forward, reverse } of matched) {
      for (const [self, other] of [[forward, reverse], [reverse, forward]] as const) {
        markOffset.run(self.id);
        action.run(self.runId, self.id, self.orderNo, JSON.stringify({ with: other.id, businessCode: other.businessCode, accountingDate: other.accountingDate, amountMinor: other.amountMinor }), options.at, options.userId);
      }
    }
    const decided = db.prepare("SELECT 1 FROM recon_action WHERE entry_id = ? AND action <> 'offset' LIMIT 1").pluck();
    const unequal = left.map((l) => ({
      channel: l.channel, orderNo: l.orderNo,
      forwardMinor: l.forward.reduce((s, e) => s + e.amountMinor, 0), reverseMinor: l.reverse.reduce((s, e) => s + e.amountMinor, 0),
      decided: [...l.forward, ...l.reverse].every((e) => decided.get(e.id) !== undefined),
    }));
    if (matched.length > 0 || unequal.length > 0) {
      appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.offsetAcrossDays', entity: 'accounting_day', entityId: options.date,
        detail: { offset: matched.map((p) => [p.forward.id, p.reverse.id]), unequal: unequal.map((u) => u.orderNo) } });
    }
    return { offset: matched, unequal };
  });
}
