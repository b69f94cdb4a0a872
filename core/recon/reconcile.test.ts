import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { simulateDay } from '../simulator/day.js';
import { parsePlant, plantCount } from '../simulator/plant.js';
import { channelTxns, channelWindow } from '../simulator/files.js';
import { loadChannels } from '../channels/store.js';
import { accountingDateOf } from '../clock.js';
import { reconcile } from './reconcile.js';
import { batchStatistics } from './statistics.js';
import { applyStrategy } from './actions.js';
import { confirmSummary, history, summary } from './confirm.js';
import { deleteClearingFlow, editClearingFlow } from './clearing.js';
import { createUser } from '../users/users.js';
import { PayDeskError } from '../errors.js';
import { trialBalance } from '../ledger/index.js';

const DAY = '2026-11-22';
const AT = '2026-11-23T02:00:00.000Z';

/** Stand in for importing each channel's trade file (`only`: just these channels, e.g. a file imported a second time): what the channel recorded for its day, plants applied. */
function loadTheirSide(db: Db, date: string, only?: string[]): void {
  const admin = findUser(db, 'admin')!;
  const channels = loadChannels(db);
  db.tx(() => {
    for (const c of channels.filter((x) => (only ?? ['alipay', 'wechat', 'unionpay', 'bank_b2c']).includes(x.code))) {
      const batch = db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, first_date, last_date, created_at, created_by)
                                VALUES (?, 'test', ?, 1, ?, 'DONE', ?, ?, ?, ?)`).run(c.code, `${c.code}-${date}`, `${c.code}-${date}`, date, date, AT, admin.id).lastInsertRowid;
      let row = 0;
      for (const t of [...channelTxns(db, c, date)]) {
        db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, channel_trade_no, amount_minor, currency)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'CNY')`)
          .run(batch, ++row, c.code, accountingDateOf(t.finishedAt, c.cutoff), t.finishedAt, t.kind === 'pay' ? 'in' : 'out', t.kind,
            t.kind === 'pay' ? t.merchantOrderNo : t.refundNo, t.channelTradeNo, t.amountMinor);
      }
    }
    if (only) return;
    // The payout bank: payouts it executed (refilled ones never reached it).
    const payout = channels.find((x) => x.code === 'bank_payout')!;
    const { from, to } = channelWindow(date, payout.cutoff);
    const batch = db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, first_date, last_date, created_at, created_by)
                              VALUES ('bank_payout', 'test', ?, 1, ?, 'DONE', ?, ?, ?, ?)`).run(`payout-${date}`, `payout-${date}`, date, date, AT, admin.id).lastInsertRowid;
    const payouts = db.prepare("SELECT payout_no, amount_minor, created_at FROM payout_order WHERE status <> 'refilled' AND created_at >= ? AND created_at < ?").all(from, to) as { payout_no: string; amount_minor: number; created_at: string }[];
    payouts.forEach((p, i) => db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, currency)
                                          VALUES (?, ?, 'bank_payout', ?, ?, 'out', 'payout', ?, ?, 'CNY')`).run(batch, i + 1, date, p.created_at, p.payout_no, p.amount_minor));
  });
}

async function simulatedDay(orders: number, plant: string) {
  const db = openDatabase(':memory:');
  initDatabase(db, AT);
  const userId = findUser(db, 'admin')!.id;
  const out = mkdtempSync(join(tmpdir(), 'paydesk-recon-'));
  const sim = await simulateDay(db, { date: DAY, orders, seed: 99, outDir: out, plant: parsePlant(plant), userId });
  return { db, userId, sim, out };
}

describe('reconcile a simulated day', () => {
  it('finds exactly what the simulator planted, per outcome', async () => {
    const orders = 20_000;
    const plant = 'bankExtra=0.001,platformExtra=0.0015,amountMismatch=0.001,duplicate=0.0005,timing=0.002,offset=0.0005';
    const { db, userId, sim } = await simulatedDay(orders, plant);
    loadTheirSide(db, DAY);
    const r = reconcile(db, { date: DAY, userId, at: AT });
    const rates = parsePlant(plant);
    expect(sim.injected).toMatchObject({ bankExtra: plantCount(rates.bankExtra, orders), timing: plantCount(rates.timing, orders) });
    expect({
      bankExtra: r.counts.bankExtra.count, platformExtra: r.counts.platformExtra.count, amountMismatch: r.counts.amountMismatch.count,
      duplicate: r.counts.duplicate.count, timing: r.counts.timing.count, offset: r.counts.offset.count,
    }).toEqual(sim.injected);
    expect(r.counts.matched.count).toBeGreaterThan(19_000);
    // batch statistics add up to the run, channel by channel
    const batches = db.prepare('SELECT id, channel_code FROM import_batch').all() as { id: number; channel_code: string }[];
    const stats = batches.map((b) => batchStatistics(db, b.id));
    const sum = (k: 'bankExtra' | 'platformExtra' | 'amountMismatch' | 'duplicate') => stats.reduce((s, x) => s + x[k].count, 0);
    expect({ bankExtra: sum('bankExtra'), platformExtra: sum('platformExtra'), amountMismatch: sum('amountMismatch'), duplicate: sum('duplicate') })
      .toEqual({ bankExtra: r.counts.bankExtra.count, platformExtra: r.counts.platformExtra.count, amountMismatch: r.counts.amountMismatch.count, duplicate: r.counts.duplicate.count });
    const alipay = stats.find((x) => x.channel === 'alipay')!;
    const lines = db.prepare("SELECT COUNT(*) FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id WHERE b.channel_code = 'alipay'").pluck().get() as number;
    expect(alipay.receipts.count + alipay.payments.count).toBe(lines);
    expect(alipay.refunds.count).toBe(alipay.payments.count);
  });

  it('the error strategy supplements exactly the dropped orders, once, and lists the rest to do', async () => {
    const { db, userId, sim, out } = await simulatedDay(10_000, 'bankExtra=0.002,platformExtra=0.001,amountMismatch=0.001,duplicate=0,timing=0,offset=0');
    loadTheirSide(db, DAY);
    reconcile(db, { date: DAY, userId, at: AT });
    const applied = applyStrategy(db, { date: DAY, userId, at: AT, localTime: '2026-11-23 09:00:00' });
    expect(applied.supplemented).toHaveLength(sim.injected.bankExtra);
    expect(applied.toDo.map((t) => t.outcome).sort()).toEqual([
      ...Array(sim.injected.amountMismatch).fill('amountMismatch'), ...Array(sim.injected.platformExtra).fill('platformExtra'),
    ].sort());
    const statuses = db.prepare(`SELECT DISTINCT status, accounting_date FROM pay_order WHERE order_no IN (${applied.supplemented.map(() => '?').join(',')})`).all(...applied.supplemented);
    expect(statuses).toEqual([{ status: 'succeeded', accounting_date: '2026-11-23' }]);
    expect(trialBalance(db, '2026-11-23').balanced).toBe(true);
    // T+1 recovers T once, never twice
    const again = applyStrategy(db, { date: DAY, userId, at: AT, localTime: '2026-11-23 09:05:00' });
    expect(again.supplemented).toEqual([]);
    expect(again.alreadyHandled).toBe(applied.supplemented.length + applied.toDo.length);
    // reconciling the day again (after a correction, say) keeps the supplemented orders matched to their lines
    const rerun = reconcile(db, { date: DAY, userId, at: AT });
    expect(rerun.counts.platformExtra.count).toBe(sim.injected.platformExtra);
    expect(rerun.counts.bankExtra.count).toBe(0);
    // the supplemented orders do not turn up as platform extra in the next day's run
    await simulateDay(db, { date: '2026-11-23', orders: 2_000, seed: 5, outDir: out, plant: parsePlant('none'), userId });
    loadTheirSide(db, '2026-11-23');
    expect(reconcile(db, { date: '2026-11-23', userId, at: AT }).counts.platformExtra.count).toBe(0);
  });

  it('a reviewer other than the operator confirms the summary; balanced groups move to history, a statement imported twice is caught', async () => {
    const { db, userId } = await simulatedDay(3_000, 'none');
    loadTheirSide(db, DAY);
    loadTheirSide(db, DAY, ['wechat']); // the WeChat bill imported a second time
    reconcile(db, { date: DAY, userId, at: AT });
    const s = summary(db, DAY);
    const wechatIn = s.groups.find((g) => g.channel === 'wechat' && g.direction === 'in')!;
    expect(wechatIn.balanced).toBe(false);
    expect(wechatIn.differences[0]).toMatch(/statement line\(s\) repeated .*imported twice\?/);
    expect(s.groups.filter((g) => g.channel === 'alipay').every((g) => g.balanced)).toBe(true);
    expect(() => confirmSummary(db, { date: DAY, userId, at: AT })).toThrow(/ran none of its reconciliations/);
    const reviewer = createUser(db, { login: 'reviewer', name: 'R', role: 'reviewer' }, AT);
    const c = confirmSummary(db, { date: DAY, userId: reviewer.id, at: AT });
    expect(c.refused.map((g) => `${g.channel}:${g.direction}`)).toEqual(['wechat:in', 'wechat:out'].filter((k) => s.groups.some((g) => `${g.channel}:${g.direction}` === k && !g.balanced)));
    const expected = c.confirmed.reduce((n, g) => n + g.matchedCount, 0);
    expect(c.moved).toBe(expected);
    expect(history(db, { from: DAY, to: DAY, limit: 10_000 })).toHaveLength(expected);
    expect(history(db, { from: DAY, to: DAY, channel: 'wechat' })).toHaveLength(0);
    expect(history(db, { from: '2026-11-16', to: DAY, limit: 1 })).toHaveLength(1); // 7 dates: allowed
    expect(() => history(db, { from: '2026-11-15', to: DAY })).toThrow(/at most 7 clearing dates/);
    expect(() => db.sqlite.exec('DELETE FROM recon_history')).toThrow(/append-only/);
    expect(() => history(db, { from: DAY, to: '2026-11-21' })).toThrow(PayDeskError);
  });

  it('nobody who ran any reconciliation of the day confirms it: an admin who ran the first run is refused after another ran it again', async () => {
    const { db, userId: adminId } = await simulatedDay(1_000, 'none');
    loadTheirSide(db, DAY);
    reconcile(db, { date: DAY, userId: adminId, at: AT });
    const operator = createUser(db, { login: 'operator', name: 'O', role: 'operator' }, AT);
    reconcile(db, { date: DAY, userId: operator.id, at: AT }); // the latest run is the operator's now
    for (const maker of [adminId, operator.id]) {
      const refused = (() => { try { confirmSummary(db, { date: DAY, userId: maker, at: AT }); } catch (e) { return e; } return null; })();
      expect(refused).toBeInstanceOf(PayDeskError);
      expect(refused).toMatchObject({ code: 'FORBIDDEN', reason: 'MAKER_IS_CHECKER', params: { step: 'recon.confirm', date: DAY } });
    }
    expect(db.prepare('SELECT COUNT(*) FROM recon_confirmation').pluck().get()).toBe(0);
    const reviewer = createUser(db, { login: 'reviewer', name: 'R', role: 'reviewer' }, AT);
    expect(confirmSummary(db, { date: DAY, userId: reviewer.id, at: AT }).moved).toBeGreaterThan(0);
  });

  it('an amount mismatch corrected on its clearing flow matches on the next run; a duplicate deleted leaves the run; history lines cannot change', async () => {
    const { db, userId } = await simulatedDay(3_000, 'amountMismatch=0.001,duplicate=0.001,bankExtra=0,platformExtra=0,timing=0,offset=0');
    loadTheirSide(db, DAY);
    const first = reconcile(db, { date: DAY, userId, at: AT });
    expect([first.counts.amountMismatch.count, first.counts.duplicate.count]).toEqual([3, 3]);
    const user = { id: userId };
    for (const m of db.prepare("SELECT clearing_id, our_amount_minor FROM recon_result WHERE run_id = ? AND outcome = 'amountMismatch'").all(first.run) as { clearing_id: number; our_amount_minor: number }[]) {
      editClearingFlow(db, { id: m.clearing_id, amountMinor: m.our_amount_minor, reason: '银行确认金额' }, user, AT);
    }
    for (const d of db.prepare("SELECT clearing_id FROM recon_result WHERE run_id = ? AND outcome = 'duplicate'").pluck().all(first.run) as number[]) {
      deleteClearingFlow(db, { id: d, reason: '重复行' }, user, AT);
    }
    const second = reconcile(db, { date: DAY, userId, at: AT });
    const { matched, ...rest } = second.counts;
    expect(Object.values(rest).every((x) => x.count === 0)).toBe(true);
    expect(matched.count).toBe(first.counts.matched.count + 3);
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action IN ('recon.clearing.edit', 'recon.clearing.delete')").pluck().get()).toBe(6);
    const reviewer = createUser(db, { login: 'reviewer', name: 'R', role: 'reviewer' }, AT);
    confirmSummary(db, { date: DAY, userId: reviewer.id, at: AT });
    const confirmedLine = db.prepare("SELECT id FROM clearing_flow WHERE status = 'history' LIMIT 1").pluck().get() as number;
    expect(() => editClearingFlow(db, { id: confirmedLine, amountMinor: 1, reason: 'x' }, user, AT)).toThrow(/is history; only lines/);
    expect(() => db.sqlite.exec('UPDATE entry_flow SET amount_minor = 1')).toThrow(/append-only/);
  });

  it('with nothing planted everything matches', async () => {
    const { db, userId } = await simulatedDay(3_000, 'none');
    loadTheirSide(db, DAY);
    const r = reconcile(db, { date: DAY, userId, at: AT });
    const { matched, ...rest } = r.counts;
    expect(Object.values(rest).every((x) => x.count === 0)).toBe(true);
    expect(matched.count).toBe(db.prepare("SELECT COUNT(*) FROM entry_flow WHERE accounting_date = ? AND channel_code <> 'balance'").pluck().get(DAY));
    expect(r.totals.every((t) => t.ours.amountMinor === t.theirs.amountMinor)).toBe(true);
    // one line to one entry, but for a cross-border payout whose rate left a gain or a rest: two entries to its one line
    const twoEntryPayouts = db.prepare('SELECT COUNT(*) FROM fx_purchase WHERE quoted_minor <> dealt_minor').pluck().get() as number;
    expect(r.totals.map((t) => [t.channel, t.ours.count - t.theirs.count])).toEqual(r.totals.map((t) => [t.channel, t.channel === 'bank_payout' ? twoEntryPayouts : 0]));
  });

  it('the next day clears the timing differences, and a second run of the same day supersedes the first', async () => {
    const { db, userId, out } = await simulatedDay(5_000, 'timing=0.002');
    loadTheirSide(db, DAY);
    const day1 = reconcile(db, { date: DAY, userId, at: AT });
    expect(day1.counts.timing.count).toBe(10);
    const again = reconcile(db, { date: DAY, userId, at: AT });
    expect(again.counts).toEqual(day1.counts);
    expect(db.prepare('SELECT superseded_by FROM recon_run WHERE id = ?').pluck().get(day1.run)).toBe(again.run);
    await simulateDay(db, { date: '2026-11-23', orders: 5_000, seed: 100, outDir: out, plant: parsePlant('none'), userId });
    loadTheirSide(db, '2026-11-23');
    const day2 = reconcile(db, { date: '2026-11-23', userId, at: AT });
    const { matched, ...rest } = day2.counts;
    expect(Object.values(rest).every((x) => x.count === 0)).toBe(true);
    // yesterday's held entries are matched today
    expect(db.prepare("SELECT COUNT(*) FROM entry_recon_state s JOIN entry_flow e ON e.id = s.entry_id WHERE e.accounting_date = ? AND s.outcome = 'matched' AND s.run_id = ?").pluck().get(DAY, day2.run)).toBe(10);
    expect(matched.count).toBe((db.prepare("SELECT COUNT(*) FROM entry_flow WHERE accounting_date = ? AND channel_code <> 'balance'").pluck().get('2026-11-23') as number) + 10);
  });
});
