// The shell's security checklist (electron/electron docs/tutorial/security.md), applied to every
// webContents and to the session: no new windows, no navigation away from the app, no <webview>,
// a strict Content-Security-Policy, no permissions. Only Electron *types* are imported here (and the
// CSP string, shared with the browser-mode HTTP host), so the rules are plain functions that tests
// drive with fakes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/host/transport-session.js';

/** Where the app's own pages come from: the built renderer directory, or a local dev server. */
export interface AppOrigin {
  /** absolute path of renderer/dist (inside app.asar when packaged) */
  rendererDir: string;
  /** e.g. http://localhost:5173 — only while developing (see main.ts) */
  devServerUrl?: string | undefined;
}

export interface ShellLog {
  warn(message: string): void;
}

/**
 * Is `url` one of the app's own pages: a file:// URL inside the renderer directory, or a URL on
 * the dev server's origin when one is configured? Anything unparsable is not.
 */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '') return false; // file://server/share: never ours
    let file: string;
    try {
      file = fileURLToPath(parsed); // refuses encoded "/" and other tricks
    } catch {
      return false;
    }
    const relative = path.relative(path.resolve(origin.rendererDir), file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }
  if (!origin.devServerUrl) return false;
  let dev: URL;
  try {
    dev = new URL(origin.devServerUrl);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === dev.origin;
}

/** The policy every page of the app runs under (the HTTP host of browser mode sends the same). */
export { CONTENT_SECURITY_POLICY };

/** Response headers with our CSP replacing any the response carried (whatever its case). */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/**
 * Session-wide rules: the CSP header on every response and no permission for anything
 * (camera, notifications, geolocation, clipboard-read, …). The renderer needs none of them.
 */
export function hardenSession(session: Session, log: ShellLog): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`permission request refused: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** Rules for one webContents: no window.open, no navigation off the app, no <webview>. */
export function hardenWebContents(contents: WebContents, origin: AppOrigin, log: ShellLog): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`window.open refused: ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, origin)) return;
    log.warn(`navigation refused: ${event.url}`);
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    log.warn(`<webview> refused: ${params['src'] ?? '(no src)'}`);
    event.preventDefault();
  });
}

/** Apply `hardenWebContents` to every webContents the app ever creates (windows, devtools, …). */
export function hardenApp(app: App, origin: AppOrigin, log: ShellLog): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin, log));
}
