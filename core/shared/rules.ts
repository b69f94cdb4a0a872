// The rules the desk shows as the core enforces them, defined once. This file imports nothing, so the
// renderer imports these values instead of keeping copies (renderer/one-definition.test.ts fails on
// a copy); the core's own modules re-export them where they belong.

/** Who a user is to the books: 操作员 maker, 复核员 checker, 管理员, 培训师. */
export const ROLES = ['operator', 'reviewer', 'admin', 'trainer'] as const;
export type Role = (typeof ROLES)[number];

/** The channels a payment can execute on, as the CLI and every file name them. */
export const CHANNEL_CODES = ['alipay', 'wechat', 'unionpay', 'bank_b2c', 'bank_payout', 'balance'] as const;
export type ChannelCode = (typeof CHANNEL_CODES)[number];

/** What the payer chose at the cashier; the router picks the channel that executes it. */
export const PAY_METHODS = ['alipay', 'wechat', 'unionpay', 'bank_card', 'balance'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/** Where reconciliation puts every entry and line: exactly one of these (docs/domain.md#reconciliation). */
export const OUTCOMES = ['matched', 'amountMismatch', 'bankExtra', 'platformExtra', 'offset', 'timing', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** States in which a clearing flow may be corrected or deleted; a duplicate line too, since deleting it is its fix. */
export const CLEARING_EDITABLE_STATES = ['initial', 'amountMismatch', 'bankExtra', 'matched', 'duplicate'] as const;

/** What the error strategy table (差错处理策略) does with a mismatch: 补单, 退款, 挂账, by hand, or wait a day. */
export const STRATEGY_ACTIONS = ['supplement', 'refund', 'hang_up', 'manual', 'wait'] as const;
export type StrategyAction = (typeof STRATEGY_ACTIONS)[number];

/** Rounding rules a fee rate may name (decimal.js modes); HALF_UP (四舍五入) is the default. */
export const ROUNDING_MODES = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP', 'FLOOR', 'CEIL'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** The bank statement formats a column-mapping profile (导入模板) may name: a CSV, an .xlsx, an old-style .xls. */
export const PROFILE_FORMATS = ['bank-csv', 'bank-xlsx', 'bank-xls'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];

/** The bank statement fields a user may map to a header by hand (the import's column mapping). */
export const BANK_MAPPABLE_FIELDS = ['date', 'time', 'debit', 'credit', 'amount', 'direction', 'balance', 'counterparty', 'reference', 'channelRef'] as const;
export type BankMappableField = (typeof BANK_MAPPABLE_FIELDS)[number];

/** ISO 4217 minor-unit exponents for the currencies a Chinese payment back office meets. */
export const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, SGD: 2, AUD: 2, CAD: 2, CHF: 2, MOP: 2, TWD: 2,
  PLN: 2, HUF: 2, SEK: 2, NOK: 2, DKK: 2, CZK: 2, NZD: 2, THB: 2, MYR: 2,
  JPY: 0, KRW: 0,
};

/** Order states a refund may start from (docs/domain.md#refunds). */
export const REFUNDABLE_STATUSES: readonly string[] = ['succeeded', 'partially_refunded'];
/** Order states a compensation above the original may start from: a fully refunded payment too. */
export const COMPENSABLE_STATUSES: readonly string[] = ['succeeded', 'partially_refunded', 'refunded'];
