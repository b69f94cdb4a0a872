// Trainer mode end to end in a real browser, from the UI alone: reset the training database, play the
// seed-003 example and read its exact figures, step through simulated orders (routing level by level,
// risk, vouchers, the three flows), run the narrated day end to a closed day; then prove the books
// were untouched and that a role other than trainer/admin can only watch.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../core/host/http.js';
import { buildRenderer, describeInBrowser, launchChromium, paydesk, screenshotPath, shotOf, signInAs, passwordOf } from './harness.js';

let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
let booksBefore: unknown;
const problems: string[] = [];

function books(): unknown {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(`SELECT (SELECT COUNT(*) FROM voucher) AS vouchers, (SELECT COUNT(*) FROM pay_order) AS orders,
      (SELECT COUNT(*) FROM merchant) AS merchants, (SELECT COUNT(*) FROM import_batch) AS batches, (SELECT COUNT(*) FROM accounting_day WHERE closed_at IS NOT NULL) AS closedDays`).get();
  } finally {
    db.close();
  }
}

const shot = (name: string) => shotOf(page, name);

/** Wait until the element with this test id shows the text (the work behind a click has finished). */
async function showing(testId: string, text: string, timeout = 60_000): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: text }).first().waitFor({ timeout });
}

async function idle(): Promise<void> {
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 90_000 });
}

const signIn = (login: string) => signInAs(page, login);

describeInBrowser('trainer mode: a simulated day run and explained from the UI alone', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-trainer-e2e-'));
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    await buildRenderer(rendererDir);
    paydesk(['init', '--db', dbFile, '--json']);
    date = (paydesk(['trial-balance', '--db', dbFile, '--json']) as { date: string }).date;
    for (const u of [{ login: 'trainer', name: 'Trainer', role: 'trainer' }, { login: 'operator', name: 'Operator', role: 'operator' }]) {
      paydesk(['call', 'users.create', '--db', dbFile, '--input', JSON.stringify({ ...u, password: passwordOf(u.login) }), '--json']);
    }
    // real books with a real day in them, on the same date the trainer will simulate
    paydesk(['simulate', '--db', dbFile, '--date', date, '--orders', '200', '--seed', '11', '--out', path.join(dir, 'statements'), '--json']);
    booksBefore = books();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => localStorage.setItem('paydesk.lang', 'en'));
    host = await startHttpHost({ dbFile, rendererDir, port: 0, dataDir, carryOver: false, log: { warn: () => {}, error: (m: string) => problems.push(`host error: ${m}`) } });
    await page.goto(host.url);
    await page.getByTestId('user-trainer').waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resets the training database (after asking) and starts a training day', async () => {
    await signIn('trainer');
    await page.keyboard.press('Alt+N');
    await page.getByTestId('screen-trainer').waitFor();
    await page.getByTestId('trainer-reset').click();
    await page.getByTestId('trainer-reset-ask').waitFor();
    await shot('trainer-01-reset-ask');
    await page.getByTestId('trainer-reset-confirm').click();
    await showing('banner', 'The training database was reset');
    expect(await page.getByTestId('trainer-file').textContent()).toBe(path.join(path.dirname(dbFile), 'paydesk.training.sqlite'));
    await page.getByTestId('trainer-date').fill(date);
    await page.getByTestId('trainer-orders').fill('20');
    await page.getByTestId('trainer-seed').fill('3');
    await page.getByTestId('trainer-start').click();
    await page.getByTestId('seed003').waitFor();
    expect(await page.getByTestId('trainer-day').textContent()).toBe(date);
  });

  it('plays the seed-003 example event by event with its exact figures', async () => {
    await page.getByTestId('seed003-next').click();
    await idle();
    await showing('event-detail', 'A is paid');
    expect(await page.getByTestId('flow-fund').textContent()).toContain('-0.60');
    expect(await page.getByTestId('route-channel').textContent()).toBe('Alipay');
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('seed003-next').click();
      await idle();
    }
    await showing('event-detail', 'E refunds it all');
    expect(await page.getByTestId('event-refund').textContent()).toContain('fee returned 0.30');
    const due = Object.fromEntries(await Promise.all(['A', 'B', 'C', 'D', 'E'].map(async (m) => [m, await page.getByTestId(`seed003-due-${m}`).textContent()])));
    expect(due).toEqual({ A: '99.40', B: '0.00', C: '119.28', D: '79.52', E: '0.00' });
    const counts = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((m) => page.getByTestId(`seed003-count-${m}`).textContent()));
    expect(counts).toEqual(['2', '0', '2', '2', '4']);
    const orders = await page.getByTestId('seed003-orders').locator('tbody tr').allInnerTexts();
    expect(orders.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['A pay succeeded 100.00 0.60', 'B split succeeded 200.00 1.20', 'E pay refunded 50.00 0.30']);
    const fund = await page.getByTestId('seed003-fund').locator('tbody tr').allInnerTexts();
    expect(fund.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'A payment 100.00', 'A fee -0.60', 'C payment 120.00', 'C fee -0.72', 'D payment 80.00', 'D fee -0.48',
      'E payment 50.00', 'E fee -0.30', 'E refund -50.00', 'E fee returned 0.30',
    ]);
    expect(await page.getByTestId('seed003-trans').locator('tbody tr').count()).toBe(5);
    await shot('trainer-02-seed003');
  });

  it('steps through simulated orders: routing level by level, risk, vouchers, flows', async () => {
    await page.getByTestId('trainer-tab-day').click();
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('day-next').click();
      await idle();
    }
    await showing('day-left', '21 events left');
    for (const level of ['basic', 'feature', 'quality']) await page.getByTestId(`route-step-${level}`).waitFor();
    expect(await page.getByTestId('route-step-basic').textContent()).toContain('Basic factors');
    const risk = (await page.getByTestId('risk-result').textContent()) ?? '';
    expect(risk).toMatch(/PASS|VERIFY|BLOCK/);
    await shot('trainer-03-day-step');
    await page.getByTestId('day-rest').click();
    await idle();
    await showing('day-left', 'Every event of the day has run');
    // the payment the risk rules stopped: VERIFY by R101, nothing posted
    await page.getByTestId('day-events').locator('tr', { hasText: 'risk: large, unverified' }).click();
    await showing('risk-result', 'R101');
    expect(await page.getByTestId('risk-result').textContent()).toContain('VERIFY');
    await page.getByTestId('event-no-voucher').waitFor();
    await shot('trainer-04-risk-verify');
    // a Chinese-speaking trainer reads the rule and its figures in Chinese
    await page.getByRole('button', { name: '中文' }).click();
    await showing('risk-result', '大额单笔支付需短信验证：金额 68,000.00 高于 50,000.00');
    await shot('trainer-04b-risk-zh');
    await page.getByRole('button', { name: 'EN' }).click();
    // the split payment: one voucher, transaction flows for both receivers
    await page.getByTestId('day-events').locator('tr', { hasText: 'split' }).first().click();
    await showing('flow-trans', 'M1004');
    expect(await page.getByTestId('event-vouchers').locator('.trainer-voucher').count()).toBe(1);
    expect(await page.getByTestId('flow-trans').textContent()).toContain('M1001');
    await shot('trainer-05-split');
  });

  it('runs the narrated day end to a closed day', async () => {
    await page.getByTestId('trainer-tab-end').click();
    await page.getByTestId('dayend-next').click();
    await idle();
    await showing('dayend-say-statements', 'The channels delivered 6 statement files');
    expect(await page.getByTestId('dayend-say-statements').textContent()).toContain('5 differences were planted');
    await page.getByTestId('dayend-all').click();
    await idle();
    await page.getByTestId('dayend-complete').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('dayend-say-reconcile').textContent()).toMatch(/amount differs 1, bank extra 1, platform extra 1, duplicate 1, timing 1/);
    expect(await page.getByTestId('dayend-say-close').textContent()).toContain(`is closed`);
    const results = await page.getByTestId('dayend-checks').locator('tbody tr').allInnerTexts();
    expect(results.length).toBeGreaterThan(3);
    expect(results.filter((r) => !r.includes('Passed'))).toEqual([]);
    await showing('dayend-say-payout', 'Payout batch file: 1 payout(s), 1,200.00');
    await shot('trainer-06-day-end');
    await page.getByTestId('dayend-step-close').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('trainer-07-day-closed') });
  });

  it('left the books untouched, and lets other roles only watch', async () => {
    expect(books()).toEqual(booksBefore);
    expect(existsSync(path.join(path.dirname(dbFile), 'paydesk.training.sqlite'))).toBe(true);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin').waitFor();
    await signIn('operator');
    await page.getByTestId('nav-trainer').click();
    await page.getByTestId('screen-trainer').waitFor();
    await showing('screen-trainer', 'Your role can watch the training');
    expect(await page.getByTestId('trainer-reset').count()).toBe(0);
    await page.getByTestId('trainer-tab-end').click();
    await page.getByTestId('dayend-complete').waitFor();
    expect(await page.getByTestId('dayend-next').count()).toBe(0);
    await shot('trainer-08-operator-watches');
    expect(problems).toEqual([]);
  });
});
