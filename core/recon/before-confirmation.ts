import type { Db } from '../db/index.js';
import { currentRun, reconcile } from './reconcile.js';
import { deleteClearingFlow } from './clearing.js';
import { classifyBankExtras, hangUpBankExtras } from './hang-up.js';

/** The suspense codes a bank-extra line is hung up to when nobody knows more: 未确认收款 in, 未确认支出款 out. */
const UNKNOWN_SOURCE = { in: '700107', out: '700108' } as const;

/**
 * What the training operator does between the error strategy and the reviewer's summary
 * confirmation (docs/domain.md#summary-confirmation), as the seed's flow has it: a statement line
 * the run found twice is deleted, a bank-extra line of unknown source is classified and hung up to
 * suspense, and the day is reconciled again. The trainer and the demo script call it; a person
 * does each step on the screens.
 */
export function resolveRepeatsAndBankExtras(db: Db, options: { date: string; userId: number; at: string; localTime: string }) {
  const user = { id: options.userId };
  const run = currentRun(db, options.date, null);
  if (run === undefined) return { deleted: 0, hungUp: 0, run: null };
  const repeated = db.prepare("SELECT clearing_id FROM recon_result WHERE run_id = ? AND outcome = 'duplicate' ORDER BY clearing_id LIMIT 10000").pluck().all(run) as number[];
  for (const id of repeated) deleteClearingFlow(db, { id, reason: 'the line is on the statement twice / 重复的清算流水' }, user, options.at);
  const extras = db.prepare(`SELECT c.id, c.direction FROM recon_result r JOIN clearing_flow c ON c.id = r.clearing_id
                             WHERE r.run_id = ? AND r.outcome = 'bankExtra' AND c.status = 'bankExtra' ORDER BY c.id LIMIT 10000`).all(run) as { id: number; direction: 'in' | 'out' }[];
  for (const direction of ['in', 'out'] as const) {
    const ids = extras.filter((e) => e.direction === direction).map((e) => e.id);
    if (ids.length === 0) continue;
    classifyBankExtras(db, { ids, businessCode: UNKNOWN_SOURCE[direction] }, user, options.at);
    hangUpBankExtras(db, { ids, accountingDate: options.date, localTime: options.localTime }, user, options.at);
  }
  if (repeated.length === 0 && extras.length === 0) return { deleted: 0, hungUp: 0, run };
  const again = reconcile(db, { date: options.date, userId: options.userId, at: options.at });
  return { deleted: repeated.length, hungUp: extras.length, run: again.run };
}
