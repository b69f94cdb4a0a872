import { applyRate, money, rate } from '../money/index.js';
import type { Channel } from './types.js';

/** Freeze the shared defaults so a caller's edit can never leak into every later route. */
function frozen(channel: Channel): Channel {
  Object.freeze(channel.methods);
  Object.freeze(channel.currencies);
  Object.freeze(channel.cardTypes);
  return Object.freeze(channel);
}

/**
 * The six channels with realistic terms. Amounts are fen: 5_000_000 = 50,000.00 CNY.
 * Limits and quality figures are the starting point the simulator moves (see quality.ts).
 */
export const DEFAULT_CHANNELS: readonly Channel[] = Object.freeze([
  frozen({
    code: 'alipay', name: '支付宝', nameEn: 'Alipay', kind: 'wallet',
    methods: ['alipay'], currencies: ['CNY'], cardTypes: [],
    feeRate: '0.0038', feeRounding: 'HALF_UP',
    singleMaxMinor: 5_000_000, dailyMaxMinor: 50_000_000_000,
    cutoff: '00:00', openFrom: null, openTo: null,
    // Alipay takes refunds for a year, longer than the 90/180 days banks allow
    refundWindowDays: 365,
    status: 'up', successRateBp: 9950, latencyMs: 350,
  }),
  frozen({
    code: 'wechat', name: '微信支付', nameEn: 'WeChat Pay', kind: 'wallet',
    methods: ['wechat'], currencies: ['CNY'], cardTypes: [],
    feeRate: '0.0038', feeRounding: 'HALF_UP',
    singleMaxMinor: 5_000_000, dailyMaxMinor: 50_000_000_000,
    cutoff: '00:00', openFrom: null, openTo: null,
    refundWindowDays: 365,
    status: 'up', successRateBp: 9930, latencyMs: 400,
  }),
  frozen({
    code: 'unionpay', name: '银联', nameEn: 'UnionPay', kind: 'card',
    methods: ['unionpay', 'bank_card'], currencies: ['CNY'], cardTypes: ['debit', 'credit'],
    feeRate: '0.0055', feeRounding: 'HALF_UP',
    singleMaxMinor: 2_000_000, dailyMaxMinor: 20_000_000_000,
    // UnionPay cuts its day at 23:00: payments after 23:00 settle on the next channel day
    cutoff: '23:00', openFrom: null, openTo: null,
    refundWindowDays: 180,
    status: 'up', successRateBp: 9800, latencyMs: 600,
  }),
  frozen({
    code: 'bank_b2c', name: '网银支付', nameEn: 'Bank B2C gateway', kind: 'bank',
    methods: ['bank_card'], currencies: ['CNY'], cardTypes: ['debit'],
    feeRate: '0.0025', feeRounding: 'HALF_UP',
    singleMaxMinor: 10_000_000, dailyMaxMinor: 20_000_000_000,
    // the bank's batch runs across its day cut, so the gateway is closed 23:30–00:30
    cutoff: '23:30', openFrom: '00:30', openTo: '23:30',
    refundWindowDays: 90,
    // a direct bank connection (银企直连): as reliable as UnionPay for debit cards and a little
    // quicker, so the router sends it most debit-card payments while it is open and healthy
    status: 'up', successRateBp: 9790, latencyMs: 550,
  }),
  frozen({
    code: 'bank_payout', name: '银行代付', nameEn: 'Bank payout', kind: 'payout',
    // no payer methods: it executes payouts, and refunds past a channel's refund window
    methods: [], currencies: ['CNY'], cardTypes: [],
    feeRate: '0.0010', feeRounding: 'HALF_UP',
    singleMaxMinor: 50_000_000, dailyMaxMinor: 5_000_000_000,
    cutoff: '17:00', openFrom: null, openTo: null,
    refundWindowDays: 0,
    status: 'up', successRateBp: 9900, latencyMs: 1500,
  }),
  frozen({
    code: 'balance', name: '余额支付', nameEn: 'Prepaid balance', kind: 'internal',
    methods: ['balance'], currencies: ['CNY'], cardTypes: [],
    feeRate: '0', feeRounding: 'HALF_UP',
    singleMaxMinor: 100_000_000, dailyMaxMinor: 10_000_000_000,
    cutoff: '00:00', openFrom: null, openTo: null,
    // our own ledger: a refund back to balance is always possible; a year matches the wallets
    refundWindowDays: 365,
    status: 'up', successRateBp: 10000, latencyMs: 20,
  }),
]);

/** The channel with this code; throws for a code that is not in the list. */
export function channelByCode(code: string, channels: readonly Channel[] = DEFAULT_CHANNELS): Channel {
  const found = channels.find((c) => c.code === code);
  if (!found) throw new RangeError(`unknown channel "${code}"`);
  return found;
}

/** The channel's fee on an amount, in minor units, rounded by the channel's own rule (0.38% of 12,345 fen = 47 fen). */
// One Rate per distinct (fee rate, rounding): parsing a rate per payment would dominate a day's fee work.
const rates = new Map<string, ReturnType<typeof rate>>();

export function channelFee(channel: Channel, amountMinor: number): number {
  const key = `${channel.feeRate}|${channel.feeRounding}`;
  let r = rates.get(key);
  if (!r) rates.set(key, (r = rate(channel.feeRate, channel.feeRounding)));
  // currency only labels the Money; the fee is in the amount's own minor units
  return applyRate(money(amountMinor, channel.currencies[0] ?? 'CNY'), r).minor;
}
