import { ledgerFixture, AT, type LedgerFixture } from './ledger-fixture.js';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { createMerchant, type ProductTerms } from '../merchants/merchants.js';
import { PaymentEngine } from '../orders/engine.js';
import type { RiskRule } from '../risk/rules.js';
import { acceptingGateway, type Gateway } from '../orders/gateway.js';

export const ALL_METHODS: ProductTerms['product'][] = ['alipay', 'wechat', 'unionpay', 'bank_card', 'balance'];

export function terms(feeRate: string, products: ProductTerms['product'][] = [...ALL_METHODS, 'split']): ProductTerms[] {
  return products.map((product) => ({ product, feeRate, feeRounding: 'HALF_UP', settlementCycle: 'D1', settlementDays: 1 }));
}

export interface PaymentsFixture extends LedgerFixture {
  engine(gateway?: Gateway, riskRules?: readonly RiskRule[]): PaymentEngine;
}

/** A ledger with the default channels and merchants with the given ids, all at the given fee rate. */
export function paymentsFixture(merchantIds: string[] = ['A', 'B', 'C', 'D', 'E'], feeRate = '0.6%'): PaymentsFixture {
  const f = ledgerFixture();
  seedChannels(f.db, DEFAULT_CHANNELS, 'CNY', AT);
  for (const id of merchantIds) {
    createMerchant(f.db, {
      id, name: `商户${id}`, customer: { id: `C-${id}`, name: `客户${id}`, kind: 'company' },
      signKey: `key-${id}-0123456789abcdef`, currency: 'CNY', products: terms(feeRate),
    }, AT);
  }
  return { ...f, engine: (gateway = acceptingGateway, riskRules) => new PaymentEngine(f.db, gateway, f.post, { riskRules }) };
}
