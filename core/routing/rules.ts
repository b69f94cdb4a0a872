import type { Db } from '../db/index.js';
import { loadChannels } from '../channels/store.js';
import { accountingDateOf } from '../clock.js';
import { getSetting } from '../settings.js';
import { fail } from '../errors.js';
import type { CardType, ChannelCode, PayMethod } from '../channels/types.js';
import { BASIC_CHECKS, FEATURE_CHECKS } from './factors.js';
import { SUCCESS_TIE_BP } from './ranking.js';
import { route } from './router.js';
import type { RouteDecision, RouteLevel } from './types.js';

export interface RoutingRule {
  level: RouteLevel;
  /** in both languages: what the rule checks */
  zh: string;
  en: string;
  /** the channel terms it reads, which the settings screen edits */
  reads: string[];
}

/**
 * The router's rules in the order it applies them (factors.ts, ranking.ts), for people: the
 * settings screen lists them beside the channel terms they read. A test keeps the list in step
 * with the checks the router really runs.
 */
export const ROUTING_RULES: readonly RoutingRule[] = [
  { level: 'basic', zh: '渠道支持所选支付方式（钱包只走自己的渠道）', en: 'The channel takes the chosen method (wallets stay on their own channel)', reads: ['methods'] },
  { level: 'basic', zh: '渠道支持该币种', en: 'The channel takes the currency', reads: ['currencies'] },
  { level: 'basic', zh: '金额不超过单笔限额', en: 'The amount is within the single limit', reads: ['singleMaxMinor'] },
  { level: 'basic', zh: '卡种被接受（借记卡/信用卡）', en: 'The card type is accepted (debit / credit)', reads: ['cardTypes'] },
  { level: 'basic', zh: '渠道未停用（状态不是 down）', en: 'The channel is not down', reads: ['status'] },
  { level: 'feature', zh: '商户未被限制使用该渠道', en: 'The merchant is not barred from the channel', reads: [] },
  { level: 'feature', zh: '在渠道营业时间内', en: 'Within the channel’s opening hours', reads: ['openFrom', 'openTo'] },
  { level: 'feature', zh: '当日累计加本笔不超过日限额', en: 'Today’s total plus this payment is within the daily limit', reads: ['dailyMaxMinor'] },
  { level: 'quality', zh: '正常（up）优先于降级（degraded）', en: 'Up before degraded', reads: ['status'] },
  { level: 'quality', zh: `成功率高者优先，相差 ${SUCCESS_TIE_BP / 100}% 以内视为相同`, en: `Higher success rate first; within ${SUCCESS_TIE_BP / 100}% counts as equal`, reads: ['successRateBp'] },
  { level: 'quality', zh: '成功率相同时延迟低者优先', en: 'Equal success: lower latency first', reads: ['latencyMs'] },
  { level: 'quality', zh: '再相同时费率低者优先', en: 'Still equal: the cheaper fee rate wins', reads: ['feeRate'] },
];

/** Kept in step with the router: one described rule per check it runs at each filtering level. */
export const RULE_COUNTS = { basic: BASIC_CHECKS.length, feature: FEATURE_CHECKS.length } as const;

/**
 * Where a payment would go now, with the router's steps and reasons: the channels as configured,
 * today's use of each channel's daily limit as the payment engine counts it. Nothing is written.
 */
export function previewRoute(db: Db, input: { method: PayMethod; amountMinor: number; currency: string; cardType?: CardType; localTime: string; merchantBlockedChannels?: ChannelCode[] }):
  RouteDecision & { accountingDate: string; usedTodayMinor: Record<string, number> } {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) fail('BAD_INPUT', `amount must be a positive whole number of fen, got ${input.amountMinor}`);
  const channels = loadChannels(db);
  const accountingDate = accountingDateOf(input.localTime, getSetting(db, 'ledger.cutoff'));
  const usedStmt = db.prepare("SELECT COALESCE(SUM(amount_minor), 0) FROM pay_order WHERE channel_code = ? AND accounting_date = ? AND status IN ('succeeded', 'partially_refunded', 'refunded')").pluck();
  const usedTodayMinor = Object.fromEntries(channels.map((c) => [c.code, usedStmt.get(c.code, accountingDate) as number]));
  const decision = route({
    merchantId: 'preview', method: input.method, amountMinor: input.amountMinor, currency: input.currency, cardType: input.cardType,
    localTime: input.localTime, merchantBlockedChannels: input.merchantBlockedChannels ?? [], usedTodayMinor,
  }, channels);
  return { ...decision, accountingDate, usedTodayMinor };
}
