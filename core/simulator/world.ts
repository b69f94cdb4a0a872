import { setSettlementTarget } from '../clearing/targets.js';
import { registerBankAccount, type BankAccountKind } from '../balances/accounts.js';
import type { Db } from '../db/index.js';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { createMerchant, type Product, type ProductTerms } from '../merchants/merchants.js';
import { requireAccount, postVouchers } from '../ledger/index.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import type { SettlementCycle } from '../db/index.js';

/** The platform's own bank accounts (银行存款 per account). */
export const SIM_BANK_ACCOUNTS = {
  settlement: { no: '1202021009000888801', bank: '中国工商银行 ICBC', name: '杭州演示支付科技有限公司' },
  payout: { no: '571908765410201', bank: '招商银行 CMB', name: '杭州演示支付科技有限公司' },
} as const;

/** Accounts the channels deliver statements for, as the channels name them. */
export const SIM_CHANNEL_ACCOUNTS = {
  alipayPid: '2088621955820835',
  wechatMchId: '1601959334',
  wechatAppId: 'wx81be3101902f7cb2',
} as const;

interface SimMerchant {
  id: string;
  name: string;
  weight: number;
  feeRate: string;
  cycle: SettlementCycle;
  days: number;
  split?: boolean;
}

/** Twelve merchants with their own fee rates and settlement cycles (S1: personalised terms). */
export const SIM_MERCHANTS: readonly SimMerchant[] = [
  { id: 'M1001', name: '杭州西湖茶叶铺', weight: 14, feeRate: '0.6%', cycle: 'D1', days: 1 },
  { id: 'M1002', name: '深圳华强数码城', weight: 12, feeRate: '0.55%', cycle: 'T1', days: 1 },
  { id: 'M1003', name: '成都春熙路火锅', weight: 11, feeRate: '0.38%', cycle: 'D0', days: 0 },
  { id: 'M1004', name: '上海静安书店', weight: 8, feeRate: '0.6%', cycle: 'D1', days: 1 },
  { id: 'M1005', name: '北京朝阳生鲜超市', weight: 13, feeRate: '0.45%', cycle: 'D1', days: 1, split: true },
  { id: 'M1006', name: '广州天河服装城', weight: 9, feeRate: '0.6%', cycle: 'Dn', days: 3 },
  { id: 'M1007', name: '南京新街口药房', weight: 6, feeRate: '0.38%', cycle: 'T1', days: 1 },
  { id: 'M1008', name: '武汉光谷外卖平台', weight: 10, feeRate: '0.5%', cycle: 'D0', days: 0, split: true },
  { id: 'M1009', name: '西安回民街小吃', weight: 5, feeRate: '0.6%', cycle: 'D1', days: 1 },
  { id: 'M1010', name: '重庆解放碑电影院', weight: 4, feeRate: '0.6%', cycle: 'D1', days: 1 },
  { id: 'M1011', name: '苏州园林文创', weight: 4, feeRate: '0.6%', cycle: 'Dn', days: 7 },
  { id: 'M1012', name: '厦门鼓浪屿民宿', weight: 4, feeRate: '0.55%', cycle: 'D1', days: 1 },
];

const PRODUCTS: Product[] = ['alipay', 'wechat', 'unionpay', 'bank_card', 'balance', 'payout'];

/**
 * Set up the simulated platform once per database: channels with their accounts, the bank
 * accounts, merchants with their products and accounts, and opening balances (paid-in capital,
 * prepaid cards sold before, merchants' balances settled before). Does nothing the second time.
 */
export function ensureWorld(db: Db, userId: number, at: string, openingDate: string): { created: boolean } {
  if (db.first(db.q.selectFrom('merchant').select('id').where('id', '=', SIM_MERCHANTS[0]!.id))) return { created: false };
  return db.tx(() => {
    seedChannels(db, DEFAULT_CHANNELS, 'CNY', at);
    const register = (b: (typeof SIM_BANK_ACCOUNTS)[keyof typeof SIM_BANK_ACCOUNTS], kind: BankAccountKind) =>
      ({ id: registerBankAccount(db, { accountNo: b.no, bankName: b.bank, accountName: b.name, currency: 'CNY', kind }, at, userId).ledgerAccountId });
    const bank = register(SIM_BANK_ACCOUNTS.settlement, 'settlement');
    // customers' money: every payout is paid from the reserve (备付金, seed 000)
    const payoutBank = register(SIM_BANK_ACCOUNTS.payout, 'reserve');
    // The banks pay gateway receipts and payouts gross and bill their fees later (accrued).
    setSettlementTarget(db, { channel: 'bank_b2c', currency: 'CNY', accountId: bank.id, feeMode: 'accrued' });
    setSettlementTarget(db, { channel: 'bank_payout', currency: 'CNY', accountId: payoutBank.id, feeMode: 'accrued' });
    for (const m of SIM_MERCHANTS) {
      const products: ProductTerms[] = [...PRODUCTS, ...(m.split ? (['split'] as Product[]) : [])].map((product) => ({
        product, feeRate: m.feeRate, feeRounding: 'HALF_UP', settlementCycle: m.cycle, settlementDays: m.days,
      }));
      createMerchant(db, {
        id: m.id, name: m.name, customer: { id: `CUST-${m.id}`, name: m.name, kind: 'company' },
        signKey: `sim-key-${m.id}-7f3a9c21e4b8`, currency: 'CNY', products,
      }, at);
    }
    const capital = requireAccount(db, { ownerKind: 'internal', purpose: 'capital', ownerRef: null, currency: 'CNY' });
    const prepaid = requireAccount(db, { ownerKind: 'internal', purpose: 'prepaid_balance', ownerRef: null, currency: 'CNY' });
    const lines = [
      { accountId: bank.id, direction: 'D' as const, amountMinor: 1_000_000_000 },
      { accountId: payoutBank.id, direction: 'D' as const, amountMinor: 500_000_000 },
      { accountId: capital.id, direction: 'C' as const, amountMinor: 1_500_000_000 },
    ];
    const merchantOpening = SIM_MERCHANTS.map((m) => ({
      accountId: requireAccount(db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: m.id, currency: 'CNY' }).id,
      direction: 'C' as const,
      amountMinor: 5_000_000,
    }));
    postVouchers({ db, userId, at }, [
      { accountingDate: openingDate, businessCode: BUSINESS_CODES.CAPITAL, summary: '注册资本 Paid-in capital', lines },
      {
        accountingDate: openingDate, businessCode: BUSINESS_CODES.PREPAID_SALE, summary: '预付卡售卡 Prepaid cards sold',
        lines: [{ accountId: bank.id, direction: 'D', amountMinor: 200_000_000 }, { accountId: prepaid.id, direction: 'C', amountMinor: 200_000_000 }],
      },
      {
        accountingDate: openingDate, businessCode: BUSINESS_CODES.CAPITAL, summary: '商户期初余额 Merchant opening balances',
        lines: [{ accountId: bank.id, direction: 'D', amountMinor: merchantOpening.reduce((s, l) => s + l.amountMinor, 0) }, ...merchantOpening],
      },
    ]);
    return { created: true };
  });
}
