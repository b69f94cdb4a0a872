// The preload: puts exactly one object, `window.paydesk`, into the page. It runs sandboxed, so it
// is bundled to CommonJS (electron/dist/preload.cjs) and imports nothing from the core at run
// time — only types (`import type` is erased by the bundler).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BridgeInput, BridgeMethod, BridgeOutput, IpcError, IpcResponse, PayDeskBridge, PayDeskProgress } from './bridge-types.js';

// Same strings as CALL_CHANNEL / PROGRESS_CHANNEL in ipc.ts (a value import would pull the core
// into the preload bundle); ipc.test.ts checks they agree.
const CALL_CHANNEL = 'paydesk:call';
const PROGRESS_CHANNEL = 'paydesk:progress';

/**
 * A failed `call` (the short form; the renderer uses `invoke`, whose errors arrive as data).
 * contextBridge copies only the message of an Error into the page, so the code leads the message
 * ("[CODE] text"); `code` and `location` are set too for callers inside the preload's own world.
 */
class PayDeskCallError extends Error {
  readonly code: string;
  readonly location: IpcError['location'];
  constructor(error: IpcError) {
    super(`[${error.code}] ${error.message}`);
    this.name = 'PayDeskCallError';
    this.code = error.code;
    this.location = error.location;
  }
}

function isIpcResponse(value: unknown): value is IpcResponse {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'result' in value : value.ok === false && 'error' in value;
}

function internal(message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

const bridge = {
  async invoke<M extends BridgeMethod>(method: M, input?: BridgeInput<M>): Promise<IpcResponse<BridgeOutput<M>>> {
    let response: unknown;
    try {
      response = await ipcRenderer.invoke(CALL_CHANNEL, method, input);
    } catch (error) {
      // Only when the main process has no handler or the reply could not be cloned.
      return internal(error instanceof Error ? error.message : String(error));
    }
    if (!isIpcResponse(response)) return internal(`${String(method)}: malformed reply from the main process`);
    return response as IpcResponse<BridgeOutput<M>>;
  },

  async call<M extends BridgeMethod>(method: M, input?: BridgeInput<M>): Promise<BridgeOutput<M>> {
    const response = await bridge.invoke(method, input);
    if (!response.ok) throw new PayDeskCallError(response.error);
    return response.result;
  },

  onProgress(listener: (progress: PayDeskProgress) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onProgress needs a function');
    // The IPC event object (with its sender) never reaches the page: only the payload does.
    const relay = (_event: IpcRendererEvent, progress: PayDeskProgress): void => listener(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, relay);
    };
  },

  /** The picked file's own path: the core reads it where it is, nothing is copied. */
  async upload(file: File): Promise<string> {
    let filePath = '';
    try {
      filePath = webUtils.getPathForFile(file);
    } catch (error) {
      throw new PayDeskCallError({ code: 'BAD_INPUT', message: `not a file: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (!filePath) {
      throw new PayDeskCallError({ code: 'FILE_ERROR', message: `${file?.name ?? 'the file'} is not a file on disk; save it first, then pick it / 请先保存到磁盘再选择` });
    }
    return filePath;
  },

  /** Electron shows an export with host.revealFile instead of downloading it. */
  downloadUrl(_path: string): string | null {
    return null;
  },
} satisfies PayDeskBridge;

contextBridge.exposeInMainWorld('paydesk', bridge);
