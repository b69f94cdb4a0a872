// Simulator benchmark: one business day of N orders (default 1,000,000) on a fresh real file,
// statement files written to a temporary folder. Prints seconds per phase, orders/s and peak RSS,
// and beside them the floor measured in the same run (core/bench/simulate-floor.ts): the same rows
// bulk-inserted into the same schema and the same files written, with no payment logic.
// Target: within 2x of the floor, under 1.5 GB.
//   node --import tsx core/bench/simulate.ts [--orders N] [--seed S]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { simulateDay } from '../simulator/day.js';
import { parsePlant } from '../simulator/plant.js';
import { trialBalance, checkLedgerIntegrity } from '../ledger/index.js';
import { measureFloor, rowidMarks } from './simulate-floor.js';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '42' } } });
const orders = Number(values.orders);
const dir = mkdtempSync(join(tmpdir(), 'paydesk-simbench-'));
const db = openDatabase(join(dir, 'sim.sqlite'));
initDatabase(db, new Date().toISOString());
const user = findUser(db, 'admin')!;
const marks = rowidMarks(db);

const phases = new Map<string, number>();
let current = 'setup';
let mark = process.hrtime.bigint();
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const started = mark;
const result = await simulateDay(db, {
  date: '2026-11-22', orders, seed: Number(values.seed), outDir: join(dir, 'out'), plant: parsePlant(undefined), userId: user.id,
  onProgress: (phase) => {
    if (phase === current) return;
    const now = process.hrtime.bigint();
    phases.set(current, (phases.get(current) ?? 0) + Number(now - mark) / 1e9);
    current = phase;
    mark = now;
  },
});
const end = process.hrtime.bigint();
phases.set(current, (phases.get(current) ?? 0) + Number(end - mark) / 1e9);
clearInterval(sampler);
const total = Number(end - started) / 1e9;
const tb = trialBalance(db, '2026-11-22');
const integrity = checkLedgerIntegrity(db);
const fileMb = result.files.reduce((s, f) => s + statSync(f).size, 0) / 1024 / 1024;
const peakRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
const floor = measureFloor(db, marks, join(dir, 'floor.sqlite'), result.files, join(dir, 'floor-out'), new Date().toISOString());
db.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`simulate bench: ${fmt(orders)} orders, seed ${values.seed}`);
console.log(`total:        ${total.toFixed(1)} s → ${fmt(orders / total)} orders/s`);
console.log(`phases:       ${[...phases].map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(', ')}`);
console.log(`outcome:      ${fmt(result.stats.succeeded)} succeeded, ${fmt(result.stats.failed)} failed, ${fmt(result.stats.pending)} pending, ${fmt(result.stats.refunds)} refunds`);
console.log(`files:        ${result.files.length} files, ${fileMb.toFixed(0)} MB`);
console.log(`floor:        ${floor.seconds.toFixed(1)} s (${fmt(floor.rows)} rows into ${floor.tables} tables of the same schema, then the same files in ${floor.fileSeconds.toFixed(1)} s)`
  + ` → ${(total / floor.seconds).toFixed(1)}x the floor`);
console.log(`peak RSS:     ${fmt(peakRssMb)} MB (the day; the floor runs after it is taken)`);
console.log(`check:        trial balance balanced=${tb.balanced}; integrity ok=${integrity.ok}`);
if (!tb.balanced || !integrity.ok) process.exitCode = 1;
