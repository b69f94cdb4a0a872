// `npm start` in browser mode, as a real child process; and the pieces start.ts decides with.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary, rendererNeedsBuild, requestedPort, startOnPort } from './start.js';
import type { IpcResponse } from './transport-session.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-start-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeRenderer(rendererDir: string): void {
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>PayDesk</title></head><body></body></html>');
}

const LINE = /^Electron is not installed here; serving PayDesk in browser mode at (http:\/\/127\.0\.0\.1:(\d+)\/) \(Ctrl\+C to stop\)$/;

describe('npm start (core/host/bin/start.mjs)', () => {
  it('without Electron prints the one browser-mode line, serves PayDesk there, and closes cleanly on SIGTERM', async () => {
    const rendererDir = path.join(dir, 'renderer');
    const dataDir = path.join(dir, 'data');
    writeRenderer(rendererDir);
    const env: NodeJS.ProcessEnv = { ...process.env, PAYDESK_DATA_DIR: dataDir, PAYDESK_PORT: '0', PAYDESK_RENDERER_DIR: rendererDir,
      // require('electron') then names a binary that does not exist, even where Electron is installed
      ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'no-electron') };
    delete env['PAYDESK_BROWSER'];
    delete env['PAYDESK_DB'];
    const child = spawn(process.execPath, [path.resolve('core/host/bin/start.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line on stdout within 45 s; stderr: ${stderr}`)), 45_000);
        lines.on('line', (line) => {
          stdout.push(line);
          clearTimeout(timer);
          resolve(line);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before printing; stderr: ${stderr}`)));
      });
      const match = LINE.exec(first);
      expect(match, first).not.toBeNull();
      const url = match![1]!;
      expect(Number(match![2])).toBeGreaterThan(0);

      const page = await fetch(url);
      expect(page.status).toBe(200);
      const token = /<meta name="paydesk-token" content="([0-9a-f]{64})">/.exec(await page.text())?.[1];
      expect(token).toBeDefined();
      const users = await fetch(`${url}api/session.users`, { method: 'POST', headers: { 'x-paydesk-token': token! } });
      const body = (await users.json()) as IpcResponse<{ login: string }[]>;
      expect(body.ok && body.result.map((u) => u.login)).toEqual(['admin', 'operator', 'reviewer']);
      const info = await fetch(`${url}api/host.info`, { method: 'POST', headers: { 'x-paydesk-token': token! } });
      expect(((await info.json()) as IpcResponse<{ dbFile: string }>)).toMatchObject({ ok: true, result: { dbFile: path.join(dataDir, 'paydesk.sqlite') } });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toEqual([first]); // stdout is that one line
      expect(existsSync(path.join(dataDir, 'paydesk.sqlite'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'paydesk.sqlite-wal'))).toBe(false); // the database was closed, not abandoned
      expect(stderr).toContain('SIGTERM: closing the host and the database');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('start.ts decisions', () => {
  it('finds no Electron binary where require("electron") fails or names a missing file', () => {
    expect(electronBinary(dir)).toBeNull(); // no node_modules/electron at all
    const fake = path.join(dir, 'node_modules', 'electron');
    mkdirSync(fake, { recursive: true });
    writeFileSync(path.join(fake, 'package.json'), '{"name":"electron","main":"index.js"}');
    writeFileSync(path.join(fake, 'index.js'), `module.exports = ${JSON.stringify(path.join(fake, 'dist', 'electron'))};`);
    expect(electronBinary(dir)).toBeNull();
    mkdirSync(path.join(fake, 'dist'));
    writeFileSync(path.join(fake, 'dist', 'electron'), '');
    expect(electronBinary(dir)).toBe(path.join(fake, 'dist', 'electron'));
  });

  it('builds the renderer when dist/index.html is missing or older than renderer/src', () => {
    const src = path.join(dir, 'renderer', 'src', 'screens');
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'Today.tsx'), 'export {};');
    expect(rendererNeedsBuild(dir)).toBe(true);
    writeRenderer(path.join(dir, 'renderer', 'dist'));
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'renderer', 'src', 'screens', 'Today.tsx'), old, old);
    utimesSync(path.join(dir, 'renderer', 'src', 'screens'), old, old);
    utimesSync(path.join(dir, 'renderer', 'src'), old, old);
    expect(rendererNeedsBuild(dir)).toBe(false);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(src, 'Today.tsx'), later, later);
    expect(rendererNeedsBuild(dir)).toBe(true);
  });

  it('reads PAYDESK_PORT (default 5199) and refuses nonsense', () => {
    expect(requestedPort({})).toBe(5199);
    expect(requestedPort({ PAYDESK_PORT: '0' })).toBe(0);
    expect(requestedPort({ PAYDESK_PORT: '8123' })).toBe(8123);
    expect(() => requestedPort({ PAYDESK_PORT: 'http' })).toThrow(/PAYDESK_PORT/);
    expect(() => requestedPort({ PAYDESK_PORT: '70000' })).toThrow(/PAYDESK_PORT/);
  });

  it('falls back to any free port when the wanted one is busy', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const rendererDir = path.join(dir, 'renderer');
    writeRenderer(rendererDir);
    const said: string[] = [];
    const host = await startOnPort({ dbFile: path.join(dir, 'data', 'paydesk.sqlite'), dataDir: path.join(dir, 'data'), rendererDir, carryOver: false, log: { warn: () => undefined, error: () => undefined } },
      busy, { out: (l) => said.push(l), err: (l) => said.push(l) });
    try {
      expect(host.port).not.toBe(busy);
      expect(said).toEqual([`port ${busy} is in use; using any free port`]);
      expect((await fetch(host.url)).status).toBe(200);
    } finally {
      await host.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
