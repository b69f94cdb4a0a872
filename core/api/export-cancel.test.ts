// Exports and reports are long work on a big day: they report how far they are and stop when the
// user cancels, leaving no file — not a half-written one, not a temporary one
// (docs/architecture.md#progress-and-cancel).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { callApi, cancelModeOf, type Ctx } from './index.js';
import { fixedClock } from '../clock.js';
import { tempDbFile } from '../testing/ledger-fixture.js';
import type { PayDeskError } from '../errors.js';

const DAY = '2026-11-22';

async function bigDay() {
  const file = tempDbFile();
  const db = openDatabase(file);
  initDatabase(db, '2026-11-22T00:00:00.000Z');
  const admin = findUser(db, 'admin')!;
  const base: Ctx = { db, user: admin, clock: fixedClock('2026-11-23T02:00:00.000Z') };
  await callApi(base, 'simulator.simulateDay', { date: DAY, orders: 2_500, seed: 4, out: join(dirname(file), 'statements'), plant: 'none' });
  return { base, dir: dirname(file) };
}

/** A call whose user cancels at its first progress event; the events it sent. */
function cancelledAtFirstProgress(base: Ctx) {
  const controller = new AbortController();
  const events: number[] = [];
  const ctx: Ctx = { ...base, signal: controller.signal, progress: (e) => { events.push(e.done); controller.abort(); } };
  return { ctx, events };
}

describe('progress and cancel of exports and reports', () => {
  it('an ERP voucher export and a flows report say how far they are, and a cancel leaves no file at all', async () => {
    const { base, dir } = await bigDay();
    expect(cancelModeOf('erp.exportVouchers')).toBe('signal');
    expect(cancelModeOf('reports.export')).toBe('signal');

    const csv = join(dir, 'vouchers.csv');
    const cancelledExport = cancelledAtFirstProgress(base);
    const exportError = await callApi(cancelledExport.ctx, 'erp.exportVouchers', { date: DAY, format: 'csv', out: csv }).then(() => null, (e: unknown) => e as PayDeskError);
    expect(exportError).toMatchObject({ code: 'CANCELLED' });
    expect(cancelledExport.events).toEqual([500]);
    const report = join(dir, 'flows.xlsx');
    const cancelledReport = cancelledAtFirstProgress(base);
    const reportError = await callApi(cancelledReport.ctx, 'reports.export', { kind: 'flows', date: DAY, file: report }).then(() => null, (e: unknown) => e as PayDeskError);
    expect(reportError).toMatchObject({ code: 'CANCELLED' });
    expect(cancelledReport.events).toHaveLength(1); // stopped at the first run of 1,000 rows of a sheet
    expect(cancelledReport.events[0]).toBeGreaterThanOrEqual(1_000);
    expect(existsSync(csv) || existsSync(report)).toBe(false);
    expect(readdirSync(dir).filter((name) => /vouchers|flows/.test(name))).toEqual([]); // no temporary file left beside them

    // left alone, both run to the end, counting up, and the files are whole
    const seen: { method: string; done: number }[] = [];
    const watched: Ctx = { ...base, progress: (e) => seen.push({ method: e.method, done: e.done }) };
    const exported = await callApi(watched, 'erp.exportVouchers', { date: DAY, format: 'csv', out: csv });
    const written = await callApi(watched, 'reports.export', { kind: 'flows', date: DAY, file: report });
    const counts = (method: string) => seen.filter((s) => s.method === method).map((s) => s.done);
    expect(counts('erp.exportVouchers')).toEqual(Array.from({ length: Math.floor(exported.vouchers / 500) }, (_, i) => (i + 1) * 500));
    expect(counts('reports.export').length).toBeGreaterThan(1);
    expect(counts('reports.export').every((n, i, all) => i === 0 || n > all[i - 1]!)).toBe(true);
    expect(counts('reports.export').at(-1)!).toBeLessThanOrEqual(written.rows);
    expect(existsSync(csv) && existsSync(report)).toBe(true);
  }, 120_000);
});
