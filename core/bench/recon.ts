// Reconciliation benchmark: import a 1,000,000-line WeChat bill and reconcile it against
// 1,000,000 entry flows on a real file. Prints seconds per phase, rows/s and peak RSS, and beside
// them the floor measured in the same run: a plain better-sqlite3 bulk insert of the same rows plus
// one indexed join. Target: under 20 s end to end, within 3x of the floor, under 1.5 GB.
//   node --import tsx core/bench/recon.ts [--lines N]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/index.js';
import { BackgroundCheckpoints } from '../db/checkpoints.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { importStatement } from '../recon/import.js';
import { DEFAULT_REGISTRY } from '../recon/registry.js';
import { reconcile } from '../recon/reconcile.js';
import { insertEntryFlows, orderNoOf, wechatDay, writeWechatBill } from './wechat-day.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' } } });
const n = Number(values.lines);
const date = '2026-11-22';
const dir = mkdtempSync(join(tmpdir(), 'paydesk-reconbench-'));
let peak = 0;
let phasePeak = 0;
const sampleRss = () => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  phasePeak = Math.max(phasePeak, rss);
};
const sampler = setInterval(sampleRss, 100);
/** Peak RSS since the last call (sampled every 100 ms, and now). */
const takePhasePeak = () => {
  sampleRss();
  const p = phasePeak;
  phasePeak = process.memoryUsage().rss;
  return p;
};
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

// The day (core/bench/wechat-day.ts): ours as entry flows, theirs as the WeChat bill with a few differences.
const day = wechatDay(n, date);
const { amounts, theirAmounts } = day;
const orderNo = orderNoOf;

const setup = process.hrtime.bigint();
const db = openDatabase(join(dir, 'recon.sqlite'));
initDatabase(db, `${date}T00:00:00.000Z`);
seedChannels(db, DEFAULT_CHANNELS, 'CNY', `${date}T00:00:00.000Z`);
const userId = findUser(db, 'admin')!.id;
// as the desktop app and the local host do (openDesktopDatabase)
const checkpoints = BackgroundCheckpoints.start(db)!;
insertEntryFlows(db, day);
const bill = join(dir, 'wechat_ALL.csv');
await writeWechatBill(bill, day);
await checkpoints.now(); // the fixture's own log is in the file before the import starts
const setupSeconds = seconds(setup);
takePhasePeak();

const importStart = process.hrtime.bigint();
const imported = await importStatement(db, DEFAULT_REGISTRY, { file: bill, userId, at: `${date}T23:00:00.000Z` });
const importSeconds = seconds(importStart);
const importPeak = takePhasePeak();
const reconStart = process.hrtime.bigint();
const result = reconcile(db, { date, userId, at: `${date}T23:30:00.000Z` });
const reconSeconds = seconds(reconStart);
const reconPeak = takePhasePeak();
// the log the run left is copied into the file on the second thread: waited for here, so it is not
// still writing while the floor is measured
const checkpointStart = process.hrtime.bigint();
await checkpoints.now();
await checkpoints.stop();
const checkpointSeconds = seconds(checkpointStart);
db.close();

// The floor: the same rows, plain better-sqlite3, one bulk insert each side and one indexed join.
const floorStart = process.hrtime.bigint();
const floor = new Database(join(dir, 'floor.sqlite'));
floor.pragma('journal_mode = WAL');
floor.pragma('synchronous = FULL');
floor.exec('CREATE TABLE ours (order_no text, amount integer); CREATE TABLE theirs (order_no text, amount integer);');
floor.transaction(() => {
  const a = floor.prepare('INSERT INTO ours VALUES (?, ?)');
  const b = floor.prepare('INSERT INTO theirs VALUES (?, ?)');
  for (let i = 0; i < n; i++) {
    a.run(orderNo(i), amounts[i]);
    if (theirAmounts[i]! >= 0) b.run(orderNo(i), theirAmounts[i]);
  }
  floor.exec('CREATE INDEX theirs_key ON theirs (order_no, amount)');
})();
const joined = floor.prepare('SELECT COUNT(*) FROM ours o JOIN theirs t ON t.order_no = o.order_no AND t.amount = o.amount').pluck().get() as number;
floor.close();
const floorSeconds = seconds(floorStart);
clearInterval(sampler);
const fileMb = statSync(bill).size / 1024 / 1024;
rmSync(dir, { recursive: true, force: true });

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const total = importSeconds + reconSeconds;
console.log(`recon bench: ${fmt(imported.rows)} statement lines (${fileMb.toFixed(0)} MB WeChat bill) against ${fmt(n)} entry flows`);
console.log(`setup:        ${setupSeconds.toFixed(1)} s (entry flows + writing the bill; not counted)`);
console.log(`import:       ${importSeconds.toFixed(1)} s → ${fmt(imported.rows / importSeconds)} rows/s (detect, decode, parse, check totals, insert), status ${imported.status}`);
console.log(`reconcile:    ${reconSeconds.toFixed(1)} s → ${fmt((n + imported.rows) / reconSeconds)} rows/s; matched ${fmt(result.counts.matched.count)},`
  + ` amount mismatch ${result.counts.amountMismatch.count}, platform extra ${result.counts.platformExtra.count}`);
console.log(`end to end:   ${total.toFixed(1)} s (then ${checkpointSeconds.toFixed(1)} s for the background checkpoint to finish, not counted: the desk has its answer)`);
console.log(`floor:        ${floorSeconds.toFixed(1)} s (plain bulk insert of both sides + one indexed join, ${fmt(joined)} joined) → ${(total / floorSeconds).toFixed(1)}x the floor`);
const mb = (bytes: number) => fmt(bytes / 1024 / 1024);
console.log(`peak RSS:     ${mb(Math.max(peak, process.resourceUsage().maxRSS * 1024))} MB (sampled during import ${mb(importPeak)} MB, during reconcile ${mb(reconPeak)} MB)`);
