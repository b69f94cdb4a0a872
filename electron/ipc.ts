// The Electron transport of the one API (docs/architecture.md#one-api-three-transports): one
// ipcMain.handle channel in front of the transport session (core/host/transport-session.ts), which
// answers session.* and host.* itself and sends every other method, as the signed-in user, to
// core/api's callApi. No runtime import of 'electron' here: ipcMain comes in as a parameter, so
// tests drive the handler with a fake and a real database.
import { failure, type IpcResponse } from '../core/host/wire.js';
import { isAppUrl, type AppOrigin } from './security.js';

export type * from './bridge-types.js';

/** renderer → main: `invoke(CALL_CHANNEL, method, input)` resolves to an IpcResponse, never rejects */
export const CALL_CHANNEL = 'paydesk:call';
/** main → renderer: progress of long work (imports, matching), one PayDeskProgress per message */
export const PROGRESS_CHANNEL = 'paydesk:progress';

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

/**
 * Register the one IPC handler. Calls are accepted only from the app's own pages; everything else
 * is the session's: sign-in, the role check, the mapping of every outcome to an IpcResponse
 * (errors are data, never a rejected invoke). Returns a function that unregisters the handler.
 */
/** Whatever answers the calls: the relay to the books process (or, in tests, a session in this process). */
export interface CallTarget {
  call(method: unknown, input: unknown): Promise<IpcResponse>;
}

export function bindApi(ipcMain: IpcMainLike, session: CallTarget, options: BindOptions): () => void {
  const origin: AppOrigin = { rendererDir: options.rendererDir, devServerUrl: options.devServerUrl };
  const log = options.log;

  async function handle(event: IpcCallEvent, method: unknown, input: unknown): Promise<IpcResponse> {
    const url = event.senderFrame?.url;
    if (url === undefined || !isAppUrl(url, origin)) {
      log?.warn(`IPC call refused from ${url ?? '(a destroyed frame)'}`);
      return failure('FORBIDDEN', 'calls are accepted from the PayDesk window only');
    }
    return session.call(method, input);
  }

  ipcMain.handle(CALL_CHANNEL, (event, method, input) => handle(event, method, input));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}
