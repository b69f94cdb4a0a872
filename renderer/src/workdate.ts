import { call } from './api/client.js';
import { localToday } from './store.js';

/**
 * The date to start on: the latest open accounting day not after the current accounting date (the
 * trial balance names it), else the current accounting date itself.
 */
export async function pickWorkDate(): Promise<string> {
  let current = localToday();
  try {
    current = (await call('ledger.trialBalance', {})).date;
  } catch {
    // keep the local date
  }
  try {
    const days = await call('ledger.days');
    const open = days.filter((d) => d.status === 'open' && d.date <= current).map((d) => d.date).sort();
    return open.at(-1) ?? current;
  } catch {
    return current;
  }
}
