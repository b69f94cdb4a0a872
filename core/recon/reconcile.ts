import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { accountingDateOf, isIsoDate } from '../clock.js';
import { appendAudit } from '../audit/audit.js';
import { OFFSET_PAIRS } from '../orders/business-codes.js';
import { FUND_FORMATS } from './formats.js';

export const OUTCOMES = ['matched', 'amountMismatch', 'bankExtra', 'platformExtra', 'offset', 'timing', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];

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
export function currentRun(db: Db, date: string, channel: string | null): number | undefined {
  return db.prepare('SELECT id FROM recon_run WHERE recon_date = ? AND channel_code IS ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1')
    .pluck().get(date, channel) as number | undefined;
}

/**
 * Match the platform's entry flows with the channels' clearing flows for one date, set-based, in one
 * transaction:
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

  return db.tx(() => {
    const previous = currentRun(db, date, channel);
    const { lastInsertRowid: run } = db.run(db.q.insertInto('recon_run').values({ recon_date: date, channel_code: channel, created_at: options.at, created_by: options.userId, counts: '{}', superseded_by: null }));
    if (previous !== undefined) {
      db.prepare('UPDATE recon_run SET superseded_by = ? WHERE id = ?').run(run, previous);
      // Their lines and our entries judged by the superseded run are judged again.
      // Lines resolved since (deleted, supplemented, hung up, in history) keep their state.
      db.prepare(`UPDATE clearing_flow SET status = 'initial'
                  WHERE status IN (${OUTCOMES.map(() => '?').join(',')}) AND id IN (SELECT clearing_id FROM recon_result WHERE run_id = ? AND clearing_id IS NOT NULL)`)
        .run(...OUTCOMES, previous);
      // Entries booked by an action on that run (a supplement, a hang-up) stay matched to the line that revealed them.
      db.prepare(`DELETE FROM entry_recon_state WHERE run_id = ? AND entry_id NOT IN (
                    SELECT entry_id FROM recon_action WHERE action IN ('supplement', 'hang_up') AND status = 'done' AND entry_id IS NOT NULL)`).run(previous);
    }
    const scope = channel ? 'AND channel_code = :channel' : '';
    db.sqlite.exec('DROP TABLE IF EXISTS temp.r_ours; DROP TABLE IF EXISTS temp.r_theirs;');
    // Ours: the date's entries not yet settled by another run, and entries an earlier run held as timing.
    db.prepare(`
      CREATE TEMP TABLE r_ours AS
      SELECT e.id, e.channel_code AS ch, e.business_code AS bc, e.order_no AS ono, e.direction AS dir, e.amount_minor AS amt, e.occurred_at,
             ROW_NUMBER() OVER (PARTITION BY e.channel_code, e.order_no, e.direction, e.amount_minor ORDER BY e.id) AS rn,
             0 AS done
      FROM entry_flow e LEFT JOIN entry_recon_state s ON s.entry_id = e.id
      WHERE e.channel_code <> 'balance' ${scope.replace('channel_code', 'e.channel_code')}
        AND ((e.accounting_date = :date AND s.entry_id IS NULL) OR (e.accounting_date < :date AND s.outcome = 'timing'))`,
    ).run({ date, ...(channel ? { channel } : {}) });
    db.prepare(`
      CREATE TEMP TABLE r_theirs AS
      SELECT c.id, c.channel_code AS ch, c.order_no AS ono, c.direction AS dir, c.amount_minor AS amt,
             ROW_NUMBER() OVER (PARTITION BY c.channel_code, c.order_no, c.direction, c.amount_minor ORDER BY c.batch_id, c.row_no) AS rn,
             0 AS done
      FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
      WHERE c.bank_date = :date AND b.status = 'DONE' AND b.format NOT IN (${fundFormats.map(() => '?').join(',')})
        AND c.status = 'initial' ${scope.replace('channel_code', 'c.channel_code')}`,
    ).run(...fundFormats, { date, ...(channel ? { channel } : {}) });
    db.sqlite.exec('CREATE INDEX temp.r_ours_key ON r_ours (ch, ono, dir, amt, rn); CREATE INDEX temp.r_theirs_key ON r_theirs (ch, ono, dir, amt, rn);');

    const result = (sql: string, params: unknown[] = []) => db.prepare(sql).run(run, ...params).changes;
    // 1. offsets: forward and reverse entries of one number and amount, one reverse to one forward
    for (const [forward, reverse] of OFFSET_PAIRS) {
      db.sqlite.exec('DROP TABLE IF EXISTS temp.r_offsets');
      db.prepare(`CREATE TEMP TABLE r_offsets AS SELECT id, ch, ono, amt, bc,
                    ROW_NUMBER() OVER (PARTITION BY ch, ono, amt, bc ORDER BY id) AS k FROM r_ours WHERE bc IN (?, ?)`).run(forward, reverse);
      result(`INSERT INTO recon_result (run_id, outcome, entry_id, pair_entry_id, our_amount_minor)
              SELECT ?, 'offset', f.id, r.id, f.amt FROM r_offsets f JOIN r_offsets r
                ON r.ch = f.ch AND r.ono = f.ono AND r.amt = f.amt AND r.k = f.k AND r.bc = ? AND f.bc = ?`, [reverse, forward]);
    }
    db.sqlite.exec('DROP TABLE IF EXISTS temp.r_offsets');
    db.sqlite.exec(`UPDATE r_ours SET done = 1 WHERE id IN (SELECT entry_id FROM recon_result WHERE run_id = ${run} AND outcome = 'offset'
             UNION SELECT pair_entry_id FROM recon_result WHERE run_id = ${run} AND outcome = 'offset')`);
    // 2. matched: one-to-one, or first come first matched where a key repeats
    result(`INSERT INTO recon_result (run_id, outcome, entry_id, clearing_id, our_amount_minor, their_amount_minor)
            SELECT ?, 'matched', o.id, t.id, o.amt, t.amt FROM r_ours o JOIN r_theirs t
              ON t.ch = o.ch AND t.ono = o.ono AND t.dir = o.dir AND t.amt = o.amt AND t.rn = o.rn WHERE o.done = 0`);
    markDone(db, run, 'matched');
    // 3. duplicates: a leftover statement line with the key of a matched one
    result(`INSERT INTO recon_result (run_id, outcome, clearing_id, their_amount_minor)
            SELECT ?, 'duplicate', t.id, t.amt FROM r_theirs t WHERE t.done = 0 AND EXISTS (
              SELECT 1 FROM r_theirs m WHERE m.done = 1 AND m.ch = t.ch AND m.ono = t.ono AND m.dir = t.dir AND m.amt = t.amt)`);
    markDone(db, run, 'duplicate');
    // 3b. one-to-many (cross-border): one statement line against several of our entries with its
    //     channel and order number, summed in the line's direction — two 520101 added, or 520101
    //     less the 400319 refill. Each entry gets a row; the line's amount sits on the first, and
    //     our side is signed so the group's totals still compare.
    db.sqlite.exec(`
      DROP TABLE IF EXISTS temp.r_groups;
      CREATE TEMP TABLE r_groups AS
        SELECT t.id AS tid, t.amt AS tamt, t.dir AS tdir, t.ch, t.ono FROM r_theirs t
        WHERE t.done = 0 AND t.ono IS NOT NULL
          AND (SELECT COUNT(*) FROM r_ours o WHERE o.done = 0 AND o.ch = t.ch AND o.ono = t.ono) >= 2
          AND (SELECT SUM(CASE WHEN o.dir = t.dir THEN o.amt ELSE -o.amt END) FROM r_ours o WHERE o.done = 0 AND o.ch = t.ch AND o.ono = t.ono) = t.amt
          AND t.rn = 1;`);
    result(`INSERT INTO recon_result (run_id, outcome, entry_id, clearing_id, our_amount_minor, their_amount_minor)
            SELECT ?, 'matched', o.id, g.tid, CASE WHEN o.dir = g.tdir THEN o.amt ELSE -o.amt END,
                   CASE WHEN o.id = (SELECT MIN(x.id) FROM r_ours x WHERE x.done = 0 AND x.ch = g.ch AND x.ono = g.ono) THEN g.tamt END
            FROM r_groups g JOIN r_ours o ON o.done = 0 AND o.ch = g.ch AND o.ono = g.ono`);
    db.sqlite.exec('DROP TABLE temp.r_groups');
    markDone(db, run, 'matched');
    // 4. amount mismatch: same number and direction, another amount; paired in row order
    db.sqlite.exec(`
      DROP TABLE IF EXISTS temp.r_left_ours; DROP TABLE IF EXISTS temp.r_left_theirs;
      CREATE TEMP TABLE r_left_ours AS SELECT id, ch, ono, dir, amt, ROW_NUMBER() OVER (PARTITION BY ch, ono, dir ORDER BY id) AS k FROM r_ours WHERE done = 0;
      CREATE TEMP TABLE r_left_theirs AS SELECT id, ch, ono, dir, amt, ROW_NUMBER() OVER (PARTITION BY ch, ono, dir ORDER BY id) AS k FROM r_theirs WHERE done = 0;`);
    result(`INSERT INTO recon_result (run_id, outcome, entry_id, clearing_id, our_amount_minor, their_amount_minor)
            SELECT ?, 'amountMismatch', o.id, t.id, o.amt, t.amt FROM r_left_ours o JOIN r_left_theirs t
              ON t.ch = o.ch AND t.ono = o.ono AND t.dir = o.dir AND t.k = o.k`);
    markDone(db, run, 'amountMismatch');
    // 5–6. what is left on our side: timing when the channel books it on a later day, else platform extra
    const cutoffs = new Map((db.prepare('SELECT code, cutoff FROM channel').all() as { code: string; cutoff: string }[]).map((c) => [c.code, c.cutoff]));
    const leftOurs = db.prepare('SELECT id, ch, amt, occurred_at FROM r_ours WHERE done = 0').all() as { id: number; ch: string; amt: number; occurred_at: string }[];
    const insertOne = db.prepare('INSERT INTO recon_result (run_id, outcome, entry_id, our_amount_minor) VALUES (?, ?, ?, ?)');
    for (const o of leftOurs) {
      const channelDay = accountingDateOf(o.occurred_at, cutoffs.get(o.ch) ?? '00:00');
      insertOne.run(run, channelDay > date ? 'timing' : 'platformExtra', o.id, o.amt);
    }
    result(`INSERT INTO recon_result (run_id, outcome, clearing_id, their_amount_minor) SELECT ?, 'bankExtra', t.id, t.amt FROM r_theirs t WHERE t.done = 0`);

    // Record where each side now stands.
    db.prepare(`UPDATE clearing_flow SET status = r.outcome FROM recon_result r WHERE r.run_id = ? AND r.clearing_id = clearing_flow.id`).run(run);
    db.prepare(`INSERT INTO entry_recon_state (entry_id, outcome, run_id)
                SELECT entry_id, outcome, run_id FROM recon_result WHERE run_id = ? AND entry_id IS NOT NULL
                UNION ALL SELECT pair_entry_id, outcome, run_id FROM recon_result WHERE run_id = ? AND pair_entry_id IS NOT NULL
                ON CONFLICT (entry_id) DO UPDATE SET outcome = excluded.outcome, run_id = excluded.run_id`).run(run, run);

    const counts = Object.fromEntries(OUTCOMES.map((o) => [o, { count: 0, amountMinor: 0 }])) as ReconcileResult['counts'];
    for (const row of db.prepare(
      'SELECT outcome, COUNT(*) AS count, SUM(COALESCE(our_amount_minor, their_amount_minor)) AS amount FROM recon_result WHERE run_id = ? GROUP BY outcome',
    ).all(run) as { outcome: Outcome; count: number; amount: number }[]) {
      counts[row.outcome] = { count: row.count, amountMinor: row.amount };
    }
    const totals = (db.prepare(`
      SELECT ch, SUM(side = 'ours') AS our_count, SUM(CASE WHEN side = 'ours' THEN signed ELSE 0 END) AS our_amount,
             SUM(side = 'theirs') AS their_count, SUM(CASE WHEN side = 'theirs' THEN signed ELSE 0 END) AS their_amount
      FROM (SELECT ch, 'ours' AS side, CASE dir WHEN 'in' THEN amt ELSE -amt END AS signed FROM r_ours
            UNION ALL SELECT ch, 'theirs', CASE dir WHEN 'in' THEN amt ELSE -amt END FROM r_theirs)
      GROUP BY ch ORDER BY ch`).all() as { ch: string; our_count: number; our_amount: number; their_count: number; their_amount: number }[])
      .map((t) => ({ channel: t.ch, ours: { count: t.our_count, amountMinor: t.our_amount }, theirs: { count: t.their_count, amountMinor: t.their_amount } }));
    db.prepare('UPDATE recon_run SET counts = ? WHERE id = ?').run(JSON.stringify(counts), run);
    db.sqlite.exec('DROP TABLE temp.r_ours; DROP TABLE temp.r_theirs; DROP TABLE temp.r_left_ours; DROP TABLE temp.r_left_theirs;');
    appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.run', entity: 'recon_run', entityId: String(run), detail: { date, channel, counts } });
    return { run, date, channel, counts, totals };
  });
}

/** Take the rows an outcome just claimed out of the working sets. */
function markDone(db: Db, run: number, outcome: Outcome): void {
  db.prepare(`UPDATE r_ours SET done = 1 WHERE id IN (SELECT entry_id FROM recon_result WHERE run_id = ? AND outcome = ? AND entry_id IS NOT NULL)`).run(run, outcome);
  db.prepare(`UPDATE r_theirs SET done = 1 WHERE id IN (SELECT clearing_id FROM recon_result WHERE run_id = ? AND outcome = ? AND clearing_id IS NOT NULL)`).run(run, outcome);
}
