// A function fits on a screen (CONTRIBUTING.md#what-ci-checks-for-you): no function body in core,
// electron or the renderer runs past FUNCTION_LINES_MAX lines. The longer ones written before this
// rule are listed in function-length.allowed.json at their length then; each may shrink, none may
// grow, and one that is split or shortened is taken off the list (the test says so).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './testing/source-files.js';
import { functionLengths } from './testing/function-lengths.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FUNCTION_LINES_MAX = 80;
const SCANNED = ['core', 'electron', 'renderer'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'screenshots', 'migrations', 'e2e']);
const isSource = (file: string) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file);
const allowed = JSON.parse(readFileSync(path.join(root, 'core', 'function-length.allowed.json'), 'utf8')) as Record<string, number>;

/** Every function over the limit, `file#name` → its length (the longest, where a name repeats in a file). */
function overLimit(): Map<string, number> {
  const files = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir), { skipDirs: SKIPPED_DIRS, keep: isSource }));
  const over = new Map<string, number>();
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    for (const f of functionLengths(relative, readFileSync(file, 'utf8'))) {
      const key = `${relative}#${f.name}`;
      if (f.lines > FUNCTION_LINES_MAX) over.set(key, Math.max(over.get(key) ?? 0, f.lines));
    }
  }
  return over;
}

describe('function length', () => {
  it(`no function grows past ${FUNCTION_LINES_MAX} lines, and none listed as older grows at all`, () => {
    const over = overLimit();
    const grown = [...over].filter(([key, lines]) => lines > (allowed[key] ?? FUNCTION_LINES_MAX)).map(([key, lines]) => `${key}: ${lines} lines (allowed ${allowed[key] ?? FUNCTION_LINES_MAX})`);
    expect(grown).toEqual([]);
    // a listed function now within the limit (or gone) is taken off the list, so the list only shrinks
    const mended = Object.keys(allowed).filter((key) => !over.has(key));
    expect(mended, 'these are within the limit now: remove them from core/function-length.allowed.json').toEqual([]);
  });
});
