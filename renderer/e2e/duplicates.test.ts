// Duplicate payments (重复支付) on the reconciliation screen, in a real browser: one business order
// paid twice is listed; the operator cannot confirm it, the reviewer does; the operator refunds it by
// the original route and the books say so. Screenshots go to renderer/e2e/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { openDatabase } from '../../core/db/index.js';
import { createMerchant } from '../../core/merchants/merchants.js';
import { PaymentEngine } from '../../core/orders/engine.js';
import type { ChargeOutcome, Gateway } from '../../core/orders/gateway.js';
import { terms } from '../../core/testing/payments-fixture.js';
import { findUser } from '../../core/users/users.js';
import { trialBalance } from '../../core/ledger/index.js';
import { buildRenderer, describeInBrowser, openDesk, paydesk, screenshotPath, signInAs, passwordOf } from './harness.js';

let dir: string;
let dbFile: string;
let date: string;
let duplicateOrder: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];

/** The first charge gets no callback (it arrives late), the second succeeds at once. */
function scripted(...outcomes: ChargeOutcome['outcome'][]): Gateway {
  let n = 0;
  return {
    charge: ({ orderNo, at }) => ({ outcome: outcomes[n++] ?? 'success', channelTradeNo: `T-${orderNo}`, channelTime: at, notifiedAt: at }),
    refund: ({ refundNo, at }) => ({ outcome: 'success', channelTradeNo: `T-${refundNo}`, channelTime: at }),
  };
}

const signIn = (login: string) => signInAs(page, login, date);

async function openDuplicates(): Promise<void> {
  await page.keyboard.press('Alt+KeyR');
  await page.getByTestId('screen-recon').waitFor();
  await page.getByRole('tab', { name: 'Duplicate payments' }).click();
  await page.getByTestId('duplicates').waitFor();
}

describeInBrowser('duplicate payments on the reconciliation screen', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-dup-e2e-'));
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    const built = buildRenderer(rendererDir);
    paydesk(['init', '--db', dbFile, '--json']);
    date = (paydesk(['trial-balance', '--db', dbFile, '--json']) as { date: string }).date;
    paydesk(['simulate', '--db', dbFile, '--date', date, '--orders', '20', '--seed', '5', '--out', path.join(dir, 'statements'), '--json']);
    for (const role of ['operator', 'reviewer']) paydesk(['call', 'users.create', '--db', dbFile, '--input', JSON.stringify({ login: role, name: role, role, password: passwordOf(role) }), '--json']);

    // the same business order paid twice: the first attempt's success callback arrives late
    const db = openDatabase(dbFile);
    try {
      const admin = findUser(db, 'admin')!;
      createMerchant(db, { id: 'DUP', name: '重复支付商户', customer: { id: 'C-DUP', name: '客户DUP', kind: 'company' }, signKey: 'dup-0123456789abcdef', currency: 'CNY', products: terms('0.6%') }, `${date}T01:00:00.000Z`);
      const engine = new PaymentEngine(db, scripted('no_callback', 'success'), { userId: admin.id, at: `${date}T02:00:00.000Z` });
      const pay = (at: string, method: 'alipay' | 'wechat') => ({ merchantId: 'DUP', merchantOrderNo: 'biz-dup-1', payerId: 'payer-dup', method, amountMinor: 8_800, currency: 'CNY', at });
      const first = engine.run((e) => e.pay(pay(`${date} 10:00:00`, 'alipay')));
      engine.run((e) => e.pay(pay(`${date} 10:01:00`, 'wechat')));
      engine.run((e) => e.callback({ orderNo: first.orderNo, channelTradeNo: 'T-late', channelTime: `${date} 10:00:01`, at: `${date} 10:02:00` }));
      duplicateOrder = first.orderNo;
    } finally {
      db.close();
    }
    await built;
    ({ browser, page, host } = await openDesk({ dbFile, rendererDir, dataDir, onPageError: (m) => errors.push(m), onHostError: (m) => errors.push(m) }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the operator sees it to confirm but cannot confirm it', async () => {
    await signIn('operator');
    await openDuplicates();
    const row = page.locator('[data-testid="duplicates"] tr', { hasText: duplicateOrder });
    await row.waitFor();
    expect(await row.textContent()).toContain('To confirm');
    expect(await row.textContent()).toContain('88.00');
    expect(await row.getByRole('button').count()).toBe(0);
  });

  it('the reviewer confirms it; the operator refunds it by the original route', async () => {
    await page.getByTestId('sign-out').click();
    await signIn('reviewer');
    await openDuplicates();
    const row = () => page.locator('[data-testid="duplicates"] tr', { hasText: duplicateOrder });
    await row().getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-testid="banner"].banner-ok', { hasText: 'confirmed as a duplicate' }).waitFor();
    expect(await row().getByRole('button', { name: 'Refund by original route' }).count()).toBe(0); // a reviewer does not refund

    await page.getByTestId('sign-out').click();
    await signIn('operator');
    await openDuplicates();
    await row().getByRole('button', { name: 'Refund by original route' }).click();
    const ok = await page.locator('[data-testid="banner"].banner-ok', { hasText: 'refunded by the original route' }).textContent();
    expect(ok).toContain('88.00');
    await row().getByText('Refunded').waitFor();
    await page.screenshot({ path: screenshotPath('recon-duplicates-refunded'), fullPage: true });

    const db = openDatabase(dbFile);
    try {
      expect(db.sqlite.prepare('SELECT status FROM pay_order WHERE order_no = ?').pluck().get(duplicateOrder)).toBe('refunded');
      expect(db.sqlite.prepare('SELECT status FROM duplicate_payment').pluck().get()).toBe('refunded');
      const refund = db.sqlite.prepare('SELECT r.amount_minor, r.status, r.route, r.channel_code FROM refund_order r JOIN pay_order o ON o.id = r.order_id WHERE o.order_no = ?').get(duplicateOrder);
      expect(refund).toMatchObject({ amount_minor: 8_800, status: 'succeeded', route: 'original', channel_code: 'alipay' });
      expect(trialBalance(db, date).balanced).toBe(true);
    } finally {
      db.close();
    }
    expect(errors).toEqual([]);
  });
});
