// What both app transports share — the local HTTP host (core/host/http.ts) and the Electron main
// process (electron/ipc.ts): the wire types, sign-in, the transport-level methods (session.*,
// host.*), the mapping of every failure to an IpcResponse, where the data lives, opening the
// desktop database, and the 01:15 carry-over timer. Nothing here imports Electron.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { callApi, isMethodName, serialized, type Ctx } from '../api/index.js';
import { appendAudit } from '../audit/audit.js';
import { nextCarryOverAt, runDueCarryOvers } from '../balances/schedule.js';
import { systemClock, type Clock } from '../clock.js';
import { BackgroundCheckpoints } from '../db/checkpoints.js';
import { openDatabase, type Db, type Role } from '../db/index.js';
import { PayDeskError, type ErrorCode, type ErrorLocation, type ErrorParams, type ErrorReason } from '../errors.js';
import { getSetting } from '../settings.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser, listUsers, type User } from '../users/users.js';

// ── Wire types (re-exported to the renderer by electron/bridge-types.ts) ─────────────────────────

/** The core's codes, INTERNAL for a bug, and what a browser's bridge reports of the HTTP link itself. */
export type IpcErrorCode = ErrorCode | 'INTERNAL' | 'NETWORK' | 'UNAUTHORIZED';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** what callers act on (core/shared/errors.ts); the message is only shown */
  reason?: ErrorReason;
  params?: ErrorParams;
  location?: ErrorLocation;
}

/** Every call's reply, over IPC and over HTTP alike: a result or an error, never a rejection. */
export type IpcResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: IpcError };

/** One progress report of a long-running method. */
export interface PayDeskProgress {
  /** the API method doing the work, e.g. 'recon.import' */
  method: string;
  /** what it is doing now, in a few words */
  phase: string;
  done: number;
  /** null while the total is not known yet */
  total: number | null;
}

/** A user as the sign-in screen lists them. */
export interface SessionUser {
  login: string;
  name: string;
  role: Role;
}

export type HostMode = 'browser' | 'electron';

export interface HostInfo {
  mode: HostMode;
  /** the open database file (the About box shows it) */
  dbFile: string;
  dataDir: string;
  /** where exports go: in browser mode only files under it can be downloaded (bridge.downloadUrl) */
  exportsDir: string;
  version: string;
}

/** The methods a transport answers itself, before the API registry. */
export interface TransportMethods {
  /** no sign-in needed: the active users, for the sign-in screen */
  'session.users': { input: Record<string, never> | undefined; output: SessionUser[] };
  /** no sign-in needed */
  'session.signIn': { input: { login: string }; output: User };
  /** no sign-in needed: the signed-in user, or null */
  'session.current': { input: Record<string, never> | undefined; output: User | null };
  /** no sign-in needed (harmless when nobody is signed in) */
  'session.signOut': { input: Record<string, never> | undefined; output: null };
  /** no sign-in needed */
  'host.info': { input: Record<string, never> | undefined; output: HostInfo };
  /** Electron: shows the file in the system file manager; browser mode: does nothing ({revealed:false}) */
  'host.revealFile': { input: { path: string }; output: { revealed: boolean } };
  /**
   * Cancel the signed-in user's running calls (of one method, if given). Long work stops at its next
   * safe point and keeps nothing half done; the call itself then fails with CANCELLED.
   */
  'host.cancel': { input: { method?: string } | undefined; output: { cancelled: number } };
}

export type TransportMethodName = keyof TransportMethods;

export const TRANSPORT_METHODS: readonly TransportMethodName[] = [
  'session.users', 'session.signIn', 'session.current', 'session.signOut', 'host.info', 'host.revealFile', 'host.cancel',
];

/** The methods callable before anyone signs in. */
const PUBLIC_METHODS: ReadonlySet<string> = new Set<TransportMethodName>(['session.users', 'session.signIn', 'session.current', 'session.signOut', 'host.info']);

/** The policy every page of the app runs under, in Electron and in browser mode alike. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const NOT_SIGNED_IN_MESSAGE = 'sign in first / 请先登录';

// ── Error mapping ────────────────────────────────────────────────────────────────────────────────

export interface TransportLog {
  info?(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function failure(code: IpcErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** A PayDeskError keeps its code, message, reason, params and location; anything else is INTERNAL (and logged). */
export function errorResponse(error: unknown, method: string, log?: TransportLog): { ok: false; error: IpcError } {
  if (error instanceof PayDeskError) {
    const { code, message, reason, params, location } = error;
    return { ok: false, error: { code, message, ...(reason ? { reason, params } : {}), ...(location ? { location } : {}) } };
  }
  log?.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return failure('INTERNAL', error instanceof Error ? error.message : String(error));
}

const METHOD_NAME_SHOWN_MAX = 80;

// ── The session ──────────────────────────────────────────────────────────────────────────────────

export interface TransportSessionOptions {
  mode: HostMode;
  db: Db;
  dataDir: string;
  version: string;
  clock?: Clock;
  /** host.revealFile; without it the method answers {revealed:false} */
  revealFile?: (file: string) => boolean | Promise<boolean>;
  /** every progress event of every call */
  onProgress?: (progress: PayDeskProgress) => void;
  /** after sign-in, sign-out, or a database switch */
  onUserChange?: (user: User | null) => void;
  log?: TransportLog;
}

const signInInput = z.object({ login: z.string().min(1).max(64) });
const revealInput = z.object({ path: z.string().min(1).max(4096) });
const cancelInput = z.object({ method: z.string().max(80).optional() });

/**
 * One host process's sign-in and call dispatch. A desktop app has one person at it, so there is one
 * current user per host process (the HTTP host and the Electron main each keep theirs). `call`
 * answers session.* and host.* itself and sends every other method, as the signed-in user, through
 * `callApi`, which checks the role. `call` never rejects.
 */
export class TransportSession {
  readonly mode: HostMode;
  readonly dataDir: string;
  readonly exportsDir: string;
  readonly version: string;
  readonly clock: Clock;
  private currentDb: Db;
  private login: string | null = null;
  private readonly running = new Set<Promise<unknown>>();
  /** API calls under way or queued, with the controller a cancel aborts */
  private readonly cancellable = new Map<AbortController, string>();
  private readonly options: TransportSessionOptions;

  constructor(options: TransportSessionOptions) {
    this.options = options;
    this.mode = options.mode;
    this.dataDir = options.dataDir;
    this.exportsDir = path.join(options.dataDir, 'exports');
    this.version = options.version;
    this.clock = options.clock ?? systemClock;
    this.currentDb = options.db;
  }

  get db(): Db {
    return this.currentDb;
  }

  /** The signed-in user as the database has them now (null if signed out or since deactivated). */
  get user(): User | null {
    if (this.login === null) return null;
    const user = findUser(this.currentDb, this.login);
    if (!user) this.setLogin(null);
    return user ?? null;
  }

  info(): HostInfo {
    return { mode: this.mode, dbFile: this.currentDb.file, dataDir: this.dataDir, exportsDir: this.exportsDir, version: this.version };
  }

  /** Answer one call. Every outcome is an IpcResponse. */
  call(method: unknown, input: unknown): Promise<IpcResponse> {
    const work = this.dispatch(method, input);
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  /** A signed-in user, or the FORBIDDEN error every transport gives before sign-in. */
  requireUser(): User {
    return this.user ?? (() => { throw new PayDeskError('FORBIDDEN', NOT_SIGNED_IN_MESSAGE); })();
  }

  /** Resolves when no call is running (a host waits for this before closing the database). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Another database (Electron's File → Open): waits for running calls, signs out, returns the previous one (not closed). */
  async replaceDatabase(db: Db): Promise<Db> {
    await this.idle();
    const previous = this.currentDb;
    this.currentDb = db;
    this.setLogin(null);
    return previous;
  }

  signOut(): void {
    this.setLogin(null);
  }

  private setLogin(login: string | null): void {
    const changed = this.login !== login;
    this.login = login;
    if (changed) this.options.onUserChange?.(login === null ? null : (findUser(this.currentDb, login) ?? null));
  }

  private async dispatch(method: unknown, input: unknown): Promise<IpcResponse> {
    if (typeof method !== 'string') return failure('BAD_INPUT', 'the method name must be a string');
    const shown = method.slice(0, METHOD_NAME_SHOWN_MAX);
    const transport = (TRANSPORT_METHODS as readonly string[]).includes(method);
    if (!transport && !isMethodName(method)) return failure('NOT_FOUND', `unknown method "${shown}"`);
    try {
      if (!PUBLIC_METHODS.has(method) && this.user === null) return failure('FORBIDDEN', NOT_SIGNED_IN_MESSAGE);
      if (transport) return { ok: true, result: await this.transportMethod(method as TransportMethodName, input) };
      const user = this.requireUser();
      const controller = new AbortController();
      this.cancellable.set(controller, method);
      try {
        const ctx: Ctx = { db: this.currentDb, user, clock: this.clock, progress: (event) => this.progress(event), signal: controller.signal };
        return { ok: true, result: await callApi(ctx, method, input) };
      } finally {
        this.cancellable.delete(controller);
      }
    } catch (error) {
      return errorResponse(error, shown, this.options.log);
    }
  }

  private progress(event: PayDeskProgress): void {
    try {
      this.options.onProgress?.(event);
    } catch (error) {
      this.options.log?.warn(`progress listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async transportMethod(method: TransportMethodName, input: unknown): Promise<unknown> {
    const db = this.currentDb;
    switch (method) {
      case 'session.users':
        return listUsers(db).map((u): SessionUser => ({ login: u.login, name: u.name, role: u.role }));
      case 'session.signIn': {
        const { login } = parse('session.signIn', signInInput, input);
        const user = findUser(db, login) ?? (() => { throw new PayDeskError('NOT_FOUND', `no active user "${login}" / 没有该用户`); })();
        const at = this.clock.now().toISOString();
        await serialized(db, () => db.tx(() => appendAudit(db, { at, userId: user.id, action: 'session.signIn', entity: 'app_user', entityId: user.login, detail: { mode: this.mode } })));
        this.setLogin(user.login);
        this.options.log?.info?.(`signed in: ${user.login} (${user.role})`);
        return user;
      }
      case 'session.current':
        return this.user;
      case 'session.signOut': {
        const user = this.user;
        if (user) {
          const at = this.clock.now().toISOString();
          await serialized(db, () => db.tx(() => appendAudit(db, { at, userId: user.id, action: 'session.signOut', entity: 'app_user', entityId: user.login, detail: { mode: this.mode } })));
          this.options.log?.info?.(`signed out: ${user.login}`);
        }
        this.setLogin(null);
        return null;
      }
      case 'host.info':
        return this.info();
      case 'host.cancel': {
        const { method: only } = parse('host.cancel', cancelInput, input);
        let cancelled = 0;
        for (const [controller, name] of this.cancellable) {
          if (only !== undefined && name !== only) continue;
          controller.abort();
          cancelled++;
        }
        return { cancelled };
      }
      case 'host.revealFile': {
        const { path: file } = parse('host.revealFile', revealInput, input);
        if (!this.options.revealFile) return { revealed: false };
        const absolute = path.resolve(file);
        if (!existsSync(absolute)) throw new PayDeskError('NOT_FOUND', `no such file: ${absolute}`, { location: { file: absolute } });
        return { revealed: await this.options.revealFile(absolute) };
      }
    }
  }
}

function parse<T>(method: string, schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length ? first.path.join('.') : 'input';
  throw new PayDeskError('BAD_INPUT', `${method}: ${where}: ${first?.message ?? 'invalid input'}`);
}

// ── Where the data lives ─────────────────────────────────────────────────────────────────────────

export const PRODUCT_NAME = 'PayDesk';
export const DB_FILE_NAME = 'paydesk.sqlite';

/**
 * The OS's per-user application data folder, as Electron's app.getPath('appData') gives it:
 * %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (platform === 'win32') return env['APPDATA'] || path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env['XDG_CONFIG_HOME'] || path.join(home, '.config');
}

/** PAYDESK_DATA_DIR, else `<appData>/PayDesk` — the folder electron/main.ts makes its userData. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const override = env['PAYDESK_DATA_DIR'];
  return path.resolve(override || path.join(appDataDir(env, platform, home), PRODUCT_NAME));
}

/** PAYDESK_DB, else `<dataDir>/paydesk.sqlite`. */
export function resolveDbFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env['PAYDESK_DB'];
  return path.resolve(override || path.join(dataDir, DB_FILE_NAME));
}

/** The users a new desktop database gets besides admin, so a new accountant can sign in at once. */
export const DEMO_USERS: readonly { login: string; name: string; role: Role }[] = [
  { login: 'operator', name: '操作员 Operator', role: 'operator' },
  { login: 'reviewer', name: '复核员 Reviewer', role: 'reviewer' },
];

/**
 * Open the desktop database, creating and initialising it when new (as `paydesk init` does: chart
 * of accounts, internal accounts, admin) and adding the demo users on that first init. An existing
 * database is migrated and left as it is.
 */
export function openDesktopDatabase(file: string, clock: Clock = systemClock, log?: Pick<TransportLog, 'warn'>): Db {
  const db = openDatabase(file);
  try {
    // a long-lived handle: big commits should not stop the window while the log is copied into the file
    BackgroundCheckpoints.start(db, { onError: (message) => log?.warn(`background checkpoints of ${file}: ${message}`) });
    const at = clock.now().toISOString();
    const init = initDatabase(db, at);
    if (init.created) {
      db.tx(() => {
        const admin = findUser(db, 'admin');
        for (const demo of DEMO_USERS) {
          if (findUser(db, demo.login)) continue;
          createUser(db, demo, at);
          appendAudit(db, { at, userId: admin?.id ?? null, action: 'user.create', entity: 'app_user', entityId: demo.login, detail: { role: demo.role, demo: true } });
        }
      });
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Is `file` inside `dir` (after resolving both; a sibling sharing the prefix is not)? */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

// ── The 01:15 carry-over timer ───────────────────────────────────────────────────────────────────

export interface CarryOverTimer {
  stop(): void;
  /** when the next run is due */
  readonly next: Date | null;
}

/**
 * Run every due bank-balance carry-over now (catching up days the app was closed), then again at
 * each next 01:15 local time (ledger.timeZone), from `nextCarryOverAt`. The timer does not keep the
 * process alive. `getDb` is read at each run, so Electron's File → Open is followed.
 */
export function startCarryOverTimer(options: { getDb: () => Db | null; clock?: Clock; log?: TransportLog; runNow?: boolean }): CarryOverTimer {
  const clock = options.clock ?? systemClock;
  let timer: NodeJS.Timeout | null = null;
  let next: Date | null = null;
  let stopped = false;

  // queued behind any running call, so it never writes inside another call's open transaction
  const run = (): void => {
    const db = options.getDb();
    if (!db) return;
    void serialized(db, () => {
      try {
        const now = clock.now();
        const results = runDueCarryOvers(db, now, now.toISOString(), null);
        for (const r of results) options.log?.info?.(`carry-over ${r.date}: ${r.carried.length} carried, ${r.skipped.length} skipped`);
      } catch (error) {
        options.log?.error(`carry-over failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    });
  };

  const schedule = (): void => {
    if (stopped) return;
    const db = options.getDb();
    let timeZone: string | undefined;
    try {
      timeZone = db ? getSetting(db, 'ledger.timeZone') : undefined;
    } catch {
      timeZone = undefined;
    }
    const now = clock.now();
    next = nextCarryOverAt(now, timeZone);
    // A little after 01:15, so the run sees 01:15 as passed; never less than a second.
    const delay = Math.max(1_000, next.getTime() - now.getTime() + 1_000);
    timer = setTimeout(() => {
      run();
      schedule();
    }, delay);
    timer.unref();
  };

  if (options.runNow ?? true) run();
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    get next() {
      return next;
    },
  };
}
