import type { Db, SettlementCycle } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isRoundingRule, type RoundingRule } from '../money/index.js';
import { readFeeRate } from '../channels/fee-rate.js';
import { getMerchant, PRODUCTS, type Merchant, type Product } from './merchants.js';

export interface ProductTermsChange {
  merchantId: string;
  product: Product;
  /** "0.6%" or "0.006" */
  feeRate?: string;
  feeRounding?: RoundingRule;
  settlementCycle?: SettlementCycle;
  /** days for Dn (2 or more); D0 is 0, D1 and T1 are 1 */
  settlementDays?: number;
  status?: 'open' | 'closed';
}

const CYCLE_DAYS: Record<Exclude<SettlementCycle, 'Dn'>, number> = { D0: 0, D1: 1, T1: 1 };

/**
 * Change one product's terms for a merchant (S1: personalised fee rates and cycles). A new fee rate
 * applies to payments from now on; orders already booked keep the fee they were charged. A new cycle
 * applies to every order not yet settled, since settlement reads the cycle when it runs. Audited with
 * the fields before and after.
 */
export function updateProductTerms(db: Db, change: ProductTermsChange, user: { id: number }, at: string): Merchant {
  if (!PRODUCTS.includes(change.product)) fail('BAD_INPUT', `unknown product "${change.product}"`);
  const merchant = getMerchant(db, change.merchantId);
  const before = merchant.products.find((p) => p.product === change.product)
    ?? fail('NOT_FOUND', `merchant ${change.merchantId} has no product "${change.product}"`);
  const what = `merchant ${change.merchantId} ${change.product}`;
  const next = { ...before };
  if (change.feeRate !== undefined) next.feeRate = readFeeRate(change.feeRate, what);
  if (change.feeRounding !== undefined) {
    if (!isRoundingRule(change.feeRounding)) fail('BAD_INPUT', `${what}: unknown rounding rule "${String(change.feeRounding)}"`);
    next.feeRounding = change.feeRounding;
  }
  if (change.settlementCycle !== undefined) {
    if (!['D0', 'D1', 'T1', 'Dn'].includes(change.settlementCycle)) fail('BAD_INPUT', `${what}: settlement cycle must be D0, D1, T1 or Dn`);
    next.settlementCycle = change.settlementCycle;
  }
  // cycle rules are checked when the cycle or its days change; terms set before them stand
  if (change.settlementCycle === undefined && change.settlementDays === undefined) {
    // nothing to check
  } else if (next.settlementCycle === 'Dn') {
    const days = change.settlementDays ?? next.settlementDays;
    if (!Number.isInteger(days) || days < 2 || days > 90) fail('BAD_INPUT', `${what}: Dn needs a number of days from 2 to 90 (D0 and D1 have their own cycles), got ${days}`);
    next.settlementDays = days;
  } else {
    const fixed = CYCLE_DAYS[next.settlementCycle];
    if (change.settlementDays !== undefined && change.settlementDays !== fixed) {
      fail('BAD_INPUT', `${what}: ${next.settlementCycle} settles after ${fixed} day(s); choose Dn for ${change.settlementDays} days`);
    }
    next.settlementDays = fixed;
  }
  if (change.status !== undefined) {
    if (change.status !== 'open' && change.status !== 'closed') fail('BAD_INPUT', `${what}: status must be open or closed`);
    next.status = change.status;
  }
  const fields = ['feeRate', 'feeRounding', 'settlementCycle', 'settlementDays', 'status'] as const;
  const changed = fields.filter((f) => next[f] !== before[f]);
  if (changed.length === 0) return merchant;
  return db.tx(() => {
    db.run(db.q.updateTable('merchant_product').set({
      fee_rate: next.feeRate, fee_rounding: next.feeRounding, settlement_cycle: next.settlementCycle, settlement_days: next.settlementDays, status: next.status,
    }).where('merchant_id', '=', change.merchantId).where('product', '=', change.product));
    appendAudit(db, {
      at, userId: user.id, action: 'merchant.product.update', entity: 'merchant_product', entityId: `${change.merchantId}/${change.product}`,
      detail: { before: Object.fromEntries(changed.map((f) => [f, before[f]])), after: Object.fromEntries(changed.map((f) => [f, next[f]])) },
    });
    return getMerchant(db, change.merchantId);
  });
}
