import { Decimal as DecimalBase } from 'decimal.js';
import type { RoundingMode } from '../shared/rules.js';

/** One Decimal configuration for the whole core: 50 significant digits, so no amount within ±2^51 times any rate loses a digit before the explicit rounding step. */
export const Decimal = DecimalBase.clone({ precision: 50, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Rounding rules by name, so every rate states the one it uses. */
export const ROUNDING = {
  HALF_UP: DecimalBase.ROUND_HALF_UP, // 四舍五入, the default for fees
  HALF_EVEN: DecimalBase.ROUND_HALF_EVEN, // banker's rounding
  DOWN: DecimalBase.ROUND_DOWN, // toward zero (truncate)
  UP: DecimalBase.ROUND_UP, // away from zero
  FLOOR: DecimalBase.ROUND_FLOOR,
  CEIL: DecimalBase.ROUND_CEIL,
} as const satisfies Record<RoundingMode, number>;

export type RoundingRule = keyof typeof ROUNDING;

export function isRoundingRule(value: string): value is RoundingRule {
  return value in ROUNDING;
}
