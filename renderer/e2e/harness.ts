// What the browser journeys stand on: the renderer built once into a temp folder, a day simulated
// through the real CLI, the local HTTP host, and Debian's Chromium driven by playwright-core (never a
// downloaded browser).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';

import { startHttpHost, type HttpHost } from '../../core/host/http.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = path.join(REPO, 'renderer', 'e2e', 'screenshots');
const CLI = path.join(REPO, 'core', 'host', 'bin', 'paydesk.mjs');

import { CHROMIUM, NO_CHROMIUM } from '../../core/testing/browser.js';
import { cliEnvFor, passwordOf } from '../../core/testing/credentials.js';

export { passwordOf } from '../../core/testing/credentials.js';


export { CHROMIUM, describeInBrowser } from '../../core/testing/browser.js';

/** Build the renderer as it ships (production React) into outDir. */
export async function buildRenderer(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(REPO, 'renderer', 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** Run the paydesk CLI; with --json, the last line's object. */
export function paydesk(args: string[]): unknown {
  const out = execFileSync(process.execPath, [CLI, ...args], { cwd: REPO, env: cliEnvFor(args), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const last = out.trim().split('\n').at(-1) ?? '';
  return args.includes('--json') ? JSON.parse(last) : out;
}

const execFileAsync = promisify(execFile);

/** The paydesk CLI without blocking the event loop (a host in this process keeps answering); with --json, the last line's object. */
export async function paydeskAsync(args: string[]): Promise<unknown> {
  const { stdout } = await execFileAsync(process.execPath, [CLI, ...args], { cwd: REPO, env: cliEnvFor(args), maxBuffer: 64 * 1024 * 1024 });
  return args.includes('--json') ? JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') : stdout;
}

/** Save a screenshot under renderer/e2e/screenshots once the page has settled. */
export async function shotOf(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: screenshotPath(name), fullPage: options.fullPage ?? true });
}

/** Sign in from the sign-in screen; with a date, make it the work date. */
export async function signInAs(page: Page, login: string, date?: string): Promise<void> {
  await page.getByTestId(`user-${login}`).click();
  await page.getByTestId('signin-password').fill(passwordOf(login));
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('screen-today').waitFor();
  if (date !== undefined && (await page.getByTestId('work-date').inputValue()) !== date) await page.getByTestId('work-date').fill(date);
}

export async function signOutOf(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('signin').waitFor();
}

/** The banner of that kind once its text matches: a banner left from the step before never passes for this one. */
export async function bannerWith(page: Page, kind: 'ok' | 'error', expected: RegExp, timeout: number): Promise<string> {
  const b = page.locator(`[data-testid="banner"].banner-${kind}`).filter({ hasText: expected });
  await b.waitFor({ timeout });
  return (await b.textContent()) ?? '';
}

/** Minor units as the plain decimal text the exports and CSVs hold, e.g. -1234 → "-12.34". */
export function minorText(minor: number): string {
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(NO_CHROMIUM);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

/** Integer minor units from an amount as a spreadsheet cell holds it (a number with ≤ 2 decimals, or text). */
export function cellMinor(value: unknown): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  const text = typeof value === 'number' ? value.toFixed(2) : String(value).replace(/,/g, '').trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`not an amount: ${String(value)}`);
  const minor = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}

/**
 * Scroll the reconciliation table and time it, in the page: page by page from the top (until each
 * page's rows replace the placeholders), jumps to evenly spread places across the whole table,
 * and a smooth scroll of 200 px a frame for two seconds (frames per second, worst frame).
 */
export async function measureFlowTable(page: import('playwright-core').Page, label: string, options: { pages: number; jumps: number }): Promise<string> {
  const r = await page.evaluate(async ({ pages, jumps }) => {
    const el = document.querySelector('[data-testid="flow-scroll"]') as HTMLElement;
    const table = document.querySelector('[data-testid="flow-table"]') as HTMLElement;
    const total = Number(table.dataset['total']);
    const rowPx = 26;
    const settled = () => new Promise<void>((resolve) => {
      const check = () => (el.querySelector('.flow-row.placeholder') ? requestAnimationFrame(check) : resolve());
      requestAnimationFrame(check);
    });
    const timeTo = async (top: number) => {
      const t0 = performance.now();
      el.scrollTop = top;
      await settled();
      return performance.now() - t0;
    };
    const pageTimes: number[] = [];
    for (let i = 1; i <= pages && el.scrollTop + el.clientHeight < el.scrollHeight - 1; i++) pageTimes.push(await timeTo(i * 100 * rowPx));
    const jumpTimes: number[] = [];
    for (let i = 1; i <= jumps; i++) jumpTimes.push(await timeTo(Math.floor(((el.scrollHeight - el.clientHeight) * i) / jumps)));
    const lastIndex = Math.max(...Array.from(el.querySelectorAll<HTMLElement>('[data-index]')).map((n) => Number(n.dataset['index'])));
    const domRows = el.querySelectorAll('.flow-row').length;
    el.scrollTop = 0;
    await settled();
    const frames: number[] = [];
    let last = performance.now();
    const end = last + 2000;
    await new Promise<void>((resolve) => {
      const step = (now: number) => {
        frames.push(now - last);
        last = now;
        el.scrollTop += 200;
        if (now < end && el.scrollTop + el.clientHeight < el.scrollHeight - 1) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    await settled();
    const elapsed = frames.reduce((s, f) => s + f, 0);
    return { total, pageTimes, jumpTimes, lastIndex, domRows, fps: (frames.length * 1000) / Math.max(1, elapsed), worstFrame: Math.max(...frames.slice(1)) };
  }, options);
  const stat = (xs: number[]) => {
    if (xs.length === 0) return 'none';
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, worst ${s.at(-1)!.toFixed(0)} ms (${xs.length})`;
  };
  return `${label}: ${r.total.toLocaleString('en-US')} rows, ${r.domRows} rows in the DOM; page of 100 rows on screen: ${stat(r.pageTimes)}`
    + `${options.jumps ? `; jumps across the table: ${stat(r.jumpTimes)}, last row index reached ${r.lastIndex + 1}` : ''}`
    + `; smooth scroll ${r.fps.toFixed(0)} fps, worst frame ${r.worstFrame.toFixed(0)} ms`;
}

export interface Desk {
  browser: Browser;
  page: Page;
  host: HttpHost;
}

/**
 * One desk as every journey opens it: Chromium with a 1440×900 English page, the browser-mode host
 * on a free port over `dbFile`, the page at the host's address. Page errors and host errors go where
 * the journey collects its problems.
 */
export async function openDesk(options: {
  dbFile: string; rendererDir: string; dataDir: string; acceptDownloads?: boolean;
  onPageError: (message: string) => void; onHostError: (message: string) => void; onConsoleError?: (message: string) => void;
}): Promise<Desk> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', acceptDownloads: options.acceptDownloads ?? false });
  page.on('pageerror', (e) => options.onPageError(e.message));
  if (options.onConsoleError) page.on('console', (m) => { if (m.type() === 'error') options.onConsoleError!(m.text()); });
  await page.addInitScript(() => localStorage.setItem('paydesk.lang', 'en'));
  const host = await startHttpHost({
    dbFile: options.dbFile, rendererDir: options.rendererDir, port: 0, dataDir: options.dataDir, carryOver: false,
    log: { warn: () => {}, error: (m: string) => options.onHostError(m) },
  });
  await page.goto(host.url);
  return { browser, page, host };
}
