// `npm start`: build the renderer when it is missing or stale, then run the Electron app if its
// binary is installed, or else serve PayDesk in browser mode on 127.0.0.1 (core/host/http.ts).
//
// Environment:
//   PAYDESK_DATA_DIR      data folder (default: the OS user-data folder for PayDesk)
//   PAYDESK_DB            database file (default: <data folder>/paydesk.sqlite)
//   PAYDESK_PORT          browser mode's port (default 5199; 0 = any; a busy port falls back to any)
//   PAYDESK_BROWSER=1     browser mode even where Electron is installed
//   PAYDESK_RENDERER_DIR  serve this already-built renderer folder instead of renderer/dist (no build)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpHost, type HttpHost } from './http.js';
import { resolveDataDir, resolveDbFile, type TransportLog } from './transport-session.js';

export const DEFAULT_PORT = 5199;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StartIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: StartIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The newest modification time (ms) of a file or of any file under a folder; 0 if none exist. */
function newestMtime(target: string, depth = 0): number {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  if (depth > 20) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry), depth + 1));
  }
  return newest;
}

/**
 * Does renderer/dist need building: dist/index.html missing, or older than anything in
 * renderer/src, renderer/index.html or renderer/vite.config.ts?
 */
export function rendererNeedsBuild(root: string = ROOT): boolean {
  const built = path.join(root, 'renderer', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newestMtime(path.join(root, 'renderer', 'src')),
    newestMtime(path.join(root, 'renderer', 'index.html')),
    newestMtime(path.join(root, 'renderer', 'vite.config.ts')),
  );
  return sources > statSync(built).mtimeMs;
}

/** `npm run <script>` in the project, the same npm that runs us when there is one. */
function runNpm(script: string, stdio: 'inherit' | 'to-stderr'): ChildProcess {
  const npmCli = process.env['npm_execpath'];
  const args = ['run', script];
  const options = { cwd: ROOT, env: process.env, stdio: stdio === 'inherit' ? ('inherit' as const) : (['ignore', 2, 2] as ['ignore', number, number]) };
  return npmCli && /\.[cm]?js$/.test(npmCli)
    ? spawn(process.execPath, [npmCli, ...args], options)
    : spawn('npm', args, { ...options, shell: process.platform === 'win32' });
}

function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Build the renderer if needed; its output goes to stderr so stdout stays one line. */
async function ensureRenderer(io: StartIo): Promise<void> {
  if (!rendererNeedsBuild()) return;
  if (!existsSync(path.join(ROOT, 'renderer', 'vite.config.ts'))) {
    throw new Error('the renderer cannot be built: renderer/vite.config.ts is missing');
  }
  io.err('building the renderer (npm run build:renderer)…');
  const code = await exitCodeOf(runNpm('build:renderer', 'to-stderr'));
  if (code !== 0) throw new Error(`npm run build:renderer failed (exit ${code})`);
  if (!existsSync(path.join(ROOT, 'renderer', 'dist', 'index.html'))) throw new Error('npm run build:renderer wrote no renderer/dist/index.html');
}

/** The Electron binary's path if it is installed (require('electron') names a file that exists), else null. */
export function electronBinary(root: string = ROOT): string | null {
  try {
    const binary: unknown = createRequire(path.join(root, 'package.json'))('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // the package throws when its binary was never downloaded
  }
}

/** PAYDESK_PORT, or 5199. */
export function requestedPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['PAYDESK_PORT'];
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PAYDESK_PORT must be a port number 0–65535, got "${raw}"`);
  return port;
}

/** Start the host on the port, or on any free port if that one is taken. */
export async function startOnPort(options: Omit<Parameters<typeof startHttpHost>[0], 'port'>, port: number, io: StartIo): Promise<HttpHost> {
  try {
    return await startHttpHost({ ...options, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    io.err(`port ${port} is in use; using any free port`);
    return startHttpHost({ ...options, port: 0 });
  }
}

function stderrLog(io: StartIo): TransportLog {
  const line = (level: string) => (message: string) => io.err(`${new Date().toISOString()} ${level} ${message}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

async function runElectron(io: StartIo): Promise<void> {
  io.err('starting the Electron app (npm run start:electron)…');
  const child = runNpm('start:electron', 'inherit');
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.exitCode = await exitCodeOf(child);
}

async function runBrowser(io: StartIo, env: NodeJS.ProcessEnv, rendererDir: string): Promise<void> {
  const dataDir = resolveDataDir(env);
  const dbFile = resolveDbFile(dataDir, env);
  const host = await startOnPort({ dbFile, rendererDir, dataDir, log: stderrLog(io) }, requestedPort(env), io);
  io.out(`Electron is not installed here; serving PayDesk in browser mode at ${host.url} (Ctrl+C to stop)`);
  io.err(`database ${host.dbFile}; data folder ${host.dataDir}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1); // a second Ctrl+C: do not wait
    }
    stopping = true;
    io.err(`${signal}: closing the host and the database…`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        io.err(`closing failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

export async function main(env: NodeJS.ProcessEnv = process.env, io: StartIo = processIo): Promise<void> {
  try {
    const rendererOverride = env['PAYDESK_RENDERER_DIR'];
    if (!rendererOverride) await ensureRenderer(io);
    const rendererDir = rendererOverride ? path.resolve(rendererOverride) : path.join(ROOT, 'renderer', 'dist');
    if (env['PAYDESK_BROWSER'] !== '1' && electronBinary()) {
      await runElectron(io);
      return;
    }
    await runBrowser(io, env, rendererDir);
  } catch (error) {
    io.err(`paydesk start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
