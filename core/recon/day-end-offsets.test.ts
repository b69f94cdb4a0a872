// 勾销 across days: a withdrawal (500401) and its refill (500402) booked on different days offset
// at close-day, one reverse against one forward, a reverse that came first included; unequal
// amounts are flagged and never offset; offset entries never reach history.
import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { requireAccount } from '../ledger/index.js';
import { reconcile } from './reconcile.js';
import { summary } from './confirm.js';
import { closeDay } from '../settlement/close-day.js';
import { offsetsCheck } from '../settlement/review-checks.js';
import { offsetAcrossDays, pairAcrossDays, type OpenOffsetEntry } from './day-end-offsets.js';

const D1 = '2026-11-22';
const D2 = '2026-11-23';

function payoutThenRefillNextDay() {
  const f = paymentsFixture(['A']);
  const e = f.engine();
  const available = requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: 'A', currency: 'CNY' });
  e.run((x) => x.buffer.add({ accountingDate: D1, businessCode: '100001', summary: 'opening', lines: [
    { accountId: f.bank.id, direction: 'D', amountMinor: 50_000 }, { accountId: available.id, direction: 'C', amountMinor: 50_000 }] }));
  const { payoutNo } = e.run((x) => x.withdraw({ merchantId: 'A', amountMinor: 20_000, currency: 'CNY', bankAccount: '6222', at: `${D1} 09:00:00` }));
  const op = { userId: f.operator.id, at: '2026-11-23T01:00:00.000Z' };
  reconcile(f.db, { date: D1, ...op });
  // the bank failed it the next day: the refill is booked on D2
  e.run((x) => x.refillPayout(payoutNo, `${D2} 10:00:00`));
  reconcile(f.db, { date: D2, ...op, at: '2026-11-24T01:00:00.000Z' });
  return { f, payoutNo };
}

const stateOf = (f: ReturnType<typeof paymentsFixture>, code: string) =>
  f.db.sqlite.prepare('SELECT s.outcome FROM entry_flow e JOIN entry_recon_state s ON s.entry_id = e.id WHERE e.business_code = ?').pluck().get(code);

describe('internal offsets across days (跨日勾销)', () => {
  it('close-day offsets a withdrawal and its refill booked on different days; they leave the summary and never reach history', () => {
    const { f, payoutNo } = payoutThenRefillNextDay();
    // each day's run alone could not pair them
    expect(stateOf(f, '500401')).toBe('platformExtra');
    expect(stateOf(f, '500402')).toBe('platformExtra');
    expect(summary(f.db, D2).groups.filter((g) => g.channel === 'bank_payout').map((g) => [g.direction, g.entryTotalMinor, g.balanced])).toEqual([['in', 20_000, false]]);

    const r = closeDay(f.db, { date: D2, userId: f.reviewer.id, at: '2026-11-24T09:00:00.000Z' });
    expect(r.offsets).toEqual({ offset: 1, unequal: [] });
    expect(stateOf(f, '500401')).toBe('offset');
    expect(stateOf(f, '500402')).toBe('offset');
    const actions = f.db.sqlite.prepare("SELECT order_no, action, status FROM recon_action WHERE action = 'offset' ORDER BY id").all();
    expect(actions).toEqual([{ order_no: payoutNo, action: 'offset', status: 'done' }, { order_no: payoutNo, action: 'offset', status: 'done' }]);
    expect(r.checks.find((c) => c.name === 'internalOffsets')).toMatchObject({ ok: true });
    // the refill no longer stands in the summary as ours only, nor in the day's differences
    expect(summary(f.db, D2).groups.filter((g) => g.channel === 'bank_payout')).toEqual([]);
    expect(r.checks.find((c) => c.name === 'reconciliation')!.detail).not.toContain(payoutNo);
    // a rerun of either day keeps them offset, and nothing of them is in history
    reconcile(f.db, { date: D2, userId: f.operator.id, at: '2026-11-24T10:00:00.000Z' });
    expect(stateOf(f, '500402')).toBe('offset');
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM recon_history').pluck().get()).toBe(0);
    // offsetting again finds nothing more
    expect(offsetAcrossDays(f.db, { date: D2, userId: f.reviewer.id, at: '2026-11-24T11:00:00.000Z' }).offset).toEqual([]);
  });
});

describe('pairing forwards and reverses across days', () => {
  const entry = (id: number, businessCode: string, amountMinor: number, accountingDate: string, orderNo = 'W1'): OpenOffsetEntry =>
    ({ id, channel: 'bank_payout', orderNo, businessCode, amountMinor, accountingDate, runId: 1 });

  it('pairs a reverse that came before its forward, one reverse per forward', () => {
    const { matched, left } = pairAcrossDays([entry(1, '500402', 500, '2026-11-21'), entry(2, '500401', 500, '2026-11-22'), entry(3, '500401', 500, '2026-11-23')]);
    expect(matched.map((p) => [p.forward.id, p.reverse.id])).toEqual([[2, 1]]);
    expect(left).toEqual([]); // the second forward has no reverse: it simply stays open
  });

  it('flags unequal amounts and never offsets them; other order numbers never pair', () => {
    const { matched, left } = pairAcrossDays([entry(1, '500401', 500, D1), entry(2, '500402', 499, D2), entry(3, '500402', 500, D2, 'W2')]);
    expect(matched).toEqual([]);
    expect(left.map((l) => [l.orderNo, l.forward.map((e) => e.id), l.reverse.map((e) => e.id)])).toEqual([['W1', [1], [2]]]);
  });

  it('an unequal pair stops the close until its entries are on the error desk', () => {
    const pair = { channel: 'bank_payout', orderNo: 'W1', forwardMinor: 500, reverseMinor: 499 };
    expect(offsetsCheck([{ ...pair, decided: false }])).toMatchObject({ ok: false, detail: expect.stringContaining('bank_payout W1: forward 5.00, reverse 4.99') });
    expect(offsetsCheck([{ ...pair, decided: true }])).toMatchObject({ ok: true, detail: expect.stringMatching(/^1 unequal pair\(s\) flagged, not offset/) });
    expect(offsetsCheck([]).ok).toBe(true);
  });
});
