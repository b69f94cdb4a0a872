import { Decimal, formatMinorGrouped, isKnownCurrency } from '../money/index.js';

/** "250,000.00" for people; an unknown currency falls back to raw minor units rather than throwing inside a reason. */
export function formatAmount(minor: number, currency: string): string {
  return isKnownCurrency(currency) ? formatMinorGrouped(minor, currency) : `${minor} minor units`;
}

/** Basis points as a percentage with integer arithmetic only: 9950 → "99.50%". */
export function formatBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** A decimal fee rate as a percentage: '0.0038' → "0.38%". */
export function formatFeeRate(feeRate: string): string {
  return `${new Decimal(feeRate).mul(100).toString()}%`;
}
