// The charts screen in a real browser over a closed demo day: the three charts draw, and the tables
// under them show exactly the figures the core computes (charts.* through the real CLI). Two
// suspense cards of different ages and banks are hung up first so the aging chart has something to age.
import { givePasswords } from '../../core/testing/credentials.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHost } from '../../core/host/http.js';
import { buildRenderer, describeInBrowser, openDesk, paydesk, shotOf, paydeskAsync, signInAs } from './harness.js';
import { formatMinor } from '../src/money.js';

let dir: string;
let dbFile: string;
let date: string;
let host: HttpHost | null = null;
let browser: Browser | null = null;
let page: Page;
const errors: string[] = [];

const call = (method: string, input: unknown, user = 'admin') =>
  paydesk(['call', method, '--db', dbFile, '--user', user, '--input', JSON.stringify(input), '--json']) as Record<string, unknown>;

const shot = (name: string) => shotOf(page, name);

const pair = (count: number, minor: number) => `${count.toLocaleString('en-US')} · ${formatMinor(minor)}`;
const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describeInBrowser('charts in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-charts-'));
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    dbFile = path.join(dataDir, 'paydesk.sqlite');
    await Promise.all([
      buildRenderer(path.join(dir, 'renderer')),
      // the demo day in a child process, so the renderer builds meanwhile
      paydeskAsync(['demo', '--db', dbFile]),
    ]);
    await givePasswords(dbFile, ['admin', 'operator', 'reviewer', 'trainer']);
    const db = new Database(dbFile, { readonly: true });
    date = db.prepare('SELECT MAX(recon_date) FROM recon_run').pluck().get() as string;
    const account = (purpose: string, ref?: string) => db.prepare(`SELECT id FROM account WHERE purpose = ? ${ref ? 'AND owner_ref = ?' : ''} ORDER BY id`).pluck().all(purpose, ...(ref ? [ref] : [])) as number[];
    // the settlement bank's deposit and the payout bank's reserve (备付金)
    const [bankA] = account('bank_deposit');
    const [bankB] = account('reserve');
    const [income] = account('suspense_income');
    const [expense] = account('suspense_expense');
    db.close();
    // an old income card at one bank (reviewed), a fresh expense card at the other (awaiting review)
    const old = call('suspense.hangUp', { kind: 'income', debitAccountId: bankA, creditAccountId: income, amountMinor: 123_456, summary: '不明来款 unknown receipt', accountingDate: '2026-10-01' }, 'operator');
    call('suspense.review', { id: old['id'] }, 'reviewer');
    call('suspense.hangUp', { kind: 'expense', debitAccountId: expense, creditAccountId: bankB, amountMinor: 5_000, summary: '不明付款 unknown payment', accountingDate: addDays(date, -2) }, 'operator');

    ({ browser, page, host } = await openDesk({ dbFile, rendererDir: path.join(dir, 'renderer'), dataDir, onPageError: (m) => errors.push(m), onHostError: (m) => errors.push(`host: ${m}`), onConsoleError: (m) => errors.push(m) }));
    await signInAs(page, 'reviewer', date);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws differences by channel and day, with the core’s figures in the table', async () => {
    await page.getByTestId('nav-charts').click();
    await page.getByTestId('screen-charts').waitFor();
    await page.getByTestId('mismatch-table').waitFor();
    const core = call('charts.mismatches', { from: addDays(date, -29), to: date }) as { byChannel: { channel: string; count: number; amountMinor: number; byOutcome: Record<string, { count: number; amountMinor: number }> }[] };
    const active = core.byChannel.filter((c) => c.count > 0);
    expect(active.length).toBeGreaterThan(0);
    const total = active.reduce((s, c) => ({ count: s.count + c.count, amountMinor: s.amountMinor + c.amountMinor }), { count: 0, amountMinor: 0 });
    expect(await text('[data-testid="mismatch-grand-total"]')).toBe(pair(total.count, total.amountMinor));
    for (const c of active) {
      const row = page.locator('[data-testid="mismatch-table"] tbody tr', { has: page.locator(`[data-channel="${c.channel}"]`) });
      expect(((await row.locator('[data-total]').textContent()) ?? '').trim()).toBe(pair(c.count, c.amountMinor));
      expect(((await row.locator('[data-outcome="amountMismatch"]').textContent()) ?? '').trim()).toBe(pair(c.byOutcome['amountMismatch']!.count, c.byOutcome['amountMismatch']!.amountMinor));
    }
    // the chart itself: one stacked series per channel with differences, named in the legend
    const bars = page.locator('[data-testid="chart-mismatches"] .recharts-bar-rectangle');
    expect(await bars.count()).toBeGreaterThanOrEqual(active.length);
    const legend = await text('[data-testid="chart-mismatches"] .recharts-legend-wrapper');
    expect(legend).toContain(active.some((c) => c.channel === 'alipay') ? 'Alipay' : '');
    expect(await text('[data-testid="chart-mismatches"] .recharts-xAxis-tick-labels')).toContain(date.slice(5));
    await shot('charts-01-overview');
    // by amount: the axis switches to yuan
    await page.locator('[data-testid="chart-mismatches"] .tab', { hasText: 'Amount' }).click();
    expect(await text('[data-testid="chart-mismatches"] .recharts-yAxis-tick-labels')).toMatch(/\d,?\d*\.00/);
  });

  it('clearing and settlement over 30 days: the day’s row equals the core’s totals', async () => {
    const core = call('charts.totals', { to: date, days: 30 }) as {
      days: { date: string; clearing: { grossMinor: number; refundsMinor: number; feesMinor: number; netMinor: number }; settlement: { amountMinor: number }; held: { count: number; amountMinor: number } }[] };
    expect(core.days).toHaveLength(30);
    const day = core.days.find((d) => d.date === date)!;
    expect(day.clearing.grossMinor).toBeGreaterThan(0);
    const row = page.locator('[data-testid="totals-table"] tbody tr', { hasText: date });
    expect(await row.count()).toBe(1);
    const field = async (f: string) => ((await row.locator(`[data-field="${f}"]`).textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(await field('gross')).toBe(formatMinor(day.clearing.grossMinor));
    expect(await field('refunds')).toBe(formatMinor(day.clearing.refundsMinor));
    expect(await field('fees')).toBe(formatMinor(day.clearing.feesMinor));
    expect(await field('net')).toBe(formatMinor(day.clearing.netMinor));
    expect(await field('settled')).toBe(formatMinor(day.settlement.amountMinor));
    expect(await field('held')).toBe(pair(day.held.count, day.held.amountMinor));
    // only days with activity are listed; the chart has every day of the 30
    expect(await page.locator('[data-testid="totals-table"] tbody tr').count()).toBe(core.days.filter((d) => d.clearing.grossMinor + d.clearing.refundsMinor + d.settlement.amountMinor + d.held.count > 0).length);
    expect(await page.locator('[data-testid="chart-totals"] .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await text('[data-testid="chart-totals"] .recharts-legend-wrapper')).toContain('Cleared net');
  });

  it('ages open suspense by bank: the old card in 31–90 days, the fresh one in 0–3, totals as the core says', async () => {
    const core = call('charts.suspenseAging', { asOf: date }) as { banks: { bankName: string; buckets: Record<string, { count: number; amountMinor: number }> }[]; total: { count: number; amountMinor: number } };
    expect(core.total).toMatchObject({ count: 2, amountMinor: 128_456 });
    expect(await text('[data-testid="aging-grand-total"]')).toBe(pair(2, 128_456));
    const old = core.banks.find((b) => b.buckets['31-90']!.count === 1)!;
    const fresh = core.banks.find((b) => b.buckets['0-3']!.count === 1)!;
    expect(old.bankName).not.toBe(fresh.bankName);
    const cell = async (bank: string, bucket: string) => {
      const row = page.locator('[data-testid="aging-table"] tbody tr', { has: page.locator(`[data-bank="${bank}"]`) });
      return ((await row.locator(`[data-bucket="${bucket}"]`).textContent()) ?? '').trim();
    };
    expect(await cell(old.bankName, '31-90')).toBe(pair(1, 123_456));
    expect(await cell(fresh.bankName, '0-3')).toBe(pair(1, 5_000));
    expect(await cell(fresh.bankName, '31-90')).toBe(pair(0, 0));
    expect(await page.locator('[data-testid="chart-aging"] .recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(2);
    expect(await text('[data-testid="chart-aging"] .recharts-xAxis-tick-labels')).toContain('31-90 days');
    await page.getByTestId('chart-aging').scrollIntoViewIfNeeded();
    await shot('charts-02-aging');
  });

  it('reads in Chinese too, with no page errors', async () => {
    await page.locator('.lang-switch button', { hasText: '中文' }).click();
    await page.getByText('对账差错：按渠道和日期', { exact: false }).waitFor();
    expect(await text('[data-testid="chart-aging"] .recharts-xAxis-tick-labels')).toContain('31-90 天');
    expect(await text('[data-testid="chart-totals"] .recharts-legend-wrapper')).toContain('清算净额');
    await shot('charts-03-zh');
    await page.locator('.lang-switch button', { hasText: 'EN' }).click();
    expect(errors).toEqual([]);
  });
});

function addDays(d: string, n: number): string {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
}
