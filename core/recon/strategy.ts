import type { Db, ErrorStrategyTable, StrategyAction } from '../db/index.js';
import type { Selectable } from 'kysely';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';

export type Strategy = Selectable<ErrorStrategyTable>;
export type TxnType = Strategy['txn_type'];
export type OurResult = Strategy['our_result'];
export type TheirResult = Strategy['their_result'];

interface StrategySpec {
  txn: TxnType;
  ours: OurResult;
  theirs: TheirResult;
  action: StrategyAction;
  automatic: boolean;
  note: string;
}

/**
 * Defaults for every channel (S4: most errors resolve without a person). Editable per channel: a
 * channel-specific row wins over the any-channel row.
 */
export const DEFAULT_STRATEGIES: readonly StrategySpec[] = [
  { txn: 'pay', ours: 'pending', theirs: 'success', action: 'supplement', automatic: true, note: '掉单补单: the channel took the money, our callback was lost' },
  { txn: 'pay', ours: 'failed', theirs: 'success', action: 'supplement', automatic: true, note: '掉单补单: we marked it failed, the channel booked it' },
  { txn: 'pay', ours: 'missing', theirs: 'success', action: 'hang_up', automatic: false, note: '无单多账: no order of ours; hang up to suspense income after checking' },
  { txn: 'pay', ours: 'succeeded', theirs: 'missing', action: 'manual', automatic: false, note: '少账: booked by us, not by the channel; ask the channel' },
  { txn: 'pay', ours: 'succeeded', theirs: 'amount_differs', action: 'manual', automatic: false, note: '金额不符: correct the clearing flow or the order, then match again' },
  { txn: 'refund', ours: 'succeeded', theirs: 'missing', action: 'manual', automatic: false, note: '退款少账: refund booked by us, not paid by the channel' },
  { txn: 'refund', ours: 'missing', theirs: 'success', action: 'hang_up', automatic: false, note: '退款多账: the channel paid a refund we do not know; suspense expense' },
  { txn: 'refund', ours: 'succeeded', theirs: 'amount_differs', action: 'manual', automatic: false, note: '退款金额不符' },
  { txn: 'payout', ours: 'succeeded', theirs: 'missing', action: 'manual', automatic: false, note: '代付少账: payout booked by us, not by the bank' },
  { txn: 'payout', ours: 'missing', theirs: 'success', action: 'hang_up', automatic: false, note: '代付多账: the bank paid out something we do not know' },
];

/** Write the default rows into an empty table (idempotent). */
export function seedStrategies(db: Db, at: string): void {
  if (db.first(db.q.selectFrom('error_strategy').select('id').limit(1))) return;
  for (const s of DEFAULT_STRATEGIES) {
    db.run(db.q.insertInto('error_strategy').values({
      channel_code: null, txn_type: s.txn, our_result: s.ours, their_result: s.theirs, action: s.action, automatic: s.automatic ? 1 : 0,
      note: s.note, updated_at: at, updated_by: null,
    }));
  }
}

export function listStrategies(db: Db): Strategy[] {
  return db.all(db.q.selectFrom('error_strategy').selectAll().orderBy('txn_type').orderBy('our_result').orderBy('their_result').orderBy('channel_code'));
}

/** The row that applies: the channel's own row first, then the any-channel row; none → a person decides. */
export function decide(db: Db, key: { channel: string; txn: TxnType; ours: OurResult; theirs: TheirResult }): Strategy | null {
  return db.prepare(
    `SELECT * FROM error_strategy WHERE (channel_code = ? OR channel_code IS NULL) AND txn_type = ? AND our_result = ? AND their_result = ?
     ORDER BY channel_code IS NULL LIMIT 1`,
  ).get(key.channel, key.txn, key.ours, key.theirs) as Strategy | undefined ?? null;
}

/** Add or change a row of the table (editable by admins and reviewers); audited with before and after. */
export function setStrategy(db: Db, row: { channel: string | null; txn: TxnType; ours: OurResult; theirs: TheirResult; action: StrategyAction; automatic: boolean; note: string }, user: { id: number }, at: string): Strategy {
  if (row.automatic && row.action !== 'supplement' && row.action !== 'wait') {
    fail('BAD_INPUT', `only supplement (补单) and wait can run automatically; ${row.action} needs a person`);
  }
  return db.tx(() => {
    const before = db.prepare(
      'SELECT * FROM error_strategy WHERE channel_code IS ? AND txn_type = ? AND our_result = ? AND their_result = ?',
    ).get(row.channel, row.txn, row.ours, row.theirs) as Strategy | undefined;
    if (before) {
      db.prepare('UPDATE error_strategy SET action = ?, automatic = ?, note = ?, updated_at = ?, updated_by = ? WHERE id = ?')
        .run(row.action, row.automatic ? 1 : 0, row.note, at, user.id, before.id);
    } else {
      db.prepare(`INSERT INTO error_strategy (channel_code, txn_type, our_result, their_result, action, automatic, note, updated_at, updated_by)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(row.channel, row.txn, row.ours, row.theirs, row.action, row.automatic ? 1 : 0, row.note, at, user.id);
    }
    const after = db.prepare('SELECT * FROM error_strategy WHERE channel_code IS ? AND txn_type = ? AND our_result = ? AND their_result = ?')
      .get(row.channel, row.txn, row.ours, row.theirs) as Strategy;
    appendAudit(db, { at, userId: user.id, action: 'recon.strategy.set', entity: 'error_strategy', entityId: String(after.id), detail: { before: before ?? null, after } });
    return after;
  });
}
