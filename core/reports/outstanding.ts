import type { Db } from '../db/index.js';
import { listBankAccounts, requireBankAccount, type BankAccount } from '../balances/accounts.js';
import { outstandingItems, type OutstandingItem } from '../balances/check.js';
import { directionLabel } from './cells.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Column, type ReportResult, type BookOptions } from './workbook.js';

export interface OutstandingReportParams extends ReportCommon {
  date: string;
  /** one bank account; default every registered account */
  accountNo?: string;
}

export const OUTSTANDING_SUMMARY_COLUMNS: readonly Column[] = [
  { zh: '银行账号', en: 'Account no', width: 24 },
  { zh: '银行', en: 'Bank', width: 20 },
  { zh: '币种', en: 'Currency', width: 8 },
  { zh: '笔数', en: 'Items', width: 10, kind: 'count' },
  { zh: '银行已收企业未收', en: 'Bank in, ledger not', width: 18, kind: 'amount' },
  { zh: '银行已付企业未付', en: 'Bank out, ledger not', width: 18, kind: 'amount' },
  { zh: '净额', en: 'Net (in − out)', width: 18, kind: 'amount' },
];

export const OUTSTANDING_COLUMNS: readonly Column[] = [
  { zh: '银行账号', en: 'Account no', width: 24 },
  { zh: '银行', en: 'Bank', width: 20 },
  { zh: '银行日期', en: 'Bank date', width: 12 },
  { zh: '方向', en: 'Direction', width: 8 },
  { zh: '收入', en: 'In', width: 16, kind: 'amount' },
  { zh: '支出', en: 'Out', width: 16, kind: 'amount' },
  { zh: '订单号', en: 'Order no', width: 26 },
  { zh: '状态', en: 'Status', width: 14 },
  { zh: '原因', en: 'Reason', width: 44 },
  { zh: '清算流水', en: 'Clearing flow id', width: 12, kind: 'number' },
];

/**
 * 未达款项表: per bank account, the statement lines the bank has booked and the ledger has not,
 * with why — a summary per account first, then every item.
 */
export async function writeOutstandingReport(db: Db, params: OutstandingReportParams, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const date = requireDate(params.date);
  const accounts: BankAccount[] = params.accountNo ? [requireBankAccount(db, params.accountNo)] : listBankAccounts(db);
  const items = new Map<string, OutstandingItem[]>(accounts.map((a) => [a.accountNo, outstandingItems(db, a.accountNo, date)]));
  const scope: [string, string] = ['银行账户 Accounts', params.accountNo ? accounts[0]!.accountNo : `全部 all (${accounts.length})`];
  return writeReportWorkbook(file, async (book) => {
    const summary = book.sheet({
      name: '按账户 By account',
      title: { zh: '未达款项汇总', en: 'Outstanding items by account' },
      params: paramRows([['截至日期 Up to', date], scope], params),
      columns: OUTSTANDING_SUMMARY_COLUMNS,
    });
    for (const a of accounts) {
      const list = items.get(a.accountNo)!;
      let inMinor = 0;
      let outMinor = 0;
      for (const i of list) {
        if (i.direction === 'in') inMinor += i.amountMinor;
        else outMinor += i.amountMinor;
      }
      const money = (minor: number) => ({ minor, currency: a.currency });
      await summary.row([a.accountNo, a.bankName, a.currency, list.length, money(inMinor), money(outMinor), money(inMinor - outMinor)]);
    }
    summary.totals();

    const detail = book.sheet({
      name: '未达款项 Outstanding items',
      title: { zh: '未达款项明细', en: 'Outstanding items' },
      params: paramRows([['截至日期 Up to', date], scope], params),
      columns: OUTSTANDING_COLUMNS,
    });
    for (const a of accounts) {
      for (const i of items.get(a.accountNo)!) {
        const money = { minor: i.amountMinor, currency: a.currency };
        await detail.row([a.accountNo, a.bankName, i.bankDate, directionLabel(i.direction), i.direction === 'in' ? money : null, i.direction === 'out' ? money : null,
          i.orderNo, i.status, i.reason, i.clearingId]);
      }
    }
    detail.totals();
  }, options);
}
