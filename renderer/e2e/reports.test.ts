// The reports screen in a real browser over a closed demo day (`paydesk demo`): every report kind of
// reports.kinds exported from the screen, downloaded through the page's link, opened with exceljs;
// the trial balance's totals and the bank balance report's figures are checked against the core.
// Screenshots: renderer/e2e/screenshots/reports-*.png.
import { givePasswords } from '../../core/testing/credentials.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { openDatabase, type Db } from '../../core/db/index.js';
import { callApi, type MethodName, type MethodOutput } from '../../core/api/index.js';
import { findUser } from '../../core/users/users.js';
import { systemClock } from '../../core/clock.js';
import { buildRenderer, cellMinor, describeInBrowser, openDesk, shotOf, paydeskAsync, signInAs } from './harness.js';

let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const problems: string[] = [];

let books: Db | null = null;
/** The core's own answer, read in-process from the same file the host serves (checks only; the UI does the writing). */
const core = <M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> =>
  callApi({ db: books!, user: findUser(books!, 'admin')!, clock: systemClock }, method, input);

const shot = (name: string) => shotOf(page, name);

/** Click the report's download link and open the file the browser saved. */
async function download(kind: string): Promise<{ file: string; book: ExcelJS.Workbook }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${kind}`).click()]);
  const file = path.join(dir, 'downloads', d.suggestedFilename());
  await d.saveAs(file);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return { file, book };
}

/** Every row of a sheet as plain values (column 1 first). */
function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow((row) => {
    const values = row.values as unknown[];
    out.push(values.slice(1).map((v) => (v && typeof v === 'object' && 'result' in (v as object) ? (v as { result: unknown }).result : v)));
  });
  return out;
}

describeInBrowser('the reports screen', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-reports-e2e-'));
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(path.join(dir, 'downloads'));
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    // The demo day through the real CLI (a child process, so the renderer builds meanwhile).
    await Promise.all([
      buildRenderer(path.join(dir, 'renderer')),
      paydeskAsync(['demo', '--db', dbFile]),
    ]);
    await givePasswords(dbFile, ['admin', 'operator', 'reviewer', 'trainer']);
    books = openDatabase(dbFile, { readonly: true });
    date = (await core('ledger.days', {})).find((d) => d.status === 'closed')!.date;
    ({ browser, page, host } = await openDesk({ dbFile, rendererDir: path.join(dir, 'renderer'), dataDir, acceptDownloads: true, onPageError: (m) => problems.push(`page error: ${m}`), onHostError: (m) => problems.push(`host error: ${m}`) }));
    await signInAs(page, 'reviewer', date);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    books?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists every report kind with its options', async () => {
    await page.keyboard.press('Alt+KeyP');
    await page.getByTestId('screen-reports').waitFor();
    const kinds = (await core('reports.kinds', {}));
    expect(kinds.length).toBe(8);
    for (const k of kinds) {
      await page.getByTestId(`report-${k.kind}`).waitFor();
      for (const o of k.options) expect(await page.getByTestId(`opt-${k.kind}-${o}`).count()).toBe(1);
    }
    // The bank accounts of the day are offered for the outstanding items report.
    const banks = (await core('balances.accounts', {}));
    const offered = await page.getByTestId('opt-outstanding-accountNo').locator('option').allTextContents();
    for (const b of banks) expect(offered.some((o) => o.includes(b.accountNo))).toBe(true);
    await shot('reports-01-list');
  });

  it('exports the trial balance, downloads it, and its totals are the core\'s', async () => {
    await page.getByTestId('export-trialBalance').click();
    await page.getByTestId('result-trialBalance').waitFor();
    const tb = (await core('ledger.trialBalance', { date }));
    expect(await page.getByTestId('rows-trialBalance').textContent()).toBe(String(tb.rows.length));
    expect(await page.getByTestId('file-trialBalance').textContent()).toBe(`report-trialBalance-${date}.xlsx`);
    const { book } = await download('trialBalance');
    const rows = rowsOf(book.worksheets[0]!);
    const total = rows.find((r) => String(r[0] ?? '').startsWith('合计'))!;
    expect(total, 'a totals row').toBeDefined();
    // Opening, period and closing debit/credit sit in columns 5–10.
    expect(total.slice(4, 10).map(cellMinor)).toEqual(
      [tb.opening.debit, tb.opening.credit, tb.period.debit, tb.period.credit, tb.closing.debit, tb.closing.credit].map(BigInt),
    );
    expect(rows.some((r) => String(r[0] ?? '').includes('Balanced: 是 yes'))).toBe(true);
  });

  it('exports the bank balance report with the reviewed balances of the day', async () => {
    await page.getByTestId('export-bankBalances').click();
    await page.getByTestId('result-bankBalances').waitFor();
    const { book } = await download('bankBalances');
    const text = rowsOf(book.worksheets[0]!).map((r) => r.map((c) => String(c ?? '')).join('|')).join('\n');
    const banks = (await core('balances.accounts', {}));
    expect(banks.length).toBeGreaterThan(0);
    for (const b of banks) expect(text).toContain(b.accountNo);
  });

  it('exports every other report with its options, and each file opens', async () => {
    // Flows by one basis only: the summary and that basis's sheet.
    await page.getByTestId('opt-flows-by').selectOption('accounting');
    await page.getByTestId('export-flows').click();
    await page.getByTestId('result-flows').waitFor();
    expect(await page.getByTestId('file-flows').textContent()).toBe(`report-flows-${date}-accounting.xlsx`);
    const flows = await download('flows');
    expect(flows.book.worksheets.length).toBe(2);

    for (const kind of ['batchStatistics', 'outstanding', 'settlement']) {
      await page.getByTestId(`export-${kind}`).click();
      await page.getByTestId(`result-${kind}`).waitFor();
      const { book } = await download(kind);
      expect(book.worksheets.length, kind).toBeGreaterThan(0);
      // The title row names the report in both languages.
      expect(String(rowsOf(book.worksheets[0]!)[0]?.[0] ?? ''), kind).not.toBe('');
    }
    // The settlement statement holds the merchants the core settled.
    const settled = (await core('settlement.list', { date })).settled;
    expect(settled.length).toBeGreaterThan(0);
    const { book } = await download('settlement');
    const text = book.worksheets.flatMap((s) => rowsOf(s)).map((r) => r.join('|')).join('\n');
    for (const s of settled) expect(text).toContain(s.merchantId);
    await shot('reports-02-exported');
  });

  it('exports all eight at once, and refuses a bad currency on the screen', async () => {
    await page.getByTestId('export-all').click();
    await page.getByTestId('banner').filter({ hasText: '8 reports written' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('opt-trialBalance-currency').fill('US');
    expect(await page.getByTestId('export-trialBalance').isDisabled()).toBe(true);
    await page.getByTestId('opt-trialBalance-currency').fill('CNY');
    await page.locator('.lang-switch button', { hasText: '中文' }).click();
    await page.getByText('全部导出').waitFor();
    await shot('reports-03-zh');
    expect(problems).toEqual([]);
  });
});
