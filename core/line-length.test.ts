// A line fits on a screen (CONTRIBUTING.md#style-the-code-follows): no source line in core, electron
// or renderer is longer than LINE_CHARS_MAX characters. The generated schema baseline is left out:
// its statements are SQLite's own text of the tables, kept as SQLite stores them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './testing/source-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LINE_CHARS_MAX = 250;
const SCANNED = ['core', 'electron', 'renderer'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'screenshots']);
const GENERATED = new Set([path.join('core', 'db', 'migrations', '001_baseline.ts')]);
const isSource = (file: string) => /\.(ts|tsx|mjs)$/.test(file) && !GENERATED.has(path.relative(root, file));


describe('line length', () => {
  it(`no source line is longer than ${LINE_CHARS_MAX} characters`, () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir), { skipDirs: SKIPPED_DIRS, keep: isSource }));
    expect(files.length).toBeGreaterThan(200);
    const long = files.flatMap((file) => readFileSync(file, 'utf8').split('\n')
      .flatMap((line, i) => (line.length > LINE_CHARS_MAX ? [`${path.relative(root, file)}:${i + 1} (${line.length})`] : [])));
    expect(long).toEqual([]);
  });
});
