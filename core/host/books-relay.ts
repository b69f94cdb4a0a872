// The host's side of the books process (docs/architecture.md#the-books-process): one relay for both
// the desktop (an Electron utilityProcess) and browser mode (a forked Node process). It forwards
// each call and relays progress; it answers host.info and session.current itself, so those never
// wait; it cancels, and it restarts the books process on the same file when it stops.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cancelModeOf } from '../api/index.js';
import type { BooksOpenOptions, FromBooks, ToBooks } from './books-protocol.js';
import { NOT_SIGNED_IN_MESSAGE, type HostInfo, type IpcResponse, type PayDeskProgress, type SignedInUser, type TransportLog } from './wire.js';

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
  onProgress?: (progress: PayDeskProgress) => void;
  onUserChange?: (user: SignedInUser | null) => void;
  /** the books process stopped on its own and was started again; `message` says so in words for the window */
  onRestart?: (message: string) => void;
  /** methods the host answers itself for a signed-in user (Electron's host.revealFile: only main can show a file) */
  local?: Partial<Record<string, (input: unknown) => Promise<IpcResponse>>>;
  log?: TransportLog;
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
  /** set by a cancel: answer CANCELLED if the process has to be stopped */
  cancelled?: boolean;
}

function failed(code: 'INTERNAL' | 'CANCELLED', message: string): IpcResponse {
  return { ok: false, error: { code, message } };
}

/**
 * Where the books process starts: in a source checkout a small loader that runs the TypeScript
 * through tsx; in the desktop app the bundled books.js beside main.js (outside app.asar).
 */
export function booksEntry(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./books-process-boot.mjs', import.meta.url);
  return new URL(new URL('./books.js', import.meta.url).href.replace('/app.asar/', '/app.asar.unpacked/'));
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

export class BooksRelay {
  private child: BooksChild | null = null;
  private hostInfo: HostInfo | null = null;
  private signedIn: SignedInUser | null = null;
  private readonly queue: Pending[] = [];
  private running: Pending | null = null;
  /** replies owed outside the queue: a cancel, a backup */
  private readonly aside = new Map<number, (response: IpcResponse) => void>();
  private nextId = 1;
  private closing = false;
  private restarts: number[] = [];
  private starting: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private closedWaiter: (() => void) | null = null;

  private constructor(private readonly options: BooksRelayOptions) {}

  /** Start the books process and open the books; rejects with the reason if they cannot be opened. */
  static async start(options: BooksRelayOptions): Promise<BooksRelay> {
    const relay = new BooksRelay(options);
    await relay.launch();
    return relay;
  }

  get info(): HostInfo {
    return this.hostInfo ?? { mode: this.options.open.mode, dbFile: this.options.open.dbFile, dataDir: this.options.open.dataDir, exportsDir: '', version: this.options.open.version };
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
    if (method === 'host.cancel') return Promise.resolve(this.cancel(input));
    const local = typeof method === 'string' ? this.options.local?.[method] : undefined;
    if (local) return this.signedIn ? local(input) : Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: NOT_SIGNED_IN_MESSAGE } });
    if (this.closing) return Promise.resolve(failed('INTERNAL', 'PayDesk is closing'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, method: typeof method === 'string' ? method : String(method), input, resolve });
      this.pump();
    });
  }

  /** SQLite's online backup of the open books to `target`, made by the books process. */
  backup(target: string): Promise<IpcResponse> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.aside.set(id, resolve);
      this.child?.post({ type: 'backup', id, target });
    });
  }

  /** Resolves when no call is running or waiting. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Open other books (Electron's File → Open): waits for running calls, signs out, restarts on `dbFile`. */
  async reopen(dbFile: string): Promise<void> {
    await this.idle();
    this.signedIn = null;
    this.options.onUserChange?.(null);
    this.options.open = { ...this.options.open, dbFile };
    await this.stopChild();
    await this.launch();
  }

  /** Waits for running calls, closes the books in their process and ends it. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const waiting of this.queue.splice(0)) waiting.resolve(failed('INTERNAL', 'PayDesk is closing'));
    if (this.running) await this.idle();
    await this.stopChild();
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const closed = new Promise<void>((resolve) => (this.closedWaiter = resolve));
    child.post({ type: 'close' });
    const timer = setTimeout(() => child.kill(), CLOSE_WAIT_MS);
    await closed;
    clearTimeout(timer);
    child.kill();
    this.child = null;
  }

  /**
   * Cancel the running cancellable call (of one method, if given) and any waiting ones. Work that
   * watches its signal stops by itself; work whose writes are one SQLite transaction is stopped
   * with its process, which rolls that transaction back whole; the process then starts again.
   */
  private cancel(input: unknown): IpcResponse {
    const only = typeof input === 'object' && input !== null && typeof (input as { method?: unknown }).method === 'string' ? (input as { method: string }).method : undefined;
    const matches = (p: Pending): boolean => (only === undefined || p.method === only) && cancelModeOf(p.method) !== undefined;
    let cancelled = 0;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiting = this.queue[i]!;
      if (!matches(waiting) || !this.signedIn) continue;
      this.queue.splice(i, 1);
      waiting.resolve(failed('CANCELLED', `${waiting.method}: cancelled before it started; nothing of it was kept / 已取消，未保留任何结果`));
      cancelled++;
    }
    const running = this.running;
    if (running && matches(running) && this.signedIn && this.child) {
      running.cancelled = true;
      cancelled++;
      if (cancelModeOf(running.method) === 'rollback') {
        this.options.log?.warn(`cancel: stopping the books process, which rolls ${running.method} back whole`);
        this.child.kill();
      } else {
        const id = this.nextId++;
        this.aside.set(id, () => undefined);
        this.child.post({ type: 'call', id, method: 'host.cancel', input: { method: running.method } });
      }
    }
    this.idleCheck();
    return { ok: true, result: { cancelled } };
  }

  private pump(): void {
    if (this.running || !this.child || this.starting) return;
    const next = this.queue.shift();
    if (!next) return this.idleCheck();
    this.running = next;
    this.child.post({ type: 'call', id: next.id, method: next.method, input: next.input });
    // Work that is one synchronous transaction reports nothing until it ends: say it runs, so the
    // window shows it with its Cancel button.
    if (cancelModeOf(next.method) === 'rollback') this.options.onProgress?.({ method: next.method, cancellable: true, phase: 'running', done: 0, total: null });
  }

  private idleCheck(): void {
    if (this.running || this.queue.length > 0) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  private launch(): Promise<void> {
    this.starting = new Promise<void>((resolve, reject) => {
      const child = this.options.spawn();
      this.child = child;
      let ready = false;
      child.onMessage((message) => {
        if (message.type === 'ready') {
          ready = true;
          this.hostInfo = message.info;
          resolve();
        } else if (message.type === 'failed') {
          reject(new Error(message.message));
        } else {
          this.receive(message);
        }
      });
      child.onExit((code) => {
        if (!ready) return reject(new Error(`the books process stopped while opening ${this.options.open.dbFile} (exit code ${code ?? 'none'})`));
        // a process closed on purpose (File → Open, quit) is no longer the current one
        if (this.child !== child) return;
        this.child = null;
        this.exited(code);
      });
      child.post({ type: 'open', options: this.options.open });
    }).then(() => {
      this.starting = null;
      const login = this.signedIn?.login;
      if (login) this.child?.post({ type: 'resume', login });
      this.pump();
    }, (error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private receive(message: FromBooks): void {
    switch (message.type) {
      case 'reply': {
        const aside = this.aside.get(message.id);
        if (aside) {
          this.aside.delete(message.id);
          return aside(message.response);
        }
        if (this.running?.id !== message.id) return;
        const done = this.running;
        this.running = null;
        done.resolve(message.response);
        return this.pump();
      }
      case 'progress':
        return this.options.onProgress?.(message.progress);
      case 'user':
        this.signedIn = message.user;
        return this.options.onUserChange?.(message.user);
      case 'closed':
        this.closedWaiter?.();
        this.closedWaiter = null;
        return;
    }
  }

  /** The process ended: finish what it was doing as failed (or cancelled), then start it again. */
  private exited(code: number | null): void {
    this.closedWaiter?.();
    this.closedWaiter = null;
    for (const [, resolve] of this.aside) resolve(failed('INTERNAL', 'the books process stopped'));
    this.aside.clear();
    if (this.closing) return;
    const running = this.running;
    this.running = null;
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
    const now = Date.now();
    this.restarts = [...this.restarts.filter((at) => now - at < RESTART_WINDOW_MS), now];
    if (this.restarts.length > RESTARTS_MAX) {
      const message = `the books process stopped ${this.restarts.length} times within a minute; PayDesk stopped restarting it — see the log`;
      this.options.log?.error(message);
      this.closing = true;
      for (const waiting of this.queue.splice(0)) waiting.resolve(failed('INTERNAL', message));
      return this.idleCheck();
    }
    this.launch().catch((error: unknown) => {
      const message = `the books could not be opened again: ${error instanceof Error ? error.message : String(error)}`;
      this.options.log?.error(message);
      this.closing = true;
      for (const waiting of this.queue.splice(0)) waiting.resolve(failed('INTERNAL', message));
      this.idleCheck();
    });
  }
}
