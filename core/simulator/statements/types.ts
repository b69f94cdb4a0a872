/**
 * What the channel's side recorded for one transaction: the raw material of a statement file.
 * Amounts in minor units (fen), times local 'YYYY-MM-DD HH:mm:ss'.
 */
export interface ChannelTxn {
  /** the channel's own trade number (支付宝交易号 / 微信订单号) */
  channelTradeNo: string;
  /** our order number, which the channel calls 商户订单号 */
  merchantOrderNo: string;
  kind: 'pay' | 'refund';
  /** refund request number (商户退款单号 / 退款批次号), refunds only */
  refundNo: string | null;
  createdAt: string;
  finishedAt: string;
  /** positive; a refund's amount is the amount refunded */
  amountMinor: number;
  /** the channel's fee on this line: positive on a payment, the fee returned on a refund (positive) */
  feeMinor: number;
  productName: string;
  /** payer shown to the merchant, already masked, e.g. '*津水(602***@qq.com)' */
  payerAccount: string;
  /** channel's running balance after this line, for fund bills (账务明细 / 资金账单) */
  balanceAfterMinor: number;
}

/** One line of a corporate bank statement (the customer view: debit = money out, credit = money in). */
export interface BankLine {
  /** 'YYYY-MM-DD HH:mm:ss' */
  time: string;
  summary: string;
  counterpartyName: string;
  counterpartyAccount: string;
  debitMinor: number;
  creditMinor: number;
  balanceMinor: number;
  /** bank serial / voucher number */
  serialNo: string;
  /** 用途/附言: carries our order or batch reference */
  purpose: string;
}

export interface StatementSummary {
  file: string;
  rows: number;
  /** Σ money in and Σ money out, minor units */
  creditMinor: number;
  debitMinor: number;
}
