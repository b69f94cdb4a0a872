// A long reconcile in the browser: while the books process matches a 600,000-line day, the operator
// opens other screens and they load (the books reader answers them); then cancels from the progress
// bar, and nothing of the run is kept. Run again, it completes.
import { givePasswords } from '../../core/testing/credentials.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedChannels } from '../../core/channels/store.js';
import { DEFAULT_CHANNELS } from '../../core/channels/defaults.js';
import { closeHandle } from '../../core/db/checkpoints.js';
import { openDesktopDatabase } from '../../core/host/data-dir.js';
import { startHttpHost, type HttpHost } from '../../core/host/http.js';
import { importStatement } from '../../core/recon/import.js';
import { DEFAULT_REGISTRY } from '../../core/recon/registry.js';
import { findUser } from '../../core/users/users.js';
import { insertEntryFlows, wechatDay, writeWechatBill } from '../../core/bench/wechat-day.js';
import { buildRenderer, describeInBrowser, launchChromium, screenshotPath, signInAs } from './harness.js';

const LINES = Number(process.env['PAYDESK_E2E_CANCEL_LINES'] ?? 600_000);
const DATE = '2026-11-22';

let dir: string;
let dbFile: string;
let host: HttpHost;
let browser: Browser;
let page: Page;

function runs(): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM recon_run').pluck().get() as number;
  } finally {
    db.close();
  }
}

describeInBrowser('cancelling a long reconcile in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-cancel-recon-'));
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    const rendererDir = path.join(dir, 'renderer');
    await buildRenderer(rendererDir);
    // the books: our entry flows and the channel's bill of a large day, imported as the operator
    const day = wechatDay(LINES, DATE);
    const db = openDesktopDatabase(dbFile);
    seedChannels(db, DEFAULT_CHANNELS, 'CNY', `${DATE}T00:00:00.000Z`);
    insertEntryFlows(db, day);
    const bill = path.join(dir, 'wechat_ALL.csv');
    await writeWechatBill(bill, day);
    const imported = await importStatement(db, DEFAULT_REGISTRY, { file: bill, userId: findUser(db, 'operator')!.id, at: `${DATE}T23:00:00.000Z` });
    expect(imported.status).toBe('DONE');
    await closeHandle(db);
    await givePasswords(dbFile, ['admin', 'operator']);

    host = await startHttpHost({ dbFile, rendererDir, port: 0, dataDir, carryOver: false, log: { warn: () => {}, error: () => {} } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await page.addInitScript(() => localStorage.setItem('paydesk.lang', 'en'));
    await page.goto(host.url);
    await signInAs(page, 'operator', DATE);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps other screens working while the reconcile runs, cancels it, and keeps nothing of it', async () => {
    await page.getByTestId('nav-recon').click();
    await page.getByTestId('run-recon').click();
    const cancel = page.getByTestId('progress-cancel');
    await cancel.waitFor();
    // meanwhile: another screen opens and shows its figures (the import batch, read while matching runs)
    await page.getByTestId('nav-import').click();
    await page.getByTestId('screen-import').waitFor();
    await page.getByText('wechat_ALL.csv').first().waitFor();
    expect(await cancel.isVisible(), 'the reconcile is still running').toBe(true);
    await page.screenshot({ path: screenshotPath('cancel-recon-01-other-screen-while-matching') });
    await cancel.click();
    const banner = page.getByTestId('banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/CANCELLED.*nothing of it was kept/);
    expect(await banner.getAttribute('class')).toContain('banner-info'); // asked for, not a failure
    await page.screenshot({ path: screenshotPath('cancel-recon-02-cancelled') });
    expect(runs()).toBe(0);

    // the books process was started again on the same file, the operator still signed in
    await page.getByTestId('nav-recon').click();
    await page.getByTestId('run-recon').click();
    await expect.poll(async () => (await banner.getAttribute('class')) ?? '', { timeout: 120_000 }).toContain('banner-ok');
    expect(await banner.textContent()).toMatch(/Reconciled/);
    expect(runs()).toBe(1);
  }, 240_000);
});
