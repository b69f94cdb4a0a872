import { addDays } from '../clock.js';
import type { SettlementCycle } from '../db/index.js';

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The day an order booked on `accountingDate` becomes available to its merchant:
 * D0 the same day, D1 the next calendar day, Dn n calendar days on, T1 the next working day
 * (Saturday and Sunday skipped; public holidays are not modelled yet, so a T1 order due on a
 * holiday settles on it).
 */
export function settlementDueDate(accountingDate: string, cycle: SettlementCycle, days: number): string {
  switch (cycle) {
    case 'D0': return accountingDate;
    case 'D1': return addDays(accountingDate, 1);
    case 'Dn': return addDays(accountingDate, days);
    case 'T1': {
      let d = addDays(accountingDate, 1);
      while (isWeekend(d)) d = addDays(d, 1);
      return d;
    }
  }
  throw new RangeError(`unknown settlement cycle ${String(cycle)}`);
}
