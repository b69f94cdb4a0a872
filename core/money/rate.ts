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

/** A rate as an exact fraction numerator / 10^scale, when it has few enough decimals for BigInt work. */
const fractions = new WeakMap<Rate, { numerator: bigint; scale: bigint } | null>();

function fractionOf(r: Rate): { numerator: bigint; scale: bigint } | null {
  let f = fractions.get(r);
  if (f === undefined) {
    const places = r.value.decimalPlaces();
    f = places <= 12 ? { numerator: BigInt(r.value.mul(new Decimal(10).pow(places)).toFixed(0)), scale: 10n ** BigInt(places) } : null;
    fractions.set(r, f);
  }
  return f;
}

/** Integer division of n by d (d > 0) rounded by `rule`: exact, no float. */
function divideRounded(n: bigint, d: bigint, rule: RoundingRule): bigint {
  const q = n / d; // truncates toward zero
  const rem = n % d;
  if (rem === 0n) return q;
  const negative = n < 0n;
  const away = negative ? q - 1n : q + 1n;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  switch (rule) {
    case 'DOWN':
      return q;
    case 'UP':
      return away;
    case 'FLOOR':
      return negative ? away : q;
    case 'CEIL':
      return negative ? q : away;
    case 'HALF_UP':
      return twice >= d ? away : q;
    case 'HALF_EVEN':
      return twice > d || (twice === d && q % 2n !== 0n) ? away : q;
  }
}

/**
 * amount × rate, rounded to a whole minor unit by the rate's own rule. Exact BigInt arithmetic for
 * rates of up to 12 decimals (every fee rate in practice; a day computes millions of fees), decimal.js
 * otherwise.
 */
export function applyRate(amount: Money, r: Rate): Money {
  const f = fractionOf(r);
  if (f) return money(Number(divideRounded(BigInt(amount.minor) * f.numerator, f.scale, r.rounding)), amount.currency);
  const product = new Decimal(amount.minor).mul(r.value).toDecimalPlaces(0, ROUNDING[r.rounding]);
  return money(product.toNumber(), amount.currency);
}

/** Convert into another currency; `r` is units of `to` per unit of `amount.currency`, in major units. */
export function convert(amount: Money, r: Rate, to: Currency, exponents: { from: number; to: number }): Money {
  const major = new Decimal(amount.minor).div(new Decimal(10).pow(exponents.from));
  const minor = major.mul(r.value).mul(new Decimal(10).pow(exponents.to)).toDecimalPlaces(0, ROUNDING[r.rounding]);
  return money(minor.toNumber(), to);
}
