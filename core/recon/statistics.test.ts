// 批次统计 on a real simulated day: every channel's files imported (Alipay's 业务明细 and 账务明细
// both), so a difference must be counted on one batch only, and the batches add up to the run.
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser } from '../users/users.js';
import { callApi, type Ctx } from '../api/index.js';
import { fixedClock } from '../clock.js';
import { tempDbFile } from '../testing/ledger-fixture.js';

const DAY = '2026-11-22';

describe('batch statistics', () => {
  it('count each difference once per channel, say whose each amount is, and add up to the reconcile run', async () => {
    const file = tempDbFile();
    const db = openDatabase(file);
    initDatabase(db, '2026-11-22T00:00:00.000Z');
    const clock = fixedClock('2026-11-23T02:00:00.000Z');
    const as = (user: Ctx['user']): Ctx => ({ db, user, clock });
    const operator = as(createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, '2026-11-22T00:00:00.000Z'));
    const sim = await callApi(as(findUser(db, 'admin')!), 'simulator.simulateDay', {
      date: DAY, orders: 2_000, seed: 5, out: join(dirname(file), 'statements'), plant: 'bankExtra=0.003,platformExtra=0.003,amountMismatch=0.003,duplicate=0.002,timing=0,offset=0',
    });
    for (const f of sim.files) {
      const channel = f.includes('/bank_b2c/') ? 'bank_b2c' : f.includes('/bank_payout/') ? 'bank_payout' : undefined;
      await callApi(operator, 'recon.import', { file: f, channel });
    }
    const run = await callApi(operator, 'recon.reconcile', { date: DAY });
    const batches = await callApi(operator, 'recon.batches', {});
    const alipay = batches.filter((b) => b.channel_code === 'alipay');
    expect(alipay.map((b) => b.format).sort()).toEqual(['alipay-account', 'alipay-trade']);

    const stats = await Promise.all(batches.map((b) => callApi(operator, 'recon.batchStatistics', { batch: b.id })));
    const total = (pick: (s: (typeof stats)[number]) => number) => stats.reduce((sum, s) => sum + pick(s), 0);
    expect(run.counts.platformExtra.count).toBeGreaterThan(0);
    expect({
      bankExtra: [total((s) => s.bankExtra.count), total((s) => s.bankExtra.amountMinor)],
      platformExtra: [total((s) => s.platformExtra.count), total((s) => s.platformExtra.amountMinor)],
      amountMismatch: [total((s) => s.amountMismatch.count), total((s) => s.amountMismatch.oursMinor)],
      duplicate: [total((s) => s.duplicate.count), total((s) => s.duplicate.amountMinor)],
    }).toEqual({
      bankExtra: [run.counts.bankExtra.count, run.counts.bankExtra.amountMinor],
      platformExtra: [run.counts.platformExtra.count, run.counts.platformExtra.amountMinor],
      amountMismatch: [run.counts.amountMismatch.count, run.counts.amountMismatch.amountMinor],
      duplicate: [run.counts.duplicate.count, run.counts.duplicate.amountMinor],
    });
    // the fund bill (账务明细) holds none of the transaction reconciliation's differences
    const fund = stats.find((s) => s.batch === alipay.find((b) => b.format === 'alipay-account')!.id)!;
    expect([fund.platformExtra.count, fund.bankExtra.count, fund.amountMismatch.count]).toEqual([0, 0, 0]);
    // an amount mismatch shows both sides and theirs less ours
    for (const s of stats) expect(s.amountMismatch.differenceMinor).toBe(s.amountMismatch.theirsMinor - s.amountMismatch.oursMinor);
    expect(total((s) => s.amountMismatch.differenceMinor)).not.toBe(0);
  }, 60_000);
});
