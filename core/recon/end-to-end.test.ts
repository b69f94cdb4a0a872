import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { cliEnvFor } from '../testing/credentials.js';

const BIN = fileURLToPath(new URL('../host/bin/paydesk.mjs', import.meta.url));

function paydesk(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: cliEnvFor(args) });
  const lines = r.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { code: r.status, stderr: r.stderr, json: args.includes('--json') ? JSON.parse(last) : null };
}

describe('simulate → import every file → reconcile (the real CLI, a real file)', () => {
  it('reports exactly the planted counts per outcome', () => {
    const db = tempDbFile();
    const out = `${db}-statements`;
    expect(paydesk('init', '--db', db).code).toBe(0);
    const sim = paydesk('simulate', '--db', db, '--date', '2026-11-22', '--orders', '8000', '--seed', '31', '--out', out,
      '--plant', 'bankExtra=0.001,platformExtra=0.001,amountMismatch=0.001,duplicate=0.0005,timing=0.002,offset=0.0005', '--json');
    expect(sim.code).toBe(0);
    const channelOf = (file: string) => (file.includes('/bank_b2c/') ? 'bank_b2c' : file.includes('/bank_payout/') ? 'bank_payout' : undefined);
    for (const file of sim.json.files as string[]) {
      const channel = channelOf(file);
      const r = paydesk('import', ...(channel ? ['--channel', channel] : []), file, '--db', db, '--json');
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
      expect(r.json).toMatchObject({ status: 'DONE', errors: [] });
    }
    const rec = paydesk('reconcile', '--db', db, '--date', '2026-11-22', '--json');
    expect(rec.code).toBe(0);
    const planted = sim.json.injected;
    expect({
      bankExtra: rec.json.bankExtra.count, platformExtra: rec.json.platformExtra.count, amountMismatch: rec.json.amountMismatch.count,
      duplicate: rec.json.duplicate.count, timing: rec.json.timing.count, offset: rec.json.offset.count,
    }).toEqual(planted);
    expect(rec.json.matched.count).toBeGreaterThan(7_000);
    expect(rec.json.matched.amount).toMatch(/^\d+\.\d{2}$/);
  }, 300_000);

  it('matches a cross-border payout\'s purchase entries (520101, and 400319 or a second 520101) against the payout bank\'s one line', () => {
    const db = tempDbFile();
    const out = `${db}-statements`;
    paydesk('init', '--db', db);
    const sim = paydesk('simulate', '--db', db, '--date', '2026-11-22', '--orders', '40000', '--seed', '7', '--out', out, '--plant', 'none', '--json');
    expect(sim.code, sim.stderr).toBe(0);
    expect(sim.json.stats.crossBorderPayouts).toBe(2);
    const payoutFile = (sim.json.files as string[]).find((f) => f.includes('/bank_payout/'))!;
    expect(paydesk('import', '--channel', 'bank_payout', payoutFile, '--db', db, '--json').json.status).toBe('DONE');
    const rec = paydesk('reconcile', '--db', db, '--date', '2026-11-22', '--json');
    expect(rec.code, rec.stderr).toBe(0);
    // only the payout bank's file is in: every other channel's entries are platform extras, nothing else is off
    expect([rec.json.bankExtra.count, rec.json.amountMismatch.count, rec.json.duplicate.count]).toEqual([0, 0, 0]);
    const page = paydesk('call', 'recon.results', '--db', db, '--input', JSON.stringify({ date: '2026-11-22', channel: 'bank_payout', limit: 2000 }), '--json');
    expect(page.code, page.stderr).toBe(0);
    expect(page.json.rows.filter((r: { outcome: string }) => r.outcome !== 'matched')).toEqual([]);
    const fx = (page.json.rows as { businessCode: string; clearingId: number; ourAmountMinor: number; theirAmountMinor: number | null; direction: string }[])
      .filter((r) => r.businessCode === '520101' || r.businessCode === '400319');
    const byLine = new Map<number, typeof fx>();
    for (const r of fx) byLine.set(r.clearingId, [...(byLine.get(r.clearingId) ?? []), r]);
    expect(byLine.size).toBe(2);
    for (const rows of byLine.values()) {
      // two entries to one line, and they sum to it: out less in
      expect(rows).toHaveLength(2);
      const line = rows.find((r) => r.theirAmountMinor !== null)!.theirAmountMinor!;
      expect(rows.reduce((sum, r) => sum + r.ourAmountMinor, 0)).toBe(line);
    }
  }, 300_000);

  it('refuses the same file twice unless forced, and keeps a bad file ABNORMAL with row, column and reason', () => {
    const db = tempDbFile();
    const out = `${db}-statements`;
    paydesk('init', '--db', db);
    const sim = paydesk('simulate', '--db', db, '--date', '2026-11-22', '--orders', '300', '--seed', '5', '--out', out, '--plant', 'none', '--json');
    const wechat = (sim.json.files as string[]).find((f) => f.includes('/wechat/'))!;
    expect(paydesk('import', wechat, '--db', db, '--json').json.status).toBe('DONE');
    const again = paydesk('import', wechat, '--db', db, '--json');
    expect(again.code).toBe(1);
    expect(again.json.error.message).toMatch(/already imported as batch 1 .* use --force/);
    // the CLI's JSON carries the error as data, as every transport does
    expect(again.json.error).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_IMPORTED', params: { file: basename(wechat), batchId: 1 } });
    expect(paydesk('import', wechat, '--db', db, '--force', '--json').json.status).toBe('DONE');
    // A hand-edited amount: the row no longer parses.
    const broken = `${out}/broken.csv`;
    const text = readFileSync(wechat, 'utf8').split('\r\n');
    text[3] = text[3]!.replace(/`\d+\.\d\d,`0\.00,/, '`12.3.4,`0.00,');
    writeFileSync(broken, text.join('\r\n'));
    const bad = paydesk('import', broken, '--db', db, '--json');
    expect(bad.code).toBe(1);
    expect(bad.json.status).toBe('ABNORMAL');
    expect(bad.json.errors[0]).toMatchObject({ row: 4, column: '应结订单金额' });
    expect(bad.stderr).toContain('ABNORMAL');
    // the dropped row also breaks the file's own totals: that is the second error
    expect(bad.json.errors[1]).toMatchObject({ row: 0, column: 'totals' });
    expect(paydesk('call', 'recon.batches', '--db', db, '--json').json[0]).toMatchObject({ status: 'ABNORMAL', error_count: 2 });
  }, 120_000);
});
