import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { localDate } from '../clock.js';

const BIN = fileURLToPath(new URL('./bin/paydesk.mjs', import.meta.url));

function paydesk(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: lines[lines.length - 1] ?? '' };
}

describe('paydesk CLI (child process, real file)', () => {
  it('init then trial-balance --json prints a balanced trial balance for today', () => {
    const file = tempDbFile();
    const init = paydesk('init', '--db', file, '--json');
    expect(init.code).toBe(0);
    expect(JSON.parse(init.last)).toMatchObject({ created: true, users: ['admin'] });
    expect(existsSync(file)).toBe(true);
    const today = localDate(new Date());
    const tb = paydesk('trial-balance', '--db', file, '--date', today, '--json');
    expect(tb.code).toBe(0);
    expect(JSON.parse(tb.last)).toMatchObject({ date: today, balanced: true, debit: '0.00', credit: '0.00' });
    // init again changes nothing
    expect(JSON.parse(paydesk('init', '--db', file, '--json').last)).toMatchObject({ created: false });
  });

  it('posts through `call` and reports amounts as major-unit strings', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    const accounts = JSON.parse(paydesk('call', 'ledger.accounts', '--db', file, '--json').last) as { id: number; purpose: string }[];
    const capital = accounts.find((a) => a.purpose === 'capital')!;
    const fee = accounts.find((a) => a.purpose === 'fee_income')!;
    const input = JSON.stringify({
      accountingDate: '2026-11-22', businessCode: '100001', summary: 'cli test',
      lines: [{ accountId: fee.id, direction: 'D', amountMinor: 123_456 }, { accountId: capital.id, direction: 'C', amountMinor: 123_456 }],
    });
    const posted = paydesk('call', 'ledger.postVoucher', '--db', file, '--input', input, '--json');
    expect(posted.code).toBe(0);
    expect(JSON.parse(posted.last)).toMatchObject({ voucherNo: '20261122-000001' });
    const tb = JSON.parse(paydesk('trial-balance', '--db', file, '--date', '2026-11-22', '--json').last);
    expect(tb).toMatchObject({ balanced: true, debit: '1234.56', credit: '1234.56' });
    expect(tb.subjects.find((s: { code: string }) => s.code === '4001')).toMatchObject({ credit: '1234.56', closingCredit: '1234.56' });
  });

  it('exits 2 on bad usage with a hint', () => {
    const unknown = paydesk('frobnicate', '--db', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(paydesk('trial-balance').code).toBe(2);
    expect(paydesk('trial-balance', '--db', 'x', '--bogus').code).toBe(2);
    expect(paydesk().code).toBe(2);
    expect(paydesk('help').code).toBe(0);
  });

  it('exits 1 with a one-line message on user errors, and a JSON error as the last line with --json', () => {
    const missing = paydesk('trial-balance', '--db', '/nonexistent/x.sqlite');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('paydesk init --db /nonexistent/x.sqlite');
    const file = tempDbFile();
    paydesk('init', '--db', file);
    const badDate = paydesk('trial-balance', '--db', file, '--date', '2026-13-45', '--json');
    expect(badDate.code).toBe(1);
    expect(JSON.parse(badDate.last)).toMatchObject({ error: { code: 'BAD_INPUT' } });
    const wrongUser = paydesk('trial-balance', '--db', file, '--user', 'nobody');
    expect(wrongUser.code).toBe(1);
    expect(wrongUser.stderr).toContain('no active user "nobody"');
  });

  it('refuses a role the method does not allow, in the core', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    expect(paydesk('call', 'users.create', '--db', file, '--input', '{"login":"op","name":"Op","role":"operator"}').code).toBe(0);
    const r = paydesk('call', 'ledger.closeDay', '--db', file, '--user', 'op', '--input', '{"date":"2026-11-22"}', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.last)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('simulate --json reports the date, orders, the files written and each planted count', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    const out = `${file}-statements`;
    const r = paydesk('simulate', '--db', file, '--date', '2026-11-22', '--orders', '2000', '--seed', '9', '--out', out, '--plant', 'timing=0.005,bankExtra=0.002', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.last);
    expect(Object.keys(json)).toEqual(['date', 'orders', 'files', 'injected']);
    expect(json).toMatchObject({ date: '2026-11-22', orders: 2000, injected: { timing: 10, bankExtra: 4 } });
    expect(Object.keys(json.injected)).toEqual(['bankExtra', 'platformExtra', 'amountMismatch', 'duplicate', 'timing', 'offset']);
    expect(json.files.every((f: string) => existsSync(f))).toBe(true);
    expect(r.stderr).toContain('orders: 100%');
    expect(paydesk('simulate', '--db', file, '--date', '2026-11-23', '--orders', '10', '--out', out).code).toBe(2);
    const bad = paydesk('simulate', '--db', file, '--date', '2026-11-23', '--orders', '10', '--seed', '1', '--out', out, '--plant', 'typo=0.1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown kind "typo"');
  });

  it('runs the demo day and ends with every check passing', () => {
    const r = paydesk('demo', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.last);
    expect(report.trialBalance.balanced).toBe(true);
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    // the day end ran: the day closed, and every ERP file was written and read back balanced
    expect(report.closed).toBe(true);
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining([
      'day end: channelClearing', 'day end: merchantSettlement', 'export yonyou read back balanced', 'export kingdee read back balanced',
    ]));
    expect(report.exports).toHaveLength(4);
  });
});
