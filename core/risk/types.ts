import type { PayMethod } from '../channels/types.js';

export type RiskDecision = 'PASS' | 'VERIFY' | 'BLOCK';

export interface RiskInput {
  merchantId: string;
  payerId: string;
  method: PayMethod;
  amountMinor: number;
  currency: string;
  localTime: string;
  /** the payer's successful payments so far today, count and amount */
  payerCountToday: number;
  payerAmountTodayMinor: number;
}

export interface RiskResult {
  decision: RiskDecision;
  /** id of the rule that fired, null on PASS */
  rule: string | null;
  reason: string;
  /** the same sentence in Chinese */
  reasonZh: string;
}
