// The reconciliation table at scale: the real host and core over a database holding a run of
// PAYDESK_E2E_ROWS joined rows (200,000 by default; 1,000,000 for the figures in the report),
// written straight into the tables (a fixture, not a simulated day), the renderer as built,
// Debian's Chromium. It checks the table reaches the last row with a small DOM, and prints how long
// pages and jumps take to show and the frame rate while scrolling (figures, never assertions).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { buildRenderer, describeInBrowser, openDesk, measureFlowTable, paydesk, screenshotPath, passwordOf, signInAs } from './harness.js';

const ROWS = Number(process.env['PAYDESK_E2E_ROWS'] ?? 200_000);

/** The outcome the fixture gives statement line `id` (first rule wins). */
function outcomeOf(id: number): string {
  return id % 997 === 0 ? 'amountMismatch' : id % 1009 === 0 ? 'bankExtra' : id % 1013 === 0 ? 'duplicate' : 'matched';
}

let dir: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
let date: string;
const figures: string[] = [];

/** One DONE batch of ROWS statement lines and a standing run joining each: mostly matched, some of every difference. */
function writeLargeRun(dbFile: string, day: string): void {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  const operator = db.prepare("SELECT id FROM app_user WHERE login = 'operator'").pluck().get() as number;
  const at = `${day}T12:00:00.000Z`;
  db.transaction(() => {
    const batch = db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, rows, totals, errors, error_count, forced, first_date, last_date, created_at, created_by, finished_at)
                              VALUES ('alipay', 'alipay-trade', 'fixture-statement.csv', 1, 'fixture', 'DONE', ?, '{}', '[]', 0, 0, ?, ?, ?, ?, ?)`).run(ROWS, day, day, at, operator, at).lastInsertRowid;
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, channel_trade_no, amount_minor, currency, status)
                SELECT ?, i, CASE i % 3 WHEN 0 THEN 'wechat' WHEN 1 THEN 'alipay' ELSE 'unionpay' END, ?, ? || ' ' || printf('%02d:%02d:%02d', (i / 3600) % 24, (i / 60) % 60, i % 60),
                       CASE WHEN i % 17 = 0 THEN 'out' ELSE 'in' END, 'pay', 'P' || printf('%014d', i), 'T' || printf('%018d', i), 100 + (i * 7919) % 99991, 'CNY', 'matched'
                FROM n`).run(ROWS, batch, day, day);
    const run = db.prepare("INSERT INTO recon_run (recon_date, channel_code, created_at, created_by, counts, superseded_by) VALUES (?, NULL, ?, ?, '{}', NULL)").run(day, at, operator).lastInsertRowid;
    db.prepare(`INSERT INTO recon_result (run_id, outcome, clearing_id, our_amount_minor, their_amount_minor)
                SELECT ?, CASE WHEN id % 997 = 0 THEN 'amountMismatch' WHEN id % 1009 = 0 THEN 'bankExtra' WHEN id % 1013 = 0 THEN 'duplicate' ELSE 'matched' END, id,
                       CASE WHEN id % 1009 = 0 OR id % 1013 = 0 THEN NULL WHEN id % 997 = 0 THEN amount_minor + 100 ELSE amount_minor END, amount_minor
                FROM clearing_flow WHERE batch_id = ? ORDER BY id`).run(run, batch);
    // as reconcile does: the run records its counts, and its rows are one stretch of rowids (core/db/rowid-stretch.ts)
    const counts = Object.fromEntries(['matched', 'amountMismatch', 'bankExtra', 'platformExtra', 'offset', 'timing', 'duplicate'].map((o) => [o, { count: 0, amountMinor: 0 }]));
    for (const c of db.prepare('SELECT outcome, COUNT(*) AS count, SUM(COALESCE(our_amount_minor, their_amount_minor)) AS amountMinor FROM recon_result WHERE run_id = ? GROUP BY outcome')
      .all(run) as { outcome: string; count: number; amountMinor: number }[]) {
      counts[c.outcome] = { count: c.count, amountMinor: c.amountMinor };
    }
    db.prepare('UPDATE recon_run SET counts = ?, first_result = (SELECT MIN(rowid) FROM recon_result WHERE run_id = ?), last_result = (SELECT MAX(rowid) FROM recon_result WHERE run_id = ?) WHERE id = ?')
      .run(JSON.stringify(counts), run, run, run);
  })();
  db.close();
}

describeInBrowser(`the reconciliation table with ${ROWS.toLocaleString('en-US')} rows`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-many-rows-'));
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const dbFile = path.join(dataDir, 'paydesk.sqlite');
    await buildRenderer(rendererDir);
    paydesk(['init', '--db', dbFile, '--json']);
    paydesk(['call', 'users.create', '--db', dbFile, '--input', JSON.stringify({ login: 'operator', name: 'Operator', role: 'operator', password: passwordOf('operator') }), '--json']);
    date = (paydesk(['trial-balance', '--db', dbFile, '--json']) as { date: string }).date;
    const t0 = performance.now();
    writeLargeRun(dbFile, date);
    figures.push(`fixture: ${ROWS.toLocaleString('en-US')} statement lines and joined rows written in ${Math.round(performance.now() - t0)} ms`);
    ({ browser, page, host } = await openDesk({ dbFile, rendererDir, dataDir, onPageError: (m) => figures.push(`PAGE ERROR: ${m}`), onHostError: (m) => figures.push(`host error: ${m}`) }));
    await signInAs(page, 'operator', date);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`\nlarge-table figures:\n  ${figures.join('\n  ')}\n`);
  });

  it('shows the first rows, jumps to the last and scrolls with only a screenful in the DOM', async () => {
    const t0 = performance.now();
    await page.getByTestId('nav-recon').click();
    await page.locator('[data-testid="flow-row"]').first().waitFor({ timeout: 60_000 });
    figures.push(`open the screen → first rows on screen: ${Math.round(performance.now() - t0)} ms`);
    expect(await page.getByTestId('flow-table').getAttribute('data-total')).toBe(String(ROWS));
    let matched = 0;
    for (let id = 1; id <= ROWS; id++) if (outcomeOf(id) === 'matched') matched++;
    await expect.poll(async () => page.getByTestId('outcome-matched').locator('.outcome-count').textContent()).toBe(matched.toLocaleString('en-US'));

    const line = await measureFlowTable(page, `flow table, ${ROWS.toLocaleString('en-US')} rows`, { pages: 15, jumps: 10 });
    figures.push(line);
    expect(line).toContain(`last row index reached ${ROWS}`);
    const domRows = Number(/(\d+) rows in the DOM/.exec(line)![1]);
    expect(domRows).toBeLessThan(120);

    await page.getByTestId('filter-outcome').selectOption('amountMismatch');
    await expect.poll(async () => page.getByTestId('flow-table').getAttribute('data-total')).toBe(String(Math.floor(ROWS / 997)));
    await page.getByTestId('flow-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.locator('[data-testid="flow-row"][data-outcome="amountMismatch"]').last().waitFor();
    await page.screenshot({ path: screenshotPath('13-recon-many-rows') });
  });
});
