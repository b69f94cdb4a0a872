// The local HTTP host over real HTTP on 127.0.0.1, with real SQLite files in private temp folders.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import http, { type IncomingMessage } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { openDatabase } from '../db/index.js';
import { closeHandle } from '../db/checkpoints.js';
import { nextCarryOverAt } from '../balances/schedule.js';
import { startHttpHost, type HttpHost } from './http.js';
import type { InProcessBooks } from './books-link.js';
import { receiveUpload, safeFileName, UploadError } from './http-files.js';
import { reviewTemplatePath } from '../balances/template.js';
import { appDataDir, CONTENT_SECURITY_POLICY, openDesktopDatabase, resolveDataDir, resolveDbFile, startCarryOverTimer, type IpcResponse, type PayDeskProgress } from './transport-session.js';
import { passwordOf, setUpDesk } from '../testing/credentials.js';
import { signParams } from '../merchants/signature.js';

const BOC_CSV = path.resolve('fixtures/statements/cn/boc-signed-amount-utf8bom.csv');
const INDEX_HTML = '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>PayDesk</title>\n<script type="module" src="/assets/app.js"></script>\n</head>\n<body><div id="root"></div></body>\n</html>\n';
const NOW = '2026-05-10T02:00:00.000Z'; // 10:00 in Shanghai

let dir: string;
let rendererDir: string;
let dataDir: string;
let host: HttpHost;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-http-'));
  rendererDir = path.join(dir, 'renderer');
  dataDir = path.join(dir, 'data');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("paydesk");\n');
  writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{margin:0}\n');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  // a frozen clock stays in this process: the books run in-process here (the books process has its own tests)
  host = await startHttpHost({ dbFile: path.join(dataDir, 'paydesk.sqlite'), rendererDir, dataDir, port: 0, clock: fixedClock(NOW), books: 'in-process', log: quiet });
  await setUpDesk(async (method, input) => (await call(method, input)).body);
});

afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, input?: unknown, token: string | null = host.token): Promise<{ status: number; body: IpcResponse }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-paydesk-token'] = token;
  const res = await fetch(`${host.url}api/${method}`, { method: 'POST', headers, body: input === undefined ? undefined : JSON.stringify(input) });
  return { status: res.status, body: (await res.json()) as IpcResponse };
}

async function ok<T>(method: string, input?: unknown): Promise<T> {
  const { status, body } = await call(method, input);
  expect(status).toBe(200);
  if (!body.ok) throw new Error(`${method}: [${body.error.code}] ${body.error.message}`);
  return body.result as T;
}

/** A raw request, so the Host header can be anything (fetch sets it itself). */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const errorCode = (body: IpcResponse): string | undefined => (body.ok ? undefined : body.error.code);

describe('binding and guards', () => {
  it('listens on 127.0.0.1 only', async () => {
    const address = host.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(host.url).toBe(`http://127.0.0.1:${address.port}/`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    // Any other interface of this machine refuses the connection.
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      await expect(fetch(`http://${external.address}:${address.port}/`)).rejects.toThrow();
    }
  });

  it('a new token every start', async () => {
    const second = await startHttpHost({ dbFile: path.join(dataDir, 'paydesk.sqlite'), rendererDir, dataDir, port: 0, log: quiet, carryOver: false });
    try {
      expect(second.token).not.toBe(host.token);
      expect(second.port).not.toBe(host.port);
    } finally {
      await second.close();
    }
  });

  it('removes uploads older than a week at start, and keeps the rest', async () => {
    const uploads = path.join(dataDir, 'uploads');
    const old = path.join(uploads, 'aaaa-old.csv');
    const recent = path.join(uploads, 'bbbb-recent.csv');
    writeFileSync(old, 'x');
    writeFileSync(recent, 'y');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(old, eightDaysAgo, eightDaysAgo);
    const second = await startHttpHost({ dbFile: path.join(dataDir, 'paydesk.sqlite'), rendererDir, dataDir, port: 0, log: quiet, carryOver: false });
    try {
      expect(existsSync(old)).toBe(false);
      expect(existsSync(recent)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('refuses an API call without the token or with a wrong one (403), answers it with the token', async () => {
    const none = await call('session.users', undefined, null);
    expect(none.status).toBe(403);
    expect(none.body).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'missing or wrong PayDesk token' } });
    const wrong = await call('session.users', undefined, 'f'.repeat(64));
    expect(wrong.status).toBe(403);
    const short = await call('session.users', undefined, host.token.slice(0, 10));
    expect(short.status).toBe(403);
    const right = await call('session.users');
    expect(right.status).toBe(200);
    expect(right.body.ok).toBe(true);
  });

  it('refuses a Host header other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding), for pages and the API', async () => {
    const api = { method: 'POST', path: '/api/session.users', headers: { 'x-paydesk-token': host.token } };
    for (const bad of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const page = await raw({ path: '/', headers: { host: bad } });
      expect(page.status, bad).toBe(403);
      expect(page.text).not.toContain(host.token);
      expect((await raw({ ...api, headers: { ...api.headers, host: bad } })).status, bad).toBe(403);
    }
    // No Host header at all (HTTP/1.0, written by hand).
    const bare = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(host.port, '127.0.0.1', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(bare).toMatch(/^HTTP\/1\.[01] 403/);
    expect(bare).not.toContain(host.token);
    for (const good of [`127.0.0.1:${host.port}`, `localhost:${host.port}`, `LOCALHOST:${host.port}`]) {
      expect((await raw({ path: '/', headers: { host: good } })).status, good).toBe(200);
      expect((await raw({ ...api, headers: { ...api.headers, host: good } })).status, good).toBe(200);
    }
  });

  it('refuses an API call from another origin even with the token', async () => {
    const headers = { 'x-paydesk-token': host.token, host: `127.0.0.1:${host.port}` };
    expect((await raw({ method: 'POST', path: '/api/session.users', headers: { ...headers, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await raw({ method: 'POST', path: '/api/session.users', headers: { ...headers, origin: `http://localhost:${host.port}` } })).status).toBe(200);
  });

  it('answers 405 for a wrong HTTP method', async () => {
    const get = await fetch(`${host.url}api/session.users`, { headers: { 'x-paydesk-token': host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${host.url}api/progress?token=${host.token}`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${host.url}api/download?token=${host.token}&path=x`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(host.url, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('refuses a JSON body over 1 MB with 413, and a body that is not JSON with 400', async () => {
    const big = JSON.stringify({ login: 'x'.repeat(1024 * 1024) });
    const res = await fetch(`${host.url}api/session.signIn`, { method: 'POST', headers: { 'x-paydesk-token': host.token }, body: big });
    expect(res.status).toBe(413);
    expect(((await res.json()) as IpcResponse).ok).toBe(false);
    const notJson = await fetch(`${host.url}api/session.signIn`, { method: 'POST', headers: { 'x-paydesk-token': host.token }, body: '{login:' });
    expect(notJson.status).toBe(400);
    // Just under the limit is read (and refused by the schema, as data).
    const under = await call('session.signIn', { login: 'y'.repeat(1000) });
    expect(under.status).toBe(200);
    expect(errorCode(under.body)).toBe('BAD_INPUT');
  });
});

describe('the renderer files', () => {
  it('serves index.html with the token meta in <head> and the strict CSP', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    expect(head).toContain(`<meta name="paydesk-token" content="${host.token}">`);
    expect(html.match(/paydesk-token/g)).toHaveLength(1);
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
  });

  it('serves assets with their content types and the CSP', async () => {
    const js = await fetch(`${host.url}assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await js.text()).toBe('console.log("paydesk");\n');
    const css = await fetch(`${host.url}assets/app.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await fetch(`${host.url}assets/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('console.log("paydesk");\n'.length));
  });

  it('falls back to index.html (with the token) for the SPA routes, 404 for a missing asset', async () => {
    for (const route of ['recon/2026-05-09', 'balances', 'index.html']) {
      const res = await fetch(`${host.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(await res.text(), route).toContain(`content="${host.token}"`);
    }
    expect((await fetch(`${host.url}assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const tricky of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/..\\secret.txt', '/assets/%00.js']) {
      const res = await raw({ path: tricky, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.text, tricky).not.toContain('outside the renderer');
      expect([400, 404], tricky).toContain(res.status);
    }
  });
});

describe('sessions over HTTP', () => {
  it('refuses calls before sign-in, signs in as operator, refuses a reviewer-only method, answers a real call', async () => {
    const before = await call('ledger.trialBalance', {});
    expect(before).toEqual({ status: 200, body: { ok: false, error: { code: 'FORBIDDEN', message: 'sign in first / 请先登录' } } });

    // A new database gets the demo users; they sign in once an admin has given them passwords.
    const users = await ok<{ login: string; name: string; role: string }[]>('session.users');
    expect(users.map((u) => [u.login, u.role])).toEqual([['admin', 'admin'], ['operator', 'operator'], ['reviewer', 'reviewer']]);
    expect(Object.keys(users[0]!).sort()).toEqual(['hasPassword', 'login', 'name', 'role']);
    expect(await ok('session.current')).toBeNull();
    const info = await ok<{ mode: string; dbFile: string; dataDir: string; exportsDir: string; version: string }>('host.info');
    expect(info).toEqual({ mode: 'browser', dbFile: path.join(dataDir, 'paydesk.sqlite'), dataDir, exportsDir: path.join(dataDir, 'exports'), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

    const operator = await ok<{ login: string; role: string; id: number }>('session.signIn', { login: 'operator', password: passwordOf('operator') });
    expect(operator).toMatchObject({ login: 'operator', role: 'operator' });
    expect(await ok('session.current')).toEqual(operator);
    // the core tells the window what the operator may call: import yes, the reviewer's confirm no
    const methods = (operator as unknown as { methods: string[] }).methods;
    expect(methods).toContain('recon.import');
    expect(methods).not.toContain('recon.confirm');

    const confirm = await call('recon.confirm', { date: '2026-05-09' });
    expect(confirm.status).toBe(200);
    expect(confirm.body.ok).toBe(false);
    if (!confirm.body.ok) {
      expect(confirm.body.error.code).toBe('FORBIDDEN');
      expect(confirm.body.error.message).toContain('operator is operator');
    }

    const tb = await call('ledger.trialBalance', {});
    expect(tb.status).toBe(200);
    expect(tb.body).toEqual({ ok: true, result: expect.objectContaining({ balanced: true }) });
    expect(errorCode((await call('ledger.trialBalance', { date: 'yesterday' })).body)).toBe('BAD_INPUT');
    expect(errorCode((await call('ledger.nope', {})).body)).toBe('NOT_FOUND');

    expect(await ok('host.revealFile', { path: BOC_CSV })).toEqual({ revealed: false });
    expect(await ok('session.signOut')).toBeNull();
    expect(errorCode((await call('ledger.trialBalance', {})).body)).toBe('FORBIDDEN');
  });

  it('refuses a signed merchant request with a field added on the way, naming it, and books the honest one', async () => {
    await ok('session.signIn', { login: 'admin', password: passwordOf('admin') });
    await ok('merchants.create', {
      id: 'M1', name: '商户一', signKey: 'key-M1-0123456789abcdef', customer: { id: 'C-M1', name: '客户一', kind: 'company' },
      products: [{ product: 'alipay', feeRate: '0.6%', settlementCycle: 'D1', settlementDays: 1 }],
    });
    await ok('session.signIn', { login: 'operator', password: passwordOf('operator') });
    // 02:30 in Shanghai, 6,000.00: risk asks for a step-up check (R103)
    const fields = { merchantId: 'M1', merchantOrderNo: 'night-1', payerId: 'u1', method: 'alipay', amountMinor: 600_000, at: '2026-05-10 02:30:00', nonce: 'http-nonce-1', timestamp: Date.parse(NOW) / 1000 };
    const request = { ...fields, sign: signParams(fields, 'key-M1-0123456789abcdef') };
    const tampered = await call('orders.pay', { ...request, verified: true });
    expect(tampered.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', reason: 'UNSIGNED_FIELD', params: { field: 'verified' } } });
    expect(await ok('orders.pay', request)).toMatchObject({ status: 'failed', risk: { decision: 'VERIFY', rule: 'R103' } });
    expect((await call('orders.pay', request)).body).toMatchObject({ ok: false, error: { reason: 'REPLAYED_REQUEST' } });
  });

  it('keeps one database across restarts: the demo users are created once', async () => {
    await host.close();
    host = await startHttpHost({ dbFile: path.join(dataDir, 'paydesk.sqlite'), rendererDir, dataDir, port: 0, log: quiet, carryOver: false });
    const users = await ok<{ login: string }[]>('session.users');
    expect(users.map((u) => u.login)).toEqual(['admin', 'operator', 'reviewer']);
  });
});

async function upload(name: string, bytes: Buffer, token: string = host.token): Promise<{ status: number; body: IpcResponse<{ path: string }> }> {
  const res = await fetch(`${host.url}api/upload`, {
    method: 'POST',
    headers: { 'x-paydesk-token': token, 'x-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as IpcResponse<{ path: string }> };
}

/** Collect the SSE frames of /api/progress until `until` is satisfied (or time runs out). */
async function openProgress(): Promise<{ events: PayDeskProgress[]; waitFor(until: (events: PayDeskProgress[]) => boolean): Promise<void>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${host.url}api/progress?token=${host.token}`, { signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: PayDeskProgress[] = [];
  let buffer = '';
  const readOnce = async (): Promise<boolean> => {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of frame.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as PayDeskProgress);
    }
    return true;
  };
  await readOnce(); // the opening `retry:` frame: the stream is registered from here on
  return {
    events,
    async waitFor(until) {
      const deadline = Date.now() + 10_000;
      while (!until(events) && Date.now() < deadline) if (!(await readOnce())) break;
    },
    close: () => controller.abort(),
  };
}

describe('upload, import, progress and download', () => {
  it('uploads a statement, imports it through the API, and streams the import progress', async () => {
    await ok('session.signIn', { login: 'operator', password: passwordOf('operator') });
    const progress = await openProgress();
    const bytes = readFileSync(BOC_CSV);
    const up = await upload('中国银行 流水 (5月).csv', bytes);
    expect(up.status).toBe(200);
    if (!up.body.ok) throw new Error(up.body.error.message);
    const saved = up.body.result.path;
    expect(path.dirname(saved)).toBe(path.join(dataDir, 'uploads'));
    expect(path.basename(saved)).toMatch(/^[0-9a-f]{16}-中国银行 流水 \(5月\)\.csv$/);
    expect(readFileSync(saved).equals(bytes)).toBe(true);

    const imported = await ok<{ status: string; rows: number; channel: string; format: string }>('recon.import', { file: saved, channel: 'bank_b2c' });
    expect(imported).toMatchObject({ status: 'DONE', rows: 3, channel: 'bank_b2c', format: 'bank-csv' });
    await progress.waitFor((events) => events.some((e) => e.method === 'recon.import'));
    progress.close();
    expect(progress.events.filter((e) => e.method === 'recon.import')).toContainEqual({ method: 'recon.import', cancellable: true, phase: 'rows', done: 3, total: 3 });
  });

  it('refuses an upload without the token, or before sign-in, and cleans names', async () => {
    expect((await upload('a.csv', Buffer.from('x'), 'nope')).status).toBe(403);
    const before = await upload('a.csv', Buffer.from('x'));
    expect(before.status).toBe(200);
    expect(errorCode(before.body)).toBe('FORBIDDEN');
    const noName = await fetch(`${host.url}api/upload`, { method: 'POST', headers: { 'x-paydesk-token': host.token }, body: 'x' });
    expect(noName.status).toBe(200); // not signed in is checked first
    await ok('session.signIn', { login: 'operator', password: passwordOf('operator') });
    const unnamed = await fetch(`${host.url}api/upload`, { method: 'POST', headers: { 'x-paydesk-token': host.token }, body: 'x' });
    expect(unnamed.status).toBe(400);
    const climbing = await upload('../../../etc/passwd', Buffer.from('x'));
    if (!climbing.body.ok) throw new Error(climbing.body.error.message);
    expect(path.dirname(climbing.body.result.path)).toBe(path.join(dataDir, 'uploads'));
    expect(path.basename(climbing.body.result.path)).toMatch(/^[0-9a-f]{16}-passwd$/);
    expect(safeFileName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('a<b>:"c|d?*.xlsx')).toBe('a_b___c_d__.xlsx');
    expect(safeFileName('...')).toBe('upload');
  });

  it('refuses an upload over 200 MB up front, and never leaves a partial file behind', async () => {
    await ok('session.signIn', { login: 'operator', password: passwordOf('operator') });
    const declared = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/upload',
        headers: { 'x-paydesk-token': host.token, 'x-file-name': 'big.csv', 'content-length': String(201 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(declared).toBe(413);
    const uploads = path.join(dir, 'limit');
    mkdirSync(uploads);
    const tooBig = await receiveUpload(Readable.from([Buffer.alloc(6), Buffer.alloc(6)]) as unknown as IncomingMessage, uploads, 'big.csv', 10).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(UploadError);
    expect((tooBig as UploadError).status).toBe(413);
    expect(readdirSync(uploads)).toEqual([]);
    const fits = await receiveUpload(Readable.from([Buffer.alloc(10)]) as unknown as IncomingMessage, uploads, 'fits.csv', 10);
    expect(readdirSync(uploads)).toEqual([path.basename(fits)]);
    expect(readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
  });

  it('downloads a file under exports as an attachment, and refuses anything outside it', async () => {
    const exportsDir = path.join(dataDir, 'exports');
    const file = path.join(exportsDir, 'u8 凭证 2026-05-09.txt');
    writeFileSync(file, '填制凭证,V800\n');
    const url = (p: string, token = host.token) => `${host.url}api/download?path=${encodeURIComponent(p)}&token=${token}`;

    expect((await fetch(url(file))).status).toBe(403); // not signed in
    await ok('session.signIn', { login: 'operator', password: passwordOf('operator') });
    const res = await fetch(url(file));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="u8 __ 2026-05-09.txt"; filename*=UTF-8''${encodeURIComponent('u8 凭证 2026-05-09.txt')}`);
    expect(await res.text()).toBe('填制凭证,V800\n');
    expect((await fetch(url('u8 凭证 2026-05-09.txt'))).status).toBe(200); // relative to exports

    expect((await fetch(url(file, 'nope'))).status).toBe(403);
    expect((await fetch(`${host.url}api/download?path=${encodeURIComponent(file)}`)).status).toBe(403);
    symlinkSync(path.join(dataDir, 'paydesk.sqlite'), path.join(exportsDir, 'link.sqlite'));
    mkdirSync(path.join(dataDir, 'exports-evil'));
    writeFileSync(path.join(dataDir, 'exports-evil', 'x.txt'), 'x');
    for (const outside of [
      path.join(dataDir, 'paydesk.sqlite'), '../paydesk.sqlite', `${exportsDir}/../paydesk.sqlite`, path.join(dataDir, 'exports-evil', 'x.txt'),
      path.join(exportsDir, 'link.sqlite'), BOC_CSV, '/etc/passwd', exportsDir,
    ]) {
      const refused = await fetch(url(outside));
      expect(refused.status, outside).toBe(403);
      expect(refused.headers.get('content-disposition'), outside).toBeNull();
    }
    expect((await fetch(url(path.join(exportsDir, 'missing.txt')))).status).toBe(404);

    // the review template the product ships downloads too (browser mode has no file manager); nothing beside it does
    const template = reviewTemplatePath();
    const shipped = await fetch(url(template));
    expect(shipped.status).toBe(200);
    expect(Buffer.from(await shipped.arrayBuffer()).equals(readFileSync(template))).toBe(true);
    expect((await fetch(url(path.join(path.dirname(template), '..', '..', 'package.json')))).status).toBe(403);
  });
});

describe('start-up and shutdown', () => {
  it('runs the due carry-over at start and schedules the next at 01:15 Shanghai time', async () => {
    const runs = (host.books as InProcessBooks).db.all((host.books as InProcessBooks).db.q.selectFrom('bank_balance_carry_run').select('run_date'));
    expect(runs).toEqual([{ run_date: '2026-05-10' }]);
    const timer = startCarryOverTimer({ getDb: () => (host.books as InProcessBooks).db, clock: fixedClock(NOW), runNow: false });
    try {
      expect(timer.next?.toISOString()).toBe('2026-05-10T17:15:00.000Z');
      expect(timer.next).toEqual(nextCarryOverAt(new Date(NOW), 'Asia/Shanghai'));
    } finally {
      timer.stop();
    }
  });

  it('close() ends the progress streams, the server and the database', async () => {
    const progress = await openProgress();
    const db = (host.books as InProcessBooks).db;
    await host.close();
    await progress.waitFor(() => false); // returns when the stream ends
    expect(db.sqlite.open).toBe(false);
    await expect(fetch(host.url)).rejects.toThrow();
    expect(existsSync(path.join(dataDir, 'paydesk.sqlite-wal'))).toBe(false); // closed cleanly: WAL checkpointed away
    await host.close(); // a second close is harmless
  });
});

describe('where the data lives', () => {
  it('PAYDESK_DATA_DIR, else the OS user-data folder for PayDesk, as Electron names it', () => {
    expect(resolveDataDir({ PAYDESK_DATA_DIR: '/srv/pd' }, 'linux', '/home/a')).toBe(path.resolve('/srv/pd'));
    expect(resolveDataDir({}, 'linux', '/home/a')).toBe(path.resolve('/home/a/.config/PayDesk'));
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/home/a/cfg' }, 'linux', '/home/a')).toBe(path.resolve('/home/a/cfg/PayDesk'));
    expect(resolveDataDir({}, 'darwin', '/Users/a')).toBe(path.resolve('/Users/a/Library/Application Support/PayDesk'));
    expect(appDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming');
    expect(resolveDbFile('/srv/pd', {})).toBe(path.resolve('/srv/pd/paydesk.sqlite'));
    expect(resolveDbFile('/srv/pd', { PAYDESK_DB: '/books/x.sqlite' })).toBe(path.resolve('/books/x.sqlite'));
  });

  it('a new desktop database is initialised as `paydesk init` does, with the demo users audited', async () => {
    const file = path.join(dir, 'fresh.sqlite');
    const db = openDesktopDatabase(file);
    try {
      expect(db.all(db.q.selectFrom('app_user').select(['login', 'role']).orderBy('id'))).toEqual([
        { login: 'admin', role: 'admin' }, { login: 'operator', role: 'operator' }, { login: 'reviewer', role: 'reviewer' },
      ]);
      expect(db.first(db.q.selectFrom('subject').select('code').limit(1))).toBeDefined();
      const audit = db.all(db.q.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'user.create'));
      expect(audit).toEqual([{ action: 'user.create', entity_id: 'operator' }, { action: 'user.create', entity_id: 'reviewer' }]);
    } finally {
      // its background checkpoint thread too: left running, it could write the WAL while the folder is removed
      await closeHandle(db);
    }
    // An existing database whose users were changed is left as it is.
    const existing = openDatabase(file);
    existing.run(existing.q.updateTable('app_user').set({ active: 0 }).where('login', '=', 'operator'));
    existing.close();
    const again = openDesktopDatabase(file);
    try {
      expect(again.all(again.q.selectFrom('app_user').select('login').where('active', '=', 1).orderBy('id'))).toEqual([{ login: 'admin' }, { login: 'reviewer' }]);
    } finally {
      await closeHandle(again);
    }
  });
});
