import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { closeAccountingDay, isDayClosed } from '../ledger/index.js';
import { clearChannels, type ChannelClearing } from '../clearing/clear.js';
import { bankBalanceChecks } from '../balances/check.js';
import { unassignedStatementsCheck } from '../balances/unassigned.js';
import { settleMerchants, type SettlementResult } from './settle.js';
import { duplicatesCheck, offsetsCheck, summaryConfirmationCheck, voucherReviewCheck } from './review-checks.js';
import { offsetAcrossDays, type UnequalOffset } from '../recon/day-end-offsets.js';
import { channelReceivableCheck, differencesCheck, ledgerIntegrityCheck, merchantPendingCheck, trialBalanceCheck, type DayCheck } from './checks.js';

export interface CloseDayResult {
  date: string;
  closed: boolean;
  checks: DayCheck[];
  clearing: ChannelClearing[];
  settlement: SettlementResult;
  /** forwards and reverses of different days offset now (勾销), and unequal pairs flagged */
  offsets: { offset: number; unequal: UnequalOffset[] };
}

/**
 * 日终轧账: internal offsets across days, channel clearing, merchant settlement, then every check; the accounting day is closed
 * only when all pass. Clearing and settlement stand either way: they are right whatever the checks
 * say, and running close-day again after a fix clears and settles only what is new. All of it is
 * one transaction, so a crash or a cancel (the host stops the books process) keeps nothing of it.
 */
export function closeDay(db: Db, options: { date: string; userId: number; at: string }): CloseDayResult {
  return db.tx(() => closeDayWhole(db, options));
}

function closeDayWhole(db: Db, options: { date: string; userId: number; at: string }): CloseDayResult {
  if (isDayClosed(db, options.date)) fail('CONFLICT', `accounting day ${options.date} is already closed`);
  const offsets = offsetAcrossDays(db, options);
  const clearing = clearChannels(db, options);
  const settlement = settleMerchants(db, options);
  const checks: DayCheck[] = [
    differencesCheck(db, options.date),
    offsetsCheck(offsets.unequal),
    summaryConfirmationCheck(db, options.date),
    duplicatesCheck(db, options.date),
    voucherReviewCheck(db, options.date),
    channelReceivableCheck(db, options.date),
    merchantPendingCheck(db, options.date),
    ...bankBalanceChecks(db, options.date),
    unassignedStatementsCheck(db, options.date),
    trialBalanceCheck(db, options.date),
    ledgerIntegrityCheck(db),
  ];
  const closed = checks.every((c) => c.ok);
  db.tx(() => {
    if (closed) closeAccountingDay({ db, userId: options.userId, at: options.at }, options.date);
    db.prepare('INSERT INTO day_close_report (close_date, closed, checks, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(options.date, closed ? 1 : 0, JSON.stringify(checks), options.at, options.userId);
    appendAudit(db, { at: options.at, userId: options.userId, action: closed ? 'day.close' : 'day.close_refused', entity: 'accounting_day', entityId: options.date,
      detail: { failed: checks.filter((c) => !c.ok).map((c) => c.name) } });
  });
  return { date: options.date, closed, checks, clearing, settlement, offsets: { offset: offsets.offset.length, unequal: offsets.unequal } };
}
