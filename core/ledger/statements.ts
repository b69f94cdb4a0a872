import type { Db } from '../db/index.js';
import { listSubjects, type Subject } from './chart.js';
import { trialBalance, trialBalanceBetween, type TrialBalanceRow } from './trial-balance.js';

/**
 * The month-end statements by subject (docs/domain.md#month-end), read from the trial balance so
 * they always agree with it. Amounts are on each subject's own side: a revenue's credits less its
 * debits, an asset's debits less its credits.
 */
export interface StatementLine {
  code: string;
  name: string;
  nameEn: string;
  level: number;
  amountMinor: number;
}

/** 利润表: the period's revenues and expenses by profit-and-loss subject, and the profit. */
export interface IncomeStatement {
  from: string;
  to: string;
  currency: string;
  revenue: StatementLine[];
  expenses: StatementLine[];
  revenueMinor: number;
  expensesMinor: number;
  /** revenue less expenses (negative: a loss) */
  profitMinor: number;
}

/** 资产负债表 at a date: assets = liabilities + equity, the profit not yet carried to 本年利润 in equity. */
export interface BalanceSheet {
  date: string;
  currency: string;
  assets: StatementLine[];
  liabilities: StatementLine[];
  equity: StatementLine[];
  assetsMinor: number;
  liabilitiesMinor: number;
  /** equity subjects plus `profitNotCarriedMinor` */
  equityMinor: number;
  /** the profit-and-loss subjects' balances to the date: profit the books have not carried to 本年利润 (4103) */
  profitNotCarriedMinor: number;
  balanced: boolean;
}

/** A row's amount on its subject's own side, from a pair of debit and credit figures. */
function onOwnSide(subject: Subject, debit: number, credit: number): number {
  return subject.balanceDirection === 'D' ? debit - credit : credit - debit;
}

function linesOf(rows: readonly TrialBalanceRow[], subjects: ReadonlyMap<string, Subject>, pick: (r: TrialBalanceRow, s: Subject) => number, keep: (s: Subject) => boolean): StatementLine[] {
  const lines: StatementLine[] = [];
  for (const r of rows) {
    const s = subjects.get(r.code)!;
    if (!keep(s)) continue;
    lines.push({ code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, amountMinor: pick(r, s) });
  }
  return lines;
}

/** Level-1 lines summed: a parent already holds its children. */
const topTotal = (lines: readonly StatementLine[]) => lines.filter((l) => l.level === 1).reduce((sum, l) => sum + l.amountMinor, 0);

export function incomeStatement(db: Db, from: string, to: string, currency = 'CNY'): IncomeStatement {
  const tb = trialBalanceBetween(db, from, to, currency);
  const subjects = new Map(listSubjects(db).map((s) => [s.code, s]));
  const period = (r: TrialBalanceRow, s: Subject) => onOwnSide(s, r.period.debit, r.period.credit);
  const revenue = linesOf(tb.rows, subjects, period, (s) => s.category === 'profit_loss' && s.balanceDirection === 'C');
  const expenses = linesOf(tb.rows, subjects, period, (s) => s.category === 'profit_loss' && s.balanceDirection === 'D');
  const revenueMinor = topTotal(revenue);
  const expensesMinor = topTotal(expenses);
  return { from, to, currency, revenue, expenses, revenueMinor, expensesMinor, profitMinor: revenueMinor - expensesMinor };
}

export function balanceSheet(db: Db, date: string, currency = 'CNY'): BalanceSheet {
  const tb = trialBalance(db, date, currency);
  const subjects = new Map(listSubjects(db).map((s) => [s.code, s]));
  const closing = (r: TrialBalanceRow, s: Subject) => onOwnSide(s, r.closing.debit, r.closing.credit);
  // 共同类 (3001 清算资金往来) sits with the assets on its debit side: a credit balance shows as a negative asset
  const assets = linesOf(tb.rows, subjects, closing, (s) => s.category === 'asset' || s.category === 'common' || s.category === 'cost');
  const liabilities = linesOf(tb.rows, subjects, closing, (s) => s.category === 'liability');
  const equity = linesOf(tb.rows, subjects, closing, (s) => s.category === 'equity');
  let profitNotCarriedMinor = 0;
  for (const r of tb.rows) {
    const s = subjects.get(r.code)!;
    if (s.category === 'profit_loss' && r.level === 1) profitNotCarriedMinor += r.closing.credit - r.closing.debit;
  }
  const assetsMinor = topTotal(assets);
  const liabilitiesMinor = topTotal(liabilities);
  const equityMinor = topTotal(equity) + profitNotCarriedMinor;
  return { date, currency, assets, liabilities, equity, assetsMinor, liabilitiesMinor, equityMinor, profitNotCarriedMinor, balanced: assetsMinor === liabilitiesMinor + equityMinor };
}
