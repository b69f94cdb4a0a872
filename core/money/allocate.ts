import { Decimal, ROUNDING, type RoundingRule } from './decimal.js';
import { money, type Money } from './money.js';

/**
 * Split `amount` into parts proportional to `weights` that sum to it exactly, to the minor unit
 * (split payments 分账, combined payments). Largest-remainder method: every part gets the floor of
 * its exact share, then the left-over minor units go one each to the largest remainders (earlier
 * part first on a tie), so the result is deterministic.
 */
export function allocate(amount: Money, weights: readonly (string | number)[]): Money[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  const w = weights.map((x) => {
    if (typeof x === 'number' && !Number.isInteger(x)) throw new RangeError('fractional weights must be given as strings');
    const d = new Decimal(x);
    if (d.isNegative() || !d.isFinite()) throw new RangeError(`weight ${x} must be zero or positive`);
    return d;
  });
  const total = w.reduce((a, b) => a.plus(b), new Decimal(0));
  if (total.isZero()) throw new RangeError('weights sum to zero');

  const sign = amount.minor < 0 ? -1 : 1;
  const magnitude = new Decimal(Math.abs(amount.minor));
  const exact = w.map((wi) => magnitude.mul(wi).div(total));
  const floors = exact.map((e) => e.floor());
  let left = magnitude.minus(floors.reduce((a, b) => a.plus(b), new Decimal(0))).toNumber();
  const order = exact
    .map((e, i) => ({ i, remainder: e.minus(floors[i]!) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.i - b.i);
  const parts = floors.map((f) => f.toNumber());
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length]!.i]! += 1;
  return parts.map((p) => money(sign * p, amount.currency));
}

/**
 * The part of `total` that belongs to `part` out of `whole`, computed cumulatively so that a
 * sequence of partial refunds returns exactly the whole fee once the whole amount is refunded:
 * this refund's share = round(total × (before + now) / whole) − round(total × before / whole).
 */
export function proportionalShare(args: {
  total: Money;
  whole: Money;
  before: Money;
  now: Money;
  rounding: RoundingRule;
}): Money {
  const { total, whole, before, now, rounding } = args;
  if (whole.minor <= 0) throw new RangeError('whole must be positive');
  if (before.minor < 0 || now.minor < 0) throw new RangeError('parts must not be negative');
  if (before.minor + now.minor > whole.minor) throw new RangeError('parts exceed the whole');
  const shareOf = (part: number): number =>
    new Decimal(total.minor).mul(part).div(whole.minor).toDecimalPlaces(0, ROUNDING[rounding]).toNumber();
  return money(shareOf(before.minor + now.minor) - shareOf(before.minor), total.currency);
}
