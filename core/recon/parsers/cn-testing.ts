import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ParsedStatement } from './types.js';
import type { StatementSummary } from '../../simulator/statements/types.js';

/** Test helpers for the cn-* parser tests. */

/** Deterministic pseudo-random bytes (xorshift32), so a garbage-input failure can be replayed. */
export function garbageBytes(size: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A hand-written fixture from fixtures/statements/cn/ at the repository top. */
export function cnFixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/statements/cn/${name}`, import.meta.url)));
}

/** A file our writer produced parses back clean: every row, and totals (parsed and declared) equal to the writer's summary. */
export function expectWriterTotals(parsed: ParsedStatement, summary: StatementSummary): void {
  expect(parsed.errors).toEqual([]);
  expect(parsed.lines).toHaveLength(summary.rows);
  const totals = { count: summary.rows, creditMinor: summary.creditMinor, debitMinor: summary.debitMinor };
  expect(parsed.totals).toEqual({ CNY: totals });
  expect(parsed.declared).toEqual({ totals: { CNY: totals } });
}
