// The Electron main process: one window, the application menu, electron-log, and one ipcMain
// handler. The books — the database and the API registry — run in their own utilityProcess
// (electron/books-child.ts, core/host/books-process.ts); this process only relays 'paydesk:call'
// to it and its progress to the renderer on 'paydesk:progress' (core/host/books-relay.ts, the same
// relay browser mode uses), so a long import or match never freezes the window
// (docs/architecture.md#the-books-process). Bundled by esbuild to electron/dist/main.js.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session as electronSession, shell, type MenuItemConstructorOptions } from 'electron';
import log from 'electron-log/main';
import type { MethodOutput } from '../core/api/index.js';
import { goMenu } from './go-menu.js';
import { CHANNEL_CODES } from '../core/channels/types.js';
import { openDatabase } from '../core/db/index.js';
import { BooksRelay } from '../core/host/books-relay.js';
import { DB_FILE_NAME, PRODUCT_NAME, resolveDbFile } from '../core/host/data-dir.js';
import type { IpcResponse, SignedInUser, TransportLog } from '../core/host/wire.js';
import { utilityBooks } from './books-child.js';
import { bindApi, PROGRESS_CHANNEL } from './ipc.js';
import { hardenApp, hardenSession, type AppOrigin } from './security.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const QUIT_WAIT_MS = 10_000;

// Same data folder in development and when packaged (otherwise 'paydesk' vs 'PayDesk'), and the
// same one browser mode uses (core/host/transport-session.ts resolveDataDir): PAYDESK_DATA_DIR, or
// <appData>/PayDesk.
app.setName(PRODUCT_NAME);
const dataDir = path.resolve(process.env['PAYDESK_DATA_DIR'] || path.join(app.getPath('appData'), PRODUCT_NAME));
app.setPath('userData', dataDir);

// Main-process logging only. log.initialize() is deliberately not called: it would add
// electron-log's own preload, and the page must see nothing but window.paydesk.
log.transports.file.resolvePathFn = () => path.join(app.getPath('userData'), 'logs', 'main.log');
log.transports.file.level = 'info';
log.errorHandler.startCatching();
const logFile = (): string => log.transports.file.getFile().path;
const transportLog: TransportLog = {
  info: (message) => log.info(message),
  warn: (message) => log.warn(message),
  error: (message) => log.error(message),
};

let books: BooksRelay | null = null;
let mainWindow: BrowserWindow | null = null;
let busy: 'backup' | 'open' | 'import' | null = null;

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

function requireBooks(): BooksRelay {
  if (!books) throw new Error('no database is open');
  return books;
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

function windowTitle(user: SignedInUser | null = books?.user ?? null): string {
  if (!books) return PRODUCT_NAME;
  return `${PRODUCT_NAME} — ${path.basename(books.info.dbFile)}${user ? ` (${user.login})` : ''}`;
}

function sendProgress(progress: unknown): void {
  const contents = mainWindow?.webContents;
  if (contents && !contents.isDestroyed()) contents.send(PROGRESS_CHANNEL, progress);
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
    throw new Error(`the renderer is not built: ${index} is missing (npm run build:renderer, or set PAYDESK_DEV_URL to its dev server)`);
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

/** Buttons; resolves to the index of the one pressed. */
async function ask(title: string, message: string, detail: string, buttons: string[], cancelId: number): Promise<number> {
  const options = { type: 'question' as const, title, message, detail, buttons, cancelId, defaultId: cancelId, noLink: true };
  const { response } = await (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
  return response;
}

const SQLITE_FILTERS = [
  { name: 'PayDesk database', extensions: ['sqlite', 'db'] },
  { name: 'All files', extensions: ['*'] },
];

const STATEMENT_FILTERS = [
  { name: 'Statements and bills', extensions: ['csv', 'xlsx', 'xls', 'txt', 'sta', 'mt940', 'xml', 'ofx', 'qfx', 'zip'] },
  { name: 'All files', extensions: ['*'] },
];

/** One menu action at a time touches the database file (open, backup, import). */
async function exclusively(what: NonNullable<typeof busy>, title: string, run: () => Promise<void>): Promise<void> {
  if (busy) return showInfo(title, `Please wait: ${busy === 'open' ? 'a database is being opened' : `an ${busy} is running`}.`, 'Try again when it has finished.');
  busy = what;
  try {
    await run();
  } finally {
    busy = null;
  }
}

async function openDatabaseFromMenu(): Promise<void> {
  const current = requireBooks();
  const options = { title: 'Open a PayDesk database', properties: ['openFile' as const], filters: SQLITE_FILTERS };
  const picked = await (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  if (path.resolve(file) === path.resolve(current.info.dbFile)) return;
  try {
    assertPayDeskDatabase(file);
    // Running calls finish on the previous database first; then whoever was signed in is signed
    // out (the users belong to the database), the books process starts on the other file (and
    // catches up its missed carry-overs), and the page reloads to its sign-in screen.
    await current.reopen(file);
  } catch (error) {
    return showError('Cannot open the database', error);
  }
  log.info(`database: ${current.info.dbFile}`);
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
  const current = requireBooks();
  const options = {
    title: 'Back up the PayDesk database',
    defaultPath: path.join(app.getPath('documents'), `paydesk-backup-${timestamp(new Date())}.sqlite`),
    filters: SQLITE_FILTERS,
  };
  const picked = await (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options));
  if (picked.canceled || !picked.filePath) return;
  const target = picked.filePath;
  const file = current.info.dbFile;
  if (path.resolve(target) === path.resolve(file)) {
    return showError('Back up database', new Error('choose a file other than the open database'));
  }
  // SQLite's online backup, made by the books process: a consistent copy while the books stay open.
  const response = await current.backup(target);
  if (!response.ok) return showError('The backup failed', new Error(response.error.message));
  log.info(`backup: ${file} → ${target}`);
  await showInfo('Back up database', 'The database was backed up.', `${file}\n→ ${target}`);
}

type ImportResult = MethodOutput<'recon.import'>;

/** recon.import as the signed-in user; asks for the channel when the file does not name it, and before importing a file twice. */
async function importOne(current: BooksRelay, file: string): Promise<IpcResponse<ImportResult>> {
  const input: { file: string; channel?: (typeof CHANNEL_CODES)[number]; force?: boolean } = { file };
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = (await current.call('recon.import', input)) as IpcResponse<ImportResult>;
    if (response.ok) return response;
    const { reason, message } = response.error;
    if (reason === 'CHANNEL_NOT_NAMED' && !input.channel) {
      const choice = await ask('Import statements', `Whose statement is ${path.basename(file)}? / 这是哪个渠道的对账单？`, message, [...CHANNEL_CODES, 'Cancel'], CHANNEL_CODES.length);
      const channel = CHANNEL_CODES[choice];
      if (!channel) return response;
      input.channel = channel;
      continue;
    }
    if (reason === 'ALREADY_IMPORTED' && !input.force) {
      const choice = await ask('Import statements', `${path.basename(file)} was imported before. / 此文件已导入过。`, `${message}\n\nImport it again? / 仍然导入？`, ['Import again', 'Cancel'], 1);
      if (choice !== 0) return response;
      input.force = true;
      continue;
    }
    return response;
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'gave up after three attempts' } };
}

/**
 * File → Import Statements…: pick files, import each as the signed-in user (the progress reaches
 * the renderer on 'paydesk:progress' as for any call), then report each batch.
 */
async function importStatements(): Promise<void> {
  const current = requireBooks();
  const user = current.user;
  if (!user) return showInfo('Import statements', 'Sign in first / 请先登录', 'Statements are imported as the signed-in user.');
  const options = { title: 'Import statements', properties: ['openFile' as const, 'multiSelections' as const], filters: STATEMENT_FILTERS };
  const picked = await (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options));
  if (picked.canceled || picked.filePaths.length === 0) return;
  const lines: string[] = [];
  for (const file of picked.filePaths) {
    const response = await importOne(current, file);
    if (response.ok) {
      const r = response.result;
      lines.push(`${path.basename(file)}: batch ${r.batch} ${r.status} — ${r.format} for ${r.channel}, ${r.rows} rows${r.errorCount ? `, ${r.errorCount} problem(s)` : ''}`);
    } else {
      lines.push(`${path.basename(file)}: [${response.error.code}] ${response.error.message}`);
    }
  }
  log.info(`import by ${user.login}: ${lines.join(' | ')}`);
  await showInfo('Import statements', `${picked.filePaths.length} file(s) processed.`, lines.join('\n'));
  // The screens re-read their batches; a reload is not needed (and would drop unsaved input).
}

async function openLogsFolder(): Promise<void> {
  const folder = path.dirname(logFile());
  const failure = await shell.openPath(folder);
  if (failure) await showError('Cannot open the logs folder', new Error(`${folder}: ${failure}`));
}

async function showAbout(): Promise<void> {
  const user = books?.user ?? null;
  const detail = [
    `Version ${app.getVersion()}`,
    `Database: ${books?.info.dbFile ?? '(none open)'}`,
    `Data folder: ${dataDir}`,
    `Signed in as: ${user ? `${user.login} (${user.role})` : '— (nobody)'}`,
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
        { label: 'Open Database…', accelerator: 'CmdOrCtrl+O', click: action('Open database', () => exclusively('open', 'Open database', openDatabaseFromMenu)) },
        { label: 'Back Up Database…', click: action('Back up database', () => exclusively('backup', 'Back up database', backUpDatabase)) },
        { type: 'separator' },
        { label: 'Import Statements…', accelerator: 'CmdOrCtrl+I', click: action('Import statements', () => exclusively('import', 'Import statements', importStatements)) },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' }, // copy and paste in text fields (macOS needs the menu for the shortcuts)
    app.isPackaged
      ? { label: '&View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] }
      : { role: 'viewMenu' }, // with reload and developer tools while developing
    goMenu(() => mainWindow?.webContents),
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
  hardenSession(electronSession.defaultSession, log);

  const file = resolveDbFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  mkdirSync(path.join(dataDir, 'exports'), { recursive: true });
  books = await BooksRelay.start({
    spawn: () => utilityBooks(),
    open: { mode: 'electron', dbFile: file, dataDir, version: app.getVersion(), carryOver: true },
    log: transportLog,
    onProgress: sendProgress,
    onUserChange: (user) => mainWindow?.setTitle(windowTitle(user)),
    onRestart: (message) => void showError('The books process restarted', new Error(message)),
    local: { 'host.revealFile': revealFile },
  });
  log.info(`${PRODUCT_NAME} ${app.getVersion()} — database ${file} (${DB_FILE_NAME} in ${dataDir}) — log ${logFile()}`);

  bindApi(ipcMain, books, { ...origin, log });
  Menu.setApplicationMenu(buildMenu());
  await createWindow(origin);

  app.on('activate', () => {
    if (!mainWindow) createWindow(origin).catch((error: unknown) => showError('Cannot open the window', error));
  });
}

/** host.revealFile: only this process can show a file in the system's file manager. */
async function revealFile(input: unknown): Promise<IpcResponse> {
  const file = typeof input === 'object' && input !== null ? (input as { path?: unknown }).path : undefined;
  if (typeof file !== 'string' || file.length === 0 || file.length > 4096) return { ok: false, error: { code: 'BAD_INPUT', message: 'host.revealFile: path must be a file path' } };
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) return { ok: false, error: { code: 'NOT_FOUND', message: `no such file: ${absolute}`, location: { file: absolute } } };
  shell.showItemInFolder(absolute);
  return { ok: true, result: { revealed: true } };
}

/** Let running calls finish (up to QUIT_WAIT_MS), then close the books and end their process. */
async function shutDown(): Promise<void> {
  const current = books;
  books = null;
  if (!current) return;
  await Promise.race([current.close(), new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS))]);
  log.info('database closed');
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
  let shutDownDone = false;
  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shutDownDone) return;
    event.preventDefault();
    if (shuttingDown) return;
    shuttingDown = true;
    shutDown()
      .catch((error: unknown) => log.error(`shutdown: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        shutDownDone = true;
        app.quit();
      });
  });
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`startup failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    dialog.showErrorBox(`${PRODUCT_NAME} cannot start`, `${message}\n\nLog file: ${logFile()}`);
    app.exit(1);
  });
}
