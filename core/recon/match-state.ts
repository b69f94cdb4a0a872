import type { Db } from '../db/index.js';
import type { MatchLists } from './match-groups.js';
import { Tally } from './match-stream.js';
import { runByRows } from './match-write.js';

/** A run of consecutive ids at least this long is written as one range instead of listed. */
const RANGE_MIN = 8;

/** Every `stride`-th value of `values[0, length)` from `at`, sorted and without repeats. */
function column(values: ArrayLike<number | null>, stride: number, at: number, length = values.length): Float64Array {
  const out = new Float64Array(Math.ceil(length / stride));
  let n = 0;
  for (let i = at; i < length; i += stride) out[n++] = values[i] as number;
  return uniqueSorted(out.subarray(0, n));
}

function uniqueSorted(ids: Float64Array): Float64Array {
  // a run's ids mostly come out in order already: a pass to check is cheaper than a sort
  let sorted = true;
  for (let i = 1; i < ids.length && sorted; i++) if (ids[i]! < ids[i - 1]!) sorted = false;
  if (!sorted) ids.sort();
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) ids[n++] = ids[i]!;
  return ids.subarray(0, n);
}

function concat(...parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return uniqueSorted(out);
}

/**
 * Runs `range` on each stretch of consecutive ids (from, to) and returns the ids left over. A day's
 * statement lines were imported one after another, so most of those that match lie in long
 * consecutive stretches: a range is written without looking a single id up.
 */
function byRanges(ids: Float64Array, range: (from: number, to: number) => void): number[] {
  const loose: number[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i + 1;
    while (j < ids.length && ids[j] === ids[j - 1]! + 1) j++;
    if (j - i >= RANGE_MIN) range(ids[i]!, ids[j - 1]!);
    else for (let k = i; k < j; k++) loose.push(ids[k]!);
    i = j;
  }
  return loose;
}

/**
 * Records where each side of a run now stands: every statement line its outcome (clearing_flow.status;
 * they were all 'initial' when the run read them) and every entry its outcome and run
 * (entry_recon_state), from the run's lists rather than by reading its million result rows back.
 * `left` holds (outcome, entry, amount) for entries no step claimed (timing or platform extra).
 */
export function recordStates(db: Db, run: number, lists: MatchLists, left: readonly unknown[]): void {
  const matchedLength = lists.matchedLength;
  const lines: [string, Float64Array][] = [
    ['matched', concat(column(lists.matched, 4, 1, matchedLength), column(lists.grouped, 4, 1))],
    ['duplicate', column(lists.duplicate, 2, 0)],
    ['amountMismatch', column(lists.amountMismatch, 4, 1)],
    ['bankExtra', column(lists.bankExtra, 2, 0)],
  ];
  for (const [outcome, ids] of lines) {
    const range = db.sqlite.prepare(`UPDATE clearing_flow SET status = '${outcome}' WHERE id BETWEEN ? AND ?`);
    const loose = byRanges(ids, (from, to) => range.run(from, to));
    runByRows(db, (n) => `UPDATE clearing_flow SET status = '${outcome}' WHERE id IN (${Array(n).fill('?').join(', ')})`, 1, loose);
  }

  const leftIds = (outcome: string) => {
    const ids: number[] = [];
    for (let i = 0; i < left.length; i += 3) if (left[i] === outcome) ids.push(left[i + 1] as number);
    return uniqueSorted(Float64Array.from(ids));
  };
  const entries: [string, Float64Array][] = [
    ['matched', concat(column(lists.matched, 4, 0, matchedLength), column(lists.grouped, 4, 0))],
    ['amountMismatch', column(lists.amountMismatch, 4, 0)],
    ['offset', concat(...lists.offsets.flatMap((pairs) => [column(pairs, 3, 0), column(pairs, 3, 1)]))],
    ['timing', leftIds('timing')],
    ['platformExtra', leftIds('platformExtra')],
  ];
  const runId = Number(run);
  for (const [outcome, ids] of entries) {
    // an entry held as timing by an earlier run already has a state: this run's replaces it
    runByRows(db, (n) => `INSERT INTO entry_recon_state (entry_id, outcome, run_id) VALUES ${Array(n).fill(`(?, '${outcome}', ${runId})`).join(', ')}
      ON CONFLICT (entry_id) DO UPDATE SET outcome = excluded.outcome, run_id = excluded.run_id`, 1, ids);
  }
}

/**
 * Per outcome, the rows the run writes and their amount (our side where there is one), from the
 * run's lists: what counting its result rows back would give. `left` as for recordStates.
 */
export function outcomeCounts(lists: MatchLists, left: readonly unknown[]): Record<string, { count: number; amountMinor: number }> {
  const tallies = new Map<string, Tally>();
  const add = (outcome: string, values: ArrayLike<unknown>, stride: number, amountAt: number, length = values.length) => {
    let t = tallies.get(outcome);
    if (!t) tallies.set(outcome, (t = new Tally()));
    for (let i = amountAt; i < length; i += stride) t.add(values[i] as number);
  };
  for (const pairs of lists.offsets) add('offset', pairs, 3, 2);
  add('matched', lists.matched, 4, 2, lists.matchedLength);
  add('duplicate', lists.duplicate, 2, 1);
  add('matched', lists.grouped, 4, 2);
  add('amountMismatch', lists.amountMismatch, 4, 2);
  for (let i = 0; i < left.length; i += 3) add(left[i] as string, [left[i + 2]], 1, 0);
  add('bankExtra', lists.bankExtra, 2, 1);
  return Object.fromEntries([...tallies].map(([o, t]) => [o, { count: t.count, amountMinor: t.amountMinor }]));
}
