// Fund-flow reconciliation (资金对账) on a simulated day through the real CLI: the fund bill's money
// per order against what our books expect the channel to move, long (长款) and short (短款) named.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { cliEnvFor } from '../testing/credentials.js';
import type { FundChannelResult as FundChannel } from './fund-recon.js';

const BIN = fileURLToPath(new URL('../host/bin/paydesk.mjs', import.meta.url));
const DAY = '2026-11-22';

function paydesk(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--json'], { encoding: 'utf8', timeout: 120_000, env: cliEnvFor(args) });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, stderr: r.stderr, json: JSON.parse(lines[lines.length - 1] ?? 'null') };
}

/** A simulated day with the Alipay files (trade bill and fund bill) imported and reconciled. */
function alipayDay(plant: string, seed: string) {
  const db = tempDbFile();
  paydesk('init', '--db', db);
  const sim = paydesk('simulate', '--db', db, '--date', DAY, '--orders', '3000', '--seed', seed, '--out', `${db}-statements`, '--plant', plant);
  expect(sim.code, sim.stderr).toBe(0);
  for (const file of (sim.json.files as string[]).filter((f) => f.includes('/alipay/'))) {
    expect(paydesk('import', file, '--db', db).json.status, file).toBe('DONE');
  }
  expect(paydesk('reconcile', '--db', db, '--date', DAY).code).toBe(0);
  const funds = paydesk('call', 'recon.fundReconcile', '--db', db, '--input', JSON.stringify({ date: DAY }));
  expect(funds.code, funds.stderr).toBe(0);
  return { db, channels: funds.json.channels as FundChannel[] };
}

describe('fund-flow reconciliation (资金对账)', () => {
  it('agrees to the fen on a day with nothing planted: the fund bill moved what our books expect, fees included', () => {
    const { channels } = alipayDay('none', '3');
    expect(channels.map((c) => c.channel)).toEqual(['alipay']);
    const [alipay] = channels;
    expect(alipay!.differences).toEqual([]);
    expect(alipay!.theirs.netMinor).toBe(alipay!.ours.netMinor);
    expect(alipay!.agreed).toBeGreaterThan(800);
    // the bill carries a fee line beside nearly every payment and refund (none where the fee rounds to nothing)
    expect(alipay!.theirs.lines).toBeGreaterThan(1.9 * alipay!.ours.entries);
  });

  it('finds every planted difference as long or short, with its amount, and the totals add up', () => {
    const { db, channels } = alipayDay('amountMismatch=0.01,platformExtra=0.005,duplicate=0.005,bankExtra=0.005,timing=0,offset=0', '9');
    const alipay = channels.find((c) => c.channel === 'alipay')!;
    // the transaction reconciliation's differences of the channel, by order
    const results = paydesk('call', 'recon.results', '--db', db, '--input', JSON.stringify({ date: DAY, channel: 'alipay', limit: 2000 })).json.rows as
      { outcome: string; orderNo: string | null; ourAmountMinor: number | null; theirAmountMinor: number | null }[];
    const differing = results.filter((r) => r.outcome !== 'matched');
    expect(differing.length).toBeGreaterThan(20);
    const byOrder = new Map(alipay.differences.map((d) => [d.orderNo, d]));
    expect(new Set(byOrder.keys())).toEqual(new Set(differing.map((r) => r.orderNo)));
    for (const r of differing) {
      const d = byOrder.get(r.orderNo!)!;
      const expected = { platformExtra: 'short', bankExtra: 'long', duplicate: 'long', amountMismatch: r.theirAmountMinor! > r.ourAmountMinor! ? 'long' : 'short' }[r.outcome];
      expect(d.kind, `${r.outcome} ${r.orderNo}`).toBe(expected);
      if (r.outcome === 'platformExtra') expect(d.theirsMinor).toBe(0);
      if (r.outcome === 'bankExtra') expect(d.oursMinor).toBe(0);
      if (r.outcome === 'duplicate') expect(d.theirsMinor).toBe(2 * d.oursMinor);
    }
    expect(alipay.long.count + alipay.short.count).toBe(alipay.differences.length);
    expect(alipay.long.amountMinor).toBe(alipay.differences.filter((d) => d.kind === 'long').reduce((s, d) => s + d.differenceMinor, 0));
    expect(alipay.short.amountMinor).toBe(-alipay.differences.filter((d) => d.kind === 'short').reduce((s, d) => s + d.differenceMinor, 0));
    expect(alipay.theirs.netMinor - alipay.ours.netMinor).toBe(alipay.long.amountMinor - alipay.short.amountMinor);
  });
});
