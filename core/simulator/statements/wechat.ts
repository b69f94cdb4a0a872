import { yuan, plainCell } from './cells.js';
import { digitsOf } from './dates.js';
import { encodeUtf8, withLineFile } from './lineFile.js';
import { checkChannelTxn } from './txnCheck.js';
import type { ChannelTxn, StatementSummary } from './types.js';

export interface WechatBillHeader {
  /** 公众账号ID, e.g. 'wx81be3101902f7cb2' */
  appId: string;
  /** 商户号 */
  mchId: string;
  /** 费率 as WeChat prints it, e.g. '0.38%' */
  feeRatePercent: string;
}

export const WECHAT_ALL_BILL_COLUMNS = [
  '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型',
  '交易状态', '付款银行', '货币种类', '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额',
  '充值券退款金额', '退款类型', '退款状态', '商品名称', '商户数据包', '手续费', '费率', '订单金额', '申请退款金额',
  '费率备注',
] as const;

export const WECHAT_ALL_SUMMARY_COLUMNS = [
  '总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额',
] as const;

/** 手续费 is printed to 5 decimals (`0.05940`); fen are whole, so the extra digits are zeros. */
export function wechatFee(minor: number): string {
  return yuan(minor) + '000';
}

/** Every data and summary value carries a leading backtick so Excel keeps it as text. */
const backticked = (values: readonly string[]) => values.map((value) => '`' + value).join(',');

/** 微信退款单号: deterministic and unique within the file (WeChat's own start with 50). */
function wechatRefundId(txn: ChannelTxn, sequence: number): string {
  return '503' + digitsOf(txn.finishedAt) + String(sequence).padStart(12, '0');
}

export function wechatAllBillRow(header: WechatBillHeader, txn: ChannelTxn, sequence: number): string {
  const refund = txn.kind === 'refund';
  return backticked([
    txn.finishedAt, // the bill of the day the row happened: a refund sits on its refund day
    plainCell(header.appId),
    plainCell(header.mchId),
    '0', // 特约商户号: 0 for a direct merchant
    '', // 设备号
    plainCell(txn.channelTradeNo),
    plainCell(txn.merchantOrderNo),
    plainCell(txn.payerAccount), // 用户标识
    'NATIVE',
    refund ? 'REFUND' : 'SUCCESS',
    'OTHERS', // 付款银行
    'CNY',
    refund ? '0.00' : yuan(txn.amountMinor), // 应结订单金额
    '0.00', // 代金券金额
    refund ? wechatRefundId(txn, sequence) : '0',
    refund ? plainCell(txn.refundNo ?? '') : '0',
    refund ? yuan(txn.amountMinor) : '0.00', // 退款金额
    '0.00', // 充值券退款金额
    refund ? 'ORIGINAL' : '',
    refund ? 'SUCCESS' : '',
    plainCell(txn.productName),
    '', // 商户数据包
    wechatFee(refund ? -txn.feeMinor : txn.feeMinor),
    plainCell(header.feeRatePercent),
    refund ? '0.00' : yuan(txn.amountMinor), // 订单金额
    refund ? yuan(txn.amountMinor) : '0.00', // 申请退款金额
    '', // 费率备注
  ]);
}

/**
 * 交易账单 bill_type=ALL: UTF-8, CRLF, header without backticks, every value backticked, then the
 * 总交易单数 summary. Streams to disk. Summary: credit = 应结订单总金额, debit = 退款总金额 (fees not in them).
 */
export async function writeWechatAllBill(
  file: string,
  header: WechatBillHeader,
  rows: Iterable<ChannelTxn>,
): Promise<StatementSummary> {
  if (!/^\d+(\.\d+)?%$/.test(header.feeRatePercent)) {
    throw new RangeError(`header.feeRatePercent must look like '0.38%', got "${header.feeRatePercent}"`);
  }
  return withLineFile(file, encodeUtf8, async (out) => {
    await out.line(WECHAT_ALL_BILL_COLUMNS.join(','));
    let count = 0;
    let settledMinor = 0;
    let refundMinor = 0;
    let feeMinor = 0;
    for (const txn of rows) {
      checkChannelTxn(txn);
      count += 1;
      await out.line(wechatAllBillRow(header, txn, count));
      if (txn.kind === 'refund') {
        refundMinor += txn.amountMinor;
        feeMinor -= txn.feeMinor;
      } else {
        settledMinor += txn.amountMinor;
        feeMinor += txn.feeMinor;
      }
    }
    await out.line(WECHAT_ALL_SUMMARY_COLUMNS.join(','));
    await out.line(
      backticked([
        String(count),
        yuan(settledMinor),
        yuan(refundMinor),
        '0.00',
        wechatFee(feeMinor),
        yuan(settledMinor), // 订单总金额: no vouchers, so equal to 应结订单总金额
        yuan(refundMinor), // 申请退款总金额
      ]),
    );
    return { file, rows: count, creditMinor: settledMinor, debitMinor: refundMinor };
  });
}
