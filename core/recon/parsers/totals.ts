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
