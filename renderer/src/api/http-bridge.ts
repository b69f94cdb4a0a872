// window.paydesk for a plain browser: the same four functions as Electron's preload, over the local
// HTTP host (core/host/http.ts). Every request carries the token the host put into index.html.
import type { IpcError, IpcResponse, PayDeskBridge, PayDeskProgress } from './bridge-types.js';
import { CallError } from './errors.js';

/** The host writes the token into `<meta name="paydesk-token" content="…">`; the first non-empty one wins. */
export function readToken(doc: Document): string {
  for (const meta of Array.from(doc.querySelectorAll('meta[name="paydesk-token"]'))) {
    const content = meta.getAttribute('content');
    if (content) return content;
  }
  return '';
}

interface Envelope {
  ok: boolean;
  result?: unknown;
  error?: Partial<IpcError>;
}

function failed(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** The host's reply as an IpcResponse, whatever came back (a proxy's HTML page, an empty body). */
async function readEnvelope(response: Response, what: string): Promise<IpcResponse> {
  let body: Envelope;
  try {
    body = (await response.json()) as Envelope;
  } catch {
    return failed(response.status === 401 || response.status === 403 ? 'UNAUTHORIZED' : 'INTERNAL',
      `${what}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  if (body.ok) return { ok: true, result: body.result };
  const error = body.error ?? {};
  return { ok: false, error: { ...error, code: error.code ?? 'INTERNAL', message: error.message ?? `${what} failed (HTTP ${response.status})` } };
}

function unwrap(response: IpcResponse): unknown {
  if (!response.ok) throw CallError.fromIpc(response.error);
  return response.result;
}

export function createHttpBridge(token: string): PayDeskBridge {
  const listeners = new Set<(progress: PayDeskProgress) => void>();
  let source: EventSource | null = null;

  const openSource = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`/api/progress?token=${encodeURIComponent(token)}`);
    source.onmessage = (event: MessageEvent<string>) => {
      let progress: PayDeskProgress;
      try {
        progress = JSON.parse(event.data) as PayDeskProgress;
      } catch {
        return;
      }
      for (const listener of listeners) listener(progress);
    };
  };

  const invokeOverHttp = async (method: string, input?: unknown): Promise<IpcResponse> => {
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paydesk-token': token },
        body: JSON.stringify(input ?? {}),
      });
    } catch (error) {
      return failed('NETWORK', `${method}: the PayDesk host does not answer (${(error as Error).message})`);
    }
    return readEnvelope(response, method);
  };

  return {
    invoke: invokeOverHttp as PayDeskBridge['invoke'],
    call: (async (method: string, input?: unknown) => unwrap(await invokeOverHttp(method, input))) as PayDeskBridge['call'],

    onProgress(listener) {
      listeners.add(listener);
      openSource();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },

    async upload(file) {
      let response: Response;
      try {
        response = await fetch('/api/upload', {
          method: 'POST',
          headers: { 'x-paydesk-token': token, 'x-file-name': encodeURIComponent(file.name), 'content-type': 'application/octet-stream' },
          body: file,
        });
      } catch (error) {
        throw new CallError('NETWORK', `upload ${file.name}: the PayDesk host does not answer (${(error as Error).message})`);
      }
      const result = unwrap(await readEnvelope(response, `upload ${file.name}`)) as { path?: unknown };
      if (typeof result?.path !== 'string') throw new CallError('INTERNAL', `upload ${file.name}: the host returned no path`);
      return result.path;
    },

    downloadUrl(path) {
      return `/api/download?path=${encodeURIComponent(path)}&token=${encodeURIComponent(token)}`;
    },
  };
}
