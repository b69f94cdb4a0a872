import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { ledgerFixture, tempDbFile, type LedgerFixture } from '../testing/ledger-fixture.js';
import { createUser } from '../users/users.js';
import { closeTrainingBook, trainingFileFor } from './store.js';
import { planDay } from './day.js';

const DATE = '2026-11-22';

function books(): LedgerFixture & { file: string } {
  const file = tempDbFile('books.sqlite');
  return { ...ledgerFixture(file), file };
}

function counts(f: LedgerFixture) {
  return f.db.sqlite.prepare('SELECT (SELECT COUNT(*) FROM voucher) AS vouchers, (SELECT COUNT(*) FROM pay_order) AS orders, (SELECT COUNT(*) FROM merchant) AS merchants').get();
}

let open: LedgerFixture | null = null;
afterEach(() => {
  if (open) {
    closeTrainingBook(open.db);
    open.db.close();
    open = null;
  }
});

describe('trainer mode on its own training database', () => {
  it('plans the same day from the same seed, with the showcases at fixed places', () => {
    const a = planDay(DATE, 30, 3);
    expect(planDay(DATE, 30, 3)).toEqual(a);
    expect(planDay(DATE, 30, 4)).not.toEqual(a);
    const notes = a.map((e) => e.spec.note).filter(Boolean);
    expect(notes).toEqual(expect.arrayContaining(['split', 'riskVerify', 'bankExtra', 'card', 'timing', 'refundFull', 'refundPartial', 'payout']));
    expect(a.map((e) => e.at)).toEqual([...a.map((e) => e.at)].sort());
    expect(a.filter((e) => e.spec.kind === 'pay')).toHaveLength(31);
  });

  it('refuses what a role may not do, and names the file beside the books', async () => {
    const f = (open = books());
    const trainer = createUser(f.db, { login: 'trainer', name: 'T', role: 'trainer' }, '2026-11-22T00:00:00.000Z');
    expect(await callApi(f.ctx(f.operator), 'trainer.state', {})).toEqual({ file: trainingFileFor(f.file), exists: false });
    expect(trainingFileFor(f.file)).toMatch(/books\.training\.sqlite$/);
    await expect(callApi(f.ctx(f.operator), 'trainer.reset', { confirm: true })).rejects.toThrow(/needs the role trainer or admin; operator is operator/);
    await expect(callApi(f.ctx(f.reviewer), 'trainer.start', { date: DATE })).rejects.toThrow(/needs the role trainer or admin/);
    await expect(callApi(f.ctx(trainer), 'trainer.reset', {})).rejects.toThrow(/confirm/);
    await expect(callApi(f.ctx(trainer), 'trainer.step', {})).rejects.toThrow(/no training day yet: start one first/);
    await callApi(f.ctx(trainer), 'trainer.reset', { confirm: true });
    await expect(callApi(f.ctx(trainer), 'trainer.start', { date: DATE, orders: 5 })).rejects.toThrow(/orders/);
    await callApi(f.ctx(trainer), 'trainer.start', { date: DATE, orders: 10 });
    await expect(callApi(f.ctx(trainer), 'trainer.start', { date: DATE })).rejects.toThrow(/already has the day 2026-11-22; reset it/);
    await expect(callApi(f.ctx(trainer), 'trainer.dayEnd', {})).rejects.toThrow(/event\(s\) of the training day 2026-11-22 have not run yet/);
    expect(existsSync(trainingFileFor(f.file))).toBe(true);
  });

  it('plays seed 003 with its exact figures, steps a day, closes it narrated; the books stay as they were', async () => {
    const f = (open = books());
    const ctx = f.ctx(f.admin);
    const before = counts(f);
    await callApi(ctx, 'trainer.reset', { confirm: true });
    await callApi(ctx, 'trainer.start', { date: DATE, orders: 20, seed: 3 });

    // seed 003, event by event
    const [a] = await callApi(ctx, 'trainer.step', { scenario: 'seed003' });
    expect(a!.pay).toMatchObject({ status: 'succeeded', channel: 'alipay', feeMinor: 60 });
    expect(a!.flows!.fund).toEqual([
      expect.objectContaining({ merchantId: 'A', item: 'pay', amountMinor: 10_000 }), expect.objectContaining({ merchantId: 'A', item: 'fee', amountMinor: -60 }),
    ]);
    expect(a!.vouchers).toHaveLength(1);
    expect(a!.vouchers[0]!.lines.reduce((s, l) => s + (l.direction === 'D' ? l.amountMinor : 0), 0)).toBe(10_060);
    await callApi(ctx, 'trainer.runRest', { scenario: 'seed003' });
    const s = await callApi(ctx, 'trainer.state', {});
    if (!s.exists || !s.seed003) throw new Error('no state');
    expect(s.seed003.flows.orders.map((o) => [o.merchant_id, o.kind, o.status, o.amount_minor, o.fee_minor])).toEqual([
      ['A', 'pay', 'succeeded', 10_000, 60], ['B', 'split', 'succeeded', 20_000, 120], ['E', 'pay', 'refunded', 5_000, 30],
    ]);
    expect(s.seed003.flows.trans).toEqual([
      { merchantId: 'A', type: '1', amountMinor: 10_000 }, { merchantId: 'C', type: '1', amountMinor: 12_000 }, { merchantId: 'D', type: '1', amountMinor: 8_000 },
      { merchantId: 'E', type: '1', amountMinor: 5_000 }, { merchantId: 'E', type: '2', amountMinor: 5_000 },
    ]);
    expect(s.seed003.flows.due).toEqual([
      { merchantId: 'A', dueMinor: 9_940, fundFlows: 2 }, { merchantId: 'B', dueMinor: 0, fundFlows: 0 }, { merchantId: 'C', dueMinor: 11_928, fundFlows: 2 },
      { merchantId: 'D', dueMinor: 7_952, fundFlows: 2 }, { merchantId: 'E', dueMinor: 0, fundFlows: 4 },
    ]);
    const refund = await callApi(ctx, 'trainer.event', { scenario: 'seed003', seq: 4 });
    expect(refund.refund).toMatchObject({ amountMinor: 5_000, feeReturnedMinor: 30, orderStatus: 'refunded' });

    // the simulated day: the first payment shows its routing level by level and its risk result
    const [first] = await callApi(ctx, 'trainer.step', {});
    expect(first!.pay!.route.steps.map((x) => x.level)).toEqual(['basic', 'feature', 'quality']);
    expect(first!.pay!.risk.decision).toBe('PASS');
    const rest = await callApi(ctx, 'trainer.runRest', {});
    expect(rest.ran).toBe(s.events.length - 1);
    const mid = await callApi(ctx, 'trainer.state', {});
    if (!mid.exists) throw new Error('no state');
    const verify = mid.events.find((e) => e.note === 'riskVerify')!;
    expect(verify).toMatchObject({ status: 'failed', risk: 'VERIFY R101', vouchers: 0 });
    const split = await callApi(ctx, 'trainer.event', { scenario: 'day', seq: mid.events.find((e) => e.note === 'split')!.seq });
    expect(split.flows!.trans.map((t) => t.merchantId)).toEqual(['M1001', 'M1004']);
    expect(mid.events.find((e) => e.note === 'bankExtra')).toMatchObject({ status: 'pending', vouchers: 0 });
    await expect(callApi(ctx, 'trainer.step', {})).rejects.toThrow(/every event of the training day 2026-11-22 has run/);

    // the day end, step by step, to a closed day
    const [statements] = await callApi(ctx, 'trainer.dayEnd', {});
    expect(statements!.step).toBe('statements');
    if (statements!.step !== 'statements') throw new Error('order');
    expect(statements.figures.files.map((x) => x.channel).sort()).toEqual(['alipay', 'alipay', 'bank_b2c', 'bank_payout', 'unionpay', 'wechat']);
    expect(statements.figures.planted.map((p) => p.kind).sort()).toEqual(['amountMismatch', 'bankExtra', 'duplicate', 'platformExtra', 'timing']);
    await expect(callApi(ctx, 'trainer.step', { scenario: 'seed003' })).rejects.toThrow(/day end of 2026-11-22 has begun/);
    const all = await callApi(ctx, 'trainer.dayEnd', { all: true });
    expect(all.map((r) => r.step)).toEqual(['import', 'reconcile', 'errors', 'confirm', 'balances', 'clearing', 'settlement', 'close', 'payout']);
    const byStep = Object.fromEntries(all.map((r) => [r.step, r]));
    const recon = byStep['reconcile']!;
    if (recon.step !== 'reconcile') throw new Error('order');
    for (const k of ['bankExtra', 'platformExtra', 'amountMismatch', 'duplicate', 'timing'] as const) expect(recon.figures.counts[k].count, k).toBe(1);
    const closed = byStep['close']!;
    if (closed.step !== 'close') throw new Error('order');
    expect(closed.figures.checks.filter((c) => !c.ok)).toEqual([]);
    expect(closed.figures.closed).toBe(true);
    await expect(callApi(ctx, 'trainer.dayEnd', {})).rejects.toThrow(/day end of 2026-11-22 is complete/);
    const end = await callApi(ctx, 'trainer.state', {});
    expect(end.exists && end.closed).toBe(true);

    // the books: not one voucher, order or merchant more
    expect(counts(f)).toEqual(before);

    // reset: a fresh training database, nothing of the old day left
    await callApi(ctx, 'trainer.reset', { confirm: true });
    const fresh = await callApi(ctx, 'trainer.state', {});
    expect(fresh).toMatchObject({ exists: true, day: null, events: [], dayEnd: [] });
  }, 120_000);
});
