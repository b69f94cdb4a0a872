// One definition of every shared rule (docs/architecture.md#one-definition): roles, channel codes,
// outcomes, editable states, rounding modes, mappable columns, hold and error reasons live in
// core/shared/ and the renderer and the Electron shell import them. This fails on a copy: an array
// literal in a renderer or electron source file made of a shared list's values.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../core/testing/source-files.js';
import { ERROR_REASONS } from '../core/shared/errors.js';
import {
  BANK_MAPPABLE_FIELDS, CHANNEL_CODES, CLEARING_EDITABLE_STATES, OUTCOMES, PAY_METHODS, ROLES, ROUNDING_MODES, STRATEGY_ACTIONS,
} from '../core/shared/rules.js';
import { HOLD_REASONS } from '../core/shared/settlement.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'e2e']);
const isSource = (file: string) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file);

/** Each shared list, and how many of its values in one array literal make a copy of it. */
const SHARED: { name: string; values: readonly string[]; copyFrom: number }[] = [
  { name: 'ROLES', values: ROLES, copyFrom: 2 },
  { name: 'CHANNEL_CODES', values: CHANNEL_CODES, copyFrom: 3 },
  { name: 'OUTCOMES', values: OUTCOMES, copyFrom: 3 },
  { name: 'CLEARING_EDITABLE_STATES', values: CLEARING_EDITABLE_STATES, copyFrom: 3 },
  { name: 'ROUNDING_MODES', values: ROUNDING_MODES, copyFrom: 3 },
  { name: 'PAY_METHODS', values: PAY_METHODS, copyFrom: 3 },
  { name: 'STRATEGY_ACTIONS', values: STRATEGY_ACTIONS, copyFrom: 3 },
  { name: 'BANK_MAPPABLE_FIELDS', values: BANK_MAPPABLE_FIELDS, copyFrom: 4 },
  { name: 'HOLD_REASONS', values: HOLD_REASONS, copyFrom: 2 },
  { name: 'ERROR_REASONS', values: ERROR_REASONS, copyFrom: 2 },
];


/** Array literals of string literals only: ['a', "b", …]. */
function stringArrays(source: string): { line: number; values: string[] }[] {
  const found: { line: number; values: string[] }[] = [];
  for (const match of source.matchAll(/\[\s*((?:'[^'\n]*'|"[^"\n]*")(?:\s*,\s*(?:'[^'\n]*'|"[^"\n]*"))*)\s*,?\s*\]/g)) {
    const values = [...match[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]!);
    found.push({ line: source.slice(0, match.index).split('\n').length, values });
  }
  return found;
}

function copies(source: string): string[] {
  return stringArrays(source).flatMap(({ line, values }) => SHARED
    .filter((list) => values.filter((v) => list.values.includes(v)).length >= list.copyFrom && values.every((v) => list.values.includes(v)))
    .map((list) => `line ${line}: a copy of ${list.name}`));
}

describe('one definition of every shared rule', () => {
  it('the scan sees the copies this rule forbids (the ones it replaced)', () => {
    expect(copies("const ROLE_LIST: Role[] = ['operator', 'reviewer', 'admin', 'trainer'];")).toEqual(['line 1: a copy of ROLES']);
    expect(copies("write: (u) => hasRole(u, ...['operator', 'admin'])")).toEqual(['line 1: a copy of ROLES']);
    expect(copies("export const CHANNELS = ['bank_b2c', 'bank_payout', 'alipay', 'wechat', 'unionpay', 'balance'] as const;")).toEqual(['line 1: a copy of CHANNEL_CODES']);
    expect(copies("const EDITABLE = new Set(['initial', 'amountMismatch', 'bankExtra', 'matched', 'duplicate']);")).toEqual(['line 1: a copy of CLEARING_EDITABLE_STATES']);
    expect(copies("const ROUNDINGS = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP', 'FLOOR', 'CEIL'] as const;")).toEqual(['line 1: a copy of ROUNDING_MODES']);
    expect(copies("const BASES = ['accounting', 'bank', 'clearing'] as const;")).toEqual([]);
  });

  it('no renderer or electron file copies a shared list', () => {
    const files = ['renderer', 'electron'].flatMap((dir) => sourceFiles(path.join(root, dir), { skipDirs: SKIPPED_DIRS, keep: isSource }));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => copies(readFileSync(file, 'utf8')).map((what) => `${path.relative(root, file)} ${what}`));
    expect(found).toEqual([]);
  });

  it('no renderer file keeps its own table of who may do what', () => {
    const files = sourceFiles(path.join(root, 'renderer'), { skipDirs: SKIPPED_DIRS, keep: isSource });
    const found = files.filter((file) => /\bhasRole\(|\bCAN\.\w+\(/.test(readFileSync(file, 'utf8'))).map((file) => path.relative(root, file));
    expect(found).toEqual([]);
  });
});
