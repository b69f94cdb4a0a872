// The settings screen in a real browser: an admin changes a channel's fee rate, a merchant's cycle,
// an error strategy row and an ERP mapping, creates a user and previews a route; each change is
// read back through the real CLI and found in the audit log. An operator then sees it all read-only,
// and the core refuses the operator's change even when sent straight through the page's bridge.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { buildRenderer, describeInBrowser, openDesk, paydesk, shotOf, signInAs, passwordOf } from './harness.js';

let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];

const call = <T = unknown>(method: string, input: unknown = {}) =>
  paydesk(['call', method, '--db', dbFile, '--user', 'admin', '--input', JSON.stringify(input), '--json']) as T;

const shot = (name: string) => shotOf(page, name, { fullPage: false });

async function bannerOk(): Promise<string> {
  const banner = page.getByTestId('banner');
  await banner.waitFor();
  const text = (await banner.textContent()) ?? '';
  expect((await banner.getAttribute('class')) ?? '', text).toContain('banner-ok');
  await banner.getByRole('button').click();
  return text;
}

const signIn = (login: string) => signInAs(page, login, date);

async function tab(key: string): Promise<void> {
  await page.getByTestId(`settings-tab-${key}`).click();
}

const audit = () => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare("SELECT a.action, a.entity_id AS entity, u.login FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id ORDER BY a.id").all() as { action: string; entity: string; login: string }[];
  } finally {
    db.close();
  }
};

describeInBrowser('settings in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-settings-'));
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    const built = buildRenderer(path.join(dir, 'renderer'));
    paydesk(['init', '--db', dbFile, '--json']);
    date = (paydesk(['trial-balance', '--db', dbFile, '--json']) as { date: string }).date;
    paydesk(['call', 'users.create', '--db', dbFile, '--input', JSON.stringify({ login: 'operator', name: 'Operator', role: 'operator', password: passwordOf('operator') }), '--json']);
    // a small simulated day sets up the channels and merchants the screen edits
    paydesk(['simulate', '--db', dbFile, '--date', date, '--orders', '40', '--seed', '3', '--out', path.join(dir, 'statements'), '--json']);
    await built;
    ({ browser, page, host } = await openDesk({ dbFile, rendererDir: path.join(dir, 'renderer'), dataDir, onPageError: (m) => errors.push(m), onHostError: (m) => errors.push(`host: ${m}`) }));
    await signIn('admin');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('screen-settings').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an admin changes Alipay’s fee rate and limit; a bad rate is refused with its reason', async () => {
    await page.getByTestId('channel-rows').locator('tr', { has: page.locator('[data-code="alipay"]') }).click();
    await page.getByTestId('channel-editor').waitFor();
    await page.getByTestId('channel-fee-rate').fill('1e-3');
    await page.getByTestId('channel-save').click();
    const refused = page.getByTestId('banner');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('fee rate "1e-3" is not a number (write 0.38% or 0.0038)');
    await refused.getByRole('button').click();
    await page.getByTestId('channel-fee-rate').fill('0.45%');
    await page.getByTestId('channel-single').fill('30,000.00');
    await shot('settings-01-channel-editor');
    await page.getByTestId('channel-save').click();
    expect(await bannerOk()).toContain('Alipay');
    const row = page.getByTestId('channel-rows').locator('tr', { has: page.locator('[data-code="alipay"]') });
    expect(await row.locator('[data-field="feeRate"]').textContent()).toBe('0.45%');
    expect(await row.textContent()).toContain('30,000.00');
    const alipay = call<{ code: string; feeRate: string; singleMaxMinor: number }[]>('channels.list').find((c) => c.code === 'alipay')!;
    expect(alipay).toMatchObject({ feeRate: '0.0045', singleMaxMinor: 3_000_000 });
    await shot('settings-02-channels');
  });

  it('previews a route level by level from the rules in force', async () => {
    await tab('routing');
    await page.getByTestId('routing-rules').waitFor();
    expect(await page.getByTestId('routing-rules').locator('tbody tr').count()).toBe(12);
    await page.getByTestId('preview-method').selectOption('bank_card');
    await page.getByTestId('preview-amount').fill('30000');
    await page.getByTestId('preview-submit').click();
    await page.getByTestId('preview-result').waitFor();
    // 30,000.00 is above UnionPay's single limit: only the bank gateway is left
    expect(await page.getByTestId('preview-channel').textContent()).toBe('Bank B2C');
    expect(await page.getByTestId('preview-result').textContent()).toContain('exceeds single limit 20,000.00');
    await shot('settings-03-routing');
  });

  it('an admin changes a merchant’s settlement cycle to D3', async () => {
    await tab('merchants');
    const merchants = call<{ id: string; products: { product: string; settlementCycle: string }[] }[]>('merchants.list');
    const m = merchants[0]!;
    const product = m.products[0]!.product;
    await page.getByTestId('merchant-rows').locator('tr', { hasText: `${m.id}` }).filter({ hasText: product }).first().click();
    await page.getByTestId('product-editor').waitFor();
    await page.getByTestId('product-cycle').selectOption('Dn');
    await page.getByTestId('product-days').fill('3');
    await page.getByTestId('product-save').click();
    await bannerOk();
    const after = call<{ products: { product: string; settlementCycle: string; settlementDays: number }[] }>('merchants.get', { id: m.id }).products.find((p) => p.product === product)!;
    expect(after).toMatchObject({ settlementCycle: 'Dn', settlementDays: 3 });
    await shot('settings-04-merchants');
  });

  it('an admin changes an error strategy row: platform-extra payments wait, automatically', async () => {
    await tab('strategies');
    const row = page.getByTestId('strategy-rows').locator('tbody tr').filter({ hasText: '少账' });
    await row.first().click();
    await page.getByTestId('strategy-editor').waitFor();
    await page.getByTestId('strategy-action').selectOption('hang_up');
    await page.getByTestId('strategy-automatic').selectOption('yes');
    await page.getByTestId('strategy-save').click();
    // the core's rule, shown as it comes: only supplement and wait run by themselves
    expect(await page.getByTestId('banner').textContent()).toContain('only supplement (补单) and wait can run automatically');
    await page.getByTestId('banner').getByRole('button').click();
    await page.getByTestId('strategy-action').selectOption('wait');
    await page.getByTestId('strategy-note').fill('少账: wait a day for the channel’s late file');
    await page.getByTestId('strategy-save').click();
    await bannerOk();
    const strategies = call<{ txn_type: string; our_result: string; their_result: string; channel_code: string | null; action: string; automatic: number; note: string }[]>('recon.strategies');
    expect(strategies.find((s) => s.txn_type === 'pay' && s.our_result === 'succeeded' && s.their_result === 'missing' && s.channel_code === null))
      .toMatchObject({ action: 'wait', automatic: 1, note: '少账: wait a day for the channel’s late file' });
    expect(await page.getByTestId('strategy-rows').textContent()).toContain('wait a day for the channel’s late file');
    await shot('settings-05-strategies');
  });

  it('an admin maps a subject to the customer’s Yonyou code', async () => {
    await tab('erp');
    await page.getByTestId('erp-system').selectOption('yonyou');
    await page.getByTestId('erp-rows').locator('tbody tr').filter({ hasText: '1002.01' }).first().click();
    await page.getByTestId('mapping-editor').waitFor();
    await page.getByTestId('mapping-code').fill('100201001');
    await page.getByTestId('mapping-name').fill('银行存款-工行基本户');
    await page.getByTestId('mapping-save').click();
    await bannerOk();
    const mapping = call<{ subjectCode: string; erpCode: string; erpName: string; source: string }[]>('erp.mappings', { erp: 'yonyou' }).find((r) => r.subjectCode === '1002.01')!;
    expect(mapping).toMatchObject({ erpCode: '100201001', erpName: '银行存款-工行基本户', source: 'custom' });
    expect(await page.getByTestId('erp-rows').locator('tbody tr').filter({ hasText: '1002.01' }).first().textContent()).toContain('custom');
    await shot('settings-06-erp');
  });

  it('an admin creates a reviewer and changes her role; every change above is in the audit log under the admin', async () => {
    await tab('users');
    await page.getByTestId('new-user-login').fill('lin');
    await page.getByTestId('new-user-name').fill('林复核');
    await page.getByTestId('new-user-role').selectOption('reviewer');
    await page.getByTestId('new-user-password').fill(passwordOf('lin'));
    await page.getByTestId('user-create-submit').click();
    await bannerOk();
    expect(call<{ login: string; role: string }[]>('users.list')).toContainEqual(expect.objectContaining({ login: 'lin', role: 'reviewer' }));
    expect(await page.getByTestId('user-rows').locator('[data-login="lin"]').count()).toBe(1);
    // and gives lin another role; the admin's own row has no role control
    await page.getByTestId('role-of-lin').selectOption('operator');
    await page.getByTestId('role-save-lin').click();
    await bannerOk();
    expect(call<{ login: string; role: string }[]>('users.list')).toContainEqual(expect.objectContaining({ login: 'lin', role: 'operator' }));
    expect(await page.getByTestId('role-of-admin').count()).toBe(0);
    // and sets lin a new password from her row (the admin's own is changed under "My password")
    await page.getByTestId('password-of-lin').fill('lin-second-password');
    await page.getByTestId('password-save-lin').click();
    await bannerOk();
    expect(await page.getByTestId('password-of-admin').count()).toBe(0);
    await shot('settings-07-users');
    const mine = audit().filter((a) => a.login === 'admin').map((a) => a.action);
    for (const action of ['channel.update', 'merchant.product.update', 'recon.strategy.set', 'erp.mapping.set', 'user.create', 'user.setRole', 'user.setPassword']) expect(mine, action).toContain(action);
  });

  it('an operator sees everything read-only, and the core refuses a change sent anyway', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin').waitFor();
    // a wrong password is refused on the sign-in screen, in the desk's language
    await page.getByTestId('user-operator').click();
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-submit').click();
    await page.locator('[data-testid="banner"].banner-error').filter({ hasText: 'Wrong login or password.' }).waitFor();
    await shot('settings-08-wrong-password');
    await signIn('operator');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-readonly').waitFor();
    await page.getByTestId('channel-rows').locator('tr', { has: page.locator('[data-code="alipay"]') }).click();
    expect(await page.getByTestId('channel-editor').count()).toBe(0);
    await tab('users');
    expect(await page.getByTestId('user-create').count()).toBe(0);
    await tab('strategies');
    await page.getByTestId('strategy-rows').locator('tbody tr').first().click();
    expect(await page.getByTestId('strategy-editor').count()).toBe(0);
    await shot('settings-08-operator-readonly');
    // straight through the page's own bridge, as a tampered screen would send it
    const refused = await page.evaluate(async () => {
      const bridge = (window as unknown as { paydesk: { call(m: string, i: unknown): Promise<unknown> } }).paydesk;
      try {
        await bridge.call('channels.update', { code: 'alipay', feeRate: '9%' });
        return 'accepted';
      } catch (e) {
        return String((e as Error).message ?? e);
      }
    });
    expect(refused).toMatch(/channels\.update needs the role admin; operator is operator/);
    expect(call<{ code: string; feeRate: string }[]>('channels.list').find((c) => c.code === 'alipay')!.feeRate).toBe('0.0045');
  });

  it('reads in Chinese too, with no page errors', async () => {
    await page.locator('.lang-switch button', { hasText: '中文' }).click();
    await tab('channels');
    await page.getByText('只读：你的角色（操作员）不能修改这里的设置。').waitFor();
    expect(await page.getByTestId('settings-tabs').textContent()).toContain('ERP 科目对照');
    await shot('settings-09-zh');
    await page.locator('.lang-switch button', { hasText: 'EN' }).click();
    expect(errors).toEqual([]);
  });
});
