import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents, Session } from 'electron';
import { fixedClock } from '../core/clock.js';
import { openDatabase, type Db } from '../core/db/index.js';
import { TransportSession, type TransportSessionOptions } from '../core/host/transport-session.js';
import { initDatabase } from '../core/system/init.js';
import { methodsFor } from '../core/api/index.js';
import { createUser, findUser } from '../core/users/users.js';
import { bindApi, CALL_CHANNEL, PROGRESS_CHANNEL, type IpcCallEvent, type IpcMainLike, type IpcResponse, type PayDeskBridge } from './ipc.js';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAppUrl, withContentSecurityPolicy, type AppOrigin } from './security.js';
import { passwordOf, withPassword } from '../core/testing/credentials.js';

// The preload imports 'electron'; no Electron binary exists here, so the module is replaced.
const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
  getPathForFile: vi.fn(),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
  webUtils: { getPathForFile: electron.getPathForFile },
}));

const RENDERER_DIR = path.resolve('/opt/PayDesk/resources/app.asar/renderer/dist');
const ORIGIN: AppOrigin = { rendererDir: RENDERER_DIR };
const APP_URL = pathToFileURL(path.join(RENDERER_DIR, 'index.html')).href + '#/ledger';
const NOW = '2025-03-14T02:00:00.000Z';

type Handler = (event: IpcCallEvent, ...args: unknown[]) => unknown;

/** A hand-made ipcMain: it only remembers what was registered. */
function fakeIpcMain(): IpcMainLike & { handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
}

const from = (url: string | null): IpcCallEvent => ({ senderFrame: url === null ? null : { url } });

let db: Db;
let dir: string;

beforeEach(async () => {
  db = openDatabase(':memory:');
  initDatabase(db, new Date().toISOString());
  await withPassword(db, findUser(db, 'admin')!);
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-ipc-'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function bind(options: Partial<AppOrigin> = {}, sessionOptions: Partial<TransportSessionOptions> = {}) {
  const ipcMain = fakeIpcMain();
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const session = new TransportSession({ mode: 'electron', db, dataDir: dir, version: '9.9.9', clock: fixedClock(NOW), log, ...sessionOptions });
  const sessionCall = vi.spyOn(session, 'call');
  const unbind = bindApi(ipcMain, session, { ...ORIGIN, ...options, log });
  const handler = ipcMain.handlers.get(CALL_CHANNEL);
  if (!handler) throw new Error('bindApi registered no handler');
  const call = (event: IpcCallEvent, method: unknown, input?: unknown) => handler(event, method, input) as Promise<IpcResponse>;
  const app = (method: unknown, input?: unknown) => call(from(APP_URL), method, input);
  return { ipcMain, session, sessionCall, log, unbind, call, app };
}

const codeOf = (response: IpcResponse): string | undefined => (response.ok ? undefined : response.error.code);

describe('bindApi', () => {
  it('registers exactly one handler, on paydesk:call, and unbinds it', () => {
    const { ipcMain, unbind } = bind();
    expect([...ipcMain.handlers.keys()]).toEqual(['paydesk:call']);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('refuses every API method before sign-in, and answers the sign-in methods', async () => {
    const { app } = bind();
    expect(await app('ledger.trialBalance', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'sign in first / 请先登录' } });
    expect(await app('host.revealFile', { path: dir })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const users = await app('session.users');
    expect(users).toEqual({ ok: true, result: [{ login: 'admin', name: expect.any(String), role: 'admin', hasPassword: true }] });
    expect(await app('session.current')).toEqual({ ok: true, result: null });
    const info = await app('host.info');
    expect(info).toEqual({ ok: true, result: { mode: 'electron', dbFile: ':memory:', dataDir: dir, exportsDir: path.join(dir, 'exports'), version: '9.9.9' } });
  });

  it('signs in, answers the core as that user, and signs out (both audited)', async () => {
    const { app } = bind();
    const signedIn = await app('session.signIn', { login: 'admin', password: passwordOf('admin') });
    // the user, and the methods the core lets that role call (the window shows only those actions)
    const admin = { ...findUser(db, 'admin')!, methods: methodsFor('admin') };
    expect(signedIn).toEqual({ ok: true, result: admin });
    expect(await app('session.current')).toEqual({ ok: true, result: admin });
    expect(admin.methods).toContain('users.create');
    const response = await app('ledger.trialBalance', {});
    expect(response.ok).toBe(true);
    if (response.ok) expect((response.result as { balanced: boolean }).balanced).toBe(true);
    const info = await app('system.info');
    expect(info.ok && (info.result as { user: { login: string } }).user.login).toBe('admin');
    expect(await app('session.signOut')).toEqual({ ok: true, result: null });
    expect(codeOf(await app('ledger.trialBalance', {}))).toBe('FORBIDDEN');
    const audit = db.all(db.q.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'like', 'session.%').orderBy('id'));
    expect(audit).toEqual([{ action: 'session.signIn', entity_id: 'admin' }, { action: 'session.signOut', entity_id: 'admin' }]);
  });

  it('refuses to sign in an unknown or inactive user, and bad sign-in input', async () => {
    createUser(db, { login: 'gone', name: 'Gone', role: 'operator' }, NOW);
    db.run(db.q.updateTable('app_user').set({ active: 0 }).where('login', '=', 'gone'));
    const { app } = bind();
    // the same words for an unknown login as for a wrong password: nothing that helps a guesser
    const unknown = await app('session.signIn', { login: 'mallory', password: passwordOf('mallory') });
    expect(unknown).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'wrong login or password / 用户名或密码错误', reason: 'SIGN_IN_REFUSED' } });
    expect(await app('session.signIn', { login: 'gone', password: passwordOf('gone') })).toEqual(unknown);
    expect(await app('session.signIn', { login: 'admin', password: 'wrong-password' })).toEqual(unknown);
    expect(codeOf(await app('session.signIn', { login: 'admin' }))).toBe('BAD_INPUT');
    expect(codeOf(await app('session.signIn', {}))).toBe('BAD_INPUT');
    expect(await app('session.current')).toEqual({ ok: true, result: null });
  });

  it('a user deactivated while signed in is signed out at the next call', async () => {
    await withPassword(db, createUser(db, { login: 'op2', name: 'Op Two', role: 'operator' }, NOW));
    const onUserChange = vi.fn();
    const { app } = bind({}, { onUserChange });
    expect((await app('session.signIn', { login: 'op2', password: passwordOf('op2') })).ok).toBe(true);
    expect(onUserChange).toHaveBeenLastCalledWith(expect.objectContaining({ login: 'op2' }));
    db.run(db.q.updateTable('app_user').set({ active: 0 }).where('login', '=', 'op2'));
    expect(codeOf(await app('ledger.trialBalance', {}))).toBe('FORBIDDEN');
    expect(onUserChange).toHaveBeenLastCalledWith(null);
  });

  it('refuses a foreign origin without reaching the session', async () => {
    const { call, sessionCall, log } = bind();
    const response = await call(from('https://evil.example'), 'session.signIn', { login: 'admin', password: passwordOf('admin') });
    expect(response).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(sessionCall).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('https://evil.example'));
  });

  it.each([
    ['a destroyed frame', null],
    ['a file outside the renderer', pathToFileURL('/etc/passwd').href],
    ['a sibling directory sharing the prefix', pathToFileURL(`${RENDERER_DIR}-evil/index.html`).href],
    ['a path climbing out', `${pathToFileURL(RENDERER_DIR).href}/../../../../etc/passwd`],
    ['an encoded slash', `${pathToFileURL(RENDERER_DIR).href}/..%2F..%2Fsecret.html`],
    ['a UNC file URL', 'file://server/share/renderer/dist/index.html'],
    ['a dev-server URL when none is configured', 'http://localhost:5173/'],
    ['about:blank', 'about:blank'],
  ])('refuses %s', async (_what, url) => {
    const { call, sessionCall } = bind();
    const response = await call(from(url), 'session.users', {});
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(sessionCall).not.toHaveBeenCalled();
  });

  it('accepts the configured dev server origin, and only that origin', async () => {
    const { call } = bind({ devServerUrl: 'http://localhost:5173/' });
    expect((await call(from('http://localhost:5173/#/ledger'), 'session.users', {})).ok).toBe(true);
    expect(codeOf(await call(from('http://localhost:5174/'), 'session.users', {}))).toBe('FORBIDDEN');
  });

  it('gives NOT_FOUND for an unknown method and BAD_INPUT for a method that is not a string, signed in or not', async () => {
    const { app } = bind();
    for (let pass = 0; pass < 2; pass++) {
      expect(await app('ledger.dropAllTables', {})).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'unknown method "ledger.dropAllTables"' } });
      expect(codeOf(await app('constructor', {}))).toBe('NOT_FOUND');
      expect(codeOf(await app('session.hijack', {}))).toBe('NOT_FOUND');
      expect(codeOf(await app({ toString: () => 'ledger.trialBalance' }, {}))).toBe('BAD_INPUT');
      await app('session.signIn', { login: 'admin', password: passwordOf('admin') });
    }
  });

  it('gives BAD_INPUT for input the method schema refuses', async () => {
    const { app } = bind();
    await app('session.signIn', { login: 'admin', password: passwordOf('admin') });
    const response = await app('ledger.trialBalance', { date: 'yesterday' });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('BAD_INPUT');
    expect(response.error.message).toContain('date');
    expect(Object.keys(response.error).sort()).toEqual(['code', 'message']);
  });

  it('gives FORBIDDEN when the signed-in role may not call the method', async () => {
    await withPassword(db, createUser(db, { login: 'op1', name: 'Operator One', role: 'operator' }, NOW));
    const { app } = bind();
    expect((await app('session.signIn', { login: 'op1', password: passwordOf('op1') })).ok).toBe(true);
    const response = await app('day.close', { date: '2025-03-14' });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('FORBIDDEN');
    expect(response.error.message).toContain('op1 is operator');
    expect(db.all(db.q.selectFrom('accounting_day').select('date').where('status', '=', 'closed'))).toEqual([]);
  });

  it('turns an unexpected error into INTERNAL data instead of a rejection, and logs it', async () => {
    const { app, log } = bind();
    await app('session.signIn', { login: 'admin', password: passwordOf('admin') });
    db.close(); // every query now throws better-sqlite3's own TypeError
    const response = await app('ledger.trialBalance', {});
    expect(response).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/not open/) } });
    expect(log.error).toHaveBeenCalledWith(expect.stringMatching(/not open/));
  });

  it('host.revealFile shows an existing file through the host, and refuses a missing one', async () => {
    const revealFile = vi.fn(() => true);
    const { app } = bind({}, { revealFile });
    await app('session.signIn', { login: 'admin', password: passwordOf('admin') });
    const file = path.join(dir, 'u8.txt');
    writeFileSync(file, 'x');
    expect(await app('host.revealFile', { path: file })).toEqual({ ok: true, result: { revealed: true } });
    expect(revealFile).toHaveBeenCalledExactlyOnceWith(file);
    expect(codeOf(await app('host.revealFile', { path: path.join(dir, 'missing.txt') }))).toBe('NOT_FOUND');
    expect(codeOf(await app('host.revealFile', {}))).toBe('BAD_INPUT');
    expect(revealFile).toHaveBeenCalledTimes(1);
  });

  it('host.revealFile without a host to show files answers {revealed:false}', async () => {
    const { app } = bind();
    await app('session.signIn', { login: 'admin', password: passwordOf('admin') });
    expect(await app('host.revealFile', { path: path.join(dir, 'anything.txt') })).toEqual({ ok: true, result: { revealed: false } });
  });
});

describe('preload', () => {
  let bridge: PayDeskBridge;

  beforeAll(async () => {
    await import('./preload.js');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    bridge = electron.exposeInMainWorld.mock.calls[0]![1] as PayDeskBridge;
  });

  beforeEach(() => {
    electron.invoke.mockReset();
    electron.on.mockReset();
    electron.removeListener.mockReset();
    electron.getPathForFile.mockReset();
  });

  it('exposes exactly window.paydesk with exactly invoke, call, onProgress, upload and downloadUrl', () => {
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.exposeInMainWorld.mock.calls[0]![0]).toBe('paydesk');
    expect(Object.keys(bridge).sort()).toEqual(['call', 'downloadUrl', 'invoke', 'onProgress', 'upload']);
    for (const key of ['invoke', 'call', 'onProgress', 'upload', 'downloadUrl'] as const) expect(typeof bridge[key]).toBe('function');
  });

  it('invoke hands the page the error as data: code, reason, params and location, never a rejection', async () => {
    const error = { code: 'CONFLICT', message: 'a.csv was already imported as batch 3', reason: 'ALREADY_IMPORTED', params: { file: 'a.csv', batchId: 3, importedOn: '2026-12-01' } };
    electron.invoke.mockResolvedValue({ ok: false, error });
    await expect(bridge.invoke('recon.import', { file: '/x/a.csv' })).resolves.toEqual({ ok: false, error });
    electron.invoke.mockRejectedValue(new Error("No handler registered for 'paydesk:call'"));
    await expect(bridge.invoke('system.info')).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: "No handler registered for 'paydesk:call'" } });
    electron.invoke.mockResolvedValue('surprise');
    await expect(bridge.invoke('system.info')).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('forwards call to ipcRenderer.invoke and unwraps the result', async () => {
    electron.invoke.mockResolvedValue({ ok: true, result: { balanced: true } });
    await expect(bridge.call('ledger.trialBalance', { date: '2025-03-14' })).resolves.toEqual({ balanced: true });
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('paydesk:call', 'ledger.trialBalance', { date: '2025-03-14' });
  });

  it('throws an Error carrying the code, also in the message (contextBridge keeps only the message)', async () => {
    electron.invoke.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'day.close needs the role reviewer or admin or trainer' } });
    const error = await bridge.call('day.close', { date: '2025-03-14' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '[FORBIDDEN] day.close needs the role reviewer or admin or trainer' });
  });

  it('turns a rejected invoke or a malformed reply into an INTERNAL error', async () => {
    electron.invoke.mockRejectedValue(new Error("No handler registered for 'paydesk:call'"));
    await expect(bridge.call('system.info')).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^\[INTERNAL\] No handler/) });
    electron.invoke.mockResolvedValue('surprise');
    await expect(bridge.call('system.info')).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('onProgress relays payloads only, and its unsubscribe removes that listener', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onProgress(listener);
    expect(electron.on).toHaveBeenCalledTimes(1);
    const [channel, relay] = electron.on.mock.calls[0]! as [string, (event: unknown, progress: unknown) => void];
    expect(channel).toBe('paydesk:progress');
    const progress = { method: 'recon.import', phase: 'parsing', done: 10, total: 100 };
    relay({ sender: 'the IPC event must not reach the page' }, progress);
    expect(listener).toHaveBeenCalledExactlyOnceWith(progress);
    unsubscribe();
    expect(electron.removeListener).toHaveBeenCalledExactlyOnceWith('paydesk:progress', relay);
    expect(() => bridge.onProgress('not a function' as never)).toThrow(TypeError);
  });

  it('upload answers the picked file’s own path (webUtils.getPathForFile), nothing is sent', async () => {
    const file = new File(['a,b\n'], 'statement.csv');
    electron.getPathForFile.mockReturnValue('/home/acc/Downloads/statement.csv');
    await expect(bridge.upload(file)).resolves.toBe('/home/acc/Downloads/statement.csv');
    expect(electron.getPathForFile).toHaveBeenCalledExactlyOnceWith(file);
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('upload refuses a file that is not on disk (getPathForFile gives "")', async () => {
    electron.getPathForFile.mockReturnValue('');
    await expect(bridge.upload(new File(['x'], 'pasted.csv'))).rejects.toMatchObject({ message: expect.stringMatching(/^\[FILE_ERROR\] pasted\.csv is not a file on disk/) });
  });

  it('downloadUrl is null under Electron (exports are shown with host.revealFile)', () => {
    expect(bridge.downloadUrl('/home/acc/.config/PayDesk/exports/u8.txt')).toBeNull();
  });

  it('uses the channels ipc.ts serves', () => {
    expect([CALL_CHANNEL, PROGRESS_CHANNEL]).toEqual(['paydesk:call', 'paydesk:progress']);
  });

  it('round-trips through bindApi to the real core, sign-in first', async () => {
    const { call } = bind();
    electron.invoke.mockImplementation((_channel: string, method: unknown, input: unknown) => call(from(APP_URL), method, input));
    await expect(bridge.call('system.info')).rejects.toThrow('[FORBIDDEN] sign in first / 请先登录');
    const users = await bridge.call('session.users');
    expect(users.map((u) => u.login)).toEqual(['admin']);
    const admin = await bridge.call('session.signIn', { login: 'admin', password: passwordOf('admin') });
    expect(admin.role).toBe('admin');
    const info = await bridge.call('system.info');
    expect(info.user.login).toBe('admin');
    const host = await bridge.call('host.info');
    expect(host.mode).toBe('electron');
    await expect(bridge.call('ledger.trialBalance', { date: 'nope' })).rejects.toThrow(/^\[BAD_INPUT\] ledger\.trialBalance: date:/);
  });
});

describe('security', () => {
  it('isAppUrl accepts pages inside the renderer directory only', () => {
    expect(isAppUrl(APP_URL, ORIGIN)).toBe(true);
    expect(isAppUrl(pathToFileURL(path.join(RENDERER_DIR, 'assets', 'app.js')).href, ORIGIN)).toBe(true);
    expect(isAppUrl(pathToFileURL(RENDERER_DIR).href, ORIGIN)).toBe(false);
    expect(isAppUrl('not a url', ORIGIN)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', { ...ORIGIN, devServerUrl: 'http://localhost:5173' })).toBe(false);
  });

  it('sets the strict CSP, replacing any the response carried', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] })).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('hardens a session: CSP on every response, every permission refused', () => {
    let onHeaders: ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: unknown) => void) => void) | undefined;
    let onRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let onCheck: (() => boolean) | undefined;
    const fake = {
      webRequest: { onHeadersReceived: (listener: typeof onHeaders) => { onHeaders = listener; } },
      setPermissionRequestHandler: (handler: typeof onRequest) => { onRequest = handler; },
      setPermissionCheckHandler: (handler: typeof onCheck) => { onCheck = handler; },
    };
    hardenSession(fake as unknown as Session, { warn: vi.fn() });
    const headersCallback = vi.fn();
    onHeaders!({ responseHeaders: {} }, headersCallback);
    expect(headersCallback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    const granted = vi.fn();
    onRequest!({}, 'media', granted);
    expect(granted).toHaveBeenCalledExactlyOnceWith(false);
    expect(onCheck!()).toBe(false);
  });

  it('hardens a webContents: window.open denied, foreign navigation and webviews blocked', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => unknown) | undefined;
    const fake = {
      setWindowOpenHandler: (handler: typeof openHandler) => { openHandler = handler; },
      on: (name: string, listener: (...args: unknown[]) => void) => { listeners.set(name, listener); },
    };
    hardenWebContents(fake as unknown as WebContents, ORIGIN, { warn: vi.fn() });
    expect(openHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });

    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate(pathToFileURL('/etc/passwd').href)).toBe(true);
    expect(navigate(APP_URL)).toBe(false);

    const attach = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(attach, {}, { src: 'https://evil.example' });
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});
