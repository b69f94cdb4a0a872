// The local HTTP host: PayDesk in a plain browser (docs/architecture.md#one-api-three-transports). It
// binds 127.0.0.1 only and serves the built renderer with a per-start token in index.html; every
// API request must carry that token and a Host header naming this server (DNS-rebinding guard).
//
//   POST /api/<method>        header x-paydesk-token; JSON body = input → 200 IpcResponse
//   POST /api/upload          header x-paydesk-token, x-file-name (URI-encoded); raw body ≤ 200 MB
//                             → 200 {ok:true,result:{path}}
//   GET  /api/download?path=…&token=…   a file under <dataDir>/exports, as an attachment
//   GET  /api/progress?token=…          Server-Sent Events: one `data: <PayDeskProgress>` per event
//   GET  anything else                  the renderer's files; index.html for the SPA's routes
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { reviewTemplatePath } from '../balances/template.js';
import { systemClock, type Clock } from '../clock.js';
import { inProcessBooks, type BooksLink, type InProcessBooks } from './books-link.js';
import { BooksRelay, forkBooks } from './books-relay.js';
import { pruneUploads, receiveUpload, resolveDownload, sendDownload, serveStatic, UploadError, UPLOAD_BYTES_MAX } from './http-files.js';
import { resolveDataDir } from './data-dir.js';
import { CONTENT_SECURITY_POLICY, failure, NOT_SIGNED_IN_MESSAGE, type IpcResponse, type PayDeskProgress, type TransportLog } from './wire.js';

export interface HttpHostOptions {
  /** the database file; created and initialised (with the demo users) when missing */
  dbFile: string;
  /** the built renderer (renderer/dist) */
  rendererDir: string;
  /** 0 = any free port; default 0 */
  port?: number;
  clock?: Clock;
  /** uploads and exports live under it; default resolveDataDir() (PAYDESK_DATA_DIR or the OS user-data folder) */
  dataDir?: string;
  /** default: package.json's version */
  version?: string;
  /** the 01:15 bank-balance carry-over timer; default true */
  carryOver?: boolean;
  /**
   * 'process' (the default): the books run in their own process (core/host/books-process.ts), so
   * the server, the progress stream and cancel answer while long work runs. 'in-process': in this
   * process, for tests that need a frozen `clock` or the database at hand.
   */
  books?: 'process' | 'in-process';
  log?: TransportLog;
}

export interface HttpHost {
  /** http://127.0.0.1:PORT/ */
  url: string;
  token: string;
  port: number;
  dbFile: string;
  dataDir: string;
  /** the books: their own process, or this one's (then with `db` at hand) */
  books: BooksLink | InProcessBooks;
  /** the listening server (bound to 127.0.0.1) */
  server: http.Server;
  /** stops the timer, ends progress streams, closes the server, waits for running calls, closes the database */
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-paydesk-token';
export const FILE_NAME_HEADER = 'x-file-name';
export const JSON_BYTES_MAX = 1024 * 1024;
/** An over-long JSON body is read and dropped up to this size (so the client sees the 413), beyond it the connection is cut. */
const JSON_DRAIN_BYTES_MAX = 16 * 1024 * 1024;
const SSE_HEARTBEAT_MS = 20_000;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const stderrLog: TransportLog = {
  warn: (message) => process.stderr.write(`paydesk host: ${message}\n`),
  error: (message) => process.stderr.write(`paydesk host: ${message}\n`),
};

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const log = options.log ?? stderrLog;
  const dataDir = path.resolve(options.dataDir ?? resolveDataDir());
  const dbFile = path.resolve(options.dbFile);
  const rendererDir = path.resolve(options.rendererDir);
  const uploadsDir = path.join(dataDir, 'uploads');
  mkdirSync(uploadsDir, { recursive: true });
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const pruned = await pruneUploads(uploadsDir, (options.clock ?? systemClock).now());
  if (pruned.length > 0) log.info?.(`removed ${pruned.length} upload(s) older than a week from ${uploadsDir}`);

  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token, 'utf8');
  const progressClients = new Set<ServerResponse>();
  const broadcast = (progress: PayDeskProgress): void => {
    const frame = `data: ${JSON.stringify(progress)}\n\n`;
    for (const client of progressClients) client.write(frame);
  };

  const open = { mode: 'browser' as const, dbFile, dataDir, version: options.version ?? packageVersion(), carryOver: options.carryOver !== false };
  if (options.clock && options.books !== 'in-process') throw new Error("startHttpHost: a clock of one's own needs books: 'in-process' (it cannot cross into the books process)");
  const books: BooksLink = options.books === 'in-process'
    ? inProcessBooks(open, { clock: options.clock, log, onProgress: broadcast })
    : await BooksRelay.start({ spawn: () => forkBooks(), open, onProgress: broadcast, log });
  mkdirSync(books.exportsDir, { recursive: true });

  let port = 0;
  let closing = false;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const hasToken = (given: string | null | undefined): boolean => {
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given, 'utf8');
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(host)) {
      log.warn(`refused a request for Host "${host.slice(0, 100)}"`);
      return sendJson(res, 403, failure('FORBIDDEN', 'this server answers only to 127.0.0.1 and localhost'));
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      return sendJson(res, 400, failure('BAD_INPUT', 'bad request URL'));
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, failure('BAD_INPUT', `${req.method ?? '?'} is not allowed here`));
    }
    await serveStatic(req, res, url.pathname, rendererDir, token);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin.toLowerCase())) {
      log.warn(`refused an API request from origin ${origin.slice(0, 100)}`);
      return sendJson(res, 403, failure('FORBIDDEN', 'calls are accepted from the PayDesk page only'));
    }
    const name = url.pathname.slice('/api/'.length);
    const expect = name === 'download' || name === 'progress' ? ['GET', 'HEAD'] : ['POST'];
    if (!expect.includes(req.method ?? '')) {
      res.setHeader('allow', expect.join(', '));
      return sendJson(res, 405, failure('BAD_INPUT', `${req.method ?? '?'} /api/${name.slice(0, 80)}: use ${expect[0]}`));
    }
    const given = expect[0] === 'GET' ? url.searchParams.get('token') : headerValue(req, TOKEN_HEADER);
    if (!hasToken(given)) {
      log.warn(`refused /api/${name.slice(0, 80)}: ${given ? 'wrong' : 'no'} token`);
      return sendJson(res, 403, failure('FORBIDDEN', 'missing or wrong PayDesk token'));
    }
    switch (name) {
      case 'upload':
        return upload(req, res);
      case 'download':
        return download(req, res, url);
      case 'progress':
        return progressStream(req, res);
      default:
        return apiCall(req, res, name);
    }
  }

  async function apiCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    let method: string;
    try {
      method = decodeURIComponent(name);
    } catch {
      return sendJson(res, 400, failure('BAD_INPUT', 'bad method name'));
    }
    const body = await readJsonBody(req, res);
    if (body === null) return;
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, failure('BAD_INPUT', 'the request body must be JSON'));
    }
    const response = await books.call(method, input);
    sendJson(res, 200, response);
  }

  /** The body, or null after answering 413 (too large) itself. */
  async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > JSON_DRAIN_BYTES_MAX) {
      res.setHeader('connection', 'close');
      sendJson(res, 413, failure('BAD_INPUT', `the request body is larger than ${JSON_BYTES_MAX} bytes`));
      return null;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total <= JSON_BYTES_MAX) chunks.push(chunk);
      else if (total > JSON_DRAIN_BYTES_MAX) {
        req.destroy();
        return null;
      }
    }
    if (total > JSON_BYTES_MAX) {
      sendJson(res, 413, failure('BAD_INPUT', `the request body is larger than ${JSON_BYTES_MAX} bytes`));
      return null;
    }
    return Buffer.concat(chunks);
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (books.user === null) {
      req.resume();
      return sendJson(res, 200, failure('FORBIDDEN', NOT_SIGNED_IN_MESSAGE));
    }
    const rawName = headerValue(req, FILE_NAME_HEADER);
    let name: string;
    try {
      name = decodeURIComponent(rawName ?? '');
    } catch {
      req.resume();
      return sendJson(res, 400, failure('BAD_INPUT', `${FILE_NAME_HEADER} must be URI-encoded`));
    }
    if (!name) {
      req.resume();
      return sendJson(res, 400, failure('BAD_INPUT', `${FILE_NAME_HEADER} (the file's name, URI-encoded) is required`));
    }
    if (Number(req.headers['content-length'] ?? 0) > UPLOAD_BYTES_MAX) {
      res.setHeader('connection', 'close');
      return sendJson(res, 413, failure('FILE_ERROR', `the file is larger than ${UPLOAD_BYTES_MAX / 1024 / 1024} MB`));
    }
    try {
      const file = await receiveUpload(req, uploadsDir, name);
      log.info?.(`upload: ${file}`);
      sendJson(res, 200, { ok: true, result: { path: file } });
    } catch (error) {
      const status = error instanceof UploadError ? error.status : 500;
      if (status === 413) res.setHeader('connection', 'close');
      if (!res.headersSent && !res.destroyed) sendJson(res, status, failure('FILE_ERROR', (error as Error).message));
    }
  }

  async function download(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (books.user === null) return sendJson(res, 403, failure('FORBIDDEN', NOT_SIGNED_IN_MESSAGE));
    const requested = url.searchParams.get('path');
    if (!requested) return sendJson(res, 400, failure('BAD_INPUT', 'path is required'));
    // the exports folder, or the templates the product ships (read-only, the same for everyone)
    let found = await resolveDownload(books.exportsDir, requested);
    if ('refused' in found && path.isAbsolute(requested)) {
      const shipped = await resolveDownload(path.dirname(reviewTemplatePath()), requested);
      if ('file' in shipped) found = shipped;
    }
    if ('refused' in found) {
      if (found.refused === 'outside') {
        log.warn(`download refused (outside the exports folder): ${requested.slice(0, 300)}`);
        return sendJson(res, 403, failure('FORBIDDEN', `only files under ${books.exportsDir} can be downloaded`));
      }
      return sendJson(res, 404, failure('NOT_FOUND', `no such file under ${books.exportsDir}: ${requested.slice(0, 300)}`));
    }
    await sendDownload(req, res, found.file);
  }

  function progressStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.write('retry: 2000\n\n');
    progressClients.add(res);
    const forget = (): void => {
      progressClients.delete(res);
    };
    req.on('close', forget);
    res.on('close', forget);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error(`request ${req.method ?? '?'} ${req.url ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', error instanceof Error ? error.message : String(error)));
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await books.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  const heartbeat = setInterval(() => {
    for (const client of progressClients) client.write(': ping\n\n');
  }, SSE_HEARTBEAT_MS);
  heartbeat.unref();

  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    port,
    dbFile,
    dataDir,
    books,
    server,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(heartbeat);
        for (const client of progressClients) client.end();
        progressClients.clear();
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await books.idle();
        server.closeAllConnections();
        await serverClosed;
        await books.close();
      })();
      return closed;
    },
  };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: IpcResponse): void {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    status = 500;
    text = JSON.stringify(failure('INTERNAL', `the result could not be sent: ${(error as Error).message}`));
  }
  const bytes = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, 'cache-control': 'no-store' });
  res.end(bytes);
}
