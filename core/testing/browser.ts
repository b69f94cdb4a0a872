// Where Chromium is, and what a run does without it: under CI=true a missing browser fails the run
// (the browser journeys are part of what CI proves); on a desk, `npm test` says in one line which
// journeys it skipped and why (renderer/e2e/global-setup.ts). Nothing here downloads a browser.
import { existsSync } from 'node:fs';
import { describe } from 'vitest';

type Env = Record<string, string | undefined>;

/** PAYDESK_CHROMIUM names the browser; `none` runs without one, as on a desk that has none. */
export function findChromium(env: Env = process.env): string | undefined {
  if (env['PAYDESK_CHROMIUM'] === 'none') return undefined;
  return [env['PAYDESK_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
}

export function inCi(env: Env = process.env): boolean {
  return env['CI'] === 'true' || env['CI'] === '1';
}

export const CHROMIUM: string | undefined = findChromium();

export const NO_CHROMIUM = "no Chromium at /usr/bin/chromium: install Debian's chromium (apt-get install -y chromium) or set PAYDESK_CHROMIUM";

/**
 * A browser journey: runs where Chromium is; skipped on a desk without it (the global setup said
 * so); under CI it runs anyway, and its first launch fails naming what is missing.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (CHROMIUM || inCi()) describe(name, body);
  else describe.skip(name, body);
}
