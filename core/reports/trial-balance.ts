import type { Db } from '../db/index.js';
import { trialBalance } from '../ledger/index.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Column, type ReportResult, type BookOptions } from './workbook.js';

export interface TrialBalanceReportParams extends ReportCommon {
  date: string;
  /** default CNY */
  currency?: string;
}

export const TRIAL_BALANCE_COLUMNS: readonly Column[] = [
  { zh: '科目代码', en: 'Code', width: 14 },
  { zh: '科目名称', en: 'Subject', width: 30 },
  { zh: '英文名称', en: 'Subject (English)', width: 34 },
  { zh: '级次', en: 'Level', width: 6, kind: 'number' },
  { zh: '期初借方', en: 'Opening debit', width: 18, kind: 'amount' },
  { zh: '期初贷方', en: 'Opening credit', width: 18, kind: 'amount' },
  { zh: '本期借方', en: 'Period debit', width: 18, kind: 'amount' },
  { zh: '本期贷方', en: 'Period credit', width: 18, kind: 'amount' },
  { zh: '期末借方', en: 'Closing debit', width: 18, kind: 'amount' },
  { zh: '期末贷方', en: 'Closing credit', width: 18, kind: 'amount' },
];

/**
 * 试算平衡表: every subject with opening, the day's debits and credits, and closing, indented by
 * level. Only level-1 subjects go into the totals — a parent already holds the sum of its children.
 */
export async function writeTrialBalanceReport(db: Db, params: TrialBalanceReportParams, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const date = requireDate(params.date);
  const currency = params.currency ?? 'CNY';
  const tb = trialBalance(db, date, currency);
  return writeReportWorkbook(file, async (book) => {
    const sheet = book.sheet({
      name: '试算平衡 Trial balance',
      title: { zh: '科目余额表（试算平衡）', en: 'Trial balance' },
      params: paramRows([['日期 Date', date], ['币种 Currency', currency]], params),
      columns: TRIAL_BALANCE_COLUMNS,
      currency,
    });
    const money = (minor: number) => ({ minor, currency });
    for (const r of tb.rows) {
      await sheet.row([
        r.code, r.name, r.nameEn, r.level,
        money(r.opening.debit), money(r.opening.credit), money(r.period.debit), money(r.period.credit), money(r.closing.debit), money(r.closing.credit),
      ], { inTotals: r.level === 1, bold: r.level === 1, indent: r.level - 1, indentColumn: 1 });
    }
    sheet.totals();
    sheet.note(tb.balanced ? '试算平衡 Balanced: 是 yes — 借贷相等 debits equal credits' : '试算平衡 Balanced: 否 NO — 借贷不等 debits and credits differ', true);
  }, options);
}
