import { Decimal, ROUNDING, type RoundingRule } from './decimal.js';
import { money, type Money } from './money.js';
import type { Currency } from './currency.js';

/** A rate (fee rate, FX rate) with the rounding rule that applies whenever it turns money into money. */
export interface Rate {
  readonly value: Decimal;
  readonly rounding: RoundingRule;
}

/**
 * rate("0.006", "HALF_UP"), rate("0.6%", "HALF_UP"), rate("6‰", "HALF_UP").
 * Strings only: a JS number like 0.1 + 0.2 would already carry float error.
 */
export function rate(text: string, rounding: RoundingRule): Rate {
  const s = text.trim();
  let value: Decimal;
  try {
    if (s.endsWith('%')) value = new Decimal(s.slice(0, -1)).div(100);
    else if (s.endsWith('‰')) value = new Decimal(s.slice(0, -1)).div(1000);
    else value = new Decimal(s);
  } catch {
    throw new RangeError(`cannot read rate "${text}"`);
  }
  if (!value.isFinite()) throw new RangeError(`cannot read rate "${text}"`);
  return { value, rounding };
}

export function rateToString(r: Rate): string {
  return r.value.toString();
}

/** amount × rate, rounded to a whole minor unit by the rate's own rule. */
export function applyRate(amount: Money, r: Rate): Money {
  const product = new Decimal(amount.minor).mul(r.value).toDecimalPlaces(0, ROUNDING[r.rounding]);
  return money(product.toNumber(), amount.currency);
}

/** Convert into another currency; `r` is units of `to` per unit of `amount.currency`, in major units. */
export function convert(amount: Money, r: Rate, to: Currency, exponents: { from: number; to: number }): Money {
  const major = new Decimal(amount.minor).div(new Decimal(10).pow(exponents.from));
  const minor = major.mul(r.value).mul(new Decimal(10).pow(exponents.to)).toDecimalPlaces(0, ROUNDING[r.rounding]);
  return money(minor.toNumber(), to);
}
