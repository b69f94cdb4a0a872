// One window's session with the books, shared by both app transports — the local HTTP host
// (core/host/http.ts) and the Electron main process (electron/ipc.ts): sign-in, the transport's own
// methods (session.*, host.*), cancel, progress, and every API call as the signed-in user. The wire
// types are in wire.ts, the data folder in data-dir.ts, the carry-over timer in carry-over-timer.ts;
// they are re-exported here for the transports. Nothing here imports Electron.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { callApi, isCancellable, isMethodName, methodsFor, serialized, type Ctx } from '../api/index.js';
import { appendAudit } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import { PayDeskError } from '../errors.js';
import { findUser, listUsers, type User } from '../users/users.js';
import { PASSWORD_LENGTH_MAX } from '../users/passwords.js';
import { authenticate, hasPassword, setPassword, type Commit } from '../users/sign-in.js';
import { DEFAULT_SESSION_LIMITS, expiredResponse, SessionExpiry, type SessionLimits } from './session-expiry.js';
import {
  errorResponse, failure, METHOD_NAME_SHOWN_MAX, NOT_SIGNED_IN_MESSAGE, PUBLIC_METHODS, TRANSPORT_METHODS,
  type HostInfo, type HostMode, type IpcResponse, type PayDeskProgress, type SessionUser, type SignedInUser,
  type TransportLog, type TransportMethodName,
} from './wire.js';

export * from './wire.js';
export * from './data-dir.js';
export * from './carry-over-timer.js';

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
  /** when a sign-in ends by itself; null: never here (the books relay in front keeps the time) */
  sessionLimits?: SessionLimits | null;
}

const signInInput = z.object({ login: z.string().min(1).max(64), password: z.string().max(PASSWORD_LENGTH_MAX) });
const setUpInput = z.object({ password: z.string().max(PASSWORD_LENGTH_MAX) });
const signOutInput = z.object({ expired: z.enum(['idle', 'lifetime']).optional() });
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
  private readonly currentDb: Db;
  private login: string | null = null;
  private readonly running = new Set<Promise<unknown>>();
  /** API calls under way or queued, with the controller a cancel aborts */
  private readonly cancellable = new Map<AbortController, string>();
  private readonly options: TransportSessionOptions;
  private readonly expiry: SessionExpiry | null;

  constructor(options: TransportSessionOptions) {
    this.options = options;
    this.mode = options.mode;
    this.dataDir = options.dataDir;
    this.exportsDir = path.join(options.dataDir, 'exports');
    this.version = options.version;
    this.clock = options.clock ?? systemClock;
    this.currentDb = options.db;
    const limits = options.sessionLimits === undefined ? DEFAULT_SESSION_LIMITS : options.sessionLimits;
    this.expiry = limits && new SessionExpiry(limits, () => this.clock.now().getTime());
  }

  /** Writes after whatever else is writing these books (never inside an import's open transaction). */
  private get commit(): Commit {
    const db = this.currentDb;
    return (work) => serialized(db, () => db.tx(work));
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

  signOut(): void {
    this.setLogin(null);
  }

  /**
   * Sign `login` in again without a new sign-in (the books process restarted under the same
   * window); false when that user is no longer active. Audited, so the restart is on record.
   */
  async resume(login: string, why: string, options: { audit: boolean } = { audit: true }): Promise<boolean> {
    const user = findUser(this.currentDb, login);
    if (!user) return false;
    const db = this.currentDb;
    const at = this.clock.now().toISOString();
    if (options.audit) {
      await this.commit(() => appendAudit(db, { at, userId: user.id, action: 'session.resume', entity: 'app_user', entityId: user.login, detail: { mode: this.mode, why } }));
    }
    this.setLogin(login);
    return true;
  }

  private setLogin(login: string | null): void {
    const changed = this.login !== login;
    this.login = login;
    if (changed && login !== null) this.expiry?.begin();
    if (login === null) this.expiry?.end();
    if (changed) this.options.onUserChange?.(login === null ? null : (findUser(this.currentDb, login) ?? null));
  }

  private async dispatch(method: unknown, input: unknown): Promise<IpcResponse> {
    if (typeof method !== 'string') return failure('BAD_INPUT', 'the method name must be a string');
    const shown = method.slice(0, METHOD_NAME_SHOWN_MAX);
    const transport = (TRANSPORT_METHODS as readonly string[]).includes(method);
    if (!transport && !isMethodName(method)) return failure('NOT_FOUND', `unknown method "${shown}"`);
    try {
      if (!PUBLIC_METHODS.has(method) && this.user === null) return failure('FORBIDDEN', NOT_SIGNED_IN_MESSAGE);
      const expired = PUBLIC_METHODS.has(method) ? null : this.expiry?.touch();
      if (expired) {
        await this.transportMethod('session.signOut', { expired });
        return expiredResponse(expired);
      }
      if (transport) return { ok: true, result: await this.transportMethod(method as TransportMethodName, input) };
      const user = this.requireUser();
      const controller = new AbortController();
      this.cancellable.set(controller, method);
      try {
        const ctx: Ctx = { db: this.currentDb, user, clock: this.clock, progress: (event) => this.progress({ ...event, cancellable: isCancellable(event.method) }), signal: controller.signal };
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
        return listUsers(db).map((u): SessionUser => ({ login: u.login, name: u.name, role: u.role, hasPassword: hasPassword(db, u.id) }));
      case 'session.signIn': {
        const { login, password } = parse('session.signIn', signInInput, input);
        const user = await authenticate(db, { login, password, via: this.mode }, this.clock.now(), this.commit);
        this.setLogin(user.login);
        this.options.log?.info?.(`signed in: ${user.login} (${user.role})`);
        return signedIn(user);
      }
      case 'session.setUp': {
        // a new desk's first run: whoever started it gives the admin a password, once
        const { password } = parse('session.setUp', setUpInput, input);
        const admin = findUser(db, 'admin');
        if (!admin || hasPassword(db, admin.id)) throw new PayDeskError('FORBIDDEN', 'this desk is set up already: sign in / 已完成初始设置，请登录');
        await setPassword(db, { user: admin, password, actor: admin, firstOnly: true }, this.clock.now(), this.commit);
        this.setLogin(admin.login);
        return signedIn(admin);
      }
      case 'session.current':
        return this.user && signedIn(this.user);
      case 'session.signOut': {
        const { expired } = parse('session.signOut', signOutInput, input);
        const user = this.user;
        if (user) {
          const at = this.clock.now().toISOString();
          const action = expired ? 'session.expired' : 'session.signOut';
          await this.commit(() => appendAudit(db, { at, userId: user.id, action, entity: 'app_user', entityId: user.login, detail: { mode: this.mode, ...(expired ? { why: expired } : {}) } }));
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

/** The user as the window gets them: with the API methods their role may call. */
export function signedIn(user: User): SignedInUser {
  return { ...user, methods: methodsFor(user.role) };
}

function parse<T>(method: string, schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length ? first.path.join('.') : 'input';
  throw new PayDeskError('BAD_INPUT', `${method}: ${where}: ${first?.message ?? 'invalid input'}`);
}
