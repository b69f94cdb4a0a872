/**
 * 业务代码: every voucher and entry flow carries one, so reconciliation can match by
 * (channel + business code + order no + amount) and offsets can pair opposite codes.
 * The 4xxxxx/5xxxxx/7001xx codes follow the seed documents (S1); the rest are ours.
 */
export const BUSINESS_CODES = {
  CAPITAL: '100001', // 注册资本/初始资金 capital and opening funds
  PREPAID_SALE: '200101', // 预付卡售卡 prepaid card sold (card balance funded)
  CLEARING: '300101', // 渠道清算 channel clearing
  CHANNEL_WITHDRAWAL: '300201', // 渠道提现 a channel pays its balance out to the settlement bank (ours)
  PAY: '400301', // 支付收款 payment received through a channel
  PAY_BALANCE: '400302', // 余额支付 payment from a prepaid balance
  REFUND: '410401', // 原路退款 refund by the original route
  REFUND_PAYOUT: '410402', // 代付退款 refund through the payout channel (past the channel's refund window)
  REFUND_BALANCE: '410403', // 余额退款 refund to a prepaid balance
  COMPENSATION: '410501', // 超额赔付 the part of a refund above the original, paid through the payout channel (ours)
  WITHDRAW: '500401', // 提现/代付 withdrawal or payout
  WITHDRAW_REFILL: '500402', // 提现失败退回 withdrawal failed and refilled (offsets 500401)
  FX_PURCHASE: '520101', // 境外收单购汇扣款 foreign-currency purchase for a cross-border payout, deducted from the merchant
  FX_GAIN_REFILL: '400319', // 购汇益回补 the part of a foreign-currency purchase the bank's rate left over, put back
  SETTLE: '600101', // 商户结算 merchant settlement (pending → available)
  SUSPENSE_INCOME: '700107', // 未确认收款: a suspense income hang-up entered by hand (待查收入挂账)
  SUSPENSE_EXPENSE: '700108', // 未确认支出款: a suspense expense hang-up entered by hand (待查支出挂账)
  SUSPENSE_WRITE_OFF: '700201', // 待查销账 write-off of a suspense card (ours)
  INTERNAL_POSTING: '800101', // 内部账户登账 internal account posting (ours)
  CHANNEL_FEE_ACCRUAL: '300102', // 渠道手续费计提 channel fee accrued, paid to the bank later (ours)
} as const;

export type BusinessCode = (typeof BUSINESS_CODES)[keyof typeof BUSINESS_CODES];

/**
 * Entry flows that never pass through a channel receivable, so clearing leaves them alone: suspense
 * hang-ups (7001xx) and channel withdrawals, which move money the ledger already holds. SQL over `e`.
 */
export const OFF_RECEIVABLE_SQL = `e.business_code NOT LIKE '7001%' AND e.business_code <> '${BUSINESS_CODES.CHANNEL_WITHDRAWAL}'`;

/** Codes that cancel each other in an internal offset (勾销): forward → reverse. */
export const OFFSET_PAIRS: readonly [string, string][] = [[BUSINESS_CODES.WITHDRAW, BUSINESS_CODES.WITHDRAW_REFILL]];

/**
 * How entry flows of a business code meet statement lines (seed 001, docs/domain.md#reconciliation).
 * Every code not listed is one-to-one: one entry, one line, and a key (order number, direction,
 * amount) repeated among our entries fails the run.
 */
/** many-to-many (充退): a key may repeat on both sides; first come, first matched. */
export const MANY_TO_MANY_CODES: readonly string[] = [BUSINESS_CODES.REFUND, BUSINESS_CODES.REFUND_PAYOUT, BUSINESS_CODES.REFUND_BALANCE];
/** one-to-many (境外收单): two 520101 summed, or 520101 less 400319, against the bank's one line. */
export const ONE_TO_MANY_CODES: readonly string[] = [BUSINESS_CODES.FX_PURCHASE, BUSINESS_CODES.FX_GAIN_REFILL];
