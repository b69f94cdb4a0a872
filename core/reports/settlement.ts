import type { Db } from '../db/index.js';
import { listClearings } from '../clearing/clear.js';
import { settlementOf } from '../settlement/reports.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Column, type ReportResult, type BookOptions } from './workbook.js';

export interface SettlementReportParams extends ReportCommon {
  date: string;
}

/** The rows settlementOf returns (it reads them with plain SQL, untyped). */
export interface SettledMerchantRow {
  merchantId: string;
  merchantName: string | null;
  currency: string;
  orders: number;
  amountMinor: number;
  voucherNo: string | null;
}

export interface HeldOrderRow {
  orderNo: string;
  merchantId: string;
  amountMinor: number;
  reason: string;
  accountingDate: string | null;
}

export const CLEARING_COLUMNS: readonly Column[] = [
  { zh: '渠道', en: 'Channel', width: 12 },
  { zh: '币种', en: 'Currency', width: 8 },
  { zh: '笔数', en: 'Entries', width: 10, kind: 'count' },
  { zh: '收入', en: 'Gross', width: 18, kind: 'amount' },
  { zh: '退款/付款', en: 'Refunds & payouts', width: 18, kind: 'amount' },
  { zh: '手续费', en: 'Fees', width: 14, kind: 'amount' },
  { zh: '净额', en: 'Net', width: 18, kind: 'amount' },
  { zh: '手续费方式', en: 'Fee mode', width: 20 },
  { zh: '凭证号', en: 'Voucher no', width: 18 },
];

export const SETTLED_COLUMNS: readonly Column[] = [
  { zh: '商户号', en: 'Merchant id', width: 14 },
  { zh: '商户名称', en: 'Merchant name', width: 28 },
  { zh: '币种', en: 'Currency', width: 8 },
  { zh: '订单数', en: 'Orders', width: 10, kind: 'count' },
  { zh: '结算金额', en: 'Settled amount', width: 18, kind: 'amount' },
  { zh: '凭证号', en: 'Voucher no', width: 18 },
];

export const HELD_COLUMNS: readonly Column[] = [
  { zh: '订单号', en: 'Order no', width: 26 },
  { zh: '商户号', en: 'Merchant id', width: 14 },
  { zh: '记账日期', en: 'Accounting date', width: 12 },
  { zh: '金额', en: 'Amount', width: 16, kind: 'amount' },
  { zh: '暂缓原因', en: 'Reason held', width: 50 },
];

const FEE_MODE: Record<string, string> = { deducted: '坐扣 deducted at source', accrued: '计提 accrued payable' };

/** 商户结算单: the day's channel clearing, what each merchant was settled (with its voucher), and the orders held with why. */
export async function writeSettlementReport(db: Db, params: SettlementReportParams, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const date = requireDate(params.date);
  const clearings = listClearings(db, date);
  const settlement = settlementOf(db, date);
  const settled = settlement.settled as SettledMerchantRow[];
  const held = settlement.held as HeldOrderRow[];
  // a hold names no currency; its order does
  const orderCurrency = db.prepare('SELECT currency FROM pay_order WHERE order_no = ?').pluck();
  const runLabel = settlement.run === null ? '无 none' : String(settlement.run);
  const common = (extra: [string, string][]) => paramRows([['日期 Date', date], ...extra], params);
  return writeReportWorkbook(file, async (book) => {
    const clearing = book.sheet({
      name: '渠道清算 Channel clearing',
      title: { zh: '渠道清算（轧差）', en: 'Channel clearing' },
      params: common([]),
      columns: CLEARING_COLUMNS,
    });
    for (const c of clearings) {
      const money = (minor: number) => ({ minor, currency: c.currency });
      await clearing.row([c.channel, c.currency, c.entries, money(c.grossMinor), money(c.refundsMinor), money(c.feesMinor), money(c.netMinor), FEE_MODE[c.feeMode] ?? c.feeMode, c.voucherNo]);
    }
    clearing.totals();

    const merchants = book.sheet({
      name: '商户结算 Merchant settlement',
      title: { zh: '商户结算单', en: 'Merchant settlement statement' },
      params: common([['结算批次 Settlement run', runLabel]]),
      columns: SETTLED_COLUMNS,
    });
    for (const s of settled) {
      await merchants.row([s.merchantId, s.merchantName, s.currency, s.orders, { minor: s.amountMinor, currency: s.currency }, s.voucherNo]);
    }
    merchants.totals();
    if (settlement.run === null) merchants.note(`${date} 尚未结算 / no settlement has run for ${date}`);

    const holds = book.sheet({
      name: '暂缓结算 Held orders',
      title: { zh: '暂缓结算订单', en: 'Orders held from settlement' },
      params: common([['结算批次 Settlement run', runLabel]]),
      columns: HELD_COLUMNS,
    });
    for (const h of held) {
      const currency = (orderCurrency.get(h.orderNo) as string | undefined) ?? 'CNY';
      await holds.row([h.orderNo, h.merchantId, h.accountingDate, { minor: h.amountMinor, currency }, h.reason]);
    }
    holds.totals();
  }, options);
}
