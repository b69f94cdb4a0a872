import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { localDate } from '../clock.js';
import { cliEnvAs, cliEnvFor, passwordOf } from '../testing/credentials.js';

const BIN = fileURLToPath(new URL('./bin/paydesk.mjs', import.meta.url));

function paydesk(...args: string[]) {
  return paydeskWith(cliEnvFor(args), ...args);
}

/** The CLI with exactly this environment's credentials (none of the test's defaults). */
function paydeskWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: lines[lines.length - 1] ?? '' };
}

const noCredentials = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.PAYDESK_PASSWORD;
  delete env.PAYDESK_TOKEN;
  return env;
};

describe('paydesk CLI signs in: a login alone is never enough', () => {
  it('init makes the admin a password and prints it once; the CLI then needs it', () => {
    const file = tempDbFile();
    const init = paydeskWith(noCredentials(), 'init', '--db', file, '--json');
    expect(init.code).toBe(0);
    const made = (JSON.parse(init.last) as { adminPassword?: string; adminPasswordSet: boolean });
    expect(made.adminPasswordSet).toBe(true);
    expect(made.adminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // a second init neither changes nor shows it
    const again = JSON.parse(paydeskWith(noCredentials(), 'init', '--db', file, '--json').last) as { adminPassword?: string; adminPasswordSet: boolean };
    expect(again).toMatchObject({ adminPasswordSet: false, adminHasPassword: true });
    expect(again.adminPassword).toBeUndefined();

    const bare = paydeskWith(noCredentials(), 'trial-balance', '--db', file, '--user', 'admin', '--json');
    expect(bare.code).toBe(1);
    expect(JSON.parse(bare.last)).toMatchObject({ error: { code: 'FORBIDDEN', reason: 'SIGN_IN_REFUSED' } });
    expect(bare.stderr).toContain('PAYDESK_PASSWORD');
    expect(paydeskWith({ ...noCredentials(), PAYDESK_PASSWORD: made.adminPassword }, 'trial-balance', '--db', file, '--json').code).toBe(0);
  });

  it('counts wrong passwords: the fifth in a row locks the account, and then even the right one is refused', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    paydesk('call', 'users.create', '--db', file, '--input', JSON.stringify({ login: 'op', name: 'Op', role: 'operator', password: passwordOf('op') }));
    const wrong = { ...noCredentials(), PAYDESK_PASSWORD: 'not-the-password' };
    for (let i = 1; i <= 4; i++) {
      expect(JSON.parse(paydeskWith(wrong, 'trial-balance', '--db', file, '--user', 'op', '--json').last)).toMatchObject({ error: { reason: 'SIGN_IN_REFUSED' } });
    }
    expect(JSON.parse(paydeskWith(wrong, 'trial-balance', '--db', file, '--user', 'op', '--json').last)).toMatchObject({ error: { reason: 'LOCKED_OUT' } });
    const right = paydesk('trial-balance', '--db', file, '--user', 'op', '--json');
    expect(right.code).toBe(1);
    expect(JSON.parse(right.last)).toMatchObject({ error: { code: 'FORBIDDEN', reason: 'LOCKED_OUT' } });
    // an admin's new password ends the lock; every step is in the audit log
    expect(paydesk('call', 'users.setPassword', '--db', file, '--input', JSON.stringify({ login: 'op', password: passwordOf('op') })).code).toBe(0);
    expect(paydesk('trial-balance', '--db', file, '--user', 'op', '--json').code).toBe(0);
    const actions = (JSON.parse(paydesk('call', 'audit.list', '--db', file, '--input', '{"limit":50}', '--json').last) as { action: string }[]).map((a) => a.action);
    expect(actions.filter((a) => a === 'session.signInFailed')).toHaveLength(5);
    expect(actions).toContain('session.lockedOut');
    expect(actions).toContain('session.signInRefused');
  });

  it('signs a script in with an API token an admin issued, as the token\'s user, until it is revoked', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    paydesk('call', 'users.create', '--db', file, '--input', JSON.stringify({ login: 'op', name: 'Op', role: 'operator' }));
    const issued = JSON.parse(paydesk('call', 'users.issueToken', '--db', file, '--input', JSON.stringify({ login: 'op', label: 'nightly import' }), '--json').last) as { id: number; token: string };
    expect(issued.token).toMatch(/^pdt_/);
    const asToken = { ...noCredentials(), PAYDESK_TOKEN: issued.token };
    const who = JSON.parse(paydeskWith(asToken, 'call', 'system.info', '--db', file, '--json').last) as { user: { login: string; role: string } };
    expect(who.user).toMatchObject({ login: 'op', role: 'operator' });
    // the token's user, not a name typed beside it
    expect(paydeskWith(asToken, 'call', 'system.info', '--db', file, '--user', 'admin', '--json').code).toBe(2);
    expect(JSON.parse(paydeskWith(asToken, 'call', 'users.create', '--db', file, '--input', '{"login":"x1","name":"X","role":"admin"}', '--json').last)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // the list never shows a token, only its label
    expect(paydesk('call', 'users.tokens', '--db', file, '--json').stdout).not.toContain(issued.token);
    expect(paydesk('call', 'users.revokeToken', '--db', file, '--input', JSON.stringify({ id: issued.id })).code).toBe(0);
    expect(JSON.parse(paydeskWith(asToken, 'call', 'system.info', '--db', file, '--json').last)).toMatchObject({ error: { code: 'FORBIDDEN', reason: 'SIGN_IN_REFUSED' } });
  });

  it('changes your own password only with the current one; an admin sets another\'s, never his own that way', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    const own = paydesk('call', 'users.setPassword', '--db', file, '--input', JSON.stringify({ login: 'admin', password: 'a-new-password-1' }), '--json');
    expect(JSON.parse(own.last)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const badCurrent = paydesk('call', 'users.changePassword', '--db', file, '--input', JSON.stringify({ current: 'wrong-current-pw', next: 'a-new-password-1' }), '--json');
    expect(JSON.parse(badCurrent.last)).toMatchObject({ error: { reason: 'SIGN_IN_REFUSED' } });
    const short = paydesk('call', 'users.changePassword', '--db', file, '--input', JSON.stringify({ current: passwordOf('admin'), next: 'short' }), '--json');
    expect(JSON.parse(short.last)).toMatchObject({ error: { reason: 'PASSWORD_RULE' } });
    expect(paydesk('call', 'users.changePassword', '--db', file, '--input', JSON.stringify({ current: passwordOf('admin'), next: 'a-new-password-1' })).code).toBe(0);
    expect(paydesk('trial-balance', '--db', file).code).toBe(1);
    expect(paydeskWith({ ...noCredentials(), PAYDESK_PASSWORD: 'a-new-password-1' }, 'trial-balance', '--db', file).code).toBe(0);
  });
});

describe('paydesk CLI --json: the last line is one JSON object on every path', () => {
  it('bad usage, a missing option and a refused sign-in each end with a JSON error line', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    const usage = paydesk('trial-balance', '--db', file, '--no-such-flag', '--json');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.last)).toMatchObject({ error: { code: 'USAGE' } });
    const missingArg = paydesk('reconcile', '--db', file, '--json');
    expect(missingArg.code).toBe(2);
    expect(JSON.parse(missingArg.last)).toMatchObject({ error: { code: 'USAGE', message: '--date is required' } });
    const refused = paydeskWith(noCredentials(), 'trial-balance', '--db', file, '--json');
    expect(JSON.parse(refused.last)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // a day that is not closed: core/settlement/close-day-cli.test.ts (its fields, then the error, on one line)
  });
});

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
    expect(wrongUser.stderr).toContain('wrong login or password');
  });

  it('refuses a role the method does not allow, in the core', () => {
    const file = tempDbFile();
    paydesk('init', '--db', file);
    expect(paydesk('call', 'users.create', '--db', file, '--input', JSON.stringify({ login: 'op', name: 'Op', role: 'operator', password: passwordOf('op') })).code).toBe(0);
    const r = paydesk('call', 'day.close', '--db', file, '--user', 'op', '--input', '{"date":"2026-11-22"}', '--json');
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
    expect(Object.keys(json)).toEqual(['date', 'orders', 'files', 'injected', 'stats']);
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
      'day end: channelClearing', 'day end: merchantSettlement', 'day end: summaryConfirmation', 'day end: duplicates', 'day end: voucherReview', 'export yonyou read back balanced', 'export kingdee read back balanced',
    ]));
    expect(report.exports).toHaveLength(4);
  });
});
