// Errors are data (docs/architecture.md): the renderer and the Electron shell choose what to say and
// do by an error's code and reason, never by reading its message. This scans every non-test source
// file under renderer/ and electron/ for a match on message text, and checks each reason the core
// defines has words in both languages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../core/testing/source-files.js';
import { ERROR_REASONS } from '../core/shared/errors.js';
import { errorText, hasKey, translate, type TKey } from './src/i18n.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['renderer', 'electron'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'e2e']);
const isSource = (file: string) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file);

/** A pattern tested against, or a search run on, something holding an error's words. */
const MESSAGE_MATCHES: RegExp[] = [
  /\.(?:test|exec)\(\s*[\w$.?!]*\b(?:message|text|reason)\b/,
  /\b(?:message|text|reason)\??\.(?:includes|match|matchAll|startsWith|endsWith|indexOf|search)\(/,
  /\b(?:message|text)\s*===?\s*['"`]/,
];
/** The short form's "[CODE] text" prefix, decoded in one place (renderer/src/api/errors.ts). */
const ALLOWED = /\bCODE_PREFIX\.exec\(/;


function messageMatches(source: string): number[] {
  const lines = source.split('\n');
  return lines.flatMap((line, index) => (!ALLOWED.test(line) && MESSAGE_MATCHES.some((p) => p.test(line)) ? [index + 1] : []));
}

describe('errors as data', () => {
  it('the scan sees the matches this rule forbids (the ones it replaced)', () => {
    expect(messageMatches("if (code === 'BAD_INPUT' && /give the channel/.test(message)) {")).toEqual([1]);
    expect(messageMatches("return !!e && /give the channel|does not say whose/.test(e.text);")).toEqual([1]);
    expect(messageMatches('errors.some((e) => /map them by hand/.test(e.reason))')).toEqual([1]);
    expect(messageMatches("if (error.message.includes('already imported')) {")).toEqual([1]);
    expect(messageMatches("if (err.text === 'reconcile first') {")).toEqual([1]);
    // a stable reason is what callers compare (CellError's `reason` is words, so no pattern runs on it)
    expect(messageMatches("if (err.reason === 'NOT_RECONCILED') {")).toEqual([]);
    expect(messageMatches("const match = CODE_PREFIX.exec(message);")).toEqual([]);
  });

  it('no renderer or electron file matches on message text', () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir), { skipDirs: SKIPPED_DIRS, keep: isSource }));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => messageMatches(readFileSync(file, 'utf8')).map((line) => `${path.relative(root, file)}:${line}`));
    expect(found).toEqual([]);
  });

  it('every reason the core defines has words in Chinese and English, filled from its params', () => {
    for (const reason of ERROR_REASONS) {
      const key = `error.${reason}`;
      expect(hasKey(key), key).toBe(true);
      const zh = translate('zh', key as TKey);
      const en = translate('en', key as TKey);
      expect(zh).not.toBe(en);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
    }
    const t = (key: TKey, vars?: Record<string, string | number>) => translate('en', key, vars);
    const worded = errorText(t, { text: 'core sentence', reason: 'ALREADY_IMPORTED', params: { file: 'a.csv', batchId: 7, importedOn: '2026-12-01' } });
    expect(worded).toBe('a.csv was already imported as batch 7 on 2026-12-01 (same content). To import it again, choose “Import anyway”.');
    expect(errorText(t, { text: 'core sentence' })).toBe('core sentence');
  });
});
