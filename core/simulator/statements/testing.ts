import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Test helpers shared by the statement writer tests. */

export async function tempDir(): Promise<{ path: (name: string) => string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'paydesk-statements-'));
  return { path: (name) => join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A statement amount exactly as written ('-12.34', 2 or 5 decimals) → minor units; anything else fails. */
export function strictMinor(text: string, decimals = 2): number {
  const match = new RegExp(`^(-?)(\\d+)\\.(\\d{${decimals}})$`).exec(text);
  if (!match) throw new Error(`not a ${decimals}-decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction] = match;
  const fen = fraction!.slice(0, 2);
  if (fraction!.slice(2).replace(/0/g, '') !== '') throw new Error(`sub-fen digits in ${text}`);
  const minor = Number(whole) * 100 + Number(fen);
  return sign ? -minor : minor;
}

/** Splits a file's text into CRLF lines, insisting there is no bare LF and a final CRLF. */
export function crlfLines(text: string): string[] {
  if (!text.endsWith('\r\n')) throw new Error('file does not end with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) if (line.includes('\n') || line.includes('\r')) throw new Error(`bare line break in ${line}`);
  return lines;
}

export async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([readFile(a), readFile(b)]);
  return x.equals(y);
}
