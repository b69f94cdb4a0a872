import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { accountingDateOf, isIsoDate } from '../clock.js';
import { appendAudit } from '../audit/audit.js';
import { MANY_TO_MANY_CODES, OFFSET_PAIRS, ONE_TO_MANY_CODES } from '../orders/business-codes.js';
import { formatMinor } from '../money/index.js';
import type { MatchLists, MatchRules } from './match-groups.js';
import { CHANNEL_CODES } from '../channels/types.js';
import { FUND_FORMATS } from './formats.js';
import { matchRun } from './match-stream.js';
import { insertResults } from './match-write.js';
import { RowidStretch } from '../db/rowid-stretch.js';
import { outcomeCounts, recordStates } from './match-state.js';

import { OUTCOMES, type Outcome } from '../shared/rules.js';

export { OUTCOMES, type Outcome };

export interface ReconcileResult {
  run: number;
  date: string;
  channel: string | null;
  /** per outcome: count of rows (pairs for matched, amountMismatch, offset) and their amount (our side where there is one) */
  counts: Record<Outcome, { count: number; amountMinor: number }>;
  /** totals first (S0): per channel, what each side holds for the run */
  totals: { channel: string; ours: { count: number; amountMinor: number }; theirs: { count: number; amountMinor: number } }[];
}

/** The run that stands for a date and channel scope (null = all channels): the latest not superseded. */
/**
 * SQL: recon_action `a` is a decision on recon_result `r` — on its statement line, or, for a row
 * with no line (a platform extra), on its entry.
 */
export const ACTION_ON_RESULT_SQL = '(a.clearing_id = r.clearing_id OR (a.clearing_id IS NULL AND a.entry_id = r.entry_id))';

const MATCH_RULES: MatchRules = { offsetPairs: OFFSET_PAIRS, manyToMany: new Set(MANY_TO_MANY_CODES), oneToMany: new Set(ONE_TO_MANY_CODES) };

/**
 * Seed 001: the one-to-one set is checked for repeats before anything is matched, and a repeat
 * fails the run. Every entry flow of ours comes from one order, payout or hang-up, so two of one key
 * are a double booking — a defect, not a difference a person could decide — and no result is written.
 * (A repeated statement line is a `duplicate` outcome instead, for the reviewer to delete:
 * docs/domain.md#reconciliation.)
 */
function refuseRepeatedOurs(lists: MatchLists, date: string): void {
  const repeats = lists.repeatedOurs;
  if (repeats.length === 0) return;
  const shown = repeats.slice(0, 10).map((r) =>
    `${r.channel} order ${r.orderNo} ${r.direction} ${formatMinor(r.amountMinor, 'CNY')} (entries ${r.entries.map((id) => `#${id}`).join(', ')})`);
  fail('CONFLICT', `reconciliation of ${date} stopped: ${repeats.length} key(s) of one-to-one business codes repeat among our entry flows, `
    + `${shown.join('; ')}${repeats.length > 10 ? '; …' : ''}. Each entry flow comes from one order, payout or hang-up, so this is a double booking: nothing was written; report it with these entries`, {
    reason: 'REPEATED_ENTRY_KEY',
    params: { date, count: repeats.length, channel: repeats[0]!.channel, orderNo: repeats[0]!.orderNo, entries: repeats[0]!.entries.join(',') },
  });
}

export function currentRun(db: Db, date: string, channel: string | null): number | undefined {
  return db.prepare('SELECT id FROM recon_run WHERE recon_date = ? AND channel_code IS ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1')
    .pluck().get(date, channel) as number | undefined;
}

/**
 * Match the platform's entry flows with the channels' clearing flows for one date, in one
 * transaction. Each channel's two sides are read in one pass in order-number order, and each order
 * number's rows go through the steps together, sorted by direction and amount (match-stream.ts,
 * match-groups.ts): every rule relates rows of one channel and order number only. Each step's rows are then written in step order, so
 * the rows and their order are those the set-based SQL of these steps gave:
 *   1. internal offsets (勾销): a forward and its reverse (500401/500402) with the same channel,
 *      number and amount cancel out without the bank;
 *   2. matched: same channel, order number, direction and amount — one-to-one, and where a key
 *      repeats on both sides (refunds), first come, first matched (row order on each side);
 *   3. duplicate: a statement line left over with the key of a matched line (the 1:1 duplicate check);
 *      then one-to-many: one line against the sum (or difference) of several entries of its order;
 *   4. amount mismatch: same channel, order number and direction, another amount (entry left unchanged);
 *   5. timing: our entry belongs to the channel's next day under the channel's cut-off (日切) — held,
 *      and matched by the next day's run;
 *   6. platform extra (少账): ours only; bank extra (多账): theirs only.
 * Our side: the date's entry flows plus entries held as timing by earlier runs; their side: clearing
 * flows of DONE transaction batches whose bank date (the channel's own day) is the date. A new run of
 * the same scope supersedes the last one; every joined row is kept with both sides.
 */
export function reconcile(db: Db, options: { date: string; channel?: string; userId: number; at: string }): ReconcileResult {
  if (!isIsoDate(options.date)) fail('BAD_INPUT', `--date must be a real date YYYY-MM-DD, got "${options.date}"`);
  const date = options.date;
  const channel = options.channel ?? null;
  if (channel && !db.prepare('SELECT 1 FROM channel WHERE code = ?').get(channel)) fail('NOT_FOUND', `no channel ${channel}`);
  const fundFormats = [...FUND_FORMATS];

  // every id the run writes comes from rows it read in this transaction (see Db.txWithKeysFromSameTx)
  return db.txWithKeysFromSameTx(() => {
    const previous = currentRun(db, date, channel);
    const { lastInsertRowid: run } = db.run(db.q.insertInto('recon_run').values({
      recon_date: date, channel_code: channel, created_at: options.at, created_by: options.userId, counts: '{}', superseded_by: null, first_result: null, last_result: null }));
    if (previous !== undefined) {
      db.prepare('UPDATE recon_run SET superseded_by = ? WHERE id = ?').run(run, previous);
      // That run's rows are found through their stretch of rowids (core/db/rowid-stretch.ts), not by a pass over
      // every line's or entry's state.
      const range = db.prepare('SELECT first_result AS first, last_result AS last FROM recon_run WHERE id = ?').get(previous) as { first: number | null; last: number | null };
      const rows = { first: range.first ?? 1, last: range.last ?? 0 };
      // Their lines and our entries judged by the superseded run are judged again.
      // Lines resolved since (deleted, supplemented, hung up, in history) keep their state.
      db.prepare(`UPDATE clearing_flow SET status = 'initial'
                  WHERE status IN (${OUTCOMES.map((o) => `'${o}'`).join(', ')})
                    AND id IN (SELECT clearing_id FROM recon_result WHERE rowid BETWEEN :first AND :last AND clearing_id IS NOT NULL)`)
        .run(rows);
      // Entries booked by an action on that run (a supplement, a hang-up) stay matched to the line that revealed them,
      // entries offset at a close-day against another day's stay offset,
      // entries a confirmation moved to history stay there with their lines.
      db.prepare(`DELETE FROM entry_recon_state WHERE run_id = :previous AND entry_id IN (
                    SELECT entry_id FROM recon_result WHERE rowid BETWEEN :first AND :last AND entry_id IS NOT NULL
                    UNION ALL SELECT pair_entry_id FROM recon_result WHERE rowid BETWEEN :first AND :last AND pair_entry_id IS NOT NULL)
                  AND entry_id NOT IN (
                    SELECT entry_id FROM recon_action WHERE action IN ('supplement', 'hang_up', 'offset') AND status = 'done' AND entry_id IS NOT NULL)
                  AND entry_id NOT IN (SELECT entry_id FROM recon_history)`)
        .run({ previous, ...rows });
    }
    // 1–6 over each channel's two sides in order-number order (match-stream.ts), then each step's rows written in step order.
    const cutoffs = new Map((db.prepare('SELECT code, cutoff FROM channel').all() as { code: string; cutoff: string }[]).map((c) => [c.code, c.cutoff]));
    const channels = channel ? [channel] : [...new Set([...cutoffs.keys(), ...CHANNEL_CODES])];
    const { lists, totals } = matchRun(db, { date, channels, fundFormats }, MATCH_RULES);
    refuseRepeatedOurs(lists, date);
    const occurredAt = new Map((db.prepare('SELECT id, occurred_at FROM entry_flow WHERE id IN (SELECT value FROM json_each(?))')
      .raw().all(JSON.stringify(lists.leftOurs.map((o) => o.id))) as [number, string][]));
    const left: unknown[] = [];
    for (const o of lists.leftOurs) {
      // 5. timing when the channel books it on a later day (its cut-off), else 6. platform extra
      const channelDay = accountingDateOf(occurredAt.get(o.id)!, cutoffs.get(o.ch) ?? '00:00');
      left.push(channelDay > date ? 'timing' : 'platformExtra', o.id, o.amt);
    }
    // the next rowid: the run's rows are the only ones written now, one after another (core/db/rowid-stretch.ts)
    const results = RowidStretch.begin(db, 'recon_result');
    for (const pairs of lists.offsets) insertResults(db, { run, outcome: 'offset' }, ['entry_id', 'pair_entry_id', 'our_amount_minor'], pairs);
    insertResults(db, { run, outcome: 'matched' }, ['entry_id', 'clearing_id', 'our_amount_minor', 'their_amount_minor'], lists.matched, lists.matchedLength);
    insertResults(db, { run, outcome: 'duplicate' }, ['clearing_id', 'their_amount_minor'], lists.duplicate);
    insertResults(db, { run, outcome: 'matched' }, ['entry_id', 'clearing_id', 'our_amount_minor', 'their_amount_minor'], lists.grouped);
    insertResults(db, { run, outcome: 'amountMismatch' }, ['entry_id', 'clearing_id', 'our_amount_minor', 'their_amount_minor'], lists.amountMismatch);
    insertResults(db, { run, outcome: null }, ['outcome', 'entry_id', 'our_amount_minor'], left);
    insertResults(db, { run, outcome: 'bankExtra' }, ['clearing_id', 'their_amount_minor'], lists.bankExtra);

    recordStates(db, run, lists, left);

    const counts = Object.fromEntries(OUTCOMES.map((o) => [o, { count: 0, amountMinor: 0 }])) as ReconcileResult['counts'];
    for (const [outcome, c] of Object.entries(outcomeCounts(lists, left))) counts[outcome as Outcome] = c;
    const { first, last } = results.end(Object.values(counts).reduce((sum, c) => sum + c.count, 0), `run ${run}`);
    db.prepare('UPDATE recon_run SET counts = ?, first_result = ?, last_result = ? WHERE id = ?').run(JSON.stringify(counts), first, last, run);
    appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.run', entity: 'recon_run', entityId: String(run), detail: { date, channel, counts } });
    return { run, date, channel, counts, totals };
  });
}
