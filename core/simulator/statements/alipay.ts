import { yuan, plainCell, tabbed } from './cells.js';
import { assertDateTime, assertDay, chineseDateTime, digitsOf, nextDay } from './dates.js';
import { encodeGbk, withLineFile, type ChunkedLineFile } from './lineFile.js';
import { checkChannelTxn } from './txnCheck.js';
import type { ChannelTxn, StatementSummary } from './types.js';

export interface AlipayBillHeader {
  /** the merchant's Alipay account / PID shown in `#账号：[…]` */
  account: string;
  /** the bill's day, 'YYYY-MM-DD'; the banner covers that day 00:00:00 to the next day 00:00:00 */
  date: string;
  /** 'YYYY-MM-DD HH:mm:ss', printed in the `#导出时间` footer */
  exportedAt: string;
}

export interface AlipayAccountBillHeader extends AlipayBillHeader {
  /** 账户余额 before the first row, minor units */
  openingBalanceMinor: number;
}

export interface AlipayAccountBillSummary extends StatementSummary {
  closingBalanceMinor: number;
}

export const ALIPAY_TRADE_BILL_COLUMNS = [
  '支付宝交易号', '商户订单号', '业务类型', '商品名称', '创建时间', '完成时间', '门店编号', '门店名称', '操作员',
  '终端号', '对方账户', '订单金额（元）', '商家实收（元）', '支付宝红包（元）', '集分宝（元）', '支付宝优惠（元）',
  '商家优惠（元）', '券核销金额（元）', '券名称', '商家红包消费金额（元）', '卡消费金额（元）', '退款批次号/请求号',
  '服务费（元）', '分润（元）', '备注',
] as const;

export const ALIPAY_ACCOUNT_BILL_COLUMNS = [
  '账务流水号', '业务流水号', '商户订单号', '商品名称', '发生时间', '对方账号', '收入金额（+元）', '支出金额（-元）',
  '账户余额（元）', '交易渠道', '业务类型', '备注',
] as const;

/** Dash counts copied from real bills; readers should match the words, but we write what Alipay writes. */
const banner = (words: string) => `#-----------------------------------------${words}----------------------------------------`;
const bannerEnd = (words: string) => `#-----------------------------------------${words}结束------------------------------------`;

/** Counterparty shown on fee rows: the fee is paid to Alipay itself. */
const ALIPAY_COMPANY = '支付宝(中国)网络技术有限公司';

function checkHeader(header: AlipayBillHeader): void {
  assertDay(header.date, 'header.date');
  assertDateTime(header.exportedAt, 'header.exportedAt');
}

async function writeBannerHead(out: ChunkedLineFile, title: string, list: string, header: AlipayBillHeader): Promise<void> {
  await out.line(`#${title}`);
  await out.line(`#账号：[${plainCell(header.account)}]`);
  await out.line(
    `#起始日期：[${chineseDateTime(header.date)}]   终止日期：[${chineseDateTime(nextDay(header.date))}]`,
  );
  await out.line(banner(list));
}

/** One 业务明细 row: refunds negative in 订单金额/商家实收, 服务费 negative on trades and positive on refunds. */
export function alipayTradeBillRow(txn: ChannelTxn): string {
  const refund = txn.kind === 'refund';
  const signed = refund ? -txn.amountMinor : txn.amountMinor;
  const fee = refund ? txn.feeMinor : -txn.feeMinor;
  return [
    tabbed(txn.channelTradeNo),
    tabbed(txn.merchantOrderNo),
    tabbed(refund ? '退款' : '交易'),
    plainCell(txn.productName),
    txn.createdAt,
    txn.finishedAt,
    tabbed(''), // 门店编号
    tabbed(''), // 门店名称
    tabbed(''), // 操作员
    tabbed(''), // 终端号
    tabbed(txn.payerAccount),
    yuan(signed),
    yuan(signed),
    '0.00', // 支付宝红包
    '0.00', // 集分宝
    '0.00', // 支付宝优惠
    '0.00', // 商家优惠
    '0.00', // 券核销金额
    '', // 券名称
    '0.00\t', // 商家红包消费金额: the real samples carry a TAB here too
    '0.00', // 卡消费金额
    tabbed(refund ? (txn.refundNo ?? '') : ''),
    yuan(fee),
    '0.00', // 分润
    plainCell(txn.productName), // 备注: real bills repeat the order body here
  ].join(',');
}

/** 业务明细 written one transaction at a time, so one pass over a channel day can feed both bills. */
class AlipayTradeBill {
  private trades = 0;
  private tradeMinor = 0;
  private refunds = 0;
  private refundMinor = 0;

  constructor(
    private readonly out: ChunkedLineFile,
    private readonly header: AlipayBillHeader,
  ) {}

  async start(): Promise<void> {
    await writeBannerHead(this.out, '支付宝业务明细查询', '业务明细列表', this.header);
    await this.out.line(ALIPAY_TRADE_BILL_COLUMNS.join(','));
  }

  /** `txn` already passed checkChannelTxn. */
  async add(txn: ChannelTxn): Promise<void> {
    await this.out.line(alipayTradeBillRow(txn));
    if (txn.kind === 'refund') {
      this.refunds += 1;
      this.refundMinor += txn.amountMinor;
    } else {
      this.trades += 1;
      this.tradeMinor += txn.amountMinor;
    }
  }

  async finish(): Promise<StatementSummary> {
    const { out } = this;
    await out.line(bannerEnd('业务明细列表'));
    await out.line(`#交易合计：${this.trades}笔，商家实收共${yuan(this.tradeMinor)}元，商家优惠共0.00元`);
    await out.line(`#退款合计：${this.refunds}笔，商家实收退款共${yuan(-this.refundMinor)}元，商家优惠退款共0.00元`);
    await out.line(`#导出时间：[${chineseDateTime(this.header.exportedAt)}]`);
    return { file: out.file, rows: this.trades + this.refunds, creditMinor: this.tradeMinor, debitMinor: this.refundMinor };
  }
}

/**
 * 业务明细 (`{PID}_{date}_业务明细.csv`): GBK, CRLF, no BOM. Streams `rows` to disk.
 * Summary: credit = Σ 商家实收 of trades, debit = Σ |商家实收| of refunds (the two footer totals); fees are not in them.
 */
export async function writeAlipayTradeBill(
  file: string,
  header: AlipayBillHeader,
  rows: Iterable<ChannelTxn>,
): Promise<StatementSummary> {
  checkHeader(header);
  return withLineFile(file, encodeGbk, async (out) => {
    const bill = new AlipayTradeBill(out, header);
    await bill.start();
    for (const txn of rows) {
      checkChannelTxn(txn);
      await bill.add(txn);
    }
    return bill.finish();
  });
}

interface AccountEntry {
  businessNo: string;
  merchantOrderNo: string;
  productName: string;
  time: string;
  counterparty: string;
  /** positive = 收入, negative = 支出 */
  deltaMinor: number;
  type: '在线支付' | '交易退款' | '收费';
  remark: string;
}

/**
 * The fund movements one transaction causes in 账务明细: money first, then the fee as its own 收费 row
 * (a zero fee books no row, as Alipay books none).
 */
export function alipayAccountEntries(txn: ChannelTxn): AccountEntry[] {
  const refund = txn.kind === 'refund';
  // Spelled out rather than spread from a shared object: this runs for every line of a million-line bill.
  const entries: AccountEntry[] = [
    {
      businessNo: txn.channelTradeNo,
      merchantOrderNo: txn.merchantOrderNo,
      productName: txn.productName,
      time: txn.finishedAt,
      counterparty: txn.payerAccount,
      deltaMinor: refund ? -txn.amountMinor : txn.amountMinor,
      type: refund ? '交易退款' : '在线支付',
      remark: refund ? (txn.refundNo ?? '') : '',
    },
  ];
  if (txn.feeMinor > 0) {
    entries.push({
      businessNo: txn.channelTradeNo,
      merchantOrderNo: txn.merchantOrderNo,
      productName: refund ? '服务费退回' : '服务费',
      time: txn.finishedAt,
      counterparty: ALIPAY_COMPANY,
      deltaMinor: refund ? txn.feeMinor : -txn.feeMinor,
      type: '收费',
      remark: `${refund ? '退服务费' : '服务费'}[${txn.channelTradeNo}]`,
    });
  }
  return entries;
}

/** 账务流水号: deterministic, unique within the file: bill day + 12-digit sequence. */
function accountSerialNo(day: string, sequence: number): string {
  return digitsOf(day) + String(sequence).padStart(12, '0');
}

function alipayAccountBillRow(entry: AccountEntry, serialNo: string, balanceMinor: number): string {
  return [
    tabbed(serialNo),
    tabbed(entry.businessNo),
    tabbed(entry.merchantOrderNo),
    tabbed(entry.productName),
    entry.time,
    tabbed(entry.counterparty),
    yuan(Math.max(entry.deltaMinor, 0)),
    yuan(Math.max(-entry.deltaMinor, 0)),
    yuan(balanceMinor),
    '支付宝',
    entry.type,
    plainCell(entry.remark),
  ].join(',');
}

/** 账务明细 written one transaction at a time; 账户余额 runs from the header's opening balance. */
class AlipayAccountBill {
  private balance: number;
  private readonly income = { count: 0, minor: 0 };
  private readonly expense = { count: 0, minor: 0 };

  constructor(
    private readonly out: ChunkedLineFile,
    private readonly header: AlipayAccountBillHeader,
  ) {
    this.balance = header.openingBalanceMinor;
  }

  async start(): Promise<void> {
    await writeBannerHead(this.out, '支付宝账务明细查询', '账务明细列表', this.header);
    await this.out.line(ALIPAY_ACCOUNT_BILL_COLUMNS.join(','));
  }

  /** `txn` already passed checkChannelTxn. */
  async add(txn: ChannelTxn): Promise<void> {
    for (const entry of alipayAccountEntries(txn)) {
      this.balance += entry.deltaMinor;
      const side = entry.deltaMinor >= 0 ? this.income : this.expense;
      side.count += 1;
      side.minor += Math.abs(entry.deltaMinor);
      await this.out.line(alipayAccountBillRow(entry, accountSerialNo(this.header.date, this.income.count + this.expense.count), this.balance));
    }
  }

  async finish(): Promise<AlipayAccountBillSummary> {
    const { out, income, expense } = this;
    await out.line(bannerEnd('账务明细列表'));
    await out.line(`#支出合计：${expense.count}笔，共${yuan(expense.minor)}元`);
    await out.line(`#收入合计：${income.count}笔，共${yuan(income.minor)}元`);
    await out.line(`#导出时间：[${chineseDateTime(this.header.exportedAt)}]`);
    return {
      file: out.file,
      rows: income.count + expense.count,
      creditMinor: income.minor,
      debitMinor: expense.minor,
      closingBalanceMinor: this.balance,
    };
  }
}

/**
 * 账务明细 (`{PID}_{date}_账务明细.csv`, classic 12 columns): GBK, CRLF, no BOM. Streams to disk.
 * 账户余额 runs from `header.openingBalanceMinor`. Summary credit/debit = the 收入合计 / 支出合计 footer totals.
 */
export async function writeAlipayAccountBill(
  file: string,
  header: AlipayAccountBillHeader,
  rows: Iterable<ChannelTxn>,
): Promise<AlipayAccountBillSummary> {
  checkHeader(header);
  yuan(header.openingBalanceMinor); // validates it is integer minor units
  return withLineFile(file, encodeGbk, async (out) => {
    const bill = new AlipayAccountBill(out, header);
    await bill.start();
    for (const txn of rows) {
      checkChannelTxn(txn);
      await bill.add(txn);
    }
    return bill.finish();
  });
}

/**
 * Both Alipay bills of one channel day in a single pass over `rows`: the same bytes as
 * writeAlipayTradeBill and writeAlipayAccountBill, without holding the day's transactions in memory.
 */
export async function writeAlipayBills(
  files: { trade: string; account: string },
  header: AlipayAccountBillHeader,
  rows: Iterable<ChannelTxn>,
): Promise<{ trade: StatementSummary; account: AlipayAccountBillSummary }> {
  checkHeader(header);
  yuan(header.openingBalanceMinor);
  return withLineFile(files.trade, encodeGbk, (tradeOut) => withLineFile(files.account, encodeGbk, async (accountOut) => {
    const trade = new AlipayTradeBill(tradeOut, header);
    const account = new AlipayAccountBill(accountOut, header);
    await trade.start();
    await account.start();
    for (const txn of rows) {
      checkChannelTxn(txn);
      await trade.add(txn);
      await account.add(txn);
    }
    return { trade: await trade.finish(), account: await account.finish() };
  }));
}
