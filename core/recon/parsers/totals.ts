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

/** The totals of the lines a parser has let go (ParseOptions.letGo), by the array they were in. */
const letGoTotals = new WeakMap<readonly StatementLine[], Record<string, Totals>>();

/** Count the lines in the array as let go, and empty it. */
export function letGoOf(lines: StatementLine[]): void {
  const totals = letGoTotals.get(lines) ?? {};
  for (const [currency, t] of Object.entries(sumTotals(lines))) {
    const into = (totals[currency] ??= { creditMinor: 0, debitMinor: 0, count: 0 });
    into.creditMinor += t.creditMinor;
    into.debitMinor += t.debitMinor;
    into.count += t.count;
  }
  letGoTotals.set(lines, totals);
  lines.length = 0;
}

/** Σ of the lines in the array and of those let go from it, per currency. */
export function statementTotals(lines: readonly StatementLine[], currency = ''): Record<string, Totals> {
  const totals = sumTotals(lines, currency);
  for (const [ccy, t] of Object.entries(letGoTotals.get(lines) ?? {})) {
    const into = (totals[ccy] ??= { creditMinor: 0, debitMinor: 0, count: 0 });
    into.creditMinor += t.creditMinor;
    into.debitMinor += t.debitMinor;
    into.count += t.count;
  }
  return totals;
}
