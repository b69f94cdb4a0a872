import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { reconcile } from './reconcile.js';

const DAY = '2026-11-22';
const AT = `${DAY}T23:30:00.000Z`;

/** A row of either side: few order numbers and amounts, so keys collide, repeat and nearly match. */
const row = fc.record({
  channel: fc.constantFrom('wechat', 'bank_b2c'),
  orderNo: fc.option(fc.constantFrom('A1', 'A2', 'B1'), { nil: null, freq: 8 }),
  direction: fc.constantFrom('in', 'out'),
  amount: fc.constantFrom(100, 101, 201),
  /** ours only: a payment (one-to-one), a refund (many-to-many), a withdrawal or its refill (an internal offset pair) */
  code: fc.constantFrom('pay', 'pay', 'refund', 'refund', 'withdraw', 'refill'),
  /** ours only: booked late in the evening, which a 23:00 cut-off puts on the channel's next day */
  late: fc.boolean(),
});

const day = fc.record({ ours: fc.array(row, { maxLength: 14 }), theirs: fc.array(row, { maxLength: 14 }) });

const CODE = { pay: '400301', refund: BUSINESS_CODES.REFUND, withdraw: BUSINESS_CODES.WITHDRAW, refill: BUSINESS_CODES.WITHDRAW_REFILL } as const;

/**
 * Keys of one-to-one codes that two of our entries share once the offsets (勾销) are taken out —
 * per channel, order number and amount, the k-th withdrawal with the k-th refill, in booking order —:
 * seed 001 fails such a run.
 */
function repeatedOneToOneKeys(ours: readonly { channel: string; orderNo: string | null; direction: string; amount: number; code: keyof typeof CODE }[]): string[] {
  // our entries always carry an order number: a missing one is written as NONE
  const numbered = ours.map((r, i) => ({ ...r, orderNo: r.orderNo ?? 'NONE', i }));
  const offset = new Set<number>();
  for (const pairKey of new Set(numbered.map((r) => `${r.channel}|${r.orderNo}|${r.amount}`))) {
    const same = numbered.filter((r) => `${r.channel}|${r.orderNo}|${r.amount}` === pairKey);
    const forwards = same.filter((r) => r.code === 'withdraw');
    const reverses = same.filter((r) => r.code === 'refill');
    for (let k = 0; k < Math.min(forwards.length, reverses.length); k++) offset.add(forwards[k]!.i).add(reverses[k]!.i);
  }
  const counts = new Map<string, number>();
  for (const r of numbered) {
    if (r.code === 'refund' || offset.has(r.i)) continue;
    const key = `${r.channel}|${r.orderNo}|${r.direction}|${r.amount}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([key]) => key);
}

describe('matching conserves every row (property)', () => {
  it('each entry and each statement line lands in exactly one outcome; matched pairs agree on channel, number, direction and amount; totals add up; a re-run judges the same', () => {
    fc.assert(
      fc.property(day, ({ ours, theirs }) => {
        const db = openDatabase(':memory:');
        try {
          initDatabase(db, `${DAY}T00:00:00.000Z`);
          seedChannels(db, DEFAULT_CHANNELS, 'CNY', `${DAY}T00:00:00.000Z`);
          const userId = findUser(db, 'admin')!.id;
          const entries = ours.map((r) => db.prepare(`INSERT INTO entry_flow (channel_code, business_code, order_no, direction, amount_minor, currency, occurred_at, accounting_date, voucher_id)
              VALUES (?, ?, ?, ?, ?, 'CNY', ?, ?, 0)`).run(r.channel, CODE[r.code], r.orderNo ?? 'NONE', r.direction, r.amount, `${DAY} ${r.late ? '23:40:00' : '10:00:00'}`, DAY).lastInsertRowid as number);
          const batch = db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, created_at, created_by)
              VALUES ('wechat', 'test', 'day', 1, 'h', 'DONE', ?, ?)`).run(AT, userId).lastInsertRowid;
          const lines = theirs.map((r, i) => db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, currency)
              VALUES (?, ?, ?, ?, ?, ?, 'pay', ?, ?, 'CNY')`).run(batch, i + 1, r.channel, DAY, `${DAY} 10:00:00`, r.direction, r.orderNo, r.amount).lastInsertRowid as number);

          // a one-to-one key repeated among our entries fails the run, naming it, and writes nothing
          if (repeatedOneToOneKeys(ours).length > 0) {
            expect(() => reconcile(db, { date: DAY, userId, at: AT })).toThrow(/repeat among our entry flows/);
            expect(db.prepare('SELECT COUNT(*) FROM recon_run').pluck().get()).toBe(0);
            return;
          }
          const result = reconcile(db, { date: DAY, userId, at: AT });
          const rows = db.prepare('SELECT outcome, entry_id, pair_entry_id, clearing_id, our_amount_minor, their_amount_minor FROM recon_result WHERE run_id = ?').all(result.run) as
            { outcome: string; entry_id: number | null; pair_entry_id: number | null; clearing_id: number | null; our_amount_minor: number | null; their_amount_minor: number | null }[];

          // every entry once (a one-to-many line repeats on each of its entries, so lines are counted per distinct outcome row set)
          const entrySeen = rows.flatMap((r) => [r.entry_id, r.pair_entry_id]).filter((x): x is number => x !== null);
          expect([...entrySeen].sort((a, b) => a - b)).toEqual([...entries].sort((a, b) => a - b));
          const lineOutcomes = new Map<number, Set<string>>();
          for (const r of rows) if (r.clearing_id !== null) (lineOutcomes.get(r.clearing_id) ?? lineOutcomes.set(r.clearing_id, new Set()).get(r.clearing_id)!).add(r.outcome);
          expect([...lineOutcomes.keys()].sort((a, b) => a - b)).toEqual([...lines].sort((a, b) => a - b));
          for (const outcomes of lineOutcomes.values()) expect(outcomes.size).toBe(1);

          // a one-to-one match joins equal keys; every line's status is its outcome
          const entryOf = (id: number) => ours[entries.indexOf(id)]!;
          const lineOf = (id: number) => theirs[lines.indexOf(id)]!;
          const grouped = new Set(rows.filter((r) => r.outcome === 'matched' && r.their_amount_minor === null).map((r) => r.clearing_id));
          for (const r of rows.filter((x) => x.outcome === 'matched' && !grouped.has(x.clearing_id))) {
            const e = entryOf(r.entry_id!);
            const l = lineOf(r.clearing_id!);
            expect([e.channel, e.orderNo, e.direction, e.amount]).toEqual([l.channel, l.orderNo, l.direction, l.amount]);
            expect([r.our_amount_minor, r.their_amount_minor]).toEqual([e.amount, l.amount]);
          }
          // no match is missed: an entry and a line of one key are never both left open, so an equal
          // amount is never an amount mismatch (an offset entry holds no place in its key)
          const outcomeOfEntry = new Map(rows.flatMap((r) => [[r.entry_id, r.outcome], [r.pair_entry_id, r.outcome]] as const));
          const keyOf = (r: (typeof ours)[number]) => `${r.channel}|${r.orderNo}|${r.direction}|${r.amount}`;
          for (const r of rows.filter((x) => x.outcome === 'amountMismatch')) expect(r.our_amount_minor).not.toBe(r.their_amount_minor);
          for (const key of new Set(ours.filter((r) => r.orderNo !== null).map(keyOf))) {
            const mine = entries.filter((id) => keyOf(entryOf(id)) === key);
            const openEntries = mine.filter((id) => outcomeOfEntry.get(id) !== 'matched' && outcomeOfEntry.get(id) !== 'offset');
            const openLines = lines.filter((id) => keyOf(lineOf(id)) === key && ![...lineOutcomes.get(id)!].some((o) => o === 'matched' || o === 'duplicate'));
            expect(Math.min(openEntries.length, openLines.length), `key ${key}`).toBe(0);
          }
          for (const [id, outcomes] of lineOutcomes) {
            expect(db.prepare('SELECT status FROM clearing_flow WHERE id = ?').pluck().get(id)).toBe([...outcomes][0]);
          }

          // totals first: per channel, both sides signed, money in positive
          const signed = (r: { direction: string; amount: number }) => (r.direction === 'in' ? r.amount : -r.amount);
          for (const t of result.totals) {
            const mine = ours.filter((r) => r.channel === t.channel);
            const yours = theirs.filter((r) => r.channel === t.channel);
            expect(t.ours).toEqual({ count: mine.length, amountMinor: mine.reduce((s, r) => s + signed(r), 0) });
            expect(t.theirs).toEqual({ count: yours.length, amountMinor: yours.reduce((s, r) => s + signed(r), 0) });
          }
          // the run's counts are its rows, counted and summed (our side where there is one)
          for (const [outcome, c] of Object.entries(result.counts)) {
            const mine = rows.filter((r) => r.outcome === outcome);
            expect(c, outcome).toEqual({ count: mine.length, amountMinor: mine.reduce((s, r) => s + (r.our_amount_minor ?? r.their_amount_minor!), 0) });
          }

          // a second run of the unchanged day supersedes the first and judges every row the same
          const states = () => db.prepare('SELECT entry_id, outcome FROM entry_recon_state ORDER BY entry_id').raw().all();
          const statuses = () => db.prepare('SELECT id, status FROM clearing_flow ORDER BY id').raw().all();
          const [before, beforeLines] = [states(), statuses()];
          const again = reconcile(db, { date: DAY, userId, at: AT });
          expect(again.counts).toEqual(result.counts);
          expect(states()).toEqual(before);
          expect(statuses()).toEqual(beforeLines);
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
