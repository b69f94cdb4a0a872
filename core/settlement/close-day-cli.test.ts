import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync, existsSync } from 'node:fs';
import iconv from 'iconv-lite';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { cliEnvFor } from '../testing/credentials.js';

const BIN = fileURLToPath(new URL('../host/bin/paydesk.mjs', import.meta.url));

function paydesk(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: cliEnvFor(args) });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, stderr: r.stderr, json: args.includes('--json') ? JSON.parse(lines[lines.length - 1] ?? 'null') : null };
}

describe('close-day and export-vouchers through the real CLI', () => {
  it('refuses to close an unresolved day, exit 1, naming each failing check; exports the day for Yonyou in GBK, balanced', () => {
    const db = tempDbFile();
    const out = `${db}-statements`;
    expect(paydesk('init', '--db', db).code).toBe(0);
    const sim = paydesk('simulate', '--db', db, '--date', '2026-11-22', '--orders', '600', '--seed', '3', '--out', out, '--plant', 'platformExtra=0.01', '--json');
    for (const file of sim.json.files as string[]) {
      const channel = file.includes('/bank_b2c/') ? 'bank_b2c' : file.includes('/bank_payout/') ? 'bank_payout' : undefined;
      expect(paydesk('import', ...(channel ? ['--channel', channel] : []), file, '--db', db).code).toBe(0);
    }
    expect(paydesk('reconcile', '--db', db, '--date', '2026-11-22').code).toBe(0);

    const close = paydesk('close-day', '--db', db, '--date', '2026-11-22', '--json');
    expect(close.code).toBe(1);
    expect(close.json).toMatchObject({ date: '2026-11-22', closed: false });
    // with --json the last line is the day's fields and the error together (docs/cli.md#json)
    expect(Object.keys(close.json)).toEqual(['date', 'closed', 'checks', 'error']);
    expect(close.json.error).toMatchObject({ code: 'CHECK_FAILED', message: expect.stringMatching(/is not closed/) });
    const failed = (close.json.checks as { name: string; ok: boolean; detail: string }[]).filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toContain('reconciliation');
    expect(failed.find((c) => c.name === 'reconciliation')!.detail).toMatch(/6 unresolved difference\(s\).*platformExtra P2026/);
    expect(close.stderr).toMatch(/not closed — reconciliation: 6 unresolved/);

    const file = `${db}-u8.txt`;
    const exported = paydesk('export-vouchers', '--db', db, '--date', '2026-11-22', '--format', 'yonyou', '--out', file, '--json');
    expect(exported.code).toBe(0);
    expect(exported.json.debit).toBe(exported.json.credit);
    expect(exported.json.vouchers).toBeGreaterThan(500);
    const text = iconv.decode(readFileSync(file), 'gbk');
    expect(text.split('\r\n')[0]).toBe('填制凭证,V800');
    expect(text).toContain('支付成功');
    expect(paydesk('export-vouchers', '--db', db, '--date', '2026-11-22', '--format', 'sap', '--out', `${db}-x`).code).toBe(2);
    expect(existsSync(`${db}-x`)).toBe(false);
  }, 180_000);
});
