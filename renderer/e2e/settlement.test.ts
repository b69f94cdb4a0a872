// Clearing, settlement and the day-end close in a real browser, over the local HTTP host and a day
// the simulator wrote (statements imported and reconciled, bank balances reviewed, all through the
// real CLI). The reviewer's close is refused while differences are undecided and the summary is not
// confirmed, with the failing checks named on screen; the operator applies the error strategy,
// corrects a held order's line on the reconciliation screen, runs settlement again and sees the
// order released; the reviewer confirms the summary and closes the day; the operator writes the payout batch file and downloads it, read back as GBK with a totals
// line equal to its rows. Screenshots go to renderer/e2e/screenshots/.
import { givePasswords } from '../../core/testing/credentials.js';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { reviewTemplatePath } from '../../core/balances/template.js';
import { callApi, type Ctx } from '../../core/api/index.js';
import { openDatabase } from '../../core/db/index.js';
import { createUser } from '../../core/users/users.js';
import { systemClock } from '../../core/clock.js';
import { formatMinor } from '../src/money.js';
import { attachSimulatorStore } from '../../core/simulator/store.js';
import { buildRenderer, cellMinor, describeInBrowser, openDesk, bannerWith, minorText, paydeskAsync, shotOf, signInAs, signOutOf } from './harness.js';


const PLANT = 'amountMismatch=0.01,platformExtra=0.005,bankExtra=0.005';
const PAYOUT_ACCOUNT = '571908765410201';

let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];
const figures: string[] = [];

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? filesUnder(path.join(d, n)) : [path.join(d, n)]));
}


function readDb<T>(work: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const shot = (name: string) => shotOf(page, name);

const banner = (kind: 'ok' | 'error', expected: RegExp) => bannerWith(page, kind, expected, 60_000);

const signIn = (login: string) => signInAs(page, login, date);

const signOut = () => signOutOf(page);

const cli = paydeskAsync;

/**
 * A simulated day: the database made and the day simulated through the real CLI; the statements
 * imported, reconciled and the bank balances registered and reviewed through the core's API in
 * this process (the same registry the CLI and the host serve; one process instead of a dozen spawns).
 */
async function makeDay(statements: string): Promise<void> {
  await cli(['init', '--db', dbFile, '--json']);
  date = ((await cli(['trial-balance', '--db', dbFile, '--json'])) as { date: string }).date;
  await cli(['simulate', '--db', dbFile, '--date', date, '--orders', '400', '--seed', '11', '--out', statements, '--plant', PLANT, '--json']);
  const db = openDatabase(dbFile);
  try {
    const at = new Date().toISOString();
    const as = (user: Ctx['user']): Ctx => ({ db, user, clock: systemClock });
    const operator = as(createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, at));
    const reviewer = as(createUser(db, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }, at));
    for (const file of filesUnder(statements)) {
      const channel = file.includes(`${path.sep}bank_b2c${path.sep}`) ? 'bank_b2c' : file.includes(`${path.sep}bank_payout${path.sep}`) ? 'bank_payout' : undefined;
      expect((await callApi(operator, 'recon.import', { file, channel })).status, file).toBe('DONE');
    }
    await callApi(operator, 'recon.reconcile', { date });
    // bank balances as the statements close: registered by the operator, reviewed from the template
    attachSimulatorStore(db);
    const banks = db.sqlite.prepare(`SELECT a.account_no AS accountNo, a.bank_name AS bankName, d.closing_minor AS balanceMinor
                                     FROM bank_account a JOIN sim_bank_day d ON d.account_no = a.account_no AND d.sim_date = ? ORDER BY a.account_no`).all(date) as
      { accountNo: string; bankName: string; balanceMinor: number }[];
    for (const b of banks) await callApi(operator, 'balances.register', { date, accountNo: b.accountNo, amount: minorText(b.balanceMinor), currency: 'CNY' });
    const review = path.join(dir, 'review.xlsx');
    copyFileSync(reviewTemplatePath(), review);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(review);
    for (const b of banks) book.worksheets[0]!.addRow([date, b.accountNo, b.bankName, 'CNY', minorText(b.balanceMinor)]);
    await book.xlsx.writeFile(review);
    expect((await callApi(reviewer, 'balances.review', { file: review })).failed).toBe(0);
  } finally {
    db.close();
  }
  await givePasswords(dbFile, ['operator', 'reviewer']);
}

describeInBrowser('clearing, settlement and closing the day in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-settlement-'));
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    const statements = path.join(dir, 'statements');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    // the renderer builds while the CLI makes the day (the CLI runs as child processes)
    const t0 = performance.now();
    await Promise.all([
      buildRenderer(rendererDir).then(() => figures.push(`renderer built: ${Math.round(performance.now() - t0)} ms`)),
      makeDay(statements).then(() => figures.push(`day made (CLI and API): ${Math.round(performance.now() - t0)} ms`)),
    ]);

    ({ browser, page, host } = await openDesk({ dbFile, rendererDir, dataDir, acceptDownloads: true, onPageError: (m) => errors.push(m), onHostError: (m) => errors.push(`host: ${m}`) }));
    await page.getByTestId('user-reviewer').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`\n${figures.join('\n')}\n`);
  });

  let heldOrder = '';

  it('refuses the reviewer’s close while differences are undecided, naming the failing check with its figures', async () => {
    await signIn('reviewer');
    await page.keyboard.press('Alt+KeyM');
    await page.getByTestId('screen-settlement').waitFor();
    expect(await page.getByTestId('clearing').textContent()).toContain('No clearing for this day yet');
    // a reviewer closes; clearing and settlement runs are the operator's
    expect(await page.getByTestId('run-settlement').count()).toBe(0);
    await page.getByTestId('close-day').click();
    await banner('error', /cannot close: 2 check\(s\) failed — Reconciliation differences decided/);
    const refused = page.getByTestId('close-refused');
    await refused.waitFor();
    const failed = refused.getByTestId('failed-check');
    expect(await failed.count()).toBe(2);
    expect(await failed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check')))).toEqual(['reconciliation', 'summaryConfirmation']);
    expect(await failed.first().textContent()).toMatch(/\d+ unresolved difference\(s\), [\d.]+: amountMismatch P\d+/);
    // nobody has confirmed the summary yet: the second person's part comes before the close
    expect(await failed.nth(1).textContent()).toMatch(/summary of run \d+ is not confirmed/);
    expect(await page.locator('[data-testid="checks"] tr[data-ok="yes"]').count()).toBeGreaterThanOrEqual(5);

    // the close cleared the channels and settled the merchants all the same, holding the orders with errors
    const clearings = readDb((db) => db.prepare('SELECT channel_code, net_minor FROM channel_clearing WHERE clearing_date = ?').all(date)) as { net_minor: number }[];
    expect(clearings.length).toBeGreaterThan(2);
    const netTotal = clearings.reduce((s, c) => s + c.net_minor, 0);
    expect(cellMinor(await page.getByTestId('clearing-net-total').textContent())).toBe(BigInt(netTotal));
    const held = page.getByTestId('held-orders');
    await held.getByText('amount differs from the channel’s').first().waitFor();
    // an order held for an amount mismatch (others are held for a missing line)
    heldOrder = (await held.locator('tr', { hasText: 'amount differs from the channel’s' }).first().getByTestId('held-order').textContent())!;
    expect(heldOrder).toMatch(/^P\d+$/);
    expect(await page.getByTestId('how-release').textContent()).toContain('Reconciliation screen');
    await refused.scrollIntoViewIfNeeded();
    await shot('settlement-01-close-refused');
  });

  it('the operator fixes the held order’s line on the reconciliation screen, runs settlement again, and the order is released', async () => {
    await signOut();
    await signIn('operator');
    await page.getByTestId('nav-settlement').click();
    const row = page.getByTestId('held-orders').locator('tr', { hasText: heldOrder });
    expect(await row.textContent()).toContain('still open');
    await page.getByTestId('open-recon').click();
    await page.getByTestId('screen-recon').waitFor();
    await page.getByTestId('apply-strategy').click();
    await banner('ok', /supplemented/);
    await page.getByTestId('outcome-amountMismatch').click();
    const line = page.locator('[data-testid="flow-row"][data-outcome="amountMismatch"]', { hasText: heldOrder });
    await line.click();
    const ours = readDb((db) => db.prepare("SELECT amount_minor FROM entry_flow WHERE order_no = ? AND direction = 'in'").pluck().get(heldOrder)) as number;
    await page.getByTestId('correct-amount').fill(minorText(ours));
    await page.getByTestId('correct-reason').fill('channel confirmed our amount');
    await page.getByTestId('correct-submit').click();
    await banner('ok', /matched/i);
    // the bank's extra lines here are dropped orders the strategy supplemented: none is left for suspense, so the summary can balance
    expect(readDb((db) => db.prepare("SELECT COUNT(*) FROM clearing_flow WHERE status = 'bankExtra'").pluck().get())).toBe(0);

    await page.getByTestId('nav-settlement').click();
    await expect.poll(async () => row.textContent()).toContain('fixed: the next run releases it');
    await row.scrollIntoViewIfNeeded();
    await shot('settlement-02-fixed-awaiting-run');
    await page.getByTestId('rerun-settlement').click();
    await banner('ok', /Settled \d+ merchant\(s\)/);
    await expect.poll(async () => page.getByTestId('held-orders').getByText(heldOrder).count()).toBe(0);
    const settledOn = readDb((db) => db.prepare('SELECT settled_date FROM pay_order WHERE order_no = ?').pluck().get(heldOrder));
    expect(settledOn).toBe(date);
    expect(await page.getByTestId('settlement').textContent()).toContain('run 2 of the day');
    await page.getByTestId('held').scrollIntoViewIfNeeded();
    await shot('settlement-03-released');
  });

  it('the reviewer confirms the summary and closes the day: every check passes, both attempts are listed', async () => {
    await signOut();
    await signIn('reviewer');
    await page.getByTestId('nav-recon').click();
    await page.getByRole('tab', { name: 'Summary confirmation' }).click();
    await page.getByTestId('confirm-summary').click();
    await banner('ok', /pairs moved to history/);
    // every group balances: what is still on the error desk is carried forward, never hidden
    await expect.poll(async () => page.getByTestId('summary').getByText('Not balanced', { exact: true }).count()).toBe(0);
    await shot('settlement-04a-summary-confirmed');
    await page.getByTestId('nav-settlement').click();
    await page.getByTestId('close-day').click();
    await banner('ok', new RegExp(`${date} is closed: all \\d+ checks passed`));
    await page.getByTestId('close-ok').waitFor();
    expect(await page.locator('[data-testid="checks"] tr[data-ok="no"]').count()).toBe(0);
    expect(await page.getByTestId('close-attempts').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('close-day').count()).toBe(0);
    expect(readDb((db) => db.prepare("SELECT COUNT(*) FROM accounting_day WHERE date = ? AND status = 'closed'").pluck().get(date))).toBe(1);
    await page.getByTestId('close-ok').scrollIntoViewIfNeeded();
    await shot('settlement-04-closed');
  });

  it('the operator writes the payout batch file; the download is GBK and its totals line equals its rows', async () => {
    await signOut();
    await signIn('operator');
    await page.getByTestId('nav-settlement').click();
    await page.getByTestId('payout-from').selectOption(PAYOUT_ACCOUNT);
    await page.getByTestId('payout-write').click();
    await banner('ok', /Payout file: \d+ payout\(s\)/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('payout-download').click()]);
    const saved = path.join(dir, 'payouts-downloaded.csv');
    await download.saveAs(saved);
    const lines = iconv.decode(readFileSync(saved), 'gbk').trimEnd().split('\r\n');
    expect(lines[0]).toBe('序号,业务参考号,付款账号,收款账号,收款户名,金额,币种,用途');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    const totals = lines.at(-1)!.split(',');
    const expected = readDb((db) => db.prepare("SELECT COUNT(*) AS n, SUM(amount_minor) AS total FROM payout_order WHERE accounting_date = ? AND status <> 'refilled'").get(date)) as { n: number; total: number };
    expect(rows.length).toBe(expected.n);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[2] === PAYOUT_ACCOUNT)).toBe(true);
    expect(totals[0]).toBe('合计');
    expect(totals[1]).toBe(`${rows.length}笔`);
    const sum = rows.reduce((s, r) => s + cellMinor(r[5]), 0n);
    expect(cellMinor(totals[5])).toBe(sum);
    expect(sum).toBe(BigInt(expected.total));
    expect(await page.getByTestId('payout-result').textContent()).toContain(formatMinor(expected.total, 'CNY'));
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('代付批量文件').first().waitFor();
    await page.getByTestId('payout-result').scrollIntoViewIfNeeded();
    await shot('settlement-05-payout-zh');
    await page.getByRole('button', { name: 'EN' }).click();
    expect(errors).toEqual([]);
  });

  it('shows the fund-flow reconciliation beside the transaction one: each order\'s money, long and short', async () => {
    await page.getByTestId('nav-recon').click();
    await page.getByTestId('screen-recon').waitFor();
    await page.getByRole('tab', { name: 'Fund flows' }).click();
    const funds = page.getByTestId('fund-recon');
    await funds.waitFor();
    const channels = funds.getByTestId('fund-channels').locator('tbody tr');
    await channels.first().waitFor();
    expect(await channels.count()).toBeGreaterThanOrEqual(1);
    expect(await channels.first().textContent()).toContain('Alipay');
    // the planted amount mismatches and missing lines are differences of money too; the list and the counts agree
    const differences = funds.getByTestId('fund-differences').locator('tbody tr');
    await differences.first().waitFor();
    const kinds = await differences.evaluateAll((rows) => rows.map((r) => r.querySelector('.pill')?.textContent ?? ''));
    const [longCount, shortCount] = [kinds.filter((k) => k === 'Long').length, kinds.filter((k) => k === 'Short').length];
    expect(longCount + shortCount).toBe(kinds.length);
    expect(longCount + shortCount).toBeGreaterThan(0);
    expect(Number((await funds.getByTestId('fund-long').first().textContent())!.split('·')[0]!.trim())).toBe(longCount);
    expect(Number((await funds.getByTestId('fund-short').first().textContent())!.split('·')[0]!.trim())).toBe(shortCount);
    await shot('settlement-06-fund-recon');
    expect(errors).toEqual([]);
  });
});
