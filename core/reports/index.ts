import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { writeBatchStatisticsReport } from './batch-statistics.js';
import { writeFlowsReport } from './flows.js';
import type { FlowBasis } from './flow-sources.js';
import { writeBankBalanceReport } from './bank-balances.js';
import { writeOutstandingReport } from './outstanding.js';
import { writeSettlementReport } from './settlement.js';
import { writeTrialBalanceReport } from './trial-balance.js';
import { writeBalanceSheetReport, writeIncomeStatementReport } from './statements.js';
import type { BookOptions, ReportResult } from './workbook.js';

export type { ReportResult } from './workbook.js';
export { FLOW_BASES, type FlowBasis } from './flow-sources.js';
export { FLOW_SPAN_DAYS_MAX } from './flows.js';
export {
  writeBatchStatisticsReport, writeFlowsReport, writeBankBalanceReport, writeOutstandingReport, writeSettlementReport, writeTrialBalanceReport, writeIncomeStatementReport, writeBalanceSheetReport,
};

export const REPORT_KINDS = ['batchStatistics', 'flows', 'bankBalances', 'outstanding', 'settlement', 'trialBalance', 'incomeStatement', 'balanceSheet'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What the export screen lists: each report, in both languages, with the parameters it reads besides the date and file. */
export const REPORT_CATALOGUE: readonly { kind: ReportKind; zh: string; en: string; options: readonly string[] }[] = [
  { kind: 'batchStatistics', zh: '对账批次统计', en: 'Reconciliation batch statistics', options: ['batchId'] },
  { kind: 'flows', zh: '流水报表（记账日期/银行日期/清算日期）', en: 'Flows by accounting, bank and clearing date', options: ['by', 'to'] },
  { kind: 'bankBalances', zh: '银行余额表', en: 'Bank balance report', options: [] },
  { kind: 'outstanding', zh: '未达款项表', en: 'Outstanding items report', options: ['accountNo'] },
  { kind: 'settlement', zh: '商户结算单', en: 'Merchant settlement statement', options: [] },
  { kind: 'trialBalance', zh: '试算平衡表', en: 'Trial balance', options: ['currency'] },
  { kind: 'incomeStatement', zh: '利润表（所选日期所在月份）', en: 'Income statement (the month of the date)', options: [] },
  { kind: 'balanceSheet', zh: '资产负债表', en: 'Balance sheet', options: [] },
];

export interface WriteReportInput {
  kind: string;
  date: string;
  file: string;
  /** flows: the last date of a range (at most 7 days) */
  to?: string;
  /** flows: one basis only */
  by?: FlowBasis;
  /** outstanding: one bank account */
  accountNo?: string;
  /** batchStatistics: one batch instead of the date's */
  batchId?: number;
  /** trialBalance: default CNY */
  currency?: string;
  /** shown as 制表时间 */
  at?: string;
}

export function isReportKind(kind: string): kind is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(kind);
}

/** Write the report of `kind` to `file` (all or nothing). Every refusal comes back as a rejected promise. */
export async function writeReport(db: Db, input: WriteReportInput, options: BookOptions = {}): Promise<ReportResult> {
  const { kind, file, date, at } = input;
  if (!isReportKind(kind)) fail('BAD_INPUT', `未知的报表类型 "${kind}" / unknown report kind "${kind}": one of ${REPORT_KINDS.join(', ')}`);
  switch (kind) {
    case 'batchStatistics': return writeBatchStatisticsReport(db, input.batchId !== undefined ? { batchId: input.batchId, at } : { date, at }, file, options);
    case 'flows': return writeFlowsReport(db, { date, to: input.to, by: input.by, at }, file, options);
    case 'bankBalances': return writeBankBalanceReport(db, { date, at }, file, options);
    case 'outstanding': return writeOutstandingReport(db, { date, accountNo: input.accountNo, at }, file, options);
    case 'settlement': return writeSettlementReport(db, { date, at }, file, options);
    case 'trialBalance': return writeTrialBalanceReport(db, { date, currency: input.currency, at }, file, options);
    case 'incomeStatement': return writeIncomeStatementReport(db, { date, at }, file, options);
    case 'balanceSheet': return writeBalanceSheetReport(db, { date, at }, file, options);
  }
}
