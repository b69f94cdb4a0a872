/** ISO 4217 minor-unit exponents: core/shared/rules.ts, so the desk formats amounts with the same table. */
import { MINOR_UNIT_EXPONENTS } from '../shared/rules.js';

export type Currency = string;

export function minorExponent(currency: Currency): number {
  const exponent = MINOR_UNIT_EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`unknown currency "${currency}"`);
  return exponent;
}

export function isKnownCurrency(currency: string): boolean {
  return currency in MINOR_UNIT_EXPONENTS;
}
