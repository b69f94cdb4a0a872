// The source files under a folder, for the tests that hold rules about the code (errors as data, one
// definition, import cycles, line length): one walk, each test saying which folders and files count.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const FILES_MAX = 3000;

export function sourceFiles(dir: string, options: { skipDirs: ReadonlySet<string>; keep: (full: string) => boolean }, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!options.skipDirs.has(name)) sourceFiles(full, options, found);
    } else if (options.keep(full)) {
      found.push(full);
    }
    if (found.length > FILES_MAX) throw new Error(`more than ${FILES_MAX} files under ${dir}`);
  }
  return found;
}
