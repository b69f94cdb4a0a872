import { Decimal } from '../money/decimal.js';
import { convert, rate } from '../money/rate.js';
import { minorExponent } from '../money/currency.js';
import { money } from '../money/money.js';
import { fail } from '../errors.js';

/**
 * The figures of a cross-border payout's foreign-currency purchase (境外收单购汇, seed 001,
 * docs/domain.md#cross-border-payouts). The merchant is charged at the rate quoted to it (520101);
 * the bank buys at the rate it deals at and debits that once. Where the dealt amount is less, the
 * rest goes back to the merchant (购汇益回补 400319); where it is more, the rest is charged as a
 * second 520101. So our entries sum to the bank's one line: the one-to-many match.
 * Both conversions round half up to the fen, the rule the bank applies to a purchase.
 */
export interface FxPurchaseAmounts {
  /** CNY at the quoted rate: the first 520101 */
  quotedMinor: number;
  /** CNY at the dealt rate: what the bank debits */
  dealtMinor: number;
  /** quoted less dealt when the bank's rate was better: 400319, back to the merchant */
  gainMinor: number;
  /** dealt less quoted when it was worse: a second 520101 */
  extraMinor: number;
}

function readRate(text: string, field: string) {
  let value: Decimal;
  try {
    value = new Decimal(text);
  } catch {
    fail('BAD_INPUT', `${field} must be a decimal number of CNY per unit, got "${text}"`, { location: { column: field } });
  }
  if (!value.isFinite() || value.lte(0)) fail('BAD_INPUT', `${field} must be a positive decimal number of CNY per unit, got "${text}"`, { location: { column: field } });
  return rate(text, 'HALF_UP');
}

export function fxPurchaseAmounts(input: { foreignMinor: number; foreignCurrency: string; quotedRate: string; dealtRate: string }): FxPurchaseAmounts {
  if (!Number.isSafeInteger(input.foreignMinor) || input.foreignMinor <= 0) fail('BAD_INPUT', 'the foreign amount must be a positive whole number of minor units');
  if (input.foreignCurrency === 'CNY') fail('BAD_INPUT', 'a foreign-currency purchase buys a currency other than CNY');
  const exponents = { from: minorExponent(input.foreignCurrency), to: minorExponent('CNY') };
  const foreign = money(input.foreignMinor, input.foreignCurrency);
  const quotedMinor = convert(foreign, readRate(input.quotedRate, 'quotedRate'), 'CNY', exponents).minor;
  const dealtMinor = convert(foreign, readRate(input.dealtRate, 'dealtRate'), 'CNY', exponents).minor;
  if (quotedMinor <= 0 || dealtMinor <= 0) fail('BAD_INPUT', 'the purchase comes to less than one fen');
  return { quotedMinor, dealtMinor, gainMinor: Math.max(0, quotedMinor - dealtMinor), extraMinor: Math.max(0, dealtMinor - quotedMinor) };
}
