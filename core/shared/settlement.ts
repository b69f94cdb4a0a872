// Why merchant settlement holds an order (商户结算挂起原因): the open reconciliation error of its
// payment. Imports nothing, so the renderer words a hold from these same definitions.

export const HOLD_REASONS = ['amountMismatch', 'platformExtra'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** A hold's reason in words, [中文, English]. */
export const HOLD_REASON_WORDS: Record<HoldReason, readonly [string, string]> = {
  amountMismatch: ['金额不等，待差错调整', 'amount differs from the channel’s; waits for error adjustment'],
  platformExtra: ['渠道无此交易，待差错调整', 'the channel has no record of it; waits for error adjustment'],
};

export function isHoldReason(value: string): value is HoldReason {
  return (HOLD_REASONS as readonly string[]).includes(value);
}
