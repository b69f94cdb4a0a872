// The Electron transport of the one API (DESIGN.md "One API, three transports"): one
// ipcMain.handle channel in front of core/api's callApi. No runtime import of 'electron' here:
// ipcMain comes in as a parameter, so tests drive the handler with a fake and a real database.
import { callApi, isMethodName, type Ctx, type MethodInput, type MethodName, type MethodOutput } from '../core/api/index.js';
import { PayDeskError, type ErrorCode, type ErrorLocation } from '../core/errors.js';
import { isAppUrl, type AppOrigin } from './security.js';

/** renderer → main: `invoke(CALL_CHANNEL, method, input)` resolves to an IpcResponse, never rejects */
export const CALL_CHANNEL = 'paydesk:call';
/** main → renderer: progress of long work (imports, matching), one PayDeskProgress per message */
export const PROGRESS_CHANNEL = 'paydesk:progress';

export type IpcErrorCode = ErrorCode | 'INTERNAL';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  location?: ErrorLocation;
}

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

/**
 * What the preload puts on `window.paydesk` — the renderer's only way into the app.
 *
 * `call` rejects with an Error whose message starts with the code in brackets,
 * e.g. "[FORBIDDEN] ledger.closeDay needs the role reviewer or admin; …". The preload also sets
 * `code` and `location` on that Error, but contextBridge copies only an Error's message into the
 * page, so the renderer must read the code from the message prefix.
 */
export interface PayDeskBridge {
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Returns a function that removes the listener. */
  onProgress(listener: (progress: PayDeskProgress) => void): () => void;
}

/** The parts of Electron's ipcMain this transport uses (Electron's own ipcMain satisfies it). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcCallEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The parts of Electron's IpcMainInvokeEvent the handler reads. */
export interface IpcCallEvent {
  /** null when the frame navigated away or was destroyed before the call arrived */
  readonly senderFrame: { readonly url: string } | null;
}

export interface BindOptions extends AppOrigin {
  log?: { warn(message: string): void; error(message: string): void };
}

const METHOD_NAME_SHOWN_MAX = 80;

/**
 * Register the one IPC handler. Calls are accepted only from the app's own pages; the method must
 * name a known API method; every outcome comes back as an IpcResponse (errors are data, never a
 * rejected invoke). Returns a function that unregisters the handler.
 */
export function bindApi(ipcMain: IpcMainLike, getCtx: () => Ctx, options: BindOptions): () => void {
  const origin: AppOrigin = { rendererDir: options.rendererDir, devServerUrl: options.devServerUrl };
  const log = options.log;

  async function handle(event: IpcCallEvent, method: unknown, input: unknown): Promise<IpcResponse> {
    const url = event.senderFrame?.url;
    if (url === undefined || !isAppUrl(url, origin)) {
      log?.warn(`IPC call refused from ${url ?? '(a destroyed frame)'}`);
      return failure('FORBIDDEN', 'calls are accepted from the PayDesk window only');
    }
    if (typeof method !== 'string') return failure('BAD_INPUT', 'the method name must be a string');
    if (!isMethodName(method)) return failure('NOT_FOUND', `unknown method "${method.slice(0, METHOD_NAME_SHOWN_MAX)}"`);
    try {
      const result = await callApi(getCtx(), method, input);
      return { ok: true, result };
    } catch (error) {
      if (error instanceof PayDeskError) {
        return { ok: false, error: { code: error.code, message: error.message, ...(error.location ? { location: error.location } : {}) } };
      }
      log?.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure('INTERNAL', error instanceof Error ? error.message : String(error));
    }
  }

  ipcMain.handle(CALL_CHANNEL, (event, method, input) => handle(event, method, input));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

function failure(code: IpcErrorCode, message: string): IpcResponse {
  return { ok: false, error: { code, message } };
}
