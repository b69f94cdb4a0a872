// No source file reaches itself through its imports (docs/architecture.md#modules): a cycle makes
// module start-up order matter and hides which module owns what. Type-only imports are erased at
// run time and do not count; tests and benches are left out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './testing/source-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['core', 'electron', 'renderer/src'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'bench', 'e2e']);
const isSource = (file: string) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$|\.d\.ts$/.test(file);


/** The relative files a source imports at run time (import … from, export … from, import()). */
export function runtimeImports(file: string, source: string): string[] {
  const specifiers: string[] = [];
  const statements = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"](\.[^'"]+)['"]/g;
  for (const m of source.matchAll(statements)) {
    const typeOnly = m[2] !== undefined || /^\{[^}]*\}$/.test(m[3]!.trim()) && m[3]!.replace(/[{}\s]/g, '').split(',').every((n) => n === '' || n.startsWith('type'));
    if (!typeOnly) specifiers.push(m[4]!);
  }
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) specifiers.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) specifiers.push(m[1]!);
  return specifiers.map((s) => {
    const resolved = path.resolve(path.dirname(file), s);
    return resolved.replace(/\.js$/, '');
  });
}

function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'visiting') cycles.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import cycles', () => {
  it('the scan follows value imports and leaves type-only ones out', () => {
    const file = path.join(root, 'core', 'x.ts');
    const imports = runtimeImports(file, [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "export { d } from './d.js';",
      "import './e.js';",
    ].join('\n'));
    expect(imports.map((i) => path.relative(path.join(root, 'core'), i))).toEqual(['a', 'd', 'e']);
    expect(findCycles(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b', 'a']]);
  });

  it('no source file imports itself through others', () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir), { skipDirs: SKIPPED_DIRS, keep: isSource }));
    expect(files.length).toBeGreaterThan(100);
    const graph = new Map(files.map((f) => [f.replace(/\.tsx?$/, ''), runtimeImports(f, readFileSync(f, 'utf8'))] as const));
    const shown = findCycles(graph).map((cycle) => cycle.map((f) => path.relative(root, f)).join(' → '));
    expect(shown).toEqual([]);
  });
});
