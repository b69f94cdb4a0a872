// electron/main.ts bundled as `npm run build:electron` bundles it, then run in a child Node process
// against a hand-made 'electron' module (no Electron binary exists here). A driver script presses
// the menu items and calls the IPC handler the way the window would, and reports what happened.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { writeWechatAllBill } from '../core/simulator/statements/wechat.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOf } from '../core/testing/credentials.js';

const FAKE_ELECTRON = String.raw`
'use strict';
const fake = globalThis.__paydeskFakeElectron;
if (!fake) throw new Error('the driver must set globalThis.__paydeskFakeElectron before importing main');
// One assignment per name, so Node's ESM import sees them as named exports (as Electron's own module has).
exports.app = fake.app;
exports.BrowserWindow = fake.BrowserWindow;
exports.dialog = fake.dialog;
exports.ipcMain = fake.ipcMain;
exports.Menu = fake.Menu;
exports.session = fake.session;
exports.shell = fake.shell;
exports.webContents = fake.webContents;
exports.utilityProcess = fake.utilityProcess;
`;

// The driver: builds the fake, imports the bundle, drives it, prints one JSON line.
const DRIVER = String.raw`
import path from 'node:path';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
const [appDir, appData, csv, backup, bigBill] = process.argv.slice(2);
const calls = { messageBoxes: [], sent: [], titles: [], shown: [], quit: 0, loaded: [] };
const handlers = new Map();
const appEvents = new Map();
let menu = null;
const on = (map) => (name, fn) => { (map.get(name) ?? map.set(name, []).get(name)).push(fn); };
const emit = (map, name, ...args) => { for (const fn of map.get(name) ?? []) fn(...args); };
const paths = { appData, documents: appData, logs: path.join(appData, 'logs'), temp: appData, home: appData, exe: appData };
const app = {
  isPackaged: false,
  name: 'paydesk',
  setName(n) { this.name = n; }, getName() { return this.name; }, getVersion: () => '0.1.0-smoke',
  getPath: (k) => paths[k] ?? path.join(appData, k), setPath: (k, v) => { paths[k] = v; },
  getAppPath: () => appDir, whenReady: () => Promise.resolve(), isReady: () => true,
  on: on(appEvents), once: on(appEvents), off: () => undefined,
  requestSingleInstanceLock: () => true,
  quit() {
    calls.quit++;
    let prevented = false;
    emit(appEvents, 'before-quit', { preventDefault: () => { prevented = true; } });
    if (!prevented) emit(appEvents, 'will-quit', { preventDefault: () => undefined });
  },
  exit: (code) => { calls.exit = code; },
};
class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.webContents = {
      send: (channel, payload) => calls.sent.push([channel, payload]),
      reload: () => { calls.reloads = (calls.reloads ?? 0) + 1; }, isDestroyed: () => false, on: () => undefined, setWindowOpenHandler: () => undefined,
    };
    emit(appEvents, 'web-contents-created', {}, this.webContents);
    BrowserWindow.last = this;
  }
  on() {} once(name, fn) { if (name === 'ready-to-show') setTimeout(fn, 0); }
  show() {} focus() {} isMinimized() { return false; } restore() {}
  setTitle(t) { calls.titles.push(t); }
  async loadFile(f) { calls.loaded.push(f); }
  async loadURL(u) { calls.loaded.push(u); }
  static getAllWindows() { return BrowserWindow.last ? [BrowserWindow.last] : []; }
}
const dialog = {
  showOpenDialog: async (w, o) => ({ canceled: false, filePaths: [(o ?? w).title === 'Open a PayDesk database' ? backup : csv] }),
  showSaveDialog: async () => ({ canceled: false, filePath: backup }),
  showMessageBox: async (w, o) => {
    const options = o ?? w;
    calls.messageBoxes.push({ title: options.title, message: options.message, detail: options.detail, buttons: options.buttons });
    const channel = options.buttons?.indexOf('bank_b2c') ?? -1;
    return { response: channel >= 0 ? channel : 0 };
  },
  showErrorBox: (t, m) => calls.messageBoxes.push({ title: t, message: m, error: true }),
};
// utilityProcess as a real child process: Electron's API (spawn / message / exit events,
// postMessage, kill) over Node's fork with structured clone.
const children = [];
const utilityProcess = {
  fork(modulePath, args, options) {
    const child = fork(modulePath, args ?? [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const proc = new EventEmitter();
    proc.options = options;
    proc.postMessage = (m) => {
      if (m.type === 'open') proc.role = m.options.reader ? 'reader' : 'writer';
      child.send(m);
    };
    proc.kill = () => child.kill('SIGKILL');
    proc.crash = () => child.kill('SIGKILL');
    child.once('spawn', () => proc.emit('spawn'));
    child.on('message', (m) => proc.emit('message', m));
    child.once('exit', (code) => proc.emit('exit', code ?? 1));
    children.push(proc);
    return proc;
  },
};
globalThis.__paydeskFakeElectron = {
  app, BrowserWindow, dialog, utilityProcess,
  ipcMain: { handle: (c, fn) => handlers.set(c, fn), removeHandler: (c) => handlers.delete(c), on: () => undefined },
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: (m) => { menu = m; } },
  session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
  shell: { openPath: async () => '', showItemInFolder: (f) => calls.shown.push(f), openExternal: async () => undefined },
  webContents: { getAllWebContents: () => [] },
};

const until = async (what, ok) => {
  for (let i = 0; i < 400; i++) { if (ok()) return; await new Promise((r) => setTimeout(r, 25)); }
  throw new Error('timed out waiting for ' + what);
};
const item = (top, label) => menu.find((m) => m.label === top).submenu.find((m) => m.label === label);
const appUrl = 'file://' + path.join(appDir, 'renderer', 'dist', 'index.html');
const call = (method, input, url = appUrl) => handlers.get('paydesk:call')({ senderFrame: { url } }, method, input);

await import(path.join(appDir, 'electron', 'dist', 'main.mjs'));
await until('the window', () => calls.loaded.length > 0 && menu !== null);
const out = { loaded: calls.loaded, channels: [...handlers.keys()].filter((c) => c.startsWith('paydesk:')) };
out.foreign = await call('session.users', undefined, 'https://evil.example/');
out.users = await call('session.users');
out.before = await call('ledger.trialBalance', {});
out.info = await call('host.info');
// the desk's first run: the admin's password, then the operator's, set as a person would
out.setUp = await call('session.setUp', { password: ${JSON.stringify(passwordOf('admin'))} });
out.setUpAgain = await call('session.setUp', { password: 'someone-else-later' });
out.operatorPassword = await call('users.setPassword', { login: 'operator', password: ${JSON.stringify(passwordOf('operator'))} });
await call('session.signOut', {});
out.wrongPassword = await call('session.signIn', { login: 'operator', password: 'not-the-password' });
out.signIn = await call('session.signIn', { login: 'operator', password: ${JSON.stringify(passwordOf('operator'))} });
out.titleAfterSignIn = calls.titles.at(-1);
out.trialBalance = await call('ledger.trialBalance', {});

item('&File', 'Import Statements…').click();
await until('the import report', () => calls.messageBoxes.some((b) => b.title === 'Import statements' && /processed/.test(b.message)));
out.importBoxes = calls.messageBoxes.filter((b) => b.title === 'Import statements');
out.progress = calls.sent.filter(([c]) => c === 'paydesk:progress').map(([, p]) => p);
out.batches = await call('recon.batches', {});
// a bill past the parse-thread size: parsed by the bundled parse-worker.js beside main
out.bigImport = await call('recon.import', { file: bigBill });

item('&File', 'Back Up Database…').click();
await until('the backup', () => calls.messageBoxes.some((b) => b.title === 'Back up database'));
out.backupExists = existsSync(backup);

// The books process dies: the window is told, a new one starts on the same file, the user stays signed in.
const writers = () => children.filter((c) => c.role === 'writer');
const writersBefore = writers().length;
writers().at(-1).crash();
await until('the restart notice', () => calls.messageBoxes.some((b) => b.title === 'The books process restarted'));
await until('the new books process', () => writers().length === writersBefore + 1);
out.restart = calls.messageBoxes.find((b) => b.title === 'The books process restarted');
out.afterRestart = await call('ledger.trialBalance', {});
out.booksProcess = { writers: writers().length, readers: children.filter((c) => c.role === 'reader').length, serviceName: children[0].options.serviceName };

item('&Help', 'About PayDesk').click();
await until('the about box', () => calls.messageBoxes.some((b) => b.title === 'About PayDesk'));
out.about = calls.messageBoxes.find((b) => b.title === 'About PayDesk');

writeFileSync(path.join(out.info.result.exportsDir, 'u8.txt'), 'x');
out.reveal = await call('host.revealFile', { path: path.join(out.info.result.exportsDir, 'u8.txt') });
out.shown = calls.shown;

// File → Open Database…: the backup is a PayDesk database; whoever was signed in is signed out.
item('&File', 'Open Database…').click();
await until('the other database', () => calls.reloads === 1);
out.afterOpen = { info: await call('host.info'), current: await call('session.current'), title: calls.titles.at(-1) };

app.quit();
await until('the quit', () => calls.quit >= 2);
out.walLeft = [existsSync(out.info.result.dbFile + '-wal'), existsSync(backup + '-wal')];
out.errors = calls.messageBoxes.filter((b) => b.error);
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
`;

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-main-'));
  const appDir = path.join(dir, 'app');
  mkdirSync(path.join(appDir, 'renderer', 'dist'), { recursive: true });
  writeFileSync(path.join(appDir, 'renderer', 'dist', 'index.html'), '<!doctype html><title>PayDesk</title>');
  mkdirSync(path.join(appDir, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(path.join(appDir, 'node_modules', 'electron', 'package.json'), '{"name":"electron","main":"index.js"}');
  writeFileSync(path.join(appDir, 'node_modules', 'electron', 'index.js'), FAKE_ELECTRON);
  symlinkSync(path.resolve('node_modules', 'better-sqlite3'), path.join(appDir, 'node_modules', 'better-sqlite3'), 'dir');
  writeFileSync(path.join(appDir, 'driver.mjs'), DRIVER);
  // The same options as package.json's build:electron. The app's package.json says "type": "module", so
  // its .js bundles are ES modules; here the main bundle is .mjs and the folder says so for the worker.
  const banner = { js: "import { createRequire as __paydeskCreateRequire } from 'node:module'; const require = __paydeskCreateRequire(import.meta.url);" };
  await build({
    entryPoints: [path.resolve('electron/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm',
    external: ['electron', 'better-sqlite3'], outfile: path.join(appDir, 'electron', 'dist', 'main.mjs'), logLevel: 'error', banner,
  });
  await build({
    entryPoints: [path.resolve('core/recon/parse-worker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm',
    external: ['better-sqlite3'], outfile: path.join(appDir, 'electron', 'dist', 'parse-worker.js'), logLevel: 'error', banner,
  });
  await build({
    entryPoints: [path.resolve('core/host/books-process.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm',
    external: ['better-sqlite3'], outfile: path.join(appDir, 'electron', 'dist', 'books.js'), logLevel: 'error', banner,
  });
  writeFileSync(path.join(appDir, 'electron', 'dist', 'package.json'), '{"type":"module"}');
  // 45,000 lines, about 10 MB: above the size from which a file is parsed on the parse thread
  await writeWechatAllBill(path.join(dir, 'wechat_big.csv'), { appId: 'wx00000000000000', mchId: '1601959334', feeRatePercent: '0.38%' }, (function* () {
    for (let i = 0; i < 45_000; i++) {
      const no = `P${String(i).padStart(12, '0')}`;
      yield { channelTradeNo: `4200${no.slice(1)}`, merchantOrderNo: no, kind: 'pay' as const, refundNo: null, createdAt: '2026-11-22 10:00:00', finishedAt: '2026-11-22 10:00:00',
        amountMinor: 1000 + i, feeMinor: 4, productName: '商品', payerAccount: 'o***x', balanceAfterMinor: 0 };
    }
  })());
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function runDriver(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const appDir = path.join(dir, 'app');
  const env = { ...process.env };
  delete env['PAYDESK_DATA_DIR'];
  delete env['PAYDESK_DB'];
  delete env['PAYDESK_DEV_URL'];
  const child = spawn(process.execPath, [path.join(appDir, 'driver.mjs'), appDir, path.join(dir, 'appdata'),
    path.resolve('fixtures/statements/cn/boc-signed-amount-utf8bom.csv'), path.join(dir, 'backup.sqlite'), path.join(dir, 'wechat_big.csv')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('electron/main.ts against a fake electron module', () => {
  it('opens the database in <appData>/PayDesk, binds sign-in and the API, imports from the menu with progress, backs up, shows About, quits cleanly', async () => {
    const { code, stdout, stderr } = await runDriver();
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const dataDir = path.join(dir, 'appdata', 'PayDesk');
    const dbFile = path.join(dataDir, 'paydesk.sqlite');

    expect(out.loaded).toEqual([path.join(dir, 'app', 'renderer', 'dist', 'index.html')]);
    expect(out.channels).toEqual(['paydesk:call']);
    expect(out.foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(out.users.result.map((u: { login: string }) => u.login)).toEqual(['admin', 'operator', 'reviewer']);
    expect(out.before).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'sign in first / 请先登录' } });
    expect(out.info).toEqual({ ok: true, result: { mode: 'electron', dbFile, dataDir, exportsDir: path.join(dataDir, 'exports'), version: '0.1.0-smoke' } });
    expect(out.setUp).toMatchObject({ ok: true, result: { login: 'admin', role: 'admin' } });
    expect(out.setUpAgain).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(out.operatorPassword).toMatchObject({ ok: true });
    expect(out.wrongPassword).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', reason: 'SIGN_IN_REFUSED' } });
    expect(out.signIn).toMatchObject({ ok: true, result: { login: 'operator', role: 'operator' } });
    expect(out.titleAfterSignIn).toBe('PayDesk — paydesk.sqlite (operator)');
    expect(out.trialBalance).toMatchObject({ ok: true, result: { balanced: true } });

    // File → Import Statements…: asked for the channel (a bank CSV does not name it), imported as the operator.
    expect(out.importBoxes[0].buttons).toContain('bank_b2c');
    expect(out.importBoxes.at(-1).detail).toMatch(/batch 1 DONE — bank-csv for bank_b2c, 3 rows/);
    expect(out.progress).toContainEqual({ method: 'recon.import', cancellable: true, phase: 'rows', done: 3, total: 3 });
    expect(out.batches.result[0]).toMatchObject({ status: 'DONE', channel_code: 'bank_b2c', created_by: out.signIn.result.id });
    expect(out.bigImport).toMatchObject({ ok: true, result: { status: 'DONE', format: 'wechat-all', channel: 'wechat', rows: 45_000, errorCount: 0 } });

    // the books ran in their own (utility) process; it died once and was started again on the same file
    expect(out.booksProcess).toMatchObject({ writers: 2, readers: 1, serviceName: 'PayDesk books' });
    expect(out.restart.detail).toMatch(/the books process stopped .* started again on .*paydesk\.sqlite/);
    expect(out.afterRestart).toMatchObject({ ok: true, result: { balanced: true } });
    expect(out.backupExists).toBe(true);
    expect(out.about.detail).toContain(`Database: ${dbFile}`);
    expect(out.about.detail).toContain('Signed in as: operator (operator)');
    expect(out.reveal).toEqual({ ok: true, result: { revealed: true } });
    expect(out.shown).toEqual([path.join(dataDir, 'exports', 'u8.txt')]);
    expect(out.afterOpen.info.result.dbFile).toBe(path.join(dir, 'backup.sqlite'));
    expect(out.afterOpen.current).toEqual({ ok: true, result: null });
    expect(out.afterOpen.title).toBe('PayDesk — backup.sqlite');
    expect(out.walLeft).toEqual([false, false]); // both databases closed, not abandoned
    expect(out.errors).toEqual([]);
    expect(existsSync(path.join(dataDir, 'logs', 'main.log'))).toBe(true);
  });
});
