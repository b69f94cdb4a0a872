// The renderer's one way into the app: typed calls over window.paydesk (Electron's preload, or the
// HTTP bridge in a plain browser).
import type { AppInput, AppMethod, AppOutput, PayDeskBridge, PayDeskProgress } from './bridge-types.js';
import { createHttpBridge, readToken } from './http-bridge.js';
import { CallError, toCallError } from './errors.js';

let bridge: PayDeskBridge | null = null;

/** The bridge in use: Electron's `window.paydesk` if the preload put one there, else one over HTTP. */
export function getBridge(): PayDeskBridge {
  if (bridge) return bridge;
  const w = window as unknown as { paydesk?: PayDeskBridge };
  bridge = w.paydesk ?? createHttpBridge(readToken(document));
  if (!w.paydesk) w.paydesk = bridge;
  return bridge;
}

/** For tests: use this bridge. */
export function setBridge(next: PayDeskBridge | null): void {
  bridge = next;
}

export async function call<M extends AppMethod>(method: M, ...input: {} extends AppInput<M> ? [AppInput<M>?] : [AppInput<M>]): Promise<AppOutput<M>> {
  let response;
  try {
    response = await getBridge().invoke(method, (input[0] ?? {}) as AppInput<M>);
  } catch (error) {
    throw toCallError(error);
  }
  if (!response.ok) throw CallError.fromIpc(response.error);
  return response.result as AppOutput<M>;
}

export function onProgress(listener: (progress: PayDeskProgress) => void): () => void {
  return getBridge().onProgress(listener);
}

export async function upload(file: File): Promise<string> {
  const b = getBridge();
  if (typeof b.upload !== 'function') throw toCallError(new Error('[INTERNAL] this window cannot upload files'));
  try {
    return await b.upload(file);
  } catch (error) {
    throw toCallError(error);
  }
}

export function downloadUrl(path: string): string | null {
  const b = getBridge();
  return typeof b.downloadUrl === 'function' ? b.downloadUrl(path) : null;
}
