import { formatAmount } from '../channels/format.js';
import { clockOf, inClockWindow, secondsOfDay } from '../channels/local-time.js';
import type { RiskDecision, RiskInput, RiskResult } from './types.js';
import { said, type Said } from '../words.js';

/*
 * Risk rules are data so Settings can edit them: each has a condition kind and thresholds in minor
 * units (fen; PayDesk books in CNY). Descriptions carry no figures, so editing a threshold never
 * leaves a stale text; the reason of a hit gives the figures.
 */

export type RiskCondition =
  /** the payer id is on this blocklist */
  | { kind: 'payerBlocked'; payerIds: readonly string[] }
  /** this payment's amount > threshold */
  | { kind: 'amountAbove'; thresholdMinor: number }
  /** payments by this payer today, counting this one, > maxCount */
  | { kind: 'payerCountAbove'; maxCount: number }
  /** amount > threshold while the local time is in [from, to) */
  | { kind: 'amountAboveInHours'; from: string; to: string; thresholdMinor: number }
  /** this payer's total today, counting this payment, > threshold */
  | { kind: 'payerTotalAbove'; thresholdMinor: number };

export interface RiskRule {
  id: string;
  decision: Exclude<RiskDecision, 'PASS'>;
  /** Chinese, as on the Settings screen */
  description: string;
  descriptionEn: string;
  enabled: boolean;
  condition: RiskCondition;
}

export const DEFAULT_RISK_RULES: readonly RiskRule[] = deepFreeze([
  {
    id: 'R001', decision: 'BLOCK', enabled: true,
    description: '付款人在黑名单中', descriptionEn: 'Payer is on the blocklist',
    condition: { kind: 'payerBlocked', payerIds: [] },
  },
  {
    id: 'R002', decision: 'BLOCK', enabled: true,
    description: '单笔金额超过拦截阈值', descriptionEn: 'Single amount above the block threshold',
    condition: { kind: 'amountAbove', thresholdMinor: 20_000_000 }, // 200,000.00
  },
  {
    id: 'R101', decision: 'VERIFY', enabled: true,
    description: '大额单笔支付需短信验证', descriptionEn: 'Large single payment needs SMS verification',
    condition: { kind: 'amountAbove', thresholdMinor: 5_000_000 }, // 50,000.00
  },
  {
    id: 'R102', decision: 'VERIFY', enabled: true,
    description: '付款人当日支付笔数过多', descriptionEn: 'Too many payments by this payer today',
    condition: { kind: 'payerCountAbove', maxCount: 20 },
  },
  {
    id: 'R103', decision: 'VERIFY', enabled: true,
    description: '夜间大额支付', descriptionEn: 'Large payment at night',
    condition: { kind: 'amountAboveInHours', from: '00:00', to: '05:00', thresholdMinor: 500_000 }, // 5,000.00
  },
  {
    id: 'R104', decision: 'VERIFY', enabled: true,
    description: '付款人当日累计金额过高', descriptionEn: "Payer's total today is too high",
    condition: { kind: 'payerTotalAbove', thresholdMinor: 10_000_000 }, // 100,000.00
  },
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Why the condition holds for this input, with figures; null when it does not. */
function match(condition: RiskCondition, input: RiskInput): Said | null {
  // one call per payment and rule: no closure here (a day of a million payments makes six million)
  switch (condition.kind) {
    case 'payerBlocked':
      return condition.payerIds.includes(input.payerId) ? said(`payer ${input.payerId}`, `付款人 ${input.payerId}`) : null;
    case 'amountAbove': {
      if (input.amountMinor <= condition.thresholdMinor) return null;
      const [amount, limit] = [formatAmount(input.amountMinor, input.currency), formatAmount(condition.thresholdMinor, input.currency)];
      return said(`amount ${amount} is above ${limit}`, `金额 ${amount} 高于 ${limit}`);
    }
    case 'payerCountAbove': {
      const count = input.payerCountToday + 1;
      return count > condition.maxCount ? said(`this is payment ${count} today, more than ${condition.maxCount}`, `今日第 ${count} 笔，超过 ${condition.maxCount} 笔`) : null;
    }
    case 'amountAboveInHours': {
      if (input.amountMinor <= condition.thresholdMinor || !inClockWindow(secondsOfDay(input.localTime), condition.from, condition.to)) return null;
      const [amount, limit, at] = [formatAmount(input.amountMinor, input.currency), formatAmount(condition.thresholdMinor, input.currency), clockOf(input.localTime)];
      return said(`amount ${amount} at ${at} is above ${limit} between ${condition.from} and ${condition.to}`,
        `${condition.from}–${condition.to} 之间 ${at} 的金额 ${amount} 高于 ${limit}`);
    }
    case 'payerTotalAbove': {
      const total = input.payerAmountTodayMinor + input.amountMinor;
      if (total <= condition.thresholdMinor) return null;
      const [sum, limit] = [formatAmount(total, input.currency), formatAmount(condition.thresholdMinor, input.currency)];
      return said(`total today with this payment ${sum} is above ${limit}`, `含本笔今日累计 ${sum} 高于 ${limit}`);
    }
  }
}

/**
 * The reason leaves the rule id out: callers have it in `rule` and print it beside the reason.
 * First matching rule wins, every BLOCK rule before any VERIFY rule whatever order Settings saved them
 * in, so a stop can never be hidden behind a step-up check. Disabled rules are skipped.
 */
export function assessRisk(input: RiskInput, rules: readonly RiskRule[] = DEFAULT_RISK_RULES): RiskResult {
  const ordered = inCheckOrder(rules);
  for (const rule of ordered) {
    const why = match(rule.condition, input);
    if (why !== null) return { decision: rule.decision, rule: rule.id, reason: `${rule.descriptionEn}: ${why.en}.`, reasonZh: `${rule.description}：${why.zh}。` };
  }
  const pass = passWords(ordered.length);
  return { decision: 'PASS', rule: null, reason: pass.en, reasonZh: pass.zh };
}

/** The PASS sentence per number of rules checked: made once, not once per payment. */
const passSaid = new Map<number, Said>();
function passWords(checked: number): Said {
  let words = passSaid.get(checked);
  if (!words) passSaid.set(checked, (words = said(`No risk rule fired (${checked} checked).`, `未触发风控规则（检查了 ${checked} 条）。`)));
  return words;
}

/** The enabled rules, BLOCK before VERIFY; worked out once per rule list, not once per payment. */
const checkOrders = new WeakMap<readonly RiskRule[], readonly RiskRule[]>();
function inCheckOrder(rules: readonly RiskRule[]): readonly RiskRule[] {
  let ordered = checkOrders.get(rules);
  if (!ordered) {
    const active = rules.filter((r) => r.enabled);
    ordered = [...active.filter((r) => r.decision === 'BLOCK'), ...active.filter((r) => r.decision === 'VERIFY')];
    // a list edited in place after its first use would be checked in its old order: only frozen lists are remembered
    if (Object.isFrozen(rules) && rules.every((r) => Object.isFrozen(r))) checkOrders.set(rules, ordered);
  }
  return ordered;
}
