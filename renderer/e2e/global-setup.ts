// Runs once before the tests (vitest.config.ts globalSetup): a missing Chromium never skips the
// browser journeys silently. CI fails at once; a desk run prints one line naming what it skips.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, inCi, NO_CHROMIUM } from '../../core/testing/browser.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const JOURNEY_DIRS = ['renderer/e2e', 'core/host'];

/** The test files whose suites need the browser: they call describeInBrowser. */
export function browserJourneys(): string[] {
  return JOURNEY_DIRS.flatMap((dir) => readdirSync(path.join(REPO, dir))
    .filter((name) => name.endsWith('.test.ts') && readFileSync(path.join(REPO, dir, name), 'utf8').includes('describeInBrowser('))
    .map((name) => `${dir}/${name}`));
}

/** Throws under CI without a browser; else the one line a desk run prints (null when all can run). */
export function browserCheck(env: Record<string, string | undefined>): string | null {
  if (findChromium(env)) return null;
  const journeys = browserJourneys();
  if (inCi(env)) throw new Error(`CI=true and ${NO_CHROMIUM}; the ${journeys.length} browser journeys cannot run`);
  return `paydesk: skipped ${journeys.length} browser journeys (${journeys.map((j) => path.basename(j, '.test.ts')).join(', ')}): ${NO_CHROMIUM}`;
}

export default function setup(): void {
  const line = browserCheck(process.env);
  if (line) console.warn(line);
}
