import type { Db, SettlementCycle } from '../db/index.js';
import { fail } from '../errors.js';
import { isRoundingRule, rate, type Rate, type RoundingRule } from '../money/index.js';
import { openMerchantAccounts } from '../ledger/accounts.js';

/** Products a merchant can open: the payer methods, plus split payments and payouts. */
export const PRODUCTS = ['alipay', 'wechat', 'unionpay', 'bank_card', 'balance', 'split', 'payout'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface ProductTerms {
  product: Product;
  /** merchant fee rate, decimal string ('0.006') or percent ('0.6%') */
  feeRate: string;
  feeRounding: RoundingRule;
  settlementCycle: SettlementCycle;
  /** days for Dn; 0 for D0, 1 for D1/T1 */
  settlementDays: number;
}

export interface MerchantInput {
  id: string;
  name: string;
  /** the customer behind the merchant (客户); created when new */
  customer: { id: string; name: string; kind: 'company' | 'person' };
  signKey: string;
  currency: string;
  products: ProductTerms[];
}

export interface Merchant {
  id: string;
  name: string;
  customerId: string;
  status: 'active' | 'suspended';
  products: (ProductTerms & { status: 'open' | 'closed' })[];
}

/** Create a merchant: its customer, its products with their own fee rate and cycle, and its ledger accounts from the template. */
export function createMerchant(db: Db, input: MerchantInput, at: string): Merchant {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(input.id)) fail('BAD_INPUT', `merchant id "${input.id}" must be 1–32 letters, digits, "_" or "-"`);
  if (input.signKey.length < 16) fail('BAD_INPUT', 'a merchant signing key needs at least 16 characters');
  if (db.first(db.q.selectFrom('merchant').select('id').where('id', '=', input.id))) fail('CONFLICT', `merchant ${input.id} already exists`);
  for (const p of input.products) {
    if (!PRODUCTS.includes(p.product)) fail('BAD_INPUT', `unknown product "${p.product}"`);
    if (!isRoundingRule(p.feeRounding)) fail('BAD_INPUT', `unknown rounding rule "${p.feeRounding}"`);
    let r: Rate;
    try {
      r = rate(p.feeRate, p.feeRounding);
    } catch {
      return fail('BAD_INPUT', `fee rate "${p.feeRate}" of ${p.product} is not a number`);
    }
    if (r.value.isNegative() || r.value.greaterThan(0.2)) fail('BAD_INPUT', `fee rate ${p.feeRate} of ${p.product} must be between 0 and 20%`);
    if (p.settlementDays < 0 || !Number.isInteger(p.settlementDays)) fail('BAD_INPUT', 'settlement days must be a whole number ≥ 0');
  }
  return db.tx(() => {
    if (!db.first(db.q.selectFrom('customer').select('id').where('id', '=', input.customer.id))) {
      db.run(db.q.insertInto('customer').values({ id: input.customer.id, name: input.customer.name, kind: input.customer.kind, created_at: at }));
    }
    db.run(db.q.insertInto('merchant').values({ id: input.id, customer_id: input.customer.id, name: input.name, sign_key: input.signKey, status: 'active', created_at: at }));
    for (const p of input.products) {
      db.run(db.q.insertInto('merchant_product').values({
        merchant_id: input.id, product: p.product, fee_rate: rate(p.feeRate, p.feeRounding).value.toString(), fee_rounding: p.feeRounding,
        settlement_cycle: p.settlementCycle, settlement_days: p.settlementDays, status: 'open',
      }));
    }
    openMerchantAccounts(db, input.id, input.name, input.currency, at);
    return getMerchant(db, input.id);
  });
}

export function getMerchant(db: Db, id: string): Merchant {
  const m = db.first(db.q.selectFrom('merchant').selectAll().where('id', '=', id)) ?? fail('NOT_FOUND', `no merchant ${id}`);
  const products = db.all(db.q.selectFrom('merchant_product').selectAll().where('merchant_id', '=', id).orderBy('product')).map((p) => ({
    product: p.product as Product, feeRate: p.fee_rate, feeRounding: p.fee_rounding as RoundingRule,
    settlementCycle: p.settlement_cycle, settlementDays: p.settlement_days, status: p.status,
  }));
  return { id: m.id, name: m.name, customerId: m.customer_id, status: m.status, products };
}

export function listMerchants(db: Db): Merchant[] {
  return db.all(db.q.selectFrom('merchant').select('id').orderBy('id')).map((m) => getMerchant(db, m.id));
}

/** The merchant's terms for a product (CRM check, S0): the merchant must exist, be active, and have the product open. */
export function productTerms(db: Db, merchantId: string, product: Product): { feeRate: Rate; terms: ProductTerms; signKey: string } {
  const m = db.first(db.q.selectFrom('merchant').selectAll().where('id', '=', merchantId)) ?? fail('NOT_FOUND', `no merchant ${merchantId}`);
  if (m.status !== 'active') fail('FORBIDDEN', `merchant ${merchantId} is suspended`);
  const p = db.first(db.q.selectFrom('merchant_product').selectAll().where('merchant_id', '=', merchantId).where('product', '=', product));
  if (!p || p.status !== 'open') fail('FORBIDDEN', `merchant ${merchantId} has not opened the product "${product}"`);
  const rounding = p.fee_rounding as RoundingRule;
  return {
    feeRate: rate(p.fee_rate, rounding),
    terms: { product, feeRate: p.fee_rate, feeRounding: rounding, settlementCycle: p.settlement_cycle, settlementDays: p.settlement_days },
    signKey: m.sign_key,
  };
}
