import { describe, expect, it } from 'vitest';
import { matchGroup, MatchLists, type GroupRow } from './match-groups.js';

const PAIRS = [['500401', '500402']] as const;

/** Rows as the stream gives them: sorted by direction, amount, ours first; rn numbered per side. */
function rows(list: { ours: boolean; id: number; dir?: string; amt: number; bc?: string }[]): GroupRow[] {
  const sorted = list
    .map((r) => ({ ours: r.ours, id: r.id, dir: r.dir ?? 'in', amt: r.amt, bc: r.bc ?? null, rn: 0, done: false }))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0) || a.amt - b.amt || Number(b.ours) - Number(a.ours) || a.id - b.id);
  sorted.forEach((r, i) => {
    const p = sorted[i - 1];
    r.rn = p && p.ours === r.ours && p.dir === r.dir && p.amt === r.amt ? p.rn + 1 : 1;
  });
  return sorted;
}

function run(list: Parameters<typeof rows>[0], ono: string | null = 'P1') {
  const out = new MatchLists(PAIRS.length, list.length);
  matchGroup('wechat', ono, rows(list), PAIRS, out);
  return { ...out, matched: [...out.matched.subarray(0, out.matchedLength)] };
}

describe('matchGroup: the steps for one order number', () => {
  it('matches one to one, and a repeated key first come, first matched; the extra line is a duplicate', () => {
    const out = run([{ ours: true, id: 2, amt: 100 }, { ours: true, id: 1, amt: 100 }, { ours: false, id: 9, amt: 100 }, { ours: false, id: 8, amt: 100 }, { ours: false, id: 7, amt: 100 }]);
    expect(out.matched).toEqual([1, 7, 100, 100, 2, 8, 100, 100]);
    expect(out.duplicate).toEqual([9, 100]);
    expect(out.bankExtra).toEqual([]);
  });

  it('sums several open entries against one line (one to many), the amount on the lowest entry', () => {
    const out = run([{ ours: true, id: 5, dir: 'out', amt: 100_000 }, { ours: true, id: 4, dir: 'in', amt: 5_000 }, { ours: false, id: 1, dir: 'out', amt: 95_000 }]);
    expect(out.grouped).toEqual([4, 1, -5_000, 95_000, 5, 1, 100_000, null]);
    expect(out.leftOurs).toEqual([]);
  });

  it('pairs another amount of the same direction as an amount mismatch in id order; the rest is left over', () => {
    const out = run([{ ours: true, id: 3, amt: 100 }, { ours: true, id: 4, dir: 'out', amt: 7 }, { ours: false, id: 2, amt: 101 }, { ours: false, id: 1, dir: 'out', amt: 8 }, { ours: false, id: 6, dir: 'out', amt: 9 }]);
    expect(out.amountMismatch).toEqual([3, 2, 100, 101, 4, 1, 7, 8]);
    expect(out.bankExtra).toEqual([6, 9]);
  });

  it('offsets a withdrawal with its refill, which then no statement line can match (the entry keeps its place in the key)', () => {
    const out = run([
      { ours: true, id: 1, dir: 'out', amt: 50, bc: '500401' }, { ours: true, id: 2, dir: 'in', amt: 50, bc: '500402' },
      { ours: true, id: 3, dir: 'out', amt: 50 }, { ours: false, id: 9, dir: 'out', amt: 50 },
    ]);
    expect(out.offsets[0]).toEqual([1, 2, 50]);
    // entry 3 is the second of its key and the line the first: not matched, but paired as a mismatch
    expect(out.matched).toEqual([]);
    expect(out.amountMismatch).toEqual([3, 9, 50, 50]);
  });

  it('never matches a line without an order number', () => {
    const out = run([{ ours: false, id: 1, amt: 100 }], null);
    expect(out.bankExtra).toEqual([1, 100]);
    expect(out.matched).toEqual([]);
  });
});
