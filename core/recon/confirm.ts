import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { addDays, isIsoDate } from '../clock.js';
import { appendAudit } from '../audit/audit.js';
import { formatMinor } from '../money/index.js';
import { ACTION_ON_RESULT_SQL, currentRun } from './reconcile.js';

export interface SummaryGroup {
  channel: string;
  direction: 'in' | 'out';
  /** our side: entries the run judged (matched, amount mismatch, platform extra) plus dropped orders supplemented from its lines and bank-extra lines hung up to suspense */
  entryTotalMinor: number;
  /** their side: every statement line the run judged (matched, amount mismatch, bank extra, duplicate) */
  clearingTotalMinor: number;
  /**
   * Differences a person has decided and carried forward (on the error desk with an action, the
   * order held): theirs less ours. They explain part of the gap, as outstanding items do in a bank
   * balance check; repeated lines and undecided differences never do.
   */
  outstandingMinor: number;
  /** entry total + outstanding = clearing total */
  balanced: boolean;
  /** matched pairs that would move to history */
  matchedCount: number;
  /** why a group does not balance, in words a reviewer can act on */
  differences: string[];
}

/** What no decided difference explains: clearing total less entry total less outstanding. */
export function unexplainedMinor(g: Pick<SummaryGroup, 'entryTotalMinor' | 'clearingTotalMinor' | 'outstandingMinor'>): number {
  return g.clearingTotalMinor - g.entryTotalMinor - g.outstandingMinor;
}

/**
 * 汇总确认单: per channel and direction, the run's entry total against its clearing total. A group
 * balances when the decided differences carried forward explain the whole gap (docs/domain.md#summary-confirmation).
 */
export function summary(db: Db, date: string): { run: number; date: string; groups: SummaryGroup[] } {
  const run = currentRun(db, date, null);
  if (run === undefined) fail('NOT_FOUND', `no reconciliation of all channels for ${date}: reconcile first`, {
    reason: 'NOT_RECONCILED', params: { date, channel: null },
  });
  const rows = db.prepare(`
    SELECT COALESCE(c.channel_code, e.channel_code) AS channel, COALESCE(c.direction, e.direction) AS direction, r.outcome,
           CASE WHEN r.outcome IN ('platformExtra', 'amountMismatch', 'bankExtra') AND COALESCE(c.status, '') NOT IN ('deleted', 'hung_up', 'supplemented')
                 AND EXISTS (SELECT 1 FROM recon_action a WHERE a.action NOT IN ('supplement', 'hang_up')
                             AND ${ACTION_ON_RESULT_SQL}) THEN 1 ELSE 0 END AS decided,
           COUNT(*) AS count, COALESCE(SUM(r.our_amount_minor), 0) AS ours, COALESCE(SUM(r.their_amount_minor), 0) AS theirs
    FROM recon_run run JOIN recon_result r ON r.rowid BETWEEN run.first_result AND run.last_result AND r.run_id = run.id
      LEFT JOIN clearing_flow c ON c.id = r.clearing_id LEFT JOIN entry_flow e ON e.id = r.entry_id
    WHERE run.id = ? AND r.outcome NOT IN ('offset', 'timing')
      -- offset at a later close-day against its pair from another day (day-end-offsets.ts)
      AND NOT (r.outcome = 'platformExtra' AND EXISTS (SELECT 1 FROM recon_action a WHERE a.entry_id = r.entry_id AND a.action = 'offset'))
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`).all(run) as { channel: string; direction: 'in' | 'out'; outcome: string; decided: 0 | 1; count: number; ours: number; theirs: number }[];
  const supplements = db.prepare(`
    SELECT c.channel_code AS channel, c.direction, COUNT(*) AS count,
           SUM(CASE a.action WHEN 'hang_up' THEN c.amount_minor ELSE e.amount_minor END) AS amount
    FROM recon_action a JOIN clearing_flow c ON c.id = a.clearing_id JOIN entry_flow e ON e.id = a.entry_id
    WHERE a.run_id = ? AND a.action IN ('supplement', 'hang_up') AND a.status = 'done' GROUP BY 1, 2`).all(run) as { channel: string; direction: 'in' | 'out'; count: number; amount: number }[];
  interface Figures { g: SummaryGroup; byOutcome: Map<string, { count: number; ours: number; theirs: number }>; supplemented: { count: number; amount: number } }
  const groups = new Map<string, Figures>();
  const group = (channel: string, direction: 'in' | 'out'): Figures => {
    const key = `${channel}:${direction}`;
    let f = groups.get(key);
    if (!f) {
      f = { g: { channel, direction, entryTotalMinor: 0, clearingTotalMinor: 0, outstandingMinor: 0, balanced: false, matchedCount: 0, differences: [] }, byOutcome: new Map(), supplemented: { count: 0, amount: 0 } };
      groups.set(key, f);
    }
    return f;
  };
  for (const r of rows) {
    const f = group(r.channel, r.direction);
    f.g.entryTotalMinor += r.ours;
    f.g.clearingTotalMinor += r.theirs;
    if (r.decided === 1) f.g.outstandingMinor += r.theirs - r.ours;
    else {
      const seen = f.byOutcome.get(r.outcome) ?? { count: 0, ours: 0, theirs: 0 };
      f.byOutcome.set(r.outcome, { count: seen.count + r.count, ours: seen.ours + r.ours, theirs: seen.theirs + r.theirs });
    }
    if (r.outcome === 'matched') f.g.matchedCount = r.count;
  }
  for (const s of supplements) {
    const f = group(s.channel, s.direction);
    f.g.entryTotalMinor += s.amount;
    f.supplemented = { count: s.count, amount: s.amount };
  }
  const yuan = (minor: number) => formatMinor(minor, 'CNY');
  for (const { g, byOutcome, supplemented } of groups.values()) {
    g.balanced = g.entryTotalMinor + g.outstandingMinor === g.clearingTotalMinor;
    if (g.balanced) continue;
    const dup = byOutcome.get('duplicate');
    const bank = byOutcome.get('bankExtra');
    const ours = byOutcome.get('platformExtra');
    const diff = byOutcome.get('amountMismatch');
    if (dup) g.differences.push(`${dup.count} statement line(s) repeated (${yuan(dup.theirs)}): a statement imported twice?`);
    if (bank && bank.count > supplemented.count) g.differences.push(`${bank.count - supplemented.count} line(s) only the channel has (${yuan(bank.theirs - supplemented.amount)})`);
    if (ours) g.differences.push(`${ours.count} entr(ies) only we have (${yuan(ours.ours)})`);
    if (diff) g.differences.push(`${diff.count} amount mismatch(es): ours ${yuan(diff.ours)}, theirs ${yuan(diff.theirs)}`);
  }
  return { run, date, groups: [...groups.values()].map((f) => f.g).sort((a, b) => a.channel.localeCompare(b.channel) || a.direction.localeCompare(b.direction)) };
}

/**
 * A reviewer confirms the summary: the matched pairs of every group whose totals agree move to
 * history; groups that do not agree stay, and are named with their difference. The reviewer may
 * not be anyone who ran a reconciliation of that day (maker-checker, admins included).
 */
export function confirmSummary(db: Db, options: { date: string; userId: number; at: string }): { confirmation: number; moved: number; confirmed: SummaryGroup[]; refused: SummaryGroup[] } {
  return db.tx(() => {
    const s = summary(db, options.date);
    // Anyone who ran a reconciliation of this day made part of what is confirmed, not only the
    // latest run's maker: a rerun by someone else must not let the first maker confirm.
    const makers = db.prepare('SELECT DISTINCT created_by FROM recon_run WHERE recon_date = ?').pluck().all(options.date) as number[];
    if (makers.includes(options.userId)) {
      fail('FORBIDDEN', `the reconciliation of ${options.date} must be confirmed by a reviewer who ran none of its reconciliations / 汇总确认须由未执行当日对账的复核员完成`,
        { reason: 'MAKER_IS_CHECKER', params: { step: 'recon.confirm', date: options.date } });
    }
    const confirmed = s.groups.filter((g) => g.balanced && g.matchedCount > 0);
    const refused = s.groups.filter((g) => !g.balanced);
    if (confirmed.length === 0) {
      fail('CHECK_FAILED',
        `nothing to confirm for ${options.date}: ${refused.map((g) => `${g.channel} ${g.direction} differs by ${formatMinor(unexplainedMinor(g), 'CNY')} (${g.differences.join('; ')})`).join(' | ') || 'no matched rows'}`);
    }
    const { lastInsertRowid: confirmation } = db.run(db.q.insertInto('recon_confirmation').values({
      run_id: s.run, recon_date: options.date, groups: JSON.stringify({ confirmed, refused }), confirmed_by: options.userId, confirmed_at: options.at,
    }));
    let moved = 0;
    const move = db.prepare(`
      INSERT INTO recon_history (confirmation_id, clearing_date, channel_code, direction, entry_id, clearing_id, order_no, amount_minor)
      SELECT ?, c.bank_date, c.channel_code, c.direction, r.entry_id, r.clearing_id, c.order_no, r.our_amount_minor
      FROM recon_run run JOIN recon_result r ON r.rowid BETWEEN run.first_result AND run.last_result AND r.run_id = run.id
        JOIN clearing_flow c ON c.id = r.clearing_id
      WHERE run.id = ? AND r.outcome = 'matched' AND c.channel_code = ? AND c.direction = ?
        AND NOT EXISTS (SELECT 1 FROM recon_history h WHERE h.entry_id = r.entry_id)`);
    for (const g of confirmed) moved += move.run(confirmation, s.run, g.channel, g.direction).changes;
    db.prepare("UPDATE clearing_flow SET status = 'history' WHERE id IN (SELECT clearing_id FROM recon_history WHERE confirmation_id = ?)").run(confirmation);
    appendAudit(db, { at: options.at, userId: options.userId, action: 'recon.confirm', entity: 'recon_confirmation', entityId: String(confirmation),
      detail: { date: options.date, moved, confirmed: confirmed.map((g) => `${g.channel}:${g.direction}`), refused: refused.map((g) => `${g.channel}:${g.direction}`) } });
    return { confirmation, moved, confirmed, refused };
  });
}

const HISTORY_SPAN_DAYS_MAX = 7;

/** History: query only, by clearing date, at most 7 days per query (docs/domain.md#history). */
export function history(db: Db, options: { from: string; to: string; channel?: string; limit?: number; offset?: number }) {
  if (!isIsoDate(options.from) || !isIsoDate(options.to)) fail('BAD_INPUT', 'from and to must be dates YYYY-MM-DD');
  if (options.to < options.from) fail('BAD_INPUT', '`to` is before `from`');
  if (addDays(options.from, HISTORY_SPAN_DAYS_MAX - 1) < options.to) fail('BAD_INPUT', `a history query spans at most ${HISTORY_SPAN_DAYS_MAX} clearing dates`);
  return db.prepare(`SELECT clearing_date, channel_code, direction, order_no, amount_minor, entry_id, clearing_id, confirmation_id FROM recon_history
                     WHERE clearing_date BETWEEN ? AND ? AND (? IS NULL OR channel_code = ?) ORDER BY clearing_date, id LIMIT ? OFFSET ?`)
    .all(options.from, options.to, options.channel ?? null, options.channel ?? null, Math.min(options.limit ?? 1000, 10_000), options.offset ?? 0);
}
