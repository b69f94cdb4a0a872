// The file side of the local HTTP host: the built renderer (with the token put into index.html),
// uploads streamed to <dataDir>/uploads, and downloads from <dataDir>/exports only.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isInside } from './transport-session.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** `<meta name="paydesk-token" content="…">` put right after `<head …>` (or first, without a head). */
export function injectToken(html: string, token: string): string {
  if (!/^[0-9a-f]+$/.test(token)) throw new Error('the token must be hex');
  const meta = `<meta name="paydesk-token" content="${token}">`;
  let injected = false;
  const result = html.replace(/<head(\s[^>]*)?>/i, (head) => {
    injected = true;
    return head + meta;
  });
  return injected ? result : meta + html;
}

/** What serveStatic did. */
export type StaticOutcome = 'file' | 'index' | 'not-found' | 'bad-path';

/**
 * Serve a GET/HEAD for the built renderer: an existing file under rendererDir as it is; index.html
 * (with the token) for `/`, for index.html itself and for any path without a file extension (the
 * SPA's own routes); 404 for a missing asset. Nothing outside rendererDir is ever read.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, rendererDir: string, token: string): Promise<StaticOutcome> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendText(res, 400, 'bad path');
    return 'bad-path';
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    sendText(res, 400, 'bad path');
    return 'bad-path';
  }
  const root = path.resolve(rendererDir);
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  const headOnly = req.method === 'HEAD';
  if (candidate !== root && isInside(root, candidate) && path.basename(candidate) !== 'index.html') {
    const file = await regularFileInside(root, candidate);
    if (file) {
      await sendFile(res, file, { 'content-type': contentTypeOf(file), 'cache-control': 'no-cache' }, headOnly);
      return 'file';
    }
  }
  if (decoded === '/favicon.ico') {
    res.writeHead(204, { 'cache-control': 'no-cache' }); // the browser asks for it on its own; none is shipped
    res.end();
    return 'not-found';
  }
  const isRoute = candidate === root || path.basename(candidate) === 'index.html' || path.extname(candidate) === '';
  if (!isRoute) {
    sendText(res, 404, 'not found');
    return 'not-found';
  }
  let html: string;
  try {
    html = await readFile(path.join(root, 'index.html'), 'utf8');
  } catch {
    sendText(res, 404, `the renderer is not built: ${path.join(root, 'index.html')} is missing (npm run build:renderer)`);
    return 'not-found';
  }
  const body = Buffer.from(injectToken(html, token), 'utf8');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(headOnly ? undefined : body);
  return 'index';
}

/** The real path of `file` if it is a regular file whose real path is still under `root`'s real path. */
async function regularFileInside(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!isInside(realRoot, realFile)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

async function sendFile(res: ServerResponse, file: string, headers: Record<string, string>, headOnly: boolean): Promise<void> {
  const { size } = await stat(file);
  res.writeHead(200, { ...headers, 'content-length': size });
  if (headOnly) {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file), res);
  } catch {
    res.destroy(); // the client went away, or the file vanished mid-way
  }
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  const body = Buffer.from(text + '\n', 'utf8');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
}

// ── Uploads ─────────────────────────────────────────────────────────────────────────────────────

export const UPLOAD_BYTES_MAX = 200 * 1024 * 1024;
const FILE_NAME_CHARS_MAX = 120;

/**
 * A file name safe to write: the last path segment only, letters (any script, so 支付宝 stays),
 * digits, space and `._-()[]`; everything else becomes `_`; no leading dots; at most 120
 * characters with the extension kept (the import detects .xlsx and .csv by it).
 */
export function safeFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last.normalize('NFC').replace(/[^\p{L}\p{N}\p{M} ._\-()[\]]/gu, '_').replace(/^[.\s]+/, '').trim();
  if (name.length > FILE_NAME_CHARS_MAX) {
    const ext = path.extname(name).slice(0, 16);
    name = name.slice(0, FILE_NAME_CHARS_MAX - ext.length) + ext;
  }
  return name || 'upload';
}

export class UploadError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Stream the request body to `<uploadsDir>/<random>-<safe name>` (through `.part`, renamed when
 * whole) and return that path. More than `limit` bytes: the partial file is removed and an
 * UploadError 413 thrown.
 */
export async function receiveUpload(req: IncomingMessage, uploadsDir: string, rawName: string, limit: number = UPLOAD_BYTES_MAX): Promise<string> {
  const target = path.join(uploadsDir, `${randomBytes(8).toString('hex')}-${safeFileName(rawName)}`);
  const part = `${target}.part`;
  let received = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) callback(new UploadError(413, `the file is larger than ${Math.round(limit / 1024 / 1024)} MB`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(req, limiter, createWriteStream(part, { flags: 'wx' }));
    await rename(part, target);
    return target;
  } catch (error) {
    await unlink(part).catch(() => undefined);
    if (error instanceof UploadError) throw error;
    throw new UploadError(400, `the upload did not arrive whole: ${(error as Error).message}`);
  }
}

/**
 * Uploaded statements are working copies: the batch keeps the file's name, hash and lines. They are
 * kept a week (long enough to retry an interrupted batch from its file), then removed at start-up.
 * Returns the names removed.
 */
export async function pruneUploads(uploadsDir: string, now: Date, keepDays = 7): Promise<string[]> {
  const cutoff = now.getTime() - keepDays * 24 * 3600 * 1000;
  const removed: string[] = [];
  for (const name of await readdir(uploadsDir).catch(() => [] as string[])) {
    const file = path.join(uploadsDir, name);
    try {
      const info = await stat(file);
      if (!info.isFile() || info.mtimeMs >= cutoff) continue;
      await unlink(file);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}

// ── Downloads ───────────────────────────────────────────────────────────────────────────────────

/**
 * The real path of a regular file under exportsDir named by `requested` (absolute, or relative to
 * exportsDir), or why not: 'outside' (anything not under the exports folder, symlinks followed)
 * or 'missing'.
 */
export async function resolveDownload(exportsDir: string, requested: string): Promise<{ file: string } | { refused: 'outside' | 'missing' }> {
  if (requested.includes('\0')) return { refused: 'outside' };
  const absolute = path.resolve(exportsDir, requested);
  if (!isInside(exportsDir, absolute)) return { refused: 'outside' };
  let realExports: string;
  let realFile: string;
  try {
    realExports = await realpath(exportsDir);
    realFile = await realpath(absolute);
  } catch {
    return { refused: 'missing' };
  }
  if (!isInside(realExports, realFile)) return { refused: 'outside' };
  try {
    if (!(await stat(realFile)).isFile()) return { refused: 'missing' };
  } catch {
    return { refused: 'missing' };
  }
  return { file: realFile };
}

/** Content-Disposition: attachment with an ASCII fallback name and the real name in RFC 5987 form. */
export function attachmentHeader(file: string): string {
  const name = path.basename(file);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function sendDownload(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  await sendFile(res, file, {
    'content-type': contentTypeOf(file),
    'content-disposition': attachmentHeader(file),
    'cache-control': 'no-store',
  }, req.method === 'HEAD');
}
