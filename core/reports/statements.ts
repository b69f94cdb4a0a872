import type { Db } from '../db/index.js';
import { balanceSheet, incomeStatement, monthSpan, type StatementLine } from '../ledger/index.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Column, type ReportResult, type ReportSheet, type BookOptions } from './workbook.js';

const STATEMENT_COLUMNS: readonly Column[] = [
  { zh: '科目代码', en: 'Code', width: 14 },
  { zh: '科目名称', en: 'Subject', width: 30 },
  { zh: '英文名称', en: 'Subject (English)', width: 34 },
  { zh: '金额', en: 'Amount', width: 20, kind: 'amount' },
];

/** A section heading, its subjects indented by level (level 1 in the totals), and its total. */
async function section(sheet: ReportSheet, title: string, lines: readonly StatementLine[], totalMinor: number, currency: string): Promise<void> {
  await sheet.row([title, '', '', null], { bold: true, inTotals: false });
  for (const l of lines) {
    await sheet.row([l.code, l.name, l.nameEn, { minor: l.amountMinor, currency }], { bold: l.level === 1, indent: l.level - 1, indentColumn: 1, inTotals: false });
  }
  await sheet.row(['', `${title} 合计`, 'Total', { minor: totalMinor, currency }], { bold: true, inTotals: false });
}

/** 利润表 of the month holding `date`: revenue and expense subjects and the profit. */
export async function writeIncomeStatementReport(db: Db, params: ReportCommon & { date: string }, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const month = requireDate(params.date).slice(0, 7);
  const { from, to } = monthSpan(month);
  const s = incomeStatement(db, from, to);
  return writeReportWorkbook(file, async (book) => {
    const sheet = book.sheet({
      name: '利润表 Income statement', title: { zh: '利润表', en: 'Income statement' },
      params: paramRows([['期间 Period', `${from} – ${to}`], ['币种 Currency', s.currency]], params), columns: STATEMENT_COLUMNS, currency: s.currency,
    });
    await section(sheet, '收入 Revenue', s.revenue, s.revenueMinor, s.currency);
    await section(sheet, '费用 Expenses', s.expenses, s.expensesMinor, s.currency);
    await sheet.row(['', '利润', 'Profit', { minor: s.profitMinor, currency: s.currency }], { bold: true, inTotals: false });
  }, options);
}

/** 资产负债表 at `date`: assets, liabilities and equity, the profit not carried forward in equity. */
export async function writeBalanceSheetReport(db: Db, params: ReportCommon & { date: string }, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const date = requireDate(params.date);
  const s = balanceSheet(db, date);
  return writeReportWorkbook(file, async (book) => {
    const sheet = book.sheet({
      name: '资产负债表 Balance sheet', title: { zh: '资产负债表', en: 'Balance sheet' },
      params: paramRows([['日期 Date', date], ['币种 Currency', s.currency]], params), columns: STATEMENT_COLUMNS, currency: s.currency,
    });
    await section(sheet, '资产 Assets', s.assets, s.assetsMinor, s.currency);
    await section(sheet, '负债 Liabilities', s.liabilities, s.liabilitiesMinor, s.currency);
    const equity = [...s.equity, { code: '', name: '未结转损益', nameEn: 'Profit not carried forward', level: 1, amountMinor: s.profitNotCarriedMinor }];
    await section(sheet, '所有者权益 Equity', equity, s.equityMinor, s.currency);
    sheet.note(s.balanced ? '资产 = 负债 + 所有者权益 Assets = liabilities + equity: 是 yes' : '资产 ≠ 负债 + 所有者权益 Assets ≠ liabilities + equity: 否 NO', true);
  }, options);
}
