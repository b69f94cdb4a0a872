import { rate } from '../money/index.js';
import { fail } from '../errors.js';

/** Fee rates are kept to 6 decimals (0.0001 %): finer is a typing slip, not a tariff. */
export const FEE_RATE_DECIMALS_MAX = 6;
export const FEE_RATE_MAX = '0.2';

/**
 * Read a fee rate as people write it — a percentage ("0.38%"), per mille ("3.8‰") or a plain
 * fraction ("0.0038") — and return the stored form, a plain decimal string ("0.0038"). decimal.js
 * throughout; a rate outside 0–20 % or finer than 6 decimals is refused with the reason.
 */
export function readFeeRate(text: string, what: string): string {
  const s = text.replace(/\s+/g, '');
  if (s === '') fail('BAD_INPUT', `${what}: fee rate is empty (write 0.38% or 0.0038)`);
  // digits, one point, then % or ‰ or nothing: scientific notation and signs are typing slips here
  if (!/^\d+(\.\d+)?\s*[%‰]?$/.test(s)) {
    if (/^-/.test(s)) fail('BAD_INPUT', `${what}: fee rate ${s} must be between 0 and 20%`);
    fail('BAD_INPUT', `${what}: fee rate "${text}" is not a number (write 0.38% or 0.0038)`);
  }
  let value;
  try {
    value = rate(s, 'HALF_UP').value;
  } catch {
    return fail('BAD_INPUT', `${what}: fee rate "${text}" is not a number (write 0.38% or 0.0038)`);
  }
  if (value.isNegative() || value.greaterThan(FEE_RATE_MAX)) fail('BAD_INPUT', `${what}: fee rate ${s} must be between 0 and 20%`);
  if (value.decimalPlaces() > FEE_RATE_DECIMALS_MAX) fail('BAD_INPUT', `${what}: fee rate ${s} has more than ${FEE_RATE_DECIMALS_MAX} decimals as a fraction (0.0001% is the finest step)`);
  return value.toFixed();
}
