import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isRoundingRule, type RoundingRule } from '../money/index.js';
import { loadChannels } from './store.js';
import { readFeeRate } from './fee-rate.js';
import { CHANNEL_CODES, type Channel, type ChannelStatus } from './types.js';
import { formatAmount } from './format.js';

/** The terms a finance admin may change; quality figures (success rate, latency) are measured, not set. */
export interface ChannelTermsChange {
  code: string;
  /** "0.38%" or "0.0038" */
  feeRate?: string;
  feeRounding?: RoundingRule;
  singleMaxMinor?: number;
  dailyMaxMinor?: number;
  /** the channel's day cut, HH:mm */
  cutoff?: string;
  /** opening hours HH:mm–HH:mm; both null = always open */
  openFrom?: string | null;
  openTo?: string | null;
  refundWindowDays?: number;
  status?: ChannelStatus;
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Change a channel's terms. Every rule is checked before anything is written, and the change is
 * audited with the fields before and after. The router and the payment engine read channels per
 * call, so the next payment uses the new terms.
 */
export function updateChannelTerms(db: Db, change: ChannelTermsChange, user: { id: number }, at: string): Channel {
  if (!(CHANNEL_CODES as readonly string[]).includes(change.code)) fail('BAD_INPUT', `unknown channel "${change.code}"`);
  const before = loadChannels(db).find((c) => c.code === change.code) ?? fail('NOT_FOUND', `no channel ${change.code}`);
  const what = `channel ${change.code}`;
  const next: Channel = { ...before };
  if (change.feeRate !== undefined) next.feeRate = readFeeRate(change.feeRate, what);
  if (change.feeRounding !== undefined) {
    if (!isRoundingRule(change.feeRounding)) fail('BAD_INPUT', `${what}: unknown rounding rule "${String(change.feeRounding)}"`);
    next.feeRounding = change.feeRounding;
  }
  for (const [key, label] of [['singleMaxMinor', 'single limit'], ['dailyMaxMinor', 'daily limit']] as const) {
    const v = change[key];
    if (v === undefined) continue;
    // amounts stay within ±2^51 minor units everywhere in the core
    if (!Number.isSafeInteger(v) || v <= 0 || v > 2 ** 51) fail('BAD_INPUT', `${what}: ${label} must be a positive amount`);
    next[key] = v;
  }
  if (next.singleMaxMinor > next.dailyMaxMinor) {
    fail('BAD_INPUT', `${what}: single limit ${formatAmount(next.singleMaxMinor, 'CNY')} is above the daily limit ${formatAmount(next.dailyMaxMinor, 'CNY')}`);
  }
  if (change.cutoff !== undefined) {
    if (!CLOCK.test(change.cutoff)) fail('BAD_INPUT', `${what}: cut-off must be HH:mm (00:00–23:59), got "${change.cutoff}"`);
    next.cutoff = change.cutoff;
  }
  if (change.openFrom !== undefined) next.openFrom = change.openFrom;
  if (change.openTo !== undefined) next.openTo = change.openTo;
  for (const [label, v] of [['opens', next.openFrom], ['closes', next.openTo]] as const) {
    if (v !== null && !CLOCK.test(v) && !(label === 'closes' && v === '24:00')) fail('BAD_INPUT', `${what}: ${label} at must be HH:mm, got "${v}"`);
  }
  if ((next.openFrom === null) !== (next.openTo === null)) fail('BAD_INPUT', `${what}: give both opening and closing times, or neither (always open)`);
  if (next.openFrom !== null && next.openFrom === next.openTo) fail('BAD_INPUT', `${what}: opening and closing at the same time ${next.openFrom} leaves no hours open`);
  if (change.refundWindowDays !== undefined) {
    if (!Number.isInteger(change.refundWindowDays) || change.refundWindowDays < 0 || change.refundWindowDays > 3650) fail('BAD_INPUT', `${what}: refund window must be 0–3650 days`);
    next.refundWindowDays = change.refundWindowDays;
  }
  if (change.status !== undefined) {
    if (!['up', 'degraded', 'down'].includes(change.status)) fail('BAD_INPUT', `${what}: status must be up, degraded or down`);
    next.status = change.status;
  }
  const fields = ['feeRate', 'feeRounding', 'singleMaxMinor', 'dailyMaxMinor', 'cutoff', 'openFrom', 'openTo', 'refundWindowDays', 'status'] as const;
  const changed = fields.filter((f) => next[f] !== before[f]);
  if (changed.length === 0) return before;
  return db.tx(() => {
    db.run(db.q.updateTable('channel').set({
      fee_rate: next.feeRate, fee_rounding: next.feeRounding, single_max_minor: next.singleMaxMinor, daily_max_minor: next.dailyMaxMinor,
      cutoff: next.cutoff, open_from: next.openFrom, open_to: next.openTo, refund_window_days: next.refundWindowDays, status: next.status, updated_at: at,
    }).where('code', '=', next.code));
    appendAudit(db, {
      at, userId: user.id, action: 'channel.update', entity: 'channel', entityId: next.code,
      detail: { before: Object.fromEntries(changed.map((f) => [f, before[f]])), after: Object.fromEntries(changed.map((f) => [f, next[f]])) },
    });
    return loadChannels(db).find((c) => c.code === next.code)!;
  });
}
