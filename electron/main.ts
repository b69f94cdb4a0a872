// The Electron main process: one window, the application menu, electron-log, and core/api bound
// to one ipcMain handler. Bundled by esbuild to electron/dist/main.js (see package.json).
//
// The core runs on this process for now. better-sqlite3 is synchronous, so a long import or match
// will block the window's event loop; the plan (DESIGN.md "Storage") is to move the core into an
// Electron utilityProcess: this file then only forwards 'paydesk:call' over a MessagePort and
// relays the core's progress events to the renderer on 'paydesk:progress'.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import log from 'electron-log/main';
import type { Ctx } from '../core/api/index.js';
import { systemClock } from '../core/clock.js';
import { openDatabase } from '../core/db/index.js';
import { initDatabase } from '../core/system/init.js';
import { findUser } from '../core/users/users.js';
import { bindApi } from './ipc.js';
import { hardenApp, hardenSession, type AppOrigin } from './security.js';

const PRODUCT_NAME = 'PayDesk';
const DB_FILE_NAME = 'paydesk.sqlite';
/** The login the shell acts as until the renderer has a sign-in screen (see openLedger). */
const SHELL_LOGIN = 'admin';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Same data directory in development and when packaged (otherwise 'paydesk' vs 'PayDesk').
app.setName(PRODUCT_NAME);
app.setPath('userData', path.join(app.getPath('appData'), PRODUCT_NAME));

// Main-process logging only. log.initialize() is deliberately not called: it would add
// electron-log's own preload, and the page must see nothing but window.paydesk.
log.transports.file.resolvePathFn = () => path.join(app.getPath('userData'), 'logs', 'main.log');
log.transports.file.level = 'info';
log.errorHandler.startCatching();
const logFile = (): string => log.transports.file.getFile().path;

let ctx: Ctx | null = null;
let mainWindow: BrowserWindow | null = null;
let backupRunning = false;

/**
 * Open (creating if new) a database, bring it up to date and seed it, and sign in.
 *
 * TODO(desktop-app issue): renderer sign-in. Until the renderer has a sign-in screen, the shell
 * acts as the database's real 'admin' user: every call is checked against the admin role and
 * audited under the admin's id. The window title and Help → About say so.
 */
function openLedger(file: string): Ctx {
  const db = openDatabase(file);
  try {
    initDatabase(db, systemClock.now().toISOString());
    const user = findUser(db, SHELL_LOGIN);
    if (!user) throw new Error(`${file} has no active "${SHELL_LOGIN}" user, and PayDesk has no sign-in screen yet`);
    return { db, user, clock: systemClock };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Refuse to migrate a file that is not a PayDesk database (opening one runs the migrations). */
function assertPayDeskDatabase(file: string): void {
  const probe = openDatabase(file, { mustExist: true, readonly: true });
  try {
    const tables = probe.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migration', 'app_user')")
      .all() as { name: string }[];
    if (tables.length !== 2) throw new Error(`${file} is not a PayDesk database`);
  } finally {
    probe.close();
  }
}

function requireCtx(): Ctx {
  if (!ctx) throw new Error('no database is open');
  return ctx;
}

/** PAYDESK_DEV_URL: the renderer's dev server. Honoured only when unpackaged, and only on this machine. */
function devServerUrl(): string | undefined {
  const raw = process.env['PAYDESK_DEV_URL'];
  if (!raw) return undefined;
  if (app.isPackaged) {
    log.warn('PAYDESK_DEV_URL is ignored in a packaged app');
    return undefined;
  }
  const url = new URL(raw);
  if (url.protocol !== 'http:' || !LOCAL_HOSTS.has(url.hostname)) {
    throw new Error(`PAYDESK_DEV_URL must be an http:// URL on localhost, got ${raw}`);
  }
  return url.href;
}

function windowTitle(): string {
  return ctx ? `${PRODUCT_NAME} — ${path.basename(ctx.db.file)} (${ctx.user.login})` : PRODUCT_NAME;
}

async function createWindow(origin: AppOrigin): Promise<void> {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: windowTitle(),
    webPreferences: {
      preload: path.join(app.getAppPath(), 'electron', 'dist', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    },
  });
  mainWindow = win;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.on('page-title-updated', (event) => event.preventDefault()); // the title names the open database
  win.once('ready-to-show', () => win.show());

  if (origin.devServerUrl) {
    log.info(`renderer: ${origin.devServerUrl}`);
    await win.loadURL(origin.devServerUrl);
    return;
  }
  const index = path.join(origin.rendererDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`the renderer is not built: ${index} is missing (build the renderer, or set PAYDESK_DEV_URL to its dev server)`);
  }
  log.info(`renderer: ${index}`);
  await win.loadFile(index);
}

async function showError(title: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  log.error(`${title}: ${error instanceof Error ? (error.stack ?? message) : message}`);
  const options = { type: 'error' as const, title, message: title, detail: message };
  await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

async function showInfo(title: string, message: string, detail: string): Promise<void> {
  const options = { type: 'info' as const, title, message, detail };
  await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

const SQLITE_FILTERS = [
  { name: 'PayDesk database', extensions: ['sqlite', 'db'] },
  { name: 'All files', extensions: ['*'] },
];

async function openDatabaseFromMenu(): Promise<void> {
  if (backupRunning) return showInfo('Open database', 'A backup is running.', 'Open another database when it has finished.');
  const options = { title: 'Open a PayDesk database', properties: ['openFile' as const], filters: SQLITE_FILTERS };
  const picked = await (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  if (ctx && path.resolve(file) === path.resolve(ctx.db.file)) return;
  let next: Ctx;
  try {
    assertPayDeskDatabase(file);
    next = openLedger(file);
  } catch (error) {
    return showError('Cannot open the database', error);
  }
  // A call already queued on the previous database fails with "database connection is not open"
  // and is reported to the renderer as INTERNAL; the reload below drops the page's state anyway.
  const previous = ctx;
  ctx = next;
  previous?.db.close();
  log.info(`database: ${next.db.file} (signed in as ${next.user.login})`);
  if (mainWindow) {
    mainWindow.setTitle(windowTitle());
    mainWindow.webContents.reload(); // everything on screen belonged to the previous database
  }
}

function timestamp(at: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}`;
}

async function backUpDatabase(): Promise<void> {
  if (backupRunning) return;
  const current = requireCtx();
  const options = {
    title: 'Back up the PayDesk database',
    defaultPath: path.join(app.getPath('documents'), `paydesk-backup-${timestamp(new Date())}.sqlite`),
    filters: SQLITE_FILTERS,
  };
  const picked = await (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options));
  if (picked.canceled || !picked.filePath) return;
  const target = picked.filePath;
  if (path.resolve(target) === path.resolve(current.db.file)) {
    return showError('Back up database', new Error('choose a file other than the open database'));
  }
  backupRunning = true;
  try {
    // SQLite's online backup: a consistent copy while the database stays open.
    const { totalPages } = await current.db.sqlite.backup(target);
    log.info(`backup: ${current.db.file} → ${target} (${totalPages} pages)`);
    await showInfo('Back up database', 'The database was backed up.', `${current.db.file}\n→ ${target}`);
  } catch (error) {
    await showError('The backup failed', error);
  } finally {
    backupRunning = false;
  }
}

async function openLogsFolder(): Promise<void> {
  const folder = path.dirname(logFile());
  const failure = await shell.openPath(folder);
  if (failure) await showError('Cannot open the logs folder', new Error(`${folder}: ${failure}`));
}

async function showAbout(): Promise<void> {
  const detail = [
    `Version ${app.getVersion()}`,
    `Database: ${ctx?.db.file ?? '(none open)'}`,
    `Signed in as: ${ctx ? `${ctx.user.login} (${ctx.user.role})` : '—'} — there is no sign-in screen yet`,
    `Log file: ${logFile()}`,
    `Electron ${process.versions['electron'] ?? '?'}, Node ${process.versions.node}, Chromium ${process.versions['chrome'] ?? '?'}`,
  ].join('\n');
  await showInfo(`About ${PRODUCT_NAME}`, `${PRODUCT_NAME} ${app.getVersion()}`, detail);
}

/** Menu actions are async; their failures are shown, never left as unhandled rejections. */
function action(title: string, run: () => Promise<void>): () => void {
  return () => {
    run().catch((error: unknown) => showError(title, error));
  };
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Database…', accelerator: 'CmdOrCtrl+O', click: action('Open database', openDatabaseFromMenu) },
        { label: 'Back Up Database…', click: action('Back up database', backUpDatabase) },
        { type: 'separator' },
        {
          label: 'Import Statement…',
          accelerator: 'CmdOrCtrl+I',
          click: action('Import statement', () =>
            showInfo('Import statement', 'Statement import is not available yet.', 'The import screen arrives with the reconciliation issue.')),
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' }, // copy and paste in text fields (macOS needs the menu for the shortcuts)
    app.isPackaged
      ? { label: '&View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] }
      : { role: 'viewMenu' }, // with reload and developer tools while developing
    ...(isMac ? [{ role: 'windowMenu' as const }] : []),
    {
      label: '&Help',
      submenu: [
        { label: 'Open Logs Folder', click: action('Open logs folder', openLogsFolder) },
        { type: 'separator' },
        { label: `About ${PRODUCT_NAME}`, click: action('About', showAbout) },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

async function start(): Promise<void> {
  const origin: AppOrigin = {
    rendererDir: path.join(app.getAppPath(), 'renderer', 'dist'),
    devServerUrl: devServerUrl(),
  };
  hardenApp(app, origin, log); // before any webContents exists
  await app.whenReady();
  hardenSession(session.defaultSession, log);

  const file = path.join(app.getPath('userData'), DB_FILE_NAME);
  mkdirSync(path.dirname(file), { recursive: true });
  ctx = openLedger(file);
  log.info(`${PRODUCT_NAME} ${app.getVersion()} — database ${file} (signed in as ${ctx.user.login}) — log ${logFile()}`);

  bindApi(ipcMain, requireCtx, { ...origin, log });
  Menu.setApplicationMenu(buildMenu());
  await createWindow(origin);

  app.on('activate', () => {
    if (!mainWindow) createWindow(origin).catch((error: unknown) => showError('Cannot open the window', error));
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another PayDesk is running on this machine: it owns the database file; it is focused instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    ctx?.db.close();
    ctx = null;
  });
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`startup failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    dialog.showErrorBox(`${PRODUCT_NAME} cannot start`, `${message}\n\nLog file: ${logFile()}`);
    app.exit(1);
  });
}
