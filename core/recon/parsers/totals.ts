import type { StatementLine, Totals } from './types.js';

/**
 * Σ of statement lines per currency: money in (credit), money out (debit), count. `currency`, when
 * given, appears even with no lines, so an empty statement still reports its currency.
 */
export function sumTotals(lines: readonly StatementLine[], currency = ''): Record<string, Totals> {
  const totals: Record<string, Totals> = {};
  if (currency !== '') totals[currency] = { creditMinor: 0, debitMinor: 0, count: 0 };
  for (const line of lines) {
    const t = (totals[line.currency] ??= { creditMinor: 0, debitMinor: 0, count: 0 });
    if (line.direction === 'credit') t.creditMinor += line.amountMinor;
    else t.debitMinor += line.amountMinor;
    t.count++;
  }
  return totals;
}

/** Add one set of per-currency totals into another. */
export function addTotals(into: Record<string, Totals>, add: Record<string, Totals>): void {
  for (const [ccy, t] of Object.entries(add)) {
    const acc = (into[ccy] ??= { creditMinor: 0, debitMinor: 0, count: 0 });
    acc.creditMinor += t.creditMinor;
    acc.debitMinor += t.debitMinor;
    acc.count += t.count;
  }
}

/** The totals of the lines a parser has let go (ParseOptions.letGo), by the array they were in. */
const letGoTotals = new WeakMap<readonly StatementLine[], Record<string, Totals>>();

/** Count the lines in the array as let go, and empty it. */
export function letGoOf(lines: StatementLine[]): void {
  const totals = letGoTotals.get(lines) ?? {};
  addTotals(totals, sumTotals(lines));
  letGoTotals.set(lines, totals);
  lines.length = 0;
}

/** Σ of the lines in the array and of those let go from it, per currency. */
export function statementTotals(lines: readonly StatementLine[], currency = ''): Record<string, Totals> {
  const totals = sumTotals(lines, currency);
  addTotals(totals, letGoTotals.get(lines) ?? {});
  return totals;
}
