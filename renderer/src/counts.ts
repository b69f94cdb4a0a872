import { call } from './api/client.js';
import { OUTCOMES, type Outcome } from './api/bridge-types.js';

/** Rows per outcome of a date's standing run; amounts only where a run in this window reported them. */
export type Counts = Record<Outcome, { count: number; amountMinor: number | null }>;

/**
 * How many rows each outcome has in the date's standing run. A recon.results page that carries the
 * run's `counts` (asked of the core: recon_run.counts, with amounts) answers in one call; else one
 * count per outcome.
 */
export async function loadCounts(date: string): Promise<Counts> {
  const first = (await call('recon.results', { date, offset: 0, limit: 1 })) as { counts?: Record<string, { count: number; amountMinor: number }> };
  if (first.counts) {
    return Object.fromEntries(OUTCOMES.map((o) => [o, { count: first.counts![o]?.count ?? 0, amountMinor: first.counts![o]?.amountMinor ?? 0 }])) as Counts;
  }
  const pages = await Promise.all(OUTCOMES.map((outcome) => call('recon.results', { date, outcome, offset: 0, limit: 1 })));
  return Object.fromEntries(OUTCOMES.map((o, i) => [o, { count: pages[i]!.total, amountMinor: null }])) as Counts;
}

/** Fresh counts; an amount from this window's last run is kept while its count still agrees. */
export function mergeCounts(fresh: Counts, old: Counts | null): Counts {
  if (!old) return fresh;
  return Object.fromEntries(OUTCOMES.map((o) => [o, { count: fresh[o].count, amountMinor: old[o].count === fresh[o].count ? old[o].amountMinor : null }])) as Counts;
}
