// The host's side of the books process (docs/architecture.md#the-books-process): one relay for both
// the desktop (an Electron utilityProcess) and browser mode (a forked Node process). It forwards
// each call and relays progress; it answers host.info and session.current itself, so those never
// wait; it cancels; and it starts a books process that stopped again on the same file. Beside the
// books process that writes, a reader process answers the methods that only read (`reads: true`)
// from a read-only connection, so the screens keep loading while long work runs.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cancelModeOf, readsOnly } from '../api/index.js';
import type { BooksOpenOptions, FromBooks, ToBooks } from './books-protocol.js';
import { DEFAULT_SESSION_LIMITS, expiredResponse, SessionExpiry, type SessionLimits } from './session-expiry.js';
import { NOT_SIGNED_IN_MESSAGE, PUBLIC_METHODS, type HostInfo, type IpcResponse, type PayDeskProgress, type SignedInUser, type TransportLog } from './wire.js';

/** A started books process, however it was started. */
export interface BooksChild {
  post(message: ToBooks): void;
  onMessage(listener: (message: FromBooks) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** stop it at once (a cancel of work that cannot stop by itself, or a hung process) */
  kill(): void;
}

export type SpawnBooks = () => BooksChild;

export interface BooksRelayOptions {
  spawn: SpawnBooks;
  open: BooksOpenOptions;
  /** start a reader process for the read-only methods too; default true */
  reader?: boolean;
  onProgress?: (progress: PayDeskProgress) => void;
  onUserChange?: (user: SignedInUser | null) => void;
  /** the books process stopped on its own and was started again; `message` says so in words for the window */
  onRestart?: (message: string) => void;
  /** methods the host answers itself for a signed-in user (Electron's host.revealFile: only main can show a file) */
  local?: Partial<Record<string, (input: unknown) => Promise<IpcResponse>>>;
  log?: TransportLog;
  /** when a sign-in ends by itself (the relay sees every call, so it keeps the time); default 30 min idle, 12 h */
  sessionLimits?: SessionLimits;
  now?: () => number;
}

/** Restarts within RESTART_WINDOW_MS beyond which the relay stops trying (a file that crashes it at once). */
const RESTARTS_MAX = 5;
const RESTART_WINDOW_MS = 60_000;
const CLOSE_WAIT_MS = 15_000;

interface Pending {
  id: number;
  method: string;
  input: unknown;
  resolve: (response: IpcResponse) => void;
  /** set by a cancel: answer CANCELLED when its process stops */
  cancelled?: boolean;
}

function failed(code: 'INTERNAL' | 'CANCELLED', message: string): IpcResponse {
  return { ok: false, error: { code, message } };
}

/**
 * Where the books process starts: in a source checkout a small loader that runs the TypeScript
 * through tsx; in the desktop app the bundled books.js beside main.js. It stays inside app.asar:
 * a utilityProcess loads its script through Electron's asar support (as Actual Budget's server
 * does), and from there `require('better-sqlite3')` finds the package in app.asar/node_modules,
 * whose native addon Electron loads from app.asar.unpacked. (Only a worker thread, the parse
 * thread, needs its script unpacked.)
 */
export function booksEntry(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./books-process-boot.mjs', import.meta.url);
  return new URL('./books.js', import.meta.url);
}

/** Browser mode: the books process as a forked Node process (structured clone, as Electron's IPC). */
export function forkBooks(entry: URL = booksEntry()): BooksChild {
  const child = fork(fileURLToPath(entry), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromBooks)),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}

interface LaneEvents {
  message(message: FromBooks): void;
  /** the process stopped while it was the current one; `running` is what it was doing */
  stopped(code: number | null, running: Pending | null): void;
  /** a call was handed to the process */
  started?(pending: Pending): void;
}

/** One books process and the calls it runs, one at a time; the rest wait in order. */
class Lane {
  child: BooksChild | null = null;
  info: HostInfo | null = null;
  readonly queue: Pending[] = [];
  running: Pending | null = null;
  /** replies owed outside the queue: a cancel, a backup */
  readonly aside = new Map<number, (response: IpcResponse) => void>();
  private starting: Promise<void> | null = null;
  /** the process being closed on purpose, and who waits for it to be gone */
  private stopping: BooksChild | null = null;
  private closedWaiter: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  login: string | null = null;

  constructor(private readonly spawn: SpawnBooks, private readonly events: LaneEvents) {}

  launch(open: BooksOpenOptions): Promise<void> {
    this.starting = new Promise<void>((resolve, reject) => {
      const child = this.spawn();
      this.child = child;
      let ready = false;
      child.onMessage((message) => {
        if (message.type === 'ready') {
          ready = true;
          this.info = message.info;
          resolve();
        } else if (message.type === 'failed') {
          reject(new Error(message.message));
        } else if (message.type === 'reply' && this.aside.has(message.id)) {
          const answer = this.aside.get(message.id)!;
          this.aside.delete(message.id);
          answer(message.response);
        } else if (message.type === 'reply') {
          if (this.running?.id !== message.id) return;
          const done = this.running;
          this.running = null;
          done.resolve(message.response);
          this.pump();
        } else if (message.type === 'closed') {
          if (child === this.stopping) this.gone();
        } else {
          this.events.message(message);
        }
      });
      child.onExit((code) => {
        if (child === this.stopping) return this.gone();
        if (!ready) return reject(new Error(`the books process stopped while opening ${open.dbFile} (exit code ${code ?? 'none'})`));
        if (this.child !== child) return;
        this.child = null;
        for (const [, answer] of this.aside) answer(failed('INTERNAL', 'the books process stopped'));
        this.aside.clear();
        const running = this.running;
        this.running = null;
        this.events.stopped(code, running);
      });
      child.post({ type: 'open', options: open });
    }).then(() => {
      this.starting = null;
      if (this.login) this.child?.post({ type: 'resume', login: this.login });
      this.pump();
    }, (error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  enqueue(pending: Pending): void {
    this.queue.push(pending);
    this.pump();
  }

  /** A message that must not wait behind the running call (a cancel, a backup). */
  sendAside(message: (id: number) => ToBooks, id: number, answer: (response: IpcResponse) => void): void {
    this.aside.set(id, answer);
    this.child?.post(message(id));
  }

  /** Tell the process who is signed in now (null: nobody). */
  signIn(login: string | null): void {
    this.login = login;
    if (this.child && !this.starting) this.child.post({ type: 'resume', login: login ?? '' });
  }

  pump(): void {
    if (this.running || !this.child || this.starting) return;
    const next = this.queue.shift();
    if (!next) return this.idleCheck();
    this.running = next;
    this.child.post({ type: 'call', id: next.id, method: next.method, input: next.input });
    this.events.started?.(next);
  }

  idleCheck(): void {
    if (this.running || this.queue.length > 0) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  failAll(message: string): void {
    for (const waiting of this.queue.splice(0)) waiting.resolve(failed('INTERNAL', message));
    this.idleCheck();
  }

  /** Close the books in the process and end it (killed if it has not closed within CLOSE_WAIT_MS). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    // from here on its exit is expected, not a crash
    this.child = null;
    this.stopping = child;
    const closed = new Promise<void>((resolve) => (this.closedWaiter = resolve));
    child.post({ type: 'close' });
    const timer = setTimeout(() => child.kill(), CLOSE_WAIT_MS);
    await closed;
    clearTimeout(timer);
    child.kill();
  }

  private gone(): void {
    this.stopping = null;
    this.closedWaiter?.();
    this.closedWaiter = null;
  }
}

export class BooksRelay {
  private readonly writer: Lane;
  private readonly reader: Lane | null;
  private signedIn: SignedInUser | null = null;
  private nextId = 1;
  private closing = false;
  private restarts: number[] = [];
  private readonly expiry: SessionExpiry;

  private constructor(private readonly options: BooksRelayOptions) {
    this.expiry = new SessionExpiry(options.sessionLimits ?? DEFAULT_SESSION_LIMITS, options.now ?? Date.now);
    this.writer = new Lane(options.spawn, {
      message: (m) => this.fromWriter(m),
      stopped: (code, running) => this.writerStopped(code, running),
      // Work that is one synchronous transaction reports nothing until it ends: say it runs, so the
      // window shows it with its Cancel button.
      started: (p) => {
        if (cancelModeOf(p.method) === 'rollback') this.options.onProgress?.({ method: p.method, cancellable: true, phase: 'running', done: 0, total: null });
      },
    });
    this.reader = options.reader === false ? null
      : new Lane(options.spawn, { message: () => undefined, stopped: (code, running) => this.readerStopped(code, running) });
  }

  /** Start the books process (and its reader) and open the books; rejects with the reason if they cannot be opened. */
  static async start(options: BooksRelayOptions): Promise<BooksRelay> {
    const relay = new BooksRelay(options);
    await relay.writer.launch(options.open);
    // the reader opens the file read-only once the writer has created and migrated it
    await relay.reader?.launch({ ...options.open, reader: true, carryOver: false });
    return relay;
  }

  get info(): HostInfo {
    const open = this.options.open;
    return this.writer.info ?? { mode: open.mode, dbFile: open.dbFile, dataDir: open.dataDir, exportsDir: '', version: open.version };
  }

  get exportsDir(): string {
    return this.info.exportsDir;
  }

  /** The signed-in user as the books process last reported them. */
  get user(): SignedInUser | null {
    return this.signedIn;
  }

  /** Answer one call; every outcome is an IpcResponse. */
  call(method: unknown, input: unknown): Promise<IpcResponse> {
    if (method === 'host.info') return Promise.resolve({ ok: true, result: this.info });
    if (method === 'session.current') return Promise.resolve({ ok: true, result: this.signedIn });
    const expired = this.signedIn && !(typeof method === 'string' && PUBLIC_METHODS.has(method)) ? this.expiry.touch() : null;
    if (expired) return this.expire(expired);
    if (method === 'host.cancel') return Promise.resolve(this.cancel(input));
    const local = typeof method === 'string' ? this.options.local?.[method] : undefined;
    if (local) return this.signedIn ? local(input) : Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: NOT_SIGNED_IN_MESSAGE } });
    if (this.closing) return Promise.resolve(failed('INTERNAL', 'PayDesk is closing'));
    const name = typeof method === 'string' ? method : String(method);
    // reads go to the reader when one runs and the user is known to it; everything else keeps order on the writer
    const lane = this.reader?.child && this.signedIn && readsOnly(name) ? this.reader : this.writer;
    return new Promise((resolve) => lane.enqueue({ id: this.nextId++, method: name, input, resolve }));
  }

  /** The sign-in ran out: the writer signs out (audited as expired), and the call is refused. */
  private async expire(why: 'idle' | 'lifetime'): Promise<IpcResponse> {
    await new Promise<IpcResponse>((resolve) => this.writer.enqueue({ id: this.nextId++, method: 'session.signOut', input: { expired: why }, resolve }));
    return expiredResponse(why);
  }

  /** SQLite's online backup of the open books to `target`, made by the books process. */
  backup(target: string): Promise<IpcResponse> {
    return new Promise((resolve) => this.writer.sendAside((id) => ({ type: 'backup', id, target }), this.nextId++, resolve));
  }

  /** Resolves when no call is running or waiting. */
  async idle(): Promise<void> {
    await Promise.all([this.writer.idle(), this.reader?.idle()]);
  }

  /** Open other books (Electron's File → Open): waits for running calls, signs out, restarts on `dbFile`. */
  async reopen(dbFile: string): Promise<void> {
    await this.idle();
    this.signedIn = null;
    this.expiry.end();
    this.writer.signIn(null);
    this.reader?.signIn(null);
    this.options.onUserChange?.(null);
    this.options.open = { ...this.options.open, dbFile };
    await Promise.all([this.writer.stop(), this.reader?.stop()]);
    await this.writer.launch(this.options.open);
    await this.reader?.launch({ ...this.options.open, reader: true, carryOver: false });
  }

  /** Waits for running calls, closes the books in their processes and ends them. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.writer.failAll('PayDesk is closing');
    this.reader?.failAll('PayDesk is closing');
    await this.idle();
    await Promise.all([this.writer.stop(), this.reader?.stop()]);
  }

  /**
   * Cancel the running cancellable call (of one method, if given) and any waiting ones. Work that
   * watches its signal stops by itself; work whose writes are one SQLite transaction is stopped
   * with its process, which rolls that transaction back whole; the process then starts again.
   */
  private cancel(input: unknown): IpcResponse {
    const only = typeof input === 'object' && input !== null && typeof (input as { method?: unknown }).method === 'string' ? (input as { method: string }).method : undefined;
    const matches = (p: Pending): boolean => (only === undefined || p.method === only) && cancelModeOf(p.method) !== undefined;
    if (!this.signedIn) return { ok: false, error: { code: 'FORBIDDEN', message: NOT_SIGNED_IN_MESSAGE } };
    const lane = this.writer;
    let cancelled = 0;
    for (let i = lane.queue.length - 1; i >= 0; i--) {
      const waiting = lane.queue[i]!;
      if (!matches(waiting)) continue;
      lane.queue.splice(i, 1);
      waiting.resolve(failed('CANCELLED', `${waiting.method}: cancelled before it started; nothing of it was kept / 已取消，未保留任何结果`));
      cancelled++;
    }
    const running = lane.running;
    if (running && matches(running) && lane.child) {
      running.cancelled = true;
      cancelled++;
      if (cancelModeOf(running.method) === 'rollback') {
        this.options.log?.warn(`cancel: stopping the books process, which rolls ${running.method} back whole`);
        lane.child.kill();
      } else {
        lane.sendAside((id) => ({ type: 'call', id, method: 'host.cancel', input: { method: running.method } }), this.nextId++, () => undefined);
      }
    }
    lane.idleCheck();
    return { ok: true, result: { cancelled } };
  }

  private fromWriter(message: FromBooks): void {
    if (message.type === 'progress') return this.options.onProgress?.(message.progress);
    if (message.type !== 'user') return;
    // a resume after a restart reports the same user: their sign-in goes on, its time with it
    if (message.user && message.user.login !== this.signedIn?.login) this.expiry.begin();
    if (!message.user) this.expiry.end();
    this.signedIn = message.user;
    this.writer.login = message.user?.login ?? null;
    this.reader?.signIn(message.user?.login ?? null);
    this.options.onUserChange?.(message.user);
  }

  /** The writer ended: finish what it was doing as failed (or cancelled), then start it again. */
  private writerStopped(code: number | null, running: Pending | null): void {
    if (this.closing) return;
    const file = this.options.open.dbFile;
    if (running?.cancelled) {
      running.resolve(failed('CANCELLED', `${running.method}: cancelled; its open transaction was rolled back, nothing of it was kept / 已取消，未保留任何结果`));
    } else {
      const what = running ? ` while running ${running.method}` : '';
      const message = `the books process stopped${what} (exit code ${code ?? 'none'}) and was started again on ${file}`
        + `${running ? `; ${running.method} did not finish and nothing of it was kept — run it again` : ''} / 账务进程已重启`;
      this.options.log?.error(message);
      running?.resolve(failed('INTERNAL', message));
      this.options.onRestart?.(message);
    }
    this.relaunch(this.writer, this.options.open);
  }

  /** The reader ended: its running read fails (it changed nothing), and it starts again. */
  private readerStopped(code: number | null, running: Pending | null): void {
    if (this.closing || !this.reader) return;
    running?.resolve(failed('INTERNAL', `the books reader stopped (exit code ${code ?? 'none'}) while answering ${running.method}; run it again`));
    this.relaunch(this.reader, { ...this.options.open, reader: true, carryOver: false });
  }

  private relaunch(lane: Lane, open: BooksOpenOptions): void {
    const now = Date.now();
    this.restarts = [...this.restarts.filter((at) => now - at < RESTART_WINDOW_MS), now];
    const stopTrying = (message: string): void => {
      this.options.log?.error(message);
      this.closing = true;
      this.writer.failAll(message);
      this.reader?.failAll(message);
    };
    if (this.restarts.length > RESTARTS_MAX) {
      return stopTrying(`the books process stopped ${this.restarts.length} times within a minute; PayDesk stopped restarting it — see the log`);
    }
    lane.launch(open).catch((error: unknown) => stopTrying(`the books could not be opened again: ${error instanceof Error ? error.message : String(error)}`));
  }
}
