import { describe, expect, it } from 'vitest';
import { matchGroup, MatchLists, type GroupRow, type MatchRules } from './match-groups.js';

const RULES: MatchRules = { offsetPairs: [['500401', '500402']], manyToMany: new Set(['410401']), oneToMany: new Set(['520101', '400319']) };

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
  const out = new MatchLists(RULES.offsetPairs.length, list.length);
  matchGroup('wechat', ono, rows(list), RULES, out);
  return { ...out, matched: [...out.matched.subarray(0, out.matchedLength)] };
}

describe('matchGroup: the steps for one order number', () => {
  it('matches a one-to-one key once; a second line of it is a duplicate, a second entry of it is recorded as a repeat', () => {
    const out = run([{ ours: true, id: 1, amt: 100 }, { ours: false, id: 8, amt: 100 }, { ours: false, id: 7, amt: 100 }]);
    expect(out.matched).toEqual([1, 7, 100, 100]);
    expect(out.duplicate).toEqual([8, 100]);
    expect(out.repeatedOurs).toEqual([]);
    const twice = run([{ ours: true, id: 2, amt: 100 }, { ours: true, id: 1, amt: 100 }, { ours: false, id: 7, amt: 100 }]);
    expect(twice.repeatedOurs).toEqual([{ channel: 'wechat', orderNo: 'P1', direction: 'in', amountMinor: 100, entries: [1, 2] }]);
  });

  it('matches refunds many to many, first come first matched; a line beyond our refunds is a bank extra, not a duplicate', () => {
    const refund = (id: number) => ({ ours: true, id, dir: 'out', amt: 100, bc: '410401' });
    const out = run([refund(2), refund(1), { ours: false, id: 9, dir: 'out', amt: 100 }, { ours: false, id: 8, dir: 'out', amt: 100 }, { ours: false, id: 7, dir: 'out', amt: 100 }]);
    expect(out.matched).toEqual([1, 7, 100, 100, 2, 8, 100, 100]);
    expect(out.duplicate).toEqual([]);
    expect(out.bankExtra).toEqual([9, 100]);
    expect(out.repeatedOurs).toEqual([]);
  });

  it('sums only cross-border entries against one line: two payments of 50 never add up to a line of 100', () => {
    const out = run([{ ours: true, id: 1, amt: 50 }, { ours: true, id: 2, amt: 50, bc: '400302' }, { ours: false, id: 9, amt: 100 }]);
    expect(out.grouped).toEqual([]);
    expect(out.amountMismatch).toEqual([1, 9, 50, 100]);
    const fx = run([{ ours: true, id: 1, dir: 'out', amt: 50, bc: '520101' }, { ours: true, id: 2, dir: 'out', amt: 50, bc: '520101' }, { ours: false, id: 9, dir: 'out', amt: 100 }]);
    expect(fx.grouped).toEqual([1, 9, 50, 100, 2, 9, 50, null]);
    expect(fx.repeatedOurs).toEqual([]);
  });

  it('sums a purchase less its refilled gain against one line (one to many), the amount on the lowest entry', () => {
    const out = run([{ ours: true, id: 5, dir: 'out', amt: 100_000, bc: '520101' }, { ours: true, id: 4, dir: 'in', amt: 5_000, bc: '400319' }, { ours: false, id: 1, dir: 'out', amt: 95_000 }]);
    expect(out.grouped).toEqual([4, 1, -5_000, 95_000, 5, 1, 100_000, null]);
    expect(out.leftOurs).toEqual([]);
  });

  it('pairs another amount of the same direction as an amount mismatch in id order; the rest is left over', () => {
    const out = run([{ ours: true, id: 3, amt: 100 }, { ours: true, id: 4, dir: 'out', amt: 7 }, { ours: false, id: 2, amt: 101 }, { ours: false, id: 1, dir: 'out', amt: 8 }, { ours: false, id: 6, dir: 'out', amt: 9 }]);
    expect(out.amountMismatch).toEqual([3, 2, 100, 101, 4, 1, 7, 8]);
    expect(out.bankExtra).toEqual([6, 9]);
  });

  it('offsets a withdrawal with its refill; the offset entry holds no place, so the other entry of the key matches: 50 against 50 is never a mismatch', () => {
    const out = run([
      { ours: true, id: 1, dir: 'out', amt: 50, bc: '500401' }, { ours: true, id: 2, dir: 'in', amt: 50, bc: '500402' },
      { ours: true, id: 3, dir: 'out', amt: 50 }, { ours: false, id: 9, dir: 'out', amt: 50 },
    ]);
    expect(out.offsets[0]).toEqual([1, 2, 50]);
    expect(out.matched).toEqual([3, 9, 50, 50]);
    expect(out.amountMismatch).toEqual([]);
  });

  it('never matches a line without an order number', () => {
    const out = run([{ ours: false, id: 1, amt: 100 }], null);
    expect(out.bankExtra).toEqual([1, 100]);
    expect(out.matched).toEqual([]);
  });
});
