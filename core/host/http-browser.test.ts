// The local HTTP host driven by a real Chromium (playwright-core): the page reads its token from
// index.html, signs in, uploads and imports a statement, receives progress over EventSource and
// downloads an export, all under the host's CSP; a DNS-rebound name and another origin get nothing.
// Needs Chromium (core/testing/browser.ts: CI fails without it; a desk run names the skip).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from './http.js';
import { CHROMIUM, describeInBrowser, NO_CHROMIUM } from '../testing/browser.js';
import { passwordOf } from '../testing/credentials.js';

const BOC_CSV = path.resolve('fixtures/statements/cn/boc-signed-amount-utf8bom.csv');

// A minimal browser client of the host (the renderer's real one is renderer/src/api/http-bridge.ts).
const APP_JS = `
const token = document.querySelector('meta[name="paydesk-token"]')?.getAttribute('content') ?? '';
const progress = [];
let source = null;
window.pd = {
  token,
  progress,
  listen() {
    source = new EventSource('/api/progress?token=' + encodeURIComponent(token));
    source.onmessage = (event) => progress.push(JSON.parse(event.data));
    return new Promise((resolve) => { source.onopen = () => resolve(true); });
  },
  async call(method, input) {
    const res = await fetch('/api/' + method, { method: 'POST', headers: { 'content-type': 'application/json', 'x-paydesk-token': token }, body: JSON.stringify(input ?? {}) });
    return { status: res.status, body: await res.json() };
  },
  async upload(name, bytes) {
    const file = new File([new Uint8Array(bytes)], name);
    const res = await fetch('/api/upload', { method: 'POST', headers: { 'x-paydesk-token': token, 'x-file-name': encodeURIComponent(file.name) }, body: file });
    return { status: res.status, body: await res.json() };
  },
  downloadUrl(p) { return '/api/download?path=' + encodeURIComponent(p) + '&token=' + encodeURIComponent(token); },
};
document.getElementById('root').textContent = token ? 'ready' : 'no token';
`;
const INDEX_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>PayDesk</title>
<script type="module" src="./assets/app.js"></script>
<script>window.inlineRan = true;</script>
</head><body><div id="root"></div><a id="dl" download>download</a></body></html>`;

let dir: string;
let dataDir: string;
let host: HttpHost;
let browser: Browser;

describeInBrowser('in a real browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-browser-'));
    const rendererDir = path.join(dir, 'renderer');
    dataDir = path.join(dir, 'data');
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), APP_JS);
    host = await startHttpHost({ dbFile: path.join(dataDir, 'paydesk.sqlite'), rendererDir, dataDir, port: 0, log: { warn: () => undefined, error: () => undefined } });
    browser = await chromium.launch({ executablePath: CHROMIUM ?? expect.fail(NO_CHROMIUM), args: [`--host-resolver-rules=MAP rebound.example 127.0.0.1`] });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, uploads, imports with progress over EventSource, and downloads an export, under the CSP', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    await page.goto(host.url);
    await page.waitForFunction(() => document.getElementById('root')?.textContent === 'ready');
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined(); // inline script blocked
    expect(violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { pd: { token: string } }).pd.token)).toBe(host.token);

    const bytes = [...readFileSync(BOC_CSV)];
    const passwords = { admin: passwordOf('admin'), operator: passwordOf('operator') };
    const result = await page.evaluate(async ({ csv, passwords }) => {
      const pd = (window as unknown as { pd: {
        listen(): Promise<boolean>; progress: unknown[];
        call(m: string, i?: unknown): Promise<{ status: number; body: { ok: boolean; result?: unknown; error?: { code: string } } }>;
        upload(n: string, b: number[]): Promise<{ status: number; body: { ok: boolean; result?: { path: string } } }>;
      } }).pd;
      const before = await pd.call('ledger.trialBalance');
      const users = await pd.call('session.users');
      // the desk's first run from the page: the admin's password, then the operator's
      const setUp = await pd.call('session.setUp', { password: passwords.admin });
      await pd.call('users.setPassword', { login: 'operator', password: passwords.operator });
      await pd.call('session.signOut', {});
      const signIn = await pd.call('session.signIn', { login: 'operator', password: passwords.operator });
      await pd.listen();
      const up = await pd.upload('中行流水.csv', csv);
      const imported = await pd.call('recon.import', { file: up.body.result!.path, channel: 'bank_b2c' });
      for (let i = 0; i < 100 && pd.progress.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      const seen = pd.progress;
      return { before: before.body, users: users.body, setUp: setUp.body, signIn: signIn.body, up, imported: imported.body, seen };
    }, { csv: bytes, passwords });

    expect(result.before).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'sign in first / 请先登录' } });
    expect((result.users.result as { login: string }[]).map((u) => u.login)).toEqual(['admin', 'operator', 'reviewer']);
    expect(result.setUp).toMatchObject({ ok: true });
    expect(result.signIn).toMatchObject({ ok: true, result: { login: 'operator', role: 'operator' } });
    expect(result.up.status).toBe(200);
    expect(result.up.body.result!.path).toMatch(/uploads[\\/][0-9a-f]{16}-中行流水\.csv$/);
    expect(result.imported).toMatchObject({ ok: true, result: { status: 'DONE', rows: 3 } });
    expect(result.seen).toContainEqual({ method: 'recon.import', cancellable: true, phase: 'rows', done: 3, total: 3 });

    // An export the core wrote under <dataDir>/exports downloads as an attachment through a plain link.
    writeFileSync(path.join(dataDir, 'exports', 'u8-2026-05-09.txt'), '填制凭证,V800\n');
    const href = await page.evaluate((p) => (window as unknown as { pd: { downloadUrl(p: string): string } }).pd.downloadUrl(p), path.join(dataDir, 'exports', 'u8-2026-05-09.txt'));
    await page.evaluate((h) => document.getElementById('dl')!.setAttribute('href', h), href);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl')]);
    expect(download.suggestedFilename()).toBe('u8-2026-05-09.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe('填制凭证,V800\n');
    await context.close();
  });

  it('a DNS-rebound name gets neither the page nor the token; another origin cannot call the API', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const rebound = await page.goto(`http://rebound.example:${host.port}/`);
    expect(rebound?.status()).toBe(403);
    expect(await page.content()).not.toContain(host.token);

    // A page on another origin that somehow knew the token: the custom header needs a CORS
    // preflight the host never grants, so the browser refuses the call.
    const other = http.createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(async ({ url, token }) => {
        try {
          const res = await fetch(url + 'api/session.users', { method: 'POST', headers: { 'x-paydesk-token': token }, body: '{}' });
          return `status ${res.status}`;
        } catch (error) {
          return `refused: ${(error as Error).name}`;
        }
      }, { url: host.url, token: host.token });
      expect(outcome).toBe('refused: TypeError');
    } finally {
      await new Promise((resolve) => other.close(resolve));
      await context.close();
    }
  });
});
