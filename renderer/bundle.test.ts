// The built renderer loads nothing from outside: no http(s) URL in the emitted HTML, JS or CSS other
// than identifiers that are never fetched (XML namespaces, React's error-page text), and every
// script and stylesheet the HTML names is one of its own relative files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** URLs that appear in the bundle as names, never as something loaded. */
const NEVER_FETCHED: { prefix: string; why: string }[] = [
  { prefix: 'http://www.w3.org/', why: 'XML namespace URIs react-dom compares element namespaces with' },
  { prefix: 'https://react.dev/errors/', why: 'text of React’s minified error messages' },
  { prefix: 'https://redux.js.org/Errors?code=', why: 'text of Redux’s minified error messages (recharts keeps its state in Redux)' },
  { prefix: 'https://redux-toolkit.js.org/Errors?code=', why: 'text of Redux Toolkit’s minified error messages (recharts)' },
  { prefix: 'https://bit.ly/3cXEKWf', why: 'text of an Immer error message (recharts, through Redux Toolkit)' },
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Licence comments may cite URLs: `/*! … *\/`, `/** @license … *\/`, `//! …`, `// @license …`. */
function withoutLicenceComments(text: string): string {
  return text
    .replace(/\/\*[!*][\s\S]*?\*\//g, (c) => (c.startsWith('/*!') || /@licen[cs]e|@preserve/.test(c) ? '' : c))
    .replace(/^\s*\/\/(?:!|\s*@licen[cs]e).*$/gm, '');
}

describe('the built renderer', () => {
  let outDir: string;
  let files: string[];

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'paydesk-renderer-build-'));
    // vitest sets NODE_ENV=test, which would make Vite build React's development bundle: build what ships
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: path.join(here, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    files = filesUnder(outDir).filter((f) => /\.(html|js|mjs|css)$/.test(f));
  }, 120_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('emits an index.html with its own script and stylesheet', () => {
    expect(files.some((f) => f.endsWith('index.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
  });

  it('has no http(s) URL it could fetch, in any emitted file', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = withoutLicenceComments(readFileSync(file, 'utf8'));
      for (const match of text.matchAll(/https?:\/\/[^\s"'`)<>\\]*/g)) {
        const url = match[0];
        if (!NEVER_FETCHED.some((n) => url.startsWith(n.prefix))) found.push(`${path.relative(outDir, file)}: ${url}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('names only relative files of its own in <script src>, <link href>, CSS url() and @import', () => {
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^\.\//);
      expect(files.map((f) => path.relative(outDir, f))).toContain(ref.slice(2));
    }
    for (const css of files.filter((f) => f.endsWith('.css'))) {
      const text = readFileSync(css, 'utf8');
      for (const m of text.matchAll(/url\(\s*["']?([^"')]+)/g)) expect(m[1], `${css}: ${m[1]}`).toMatch(/^(data:|\.{0,2}\/?[\w./-]+$)/);
      expect(text).not.toMatch(/@import/);
    }
  });

  it('keeps a Content-Security-Policy that allows only its own origin', () => {
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });
});
