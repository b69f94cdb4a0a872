import type { Db } from '../db/index.js';
import { balanceCheck, type BalanceCheckRow } from '../balances/check.js';
import { queryBalances, type BalanceStatus } from '../balances/query.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Column, type ReportResult, type BookOptions } from './workbook.js';

export interface BankBalanceReportParams extends ReportCommon {
  date: string;
}

const STATUS_LABEL: Record<BalanceStatus, string> = {
  N: 'N 未录入 not entered',
  A: 'A 已录入待复核 awaiting review',
  Y: 'Y 已复核 reviewed',
};

export const BANK_BALANCE_COLUMNS: readonly Column[] = [
  { zh: '银行账号', en: 'Account no', width: 24 },
  { zh: '银行', en: 'Bank', width: 20 },
  { zh: '币种', en: 'Currency', width: 8 },
  { zh: '余额状态', en: 'Balance status', width: 24 },
  { zh: '银行余额', en: 'Bank balance', width: 18, kind: 'amount' },
  { zh: '账面余额', en: 'Ledger balance', width: 18, kind: 'amount' },
  { zh: '未达款项净额', en: 'Outstanding net', width: 18, kind: 'amount' },
  { zh: '未达笔数', en: 'Outstanding items', width: 12, kind: 'count' },
  { zh: '未说明差额', en: 'Unexplained', width: 16, kind: 'amount' },
  { zh: '核对结果', en: 'Check', width: 22 },
];

function checkLabel(row: BalanceCheckRow): string {
  if (row.reviewedMinor === null) return '未复核 not reviewed';
  return row.ok ? '相符 agrees' : '不符 differs';
}

/**
 * 银行余额表: per bank account in use, the reviewed bank balance against the ledger, the outstanding
 * items that explain the difference, and the balance's status (N/A/Y) for the day.
 */
export async function writeBankBalanceReport(db: Db, params: BankBalanceReportParams, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const date = requireDate(params.date);
  const checks = balanceCheck(db, date);
  // every account status: balanceCheck keeps abolished accounts, the query's default would not
  const status = new Map(queryBalances(db, { date, accountStatus: 'all' }).map((r) => [r.accountNo, r.balanceStatus]));
  return writeReportWorkbook(file, async (book) => {
    const sheet = book.sheet({
      name: '银行余额 Bank balances',
      title: { zh: '银行余额表', en: 'Bank balance report' },
      params: paramRows([['日期 Date', date], ['账户数 Accounts', String(checks.length)]], params),
      columns: BANK_BALANCE_COLUMNS,
    });
    for (const r of checks) {
      const money = (minor: number | null) => (minor === null ? null : { minor, currency: r.currency });
      await sheet.row([
        r.accountNo, r.bankName, r.currency, STATUS_LABEL[status.get(r.accountNo) ?? 'N'],
        money(r.reviewedMinor), money(r.ledgerMinor), money(r.outstandingMinor), r.outstandingCount, money(r.unexplainedMinor), checkLabel(r),
      ]);
    }
    sheet.totals();
    sheet.note('银行余额 = 账面余额 + 未达款项净额（收为正，付为负）/ bank balance = ledger balance + outstanding net (money in +, money out −)');
  }, options);
}
