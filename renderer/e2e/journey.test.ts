// A new accountant's day in a real browser: the renderer as built, the local HTTP host over a day the
// simulator wrote, Debian's Chromium. The operator imports the statements (file picker, and one by
// drag and drop), reconciles, applies the strategy, opens and corrects an amount mismatch, enters
// the bank balances; the reviewer imports the filled review template, confirms the summary and
// exports Kingdee vouchers, which are read back (debit = credit). Screenshots of every screen go to
// renderer/e2e/screenshots/; start-up and scrolling figures are printed.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../core/host/http.js';
import { addDays } from '../../core/clock.js';
import { simulatorFileFor } from '../../core/simulator/store.js';
import { reviewTemplatePath } from '../../core/balances/template.js';
import { readBackVoucherFile } from '../../core/erp/read-back.js';
import { buildRenderer, cellMinor, describeInBrowser, launchChromium, measureFlowTable, paydesk, minorText, shotOf, signInAs, signOutOf, passwordOf } from './harness.js';

const ORDERS = 2000;
const PLANT = 'bankExtra=0.002,platformExtra=0.002,amountMismatch=0.002,timing=0.002';

let dir: string;
let rendererDir: string;
let dataDir: string;
let dbFile: string;
let statementsDir: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const figures: string[] = [];

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? filesUnder(path.join(d, n)) : [path.join(d, n)]));
}

const shot = (name: string) => shotOf(page, name);

async function bannerOk(): Promise<string> {
  const banner = page.getByTestId('banner');
  await banner.waitFor({ timeout: 60_000 });
  const cls = (await banner.getAttribute('class')) ?? '';
  const text = (await banner.textContent()) ?? '';
  expect(cls, text).toContain('banner-ok');
  return text;
}

const signIn = (login: string) => signInAs(page, login, date);

const signOut = () => signOutOf(page);

describeInBrowser('a new accountant’s day in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-journey-'));
    rendererDir = path.join(dir, 'renderer');
    dataDir = path.join(dir, 'data');
    statementsDir = path.join(dir, 'statements');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    const t0 = performance.now();
    await buildRenderer(rendererDir);
    figures.push(`renderer build: ${Math.round(performance.now() - t0)} ms`);

    paydesk(['init', '--db', dbFile, '--json']);
    date = (paydesk(['trial-balance', '--db', dbFile, '--json']) as { date: string }).date;
    for (const u of [{ login: 'operator', name: 'Operator', role: 'operator' }, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }]) {
      paydesk(['call', 'users.create', '--db', dbFile, '--input', JSON.stringify({ ...u, password: passwordOf(u.login) }), '--json']);
    }
    const t1 = performance.now();
    paydesk(['simulate', '--db', dbFile, '--date', date, '--orders', String(ORDERS), '--seed', '7', '--out', statementsDir, '--plant', PLANT, '--json']);
    figures.push(`simulate ${ORDERS} orders: ${Math.round(performance.now() - t1)} ms`);

    const t2 = performance.now();
    browser = await launchChromium();
    figures.push(`chromium launch: ${Math.round(performance.now() - t2)} ms`);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    page.on('pageerror', (e) => figures.push(`PAGE ERROR: ${e.message}`));
    await page.addInitScript(() => localStorage.setItem('paydesk.lang', 'en'));

    const t3 = performance.now();
    host = await startHttpHost({ dbFile, rendererDir, port: 0, dataDir, carryOver: false, log: { warn: () => {}, error: (m: string) => figures.push(`host error: ${m}`) } });
    const started = performance.now();
    await page.goto(host.url);
    await page.getByTestId('user-operator').waitFor();
    const usable = performance.now();
    figures.push(`host start → sign-in usable: ${Math.round(usable - t3)} ms (host ${Math.round(started - t3)} ms, page load to users listed ${Math.round(usable - started)} ms)`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`\nrenderer journey figures:\n  ${figures.join('\n  ')}\n`);
  });

  it('signs in as the operator and shows the day', async () => {
    await shot('01-sign-in');
    await signIn('operator');
    expect(await page.getByTestId('user-role').textContent()).toBe('Operator');
    await page.getByTestId('step-import').waitFor();
    expect(await page.getByTestId('step-import').textContent()).toContain('To do');
    await shot('02-today-start');
  });

  it('imports every statement file: picked, one dropped, bank files given their channel', async () => {
    await page.getByTestId('nav-import').click();
    const files = filesUnder(statementsDir).sort();
    const dropped = files.find((f) => f.includes('unionpay'))!;
    await page.getByTestId('file-input').setInputFiles(files.filter((f) => f !== dropped));
    // one by drag and drop: a DataTransfer holding the file, dropped on the zone
    const transfer = await page.evaluateHandle(({ name, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name));
      return dt;
    }, { name: path.basename(dropped), base64: readFileSync(dropped).toString('base64') });
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });

    const items = page.getByTestId('import-item');
    await expect.poll(async () => items.count()).toBe(files.length);
    const settled = async () => (await Promise.all((await items.all()).map((i) => i.getAttribute('data-state')))).every((s) => s === 'done' || s === 'failed' || s === 'abnormal');
    await expect.poll(settled, { timeout: 120_000 }).toBe(true);
    // bank statements do not name their channel: the row says so; pick it and import again
    for (const item of await items.all()) {
      if ((await item.getAttribute('data-state')) === 'done') continue;
      const name = (await item.getAttribute('data-file')) ?? '';
      expect(await item.textContent()).toMatch(/channel/i);
      await item.getByTestId('item-channel').selectOption(name.startsWith('bank_payout') ? 'bank_payout' : 'bank_b2c');
      await item.getByTestId('item-retry').click();
    }
    await expect.poll(async () => (await Promise.all((await items.all()).map((i) => i.getAttribute('data-state')))).every((s) => s === 'done'), { timeout: 120_000 }).toBe(true);
    await page.getByTestId('batches').getByText('Done').first().waitFor();
    await shot('03-import');
  });

  it('reconciles, applies the strategy, and corrects an amount mismatch', async () => {
    await page.getByTestId('nav-recon').click();
    await page.getByTestId('run-recon').click();
    await bannerOk();
    await page.locator('[data-testid="flow-row"]').first().waitFor();
    await shot('04-recon-run');
    figures.push(await measureFlowTable(page, 'flow table, a 2,000-order day', { pages: 40, jumps: 0 }));

    await page.getByTestId('apply-strategy').click();
    expect(await bannerOk()).toMatch(/supplemented/);
    await page.getByTestId('strategy-result').waitFor();

    await page.getByTestId('outcome-amountMismatch').click();
    const row = page.locator('[data-testid="flow-row"][data-outcome="amountMismatch"]').first();
    await row.waitFor();
    await row.click();
    const detail = page.getByTestId('row-detail');
    await detail.locator('.side-by-side tr.differ').first().waitFor();
    await shot('05-recon-mismatch');

    // correct the statement line to our amount and match again
    const ours = (await row.locator(':scope > span').nth(5).textContent())!.replace(/,/g, '');
    const before = Number(await page.getByTestId('outcome-amountMismatch').locator('.outcome-count').textContent());
    await page.getByTestId('correct-amount').fill(ours);
    await page.getByTestId('correct-reason').fill('bank confirmed our amount');
    await page.getByTestId('correct-submit').click();
    expect(await bannerOk()).toMatch(/matched/i);
    await expect.poll(async () => Number(await page.getByTestId('outcome-amountMismatch').locator('.outcome-count').textContent())).toBe(before - 1);

    await page.getByTestId('outcome-bankExtra').click();
    await page.getByTestId('bank-extra-actions').waitFor();
    await shot('06-recon-bank-extra');
  });

  it('enters each bank account’s balance from its statement', async () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    // the simulated banks' balances are the simulator's, in its file beside the books
    db.prepare('ATTACH DATABASE ? AS sim').run(simulatorFileFor(dbFile));
    const banks = db.prepare(`SELECT a.account_no AS accountNo, a.bank_name AS bankName, d.closing_minor AS balanceMinor
                              FROM bank_account a JOIN sim_bank_day d ON d.account_no = a.account_no AND d.sim_date = ? ORDER BY a.account_no`).all(date) as
      { accountNo: string; bankName: string; balanceMinor: number }[];
    db.close();
    expect(banks.length).toBeGreaterThan(0);
    await page.getByTestId('nav-balances').click();
    await page.getByTestId('register-form').waitFor();
    for (const b of banks) {
      await page.getByTestId('register-account').selectOption(b.accountNo);
      await page.getByTestId('register-amount').fill(minorText(b.balanceMinor));
      await page.getByTestId('register-submit').click();
      await bannerOk();
    }
    await expect.poll(async () => page.getByTestId('balance-rows').getByText('awaiting review').count()).toBe(banks.length);
    await shot('07-balances-operator');
    (globalThis as { __banks?: typeof banks }).__banks = banks;
  });

  it('reviews the balances as the reviewer from the filled template', async () => {
    const banks = (globalThis as { __banks?: { accountNo: string; bankName: string; balanceMinor: number }[] }).__banks!;
    await signOut();
    await signIn('reviewer');
    expect(await page.getByTestId('user-role').textContent()).toBe('Reviewer');
    await page.getByTestId('nav-balances').click();
    await page.getByTestId('review-import').waitFor();
    expect(await page.getByTestId('register-form').count()).toBe(0);
    const file = path.join(dir, `bank-balance-review-${date}.xlsx`);
    copyFileSync(reviewTemplatePath(), file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    for (const b of banks) sheet.addRow([date, b.accountNo, b.bankName, 'CNY', minorText(b.balanceMinor)]);
    await workbook.xlsx.writeFile(file);
    await page.getByTestId('review-file').setInputFiles(file);
    expect(await bannerOk()).toMatch(new RegExp(`${banks.length} row\\(s\\) passed, 0 failed`));
    await page.getByTestId('review-rows').waitFor();
    await expect.poll(async () => page.getByTestId('balance-rows').getByText('reviewed').count()).toBeGreaterThanOrEqual(banks.length);
    await shot('08-balances-reviewed');
  });

  it('confirms the summary as the reviewer', async () => {
    await page.getByTestId('nav-recon').click();
    expect(await page.getByTestId('run-recon').count()).toBe(0);
    await page.getByRole('tab', { name: 'Summary confirmation' }).click();
    await page.getByTestId('confirm-summary').click();
    expect(await bannerOk()).toMatch(/pairs moved to history/);
    await page.getByTestId('summary').getByText('Confirmed', { exact: true }).waitFor();
    await shot('09-summary-confirmed');
  });

  it('exports Kingdee vouchers and the downloaded file balances', async () => {
    await page.getByTestId('nav-vouchers').click();
    await page.getByTestId('format-kingdee').check();
    await page.getByTestId('preview').click();
    await page.getByTestId('preview-table').waitFor();
    await page.getByTestId('export').click();
    expect(await bannerOk()).toMatch(/vouchers/);
    await shot('10-vouchers');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const saved = path.join(dir, 'downloaded-kingdee.xlsx');
    await download.saveAs(saved);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const debitCol = header.indexOf('FDEBIT');
    const creditCol = header.indexOf('FCREDIT');
    expect(debitCol).toBeGreaterThan(0);
    let debit = 0n;
    let credit = 0n;
    let lines = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      debit += cellMinor(row.getCell(debitCol).value);
      credit += cellMinor(row.getCell(creditCol).value);
      lines++;
    });
    expect(lines).toBeGreaterThan(0);
    expect(debit).toBe(credit);
    const back = await readBackVoucherFile(saved, 'kingdee');
    expect(back.vouchers.every((v) => v.debitMinor === v.creditMinor)).toBe(true);
    figures.push(`Kingdee export read back: ${back.vouchers.length} vouchers, ${lines} lines, debit ${debit} = credit ${credit} fen`);
  });

  it('maps the columns of a bank layout the core does not know, and imports it', async () => {
    await signOut();
    await signIn('operator');
    await page.getByTestId('nav-import').click();
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const day = next.toISOString().slice(0, 10);
    const file = path.join(dir, 'odd-bank-layout.csv');
    writeFileSync(file, ['入账时间,出账,进账,结余,说明', `${day} 08:00:00,,100.00,100.00,PD1`, `${day} 09:00:00,40.00,,60.00,PO1`].join('\n'));
    await page.getByTestId('file-input').setInputFiles(file);
    const item = page.locator('[data-testid="import-item"][data-file="odd-bank-layout.csv"]');
    // an unknown layout stops before import, with its preview and the mapping form offering its header cells
    await expect.poll(async () => item.getAttribute('data-state')).toBe('mapping');
    await item.getByTestId('item-preview').waitFor();
    const form = item.getByTestId('mapping-form');
    await form.waitFor();
    expect(await form.getByTestId('mapping-header-row').inputValue()).toBe('1');
    await form.getByLabel('Date', { exact: true }).selectOption('入账时间');
    await form.getByLabel('Debit (out)').selectOption('出账');
    await form.getByLabel('Credit (in)').selectOption('进账');
    await form.getByLabel('Balance', { exact: true }).selectOption('结余');
    await form.getByLabel('Reference').selectOption('说明');
    await form.getByLabel('Profile name').fill('Odd bank');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await bannerOk();
    // kept in the books, so the CLI can use it too
    const profiles = paydesk(['call', 'recon.profiles', '--db', dbFile, '--json']) as { name: string; mapping: Record<string, string> }[];
    expect(profiles).toEqual([expect.objectContaining({ name: 'Odd bank', mapping: { date: '入账时间', debit: '出账', credit: '进账', balance: '结余', reference: '说明' } })]);
    await shot('11-import-mapping');
    await form.getByRole('button', { name: 'Import with this mapping' }).click();
    await expect.poll(async () => item.getAttribute('data-state')).toBe('done');
    expect(await item.textContent()).toMatch(/Rows\s*2/);
  });

  it('maps an old-style .xls (BIFF8) of an unknown layout as bank-xls, and imports it', async () => {
    const day = addDays(date, 1);
    const file = path.join(dir, 'odd-bank-layout.xls');
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([
      ['记账时刻', '付出', '收入', '账户余额', '用途说明'],
      [`${day} 08:30:00`, '', 250.5, 250.5, 'PD2'],
      [`${day} 09:45:00`, 50.25, '', 200.25, 'PO2'],
      [`${day} 11:00:00`, '', 1000, 1200.25, 'PD3'],
    ]), '明细');
    writeFileSync(file, XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    await page.getByTestId('file-input').setInputFiles(file);
    const item = page.locator('[data-testid="import-item"][data-file="odd-bank-layout.xls"]');
    await expect.poll(async () => item.getAttribute('data-state')).toBe('mapping');
    const form = item.getByTestId('mapping-form');
    await form.waitFor();
    // a workbook of the old kind is offered as bank-xls, not as .xlsx or CSV
    expect(await form.getByTestId('mapping-format').inputValue()).toBe('bank-xls');
    await form.getByLabel('Date', { exact: true }).selectOption('记账时刻');
    await form.getByLabel('Debit (out)').selectOption('付出');
    await form.getByLabel('Credit (in)').selectOption('收入');
    await form.getByLabel('Balance', { exact: true }).selectOption('账户余额');
    await form.getByLabel('Reference').selectOption('用途说明');
    await shot('11b-import-mapping-xls');
    await form.getByRole('button', { name: 'Import with this mapping' }).click();
    await expect.poll(async () => item.getAttribute('data-state')).toBe('done');
    expect(await item.textContent()).toMatch(/Rows\s*3/);
    // the batch in the books: three lines, 1,250.50 in and 50.25 out
    const [latest] = paydesk(['call', 'recon.batches', '--input', '{"limit":1}', '--db', dbFile, '--json']) as { file_name: string }[];
    expect(latest!.file_name).toMatch(/odd-bank-layout\.xls$/);
    expect(latest).toMatchObject({
      rows: 3, format: 'bank-xls', status: 'DONE', totals: { CNY: { creditMinor: 125_050, debitMinor: 5_025 } },
    });
  });

  it('cancels a long import, and nothing of it is kept', async () => {
    const file = path.join(dir, 'big-bank-statement.csv');
    const rows = ['交易日期,摘要,对方户名,借方发生额,贷方发生额,余额'];
    for (let i = 1; i <= 500_000; i++) rows.push(`2027-01-04,收款,某某商户,,${((i % 900) + 100) / 100},0.00`);
    writeFileSync(file, rows.join('\n'));
    const batchesBefore = (paydesk(['call', 'recon.batches', '--db', dbFile, '--json']) as unknown[]).length;
    await page.getByTestId('import-channel').selectOption('bank_b2c');
    await page.getByTestId('file-input').setInputFiles(file);
    const item = page.locator('[data-testid="import-item"][data-file="big-bank-statement.csv"]');
    // the item's own cancel appears as its import starts (the progress bar's once lines are being
    // written): pressed at once, it lands while the file is still being read
    await item.getByTestId('item-cancel').click({ timeout: 60_000 });
    await expect.poll(async () => item.getAttribute('data-state'), { timeout: 60_000 }).toBe('cancelled');
    expect(await item.textContent()).toContain('CANCELLED');
    await shot('11b-import-cancelled');
    const batches = paydesk(['call', 'recon.batches', '--db', dbFile, '--json']) as { status: string; rows: number; file_name: string }[];
    expect(batches).toHaveLength(batchesBefore + 1);
    expect(batches[0]).toMatchObject({ status: 'ABNORMAL', rows: 0 });
    const lines = new Database(dbFile, { readonly: true });
    try {
      expect(lines.prepare('SELECT count(*) FROM clearing_flow WHERE bank_date = ?').pluck().get('2027-01-04')).toBe(0);
    } finally {
      lines.close();
    }
    await page.getByTestId('import-channel').selectOption('');
    await signOut();
    await signIn('reviewer');
  }, 180_000);

  it('tries to close the day and shows every check, in both languages', async () => {
    await page.getByTestId('nav-today').click();
    await page.getByTestId('step-export').getByText('Done').waitFor();
    await page.getByTestId('close-day').click();
    await page.getByTestId('banner').waitFor({ timeout: 120_000 });
    figures.push(`close-day from the screen: ${(await page.getByTestId('banner').textContent())?.replace('×', '').trim()}`);
    await page.getByText('Last close-day checks').waitFor();
    for (const row of await page.locator('.section tr', { has: page.locator('.pill-bad') }).all()) figures.push(`  failing check: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
    await shot('12-today-end');
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.getByTestId('nav-today').textContent()).toContain('今日');
    await shot('14-today-zh');
    await page.getByTestId('nav-recon').click();
    await page.locator('[data-testid="flow-row"]').first().waitFor();
    await shot('15-recon-zh');
    await page.getByTestId('nav-today').click();
    await page.getByRole('button', { name: 'EN' }).click();
  });
});

