// The renderer's one way into the app, as types only (no runtime imports: the renderer imports this
// file). The preload (electron/preload.ts) implements PayDeskBridge over IPC; in a plain browser the
// renderer implements it over the local HTTP host (core/host/http.ts).
import type { MethodInput, MethodName, MethodOutput } from '../core/api/index.js';
import type { IpcResponse, PayDeskProgress, TransportMethodName, TransportMethods } from '../core/host/transport-session.js';

export type {
  HostInfo, HostMode, IpcError, IpcErrorCode, IpcResponse, PayDeskProgress, SessionUser, SignedInUser, TransportMethodName, TransportMethods,
} from '../core/host/transport-session.js';
export type { MethodInput, MethodName, MethodOutput } from '../core/api/index.js';
export type { User } from '../core/users/users.js';

/** Every method `call` reaches: the API registry's, and the transport's own session.* and host.*. */
export type BridgeMethod = MethodName | TransportMethodName;

export type BridgeInput<M extends BridgeMethod> = M extends MethodName
  ? MethodInput<M>
  : M extends TransportMethodName
    ? TransportMethods[M]['input']
    : never;

export type BridgeOutput<M extends BridgeMethod> = M extends MethodName
  ? MethodOutput<M>
  : M extends TransportMethodName
    ? TransportMethods[M]['output']
    : never;

/**
 * What the renderer calls: `window.paydesk` under Electron (put there by the preload), or an
 * object of the same shape over HTTP in browser mode.
 *
 * `invoke` answers every call with its IpcResponse: the result, or the error as data (code, reason,
 * params, location), which contextBridge copies into the page whole. The renderer uses it.
 * `call` is the short form for scripts and the console: it rejects with an Error whose message
 * starts with the code in brackets, e.g. "[FORBIDDEN] day.close needs the role reviewer or admin or
 * trainer; …" (contextBridge copies only an Error's message, so nothing else of the error survives).
 *
 * Before sign-in only session.users, session.signIn, session.current, session.signOut and
 * host.info answer; everything else fails with "[FORBIDDEN] sign in first / 请先登录".
 */
export interface PayDeskBridge {
  /** Never rejects: a failure of the call, or of the transport (code INTERNAL / NETWORK), is `{ok:false,error}`. */
  invoke<M extends BridgeMethod>(method: M, input?: BridgeInput<M>): Promise<IpcResponse<BridgeOutput<M>>>;
  call<M extends BridgeMethod>(method: M, input?: BridgeInput<M>): Promise<BridgeOutput<M>>;
  /** Returns a function that removes the listener. */
  onProgress(listener: (progress: PayDeskProgress) => void): () => void;
  /**
   * A path the core can read for a file the user picked (an <input type="file"> or a drop), to pass
   * to e.g. recon.import {file}. Electron: the file's own path (webUtils.getPathForFile); browser
   * mode: the bytes are POSTed to /api/upload and the saved copy's path comes back.
   */
  upload(file: File): Promise<string>;
  /**
   * Browser mode: a URL that downloads a file the core wrote under the exports folder
   * (HostInfo.exportsDir). Electron: null — call 'host.revealFile' {path} instead.
   */
  downloadUrl(path: string): string | null;
}
