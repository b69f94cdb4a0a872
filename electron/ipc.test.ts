import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents, Session } from 'electron';
import type { Ctx } from '../core/api/index.js';
import { fixedClock } from '../core/clock.js';
import { openDatabase, type Db } from '../core/db/index.js';
import { initDatabase } from '../core/system/init.js';
import { createUser, findUser, type User } from '../core/users/users.js';
import { bindApi, CALL_CHANNEL, PROGRESS_CHANNEL, type IpcCallEvent, type IpcMainLike, type IpcResponse, type PayDeskBridge } from './ipc.js';
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAppUrl, withContentSecurityPolicy, type AppOrigin } from './security.js';

// The preload imports 'electron'; no Electron binary exists here, so the module is replaced.
const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
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
let admin: User;

beforeEach(() => {
  db = openDatabase(':memory:');
  initDatabase(db, new Date().toISOString());
  admin = findUser(db, 'admin')!;
});

afterEach(() => {
  db.close();
});

function bind(user: () => User = () => admin, options: Partial<AppOrigin> = {}) {
  const ipcMain = fakeIpcMain();
  const getCtx = vi.fn((): Ctx => ({ db, user: user(), clock: fixedClock(NOW) }));
  const log = { warn: vi.fn(), error: vi.fn() };
  const unbind = bindApi(ipcMain, getCtx, { ...ORIGIN, ...options, log });
  const handler = ipcMain.handlers.get(CALL_CHANNEL);
  if (!handler) throw new Error('bindApi registered no handler');
  const call = (event: IpcCallEvent, method: unknown, input?: unknown) => handler(event, method, input) as Promise<IpcResponse>;
  return { ipcMain, getCtx, log, unbind, call };
}

describe('bindApi', () => {
  it('registers exactly one handler, on paydesk:call, and unbinds it', () => {
    const { ipcMain, unbind } = bind();
    expect([...ipcMain.handlers.keys()]).toEqual(['paydesk:call']);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers a call from the app window with the core result', async () => {
    const { call } = bind();
    const response = await call(from(APP_URL), 'ledger.trialBalance', {});
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    const result = response.result as { balanced: boolean };
    expect(result.balanced).toBe(true);
  });

  it('refuses a foreign origin without reaching the core', async () => {
    const { call, getCtx, log } = bind();
    const response = await call(from('https://evil.example'), 'users.create', { login: 'mallory', name: 'M', role: 'admin' });
    expect(response).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(getCtx).not.toHaveBeenCalled();
    expect(findUser(db, 'mallory')).toBeUndefined();
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
    const { call, getCtx } = bind();
    const response = await call(from(url), 'ledger.trialBalance', {});
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.code).toBe('FORBIDDEN');
    expect(getCtx).not.toHaveBeenCalled();
  });

  it('accepts the configured dev server origin, and only that origin', async () => {
    const { call } = bind(undefined, { devServerUrl: 'http://localhost:5173/' });
    expect((await call(from('http://localhost:5173/#/ledger'), 'ledger.trialBalance', {})).ok).toBe(true);
    const other = await call(from('http://localhost:5174/'), 'ledger.trialBalance', {});
    expect(other.ok ? undefined : other.error.code).toBe('FORBIDDEN');
  });

  it('gives NOT_FOUND for an unknown method and BAD_INPUT for a method that is not a string', async () => {
    const { call, getCtx } = bind();
    const unknown = await call(from(APP_URL), 'ledger.dropAllTables', {});
    expect(unknown).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'unknown method "ledger.dropAllTables"' } });
    const inherited = await call(from(APP_URL), 'constructor', {});
    expect(inherited.ok ? undefined : inherited.error.code).toBe('NOT_FOUND');
    const notString = await call(from(APP_URL), { toString: () => 'ledger.trialBalance' }, {});
    expect(notString.ok ? undefined : notString.error.code).toBe('BAD_INPUT');
    expect(getCtx).not.toHaveBeenCalled();
  });

  it('gives BAD_INPUT for input the method schema refuses', async () => {
    const { call } = bind();
    const response = await call(from(APP_URL), 'ledger.trialBalance', { date: 'yesterday' });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('BAD_INPUT');
    expect(response.error.message).toContain('date');
    expect(Object.keys(response.error).sort()).toEqual(['code', 'message']);
  });

  it('gives FORBIDDEN when the signed-in role may not call the method', async () => {
    const operator = createUser(db, { login: 'op1', name: 'Operator One', role: 'operator' }, NOW);
    const { call } = bind(() => operator);
    const response = await call(from(APP_URL), 'ledger.closeDay', { date: '2025-03-14' });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('FORBIDDEN');
    expect(response.error.message).toContain('op1 is operator');
    expect(db.all(db.q.selectFrom('accounting_day').select('date').where('status', '=', 'closed'))).toEqual([]);
  });

  it('turns an unexpected error into INTERNAL data instead of a rejection, and logs it', async () => {
    const ipcMain = fakeIpcMain();
    const log = { warn: vi.fn(), error: vi.fn() };
    bindApi(ipcMain, () => { throw new TypeError('boom'); }, { ...ORIGIN, log });
    const response = await ipcMain.handlers.get(CALL_CHANNEL)!(from(APP_URL), 'ledger.trialBalance', {});
    expect(response).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('boom'));
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
  });

  it('exposes exactly window.paydesk with exactly call and onProgress', () => {
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.exposeInMainWorld.mock.calls[0]![0]).toBe('paydesk');
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onProgress']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.onProgress).toBe('function');
  });

  it('forwards call to ipcRenderer.invoke and unwraps the result', async () => {
    electron.invoke.mockResolvedValue({ ok: true, result: { balanced: true } });
    await expect(bridge.call('ledger.trialBalance', { date: '2025-03-14' })).resolves.toEqual({ balanced: true });
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('paydesk:call', 'ledger.trialBalance', { date: '2025-03-14' });
  });

  it('throws an Error carrying the code, also in the message (contextBridge keeps only the message)', async () => {
    electron.invoke.mockResolvedValue({ ok: false, error: { code: 'FORBIDDEN', message: 'ledger.closeDay needs the role reviewer or admin' } });
    const error = await bridge.call('ledger.closeDay', { date: '2025-03-14' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '[FORBIDDEN] ledger.closeDay needs the role reviewer or admin' });
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

  it('uses the channels ipc.ts serves', () => {
    expect([CALL_CHANNEL, PROGRESS_CHANNEL]).toEqual(['paydesk:call', 'paydesk:progress']);
  });

  it('round-trips through bindApi to the real core', async () => {
    const { call } = bind();
    electron.invoke.mockImplementation((_channel: string, method: unknown, input: unknown) => call(from(APP_URL), method, input));
    const info = await bridge.call('system.info');
    expect(info.user.login).toBe('admin');
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
