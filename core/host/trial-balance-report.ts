import type { TrialBalance } from '../ledger/index.js';
import { displayAmount, jsonAmount, table } from './format.js';

/** The contract's JSON for `trial-balance --json`, with the subject rows as an extension. */
export function trialBalanceJson(tb: TrialBalance) {
  const c = tb.currency;
  return {
    date: tb.date,
    currency: c,
    balanced: tb.balanced,
    debit: jsonAmount(tb.period.debit, c),
    credit: jsonAmount(tb.period.credit, c),
    opening: { debit: jsonAmount(tb.opening.debit, c), credit: jsonAmount(tb.opening.credit, c) },
    closing: { debit: jsonAmount(tb.closing.debit, c), credit: jsonAmount(tb.closing.credit, c) },
    subjects: tb.rows
      .filter((r) => r.opening.debit || r.opening.credit || r.period.debit || r.period.credit)
      .map((r) => ({
        code: r.code,
        name: r.name,
        openingDebit: jsonAmount(r.opening.debit, c),
        openingCredit: jsonAmount(r.opening.credit, c),
        debit: jsonAmount(r.period.debit, c),
        credit: jsonAmount(r.period.credit, c),
        closingDebit: jsonAmount(r.closing.debit, c),
        closingCredit: jsonAmount(r.closing.credit, c),
      })),
  };
}

/** 科目余额表 as text: general-ledger subjects and their detail subjects that moved. */
export function trialBalanceText(tb: TrialBalance): string {
  const c = tb.currency;
  const amount = (m: number) => (m === 0 ? '' : displayAmount(m, c));
  const rows = tb.rows
    .filter((r) => r.opening.debit || r.opening.credit || r.period.debit || r.period.credit)
    .map((r) => [
      (r.level > 1 ? '  ' : '') + r.code,
      r.name,
      amount(r.opening.debit), amount(r.opening.credit),
      amount(r.period.debit), amount(r.period.credit),
      amount(r.closing.debit), amount(r.closing.credit),
    ]);
  rows.push([
    '合计', 'Total',
    displayAmount(tb.opening.debit, c), displayAmount(tb.opening.credit, c),
    displayAmount(tb.period.debit, c), displayAmount(tb.period.credit, c),
    displayAmount(tb.closing.debit, c), displayAmount(tb.closing.credit, c),
  ]);
  return [
    `试算平衡表 Trial balance ${tb.date} (${c})`,
    table(['科目 Code', '名称 Name', '>期初借 Open Dr', '>期初贷 Open Cr', '>本期借 Debit', '>本期贷 Credit', '>期末借 Close Dr', '>期末贷 Close Cr'], rows),
    tb.balanced ? '平衡 Balanced: yes' : '不平衡 Balanced: NO',
  ].join('\n');
}
