// Order look-up (订单查询) in a real browser: anyone finds a payment by its number; an operator
// refunds part of it and cancels a pending one, and the books say so. And an import the desk
// crashed in the middle of runs again from its row on the import screen. Screenshots go to renderer/e2e/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { openDatabase } from '../../core/db/index.js';
import { PaymentEngine } from '../../core/orders/engine.js';
import type { Gateway } from '../../core/orders/gateway.js';
import { findUser } from '../../core/users/users.js';
import { trialBalance } from '../../core/ledger/index.js';
import { buildRenderer, describeInBrowser, openDesk, paydesk, screenshotPath, signInAs, passwordOf } from './harness.js';

let dir: string;
let dbFile: string;
let date: string;
let paidOrder: { orderNo: string; amountMinor: number };
let pendingOrder: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];

/** A channel that never calls back: the order stays pending. */
const silent: Gateway = {
  charge: ({ orderNo, at }) => ({ outcome: 'no_callback', channelTradeNo: `T-${orderNo}`, channelTime: at, notifiedAt: at }),
  refund: ({ refundNo, at }) => ({ outcome: 'success', channelTradeNo: `T-${refundNo}`, channelTime: at }),
};

function readBooks<T>(work: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(dbFile);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function lookUp(orderNo: string): Promise<void> {
  await page.keyboard.press('Alt+KeyD');
  await page.getByTestId('screen-orders').waitFor();
  await page.getByTestId('order-number').fill(orderNo);
  await page.getByTestId('order-find').click();
  await page.getByTestId('order-found').filter({ hasText: orderNo }).waitFor();
}

describeInBrowser('order look-up, refund and cancel; an interrupted import retried', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-orders-e2e-'));
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    const built = buildRenderer(rendererDir);
    paydesk(['init', '--db', dbFile, '--json']);
    date = (paydesk(['trial-balance', '--db', dbFile, '--json']) as { date: string }).date;
    paydesk(['simulate', '--db', dbFile, '--date', date, '--orders', '30', '--seed', '8', '--out', path.join(dir, 'statements'), '--plant', 'none', '--json']);
    for (const role of ['operator', 'reviewer']) paydesk(['call', 'users.create', '--db', dbFile, '--input', JSON.stringify({ login: role, name: role, role, password: passwordOf(role) }), '--json']);
    readBooks((db) => {
      paidOrder = db.sqlite.prepare(`SELECT order_no AS orderNo, amount_minor AS amountMinor FROM pay_order
                                     WHERE status = 'succeeded' AND kind = 'pay' AND channel_code = 'alipay' AND amount_minor > 5000 ORDER BY id LIMIT 1`).get() as typeof paidOrder;
      const admin = findUser(db, 'admin')!;
      const merchant = db.sqlite.prepare('SELECT merchant_id FROM pay_order WHERE order_no = ?').pluck().get(paidOrder.orderNo) as string;
      const engine = new PaymentEngine(db, silent, { userId: admin.id, at: `${date}T02:00:00.000Z` });
      pendingOrder = engine.run((e) => e.pay({ merchantId: merchant, merchantOrderNo: 'biz-pending-1', payerId: 'payer-p', method: 'alipay', amountMinor: 4_200, currency: 'CNY', at: `${date} 11:00:00` })).orderNo;
    });
    await built;
    ({ browser, page, host } = await openDesk({ dbFile, rendererDir, dataDir, onPageError: (m) => errors.push(m), onHostError: (m) => errors.push(m) }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a reviewer finds a payment by its number and sees it, without a refund form', async () => {
    await signInAs(page, 'reviewer', date);
    await lookUp(paidOrder.orderNo);
    expect(await page.getByTestId('order-status').textContent()).toBe('succeeded');
    expect(await page.getByTestId('order-found').textContent()).toContain((paidOrder.amountMinor / 100).toFixed(2));
    expect(await page.getByTestId('order-fund-flows').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('order-refund').count()).toBe(0);
  });

  it('an operator refunds part of it: more than is refundable cannot be sent; the refund is booked and listed', async () => {
    await page.getByTestId('sign-out').click();
    await signInAs(page, 'operator', date);
    await lookUp(paidOrder.orderNo);
    await page.getByTestId('refund-reason').fill('customer returned one item');
    await page.getByTestId('refund-amount').fill(((paidOrder.amountMinor + 1) / 100).toFixed(2));
    expect(await page.getByTestId('refund-submit').isDisabled()).toBe(true);
    await page.getByTestId('refund-amount').fill('12.34');
    await page.getByTestId('refund-submit').click();
    await page.locator('[data-testid="banner"].banner-ok', { hasText: '12.34 refunded' }).waitFor();
    await page.getByTestId('order-refunds').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('order-refunded').textContent()).toContain('12.34');
    await page.screenshot({ path: screenshotPath('orders-01-refunded'), fullPage: true });
    readBooks((db) => {
      const refund = db.sqlite.prepare('SELECT r.amount_minor, r.status, r.reason FROM refund_order r JOIN pay_order o ON o.id = r.order_id WHERE o.order_no = ?').get(paidOrder.orderNo);
      expect(refund).toEqual({ amount_minor: 1_234, status: 'succeeded', reason: 'customer returned one item' });
      expect(db.sqlite.prepare("SELECT status FROM pay_order WHERE order_no = ?").pluck().get(paidOrder.orderNo)).toBe('partially_refunded');
      expect(trialBalance(db, date).balanced).toBe(true);
    });
  });

  it('an operator gives back more than the payment: the rest refunded, the part above paid through the payout channel', async () => {
    await lookUp(paidOrder.orderNo);
    const left = paidOrder.amountMinor - 1_234;
    await page.getByTestId('compensation-payee').fill('6222 0202 0011 2233'.replaceAll(' ', ''));
    await page.getByTestId('compensation-reason').fill('damaged on delivery');
    await page.getByTestId('compensation-total').fill((left / 100).toFixed(2));
    expect(await page.getByTestId('compensation-submit').isDisabled()).toBe(true); // within what is left: that is a refund
    await page.getByTestId('compensation-total').fill(((left + 2_000) / 100).toFixed(2));
    await page.getByTestId('compensation-submit').click();
    await page.locator('[data-testid="banner"].banner-ok', { hasText: 'given back' }).waitFor();
    await page.getByTestId('order-compensations').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('order-status').textContent()).toBe('refunded');
    await page.screenshot({ path: screenshotPath('orders-02-compensated'), fullPage: true });
    readBooks((db) => {
      const paid = db.sqlite.prepare(`SELECT p.amount_minor, p.bank_account, e.channel_code, e.business_code FROM compensation c JOIN payout_order p ON p.payout_no = c.payout_no
                                      JOIN entry_flow e ON e.order_no = p.payout_no WHERE c.order_no = ?`).all(paidOrder.orderNo);
      expect(paid).toEqual([{ amount_minor: 2_000, bank_account: '6222020200112233', channel_code: 'bank_payout', business_code: '410501' }]);
      expect(db.sqlite.prepare('SELECT refunded_minor FROM pay_order WHERE order_no = ?').pluck().get(paidOrder.orderNo)).toBe(paidOrder.amountMinor);
      expect(trialBalance(db, date).balanced).toBe(true);
    });
    expect(errors).toEqual([]);
  });

  it('an operator cancels a pending payment', async () => {
    await lookUp(pendingOrder);
    expect(await page.getByTestId('order-status').textContent()).toBe('pending');
    await page.getByTestId('order-cancel').click();
    await page.locator('[data-testid="banner"].banner-ok', { hasText: 'cancelled' }).waitFor();
    await page.getByTestId('order-status').filter({ hasText: 'cancelled' }).waitFor();
    expect(readBooks((db) => db.sqlite.prepare('SELECT status FROM pay_order WHERE order_no = ?').pluck().get(pendingOrder))).toBe('cancelled');
    expect(errors).toEqual([]);
  });

  it('runs an interrupted import batch again from the same file, picked again on its row', async () => {
    // a batch the desk stopped in the middle of: RUNNING, no lines, as a crash leaves it
    const wechatDir = path.join(dir, 'statements', 'wechat');
    const file = path.join(wechatDir, readdirSync(wechatDir)[0]!);
    const batch = readBooks((db) => Number(db.sqlite.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, created_at, created_by)
      VALUES ('wechat', 'wechat-all', ?, ?, ?, 'RUNNING', ?, 1)`).run(path.basename(file), readFileSync(file).length, createHash('sha256').update(readFileSync(file)).digest('hex'), `${date}T03:00:00.000Z`).lastInsertRowid));
    await page.keyboard.press('Alt+KeyI');
    await page.getByTestId('screen-import').waitFor();
    await page.getByTestId(`retry-batch-${batch}`).click();
    await page.getByTestId('retry-file').setInputFiles(file);
    await page.locator('[data-testid="banner"].banner-ok', { hasText: `Batch ${batch} ran again: DONE` }).waitFor({ timeout: 60_000 });
    const after = readBooks((db) => db.sqlite.prepare('SELECT status, rows FROM import_batch WHERE id = ?').get(batch)) as { status: string; rows: number };
    expect(after.status).toBe('DONE');
    expect(after.rows).toBeGreaterThan(0);
    expect(readBooks((db) => db.sqlite.prepare('SELECT COUNT(*) FROM clearing_flow WHERE batch_id = ?').pluck().get(batch))).toBe(after.rows);
    // the list reloads after the banner: the retried batch's button goes once it does
    await page.getByTestId(`retry-batch-${batch}`).waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('import-02-retried'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
