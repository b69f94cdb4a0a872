/** ISO 4217 minor-unit exponents for the currencies a Chinese payment back office meets. */
const MINOR_UNIT_EXPONENTS: Record<string, number> = {
  CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, CAD: 2, CHF: 2, MOP: 2, TWD: 2,
  PLN: 2, HUF: 2, SEK: 2, NOK: 2, DKK: 2, CZK: 2, NZD: 2, THB: 2, MYR: 2,
  JPY: 0, KRW: 0,
};

export type Currency = string;

export function minorExponent(currency: Currency): number {
  const exponent = MINOR_UNIT_EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`unknown currency "${currency}"`);
  return exponent;
}

export function isKnownCurrency(currency: string): boolean {
  return currency in MINOR_UNIT_EXPONENTS;
}
