// The peer bench: PayDesk's reconciliation against a plain DuckDB script on the same generated
// files, measured in the same run (docs/architecture.md#performance). The day is core/bench/wechat-day.ts:
// a WeChat bill of N lines and N entry flows. Each side runs in its own child process, so each
// peak RSS is that side's own (the generator's memory is in neither):
// - PayDesk: the real import (detect, decode, parse, check totals, write every line) and the real
//   reconcile (every outcome row kept) on a books file that already holds the entry flows;
// - DuckDB: read the same bill (and the entry flows as CSV), full outer join on order number and
//   direction, persist every outcome into a DuckDB file, CHECKPOINT.
// Prints both times, the ratio and both peaks. Targets: within 1.5x of DuckDB, under 600 MB.
//   node --import tsx core/bench/recon-peer.ts [--lines N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { importStatement } from '../recon/import.js';
import { DEFAULT_REGISTRY } from '../recon/registry.js';
import { reconcile } from '../recon/reconcile.js';
import { insertEntryFlows, orderNoOf, wechatDay, writeWechatBill } from './wechat-day.js';

const DATE = '2026-11-22';
const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, side: { type: 'string' }, dir: { type: 'string' } } });

interface SideResult {
  seconds: number;
  peakRssMb: number;
  /** outcome → rows, in the same four words on both sides */
  counts: Record<string, number>;
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** PayDesk's side: import the bill into the books that hold the entry flows, then reconcile. */
async function paydeskSide(dir: string): Promise<SideResult> {
  const db = openDatabase(join(dir, 'books.sqlite'));
  const userId = findUser(db, 'admin')!.id;
  const start = process.hrtime.bigint();
  const imported = await importStatement(db, DEFAULT_REGISTRY, { file: join(dir, 'wechat_ALL.csv'), userId, at: `${DATE}T23:00:00.000Z` });
  if (imported.status !== 'DONE') throw new Error(`the import was ${imported.status}: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const result = reconcile(db, { date: DATE, userId, at: `${DATE}T23:30:00.000Z` });
  const took = seconds(start);
  db.close();
  const counts = Object.fromEntries(Object.entries(result.counts).map(([outcome, c]) => [outcome, c.count]).filter(([, count]) => count !== 0));
  return { seconds: took, peakRssMb: peakRssMb(), counts };
}

/** The bill's columns as DuckDB reads them: every cell text with WeChat's leading backtick. */
const PEER_SQL = (dir: string) => `
CREATE TABLE ours AS SELECT * FROM read_csv('${join(dir, 'ours.csv')}', header = true,
  columns = {'order_no': 'VARCHAR', 'direction': 'VARCHAR', 'amount_minor': 'BIGINT'});
CREATE TABLE theirs AS
  SELECT replace("商户订单号", '\`', '') AS order_no,
         CASE WHEN replace("交易状态", '\`', '') = 'REFUND' THEN 'out' ELSE 'in' END AS direction,
         CAST(CAST(replace(CASE WHEN replace("交易状态", '\`', '') = 'REFUND' THEN "退款金额" ELSE "应结订单金额" END, '\`', '') AS DECIMAL(18, 2)) * 100 AS BIGINT) AS amount_minor
  FROM read_csv('${join(dir, 'wechat_ALL.csv')}', header = true, all_varchar = true, null_padding = true, strict_mode = false)
  WHERE "交易时间" LIKE '\`20%';
CREATE TABLE outcome AS
  SELECT coalesce(o.order_no, t.order_no) AS order_no, coalesce(o.direction, t.direction) AS direction,
         o.amount_minor AS ours_minor, t.amount_minor AS theirs_minor,
         CASE WHEN t.order_no IS NULL THEN 'platformExtra' WHEN o.order_no IS NULL THEN 'bankExtra'
              WHEN o.amount_minor <> t.amount_minor THEN 'amountMismatch' ELSE 'matched' END AS outcome
  FROM ours o FULL OUTER JOIN theirs t ON o.order_no = t.order_no AND o.direction = t.direction;
CHECKPOINT;`;

/** DuckDB's side: the script a finance team with DuckDB would write. */
async function duckdbSide(dir: string): Promise<SideResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const start = process.hrtime.bigint();
  const instance = await DuckDBInstance.create(join(dir, 'peer.duckdb'));
  const connection = await instance.connect();
  await connection.run(PEER_SQL(dir));
  const took = seconds(start);
  const reader = await connection.runAndReadAll('SELECT outcome, count(*)::INTEGER AS n FROM outcome GROUP BY outcome');
  const counts = Object.fromEntries(reader.getRows().map(([outcome, n]) => [String(outcome), Number(n)]));
  connection.closeSync();
  instance.closeSync();
  return { seconds: took, peakRssMb: peakRssMb(), counts };
}

/** Both sides' input: the books with the entry flows, the bill, and the entry flows as CSV for DuckDB. */
async function prepare(n: number): Promise<{ dir: string; billMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-peerbench-'));
  const day = wechatDay(n, DATE);
  const db = openDatabase(join(dir, 'books.sqlite'));
  initDatabase(db, `${DATE}T00:00:00.000Z`);
  seedChannels(db, DEFAULT_CHANNELS, 'CNY', `${DATE}T00:00:00.000Z`);
  insertEntryFlows(db, day);
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const ours = ['order_no,direction,amount_minor'];
  for (let i = 0; i < n; i++) ours.push(`${orderNoOf(i)},${day.refunds[i] === 1 ? 'out' : 'in'},${day.amounts[i]}`);
  writeFileSync(join(dir, 'ours.csv'), ours.join('\n') + '\n');
  await writeWechatBill(join(dir, 'wechat_ALL.csv'), day);
  return { dir, billMb: statSync(join(dir, 'wechat_ALL.csv')).size / 1024 / 1024 };
}

function runSide(side: 'paydesk' | 'duckdb', dir: string): SideResult {
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--side', side, '--dir', dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the ${side} side failed: ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as SideResult;
}

if (values.side !== undefined) {
  const result = values.side === 'duckdb' ? await duckdbSide(values.dir!) : await paydeskSide(values.dir!);
  console.log(JSON.stringify(result));
} else {
  const n = Number(values.lines);
  const { dir, billMb } = await prepare(n);
  try {
    // DuckDB first, then PayDesk: each reads files the other has already pulled into the page cache
    const duck = runSide('duckdb', dir);
    const desk = runSide('paydesk', dir);
    const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
    const same = JSON.stringify(Object.entries(duck.counts).sort()) === JSON.stringify(Object.entries(desk.counts).sort());
    console.log(`peer bench: ${fmt(n)} entry flows against a ${billMb.toFixed(0)} MB WeChat bill, each side in its own process`);
    console.log(`DuckDB:       ${duck.seconds.toFixed(1)} s, peak RSS ${fmt(duck.peakRssMb)} MB (read both files, full outer join, persist every outcome, checkpoint)`);
    console.log(`PayDesk:      ${desk.seconds.toFixed(1)} s, peak RSS ${fmt(desk.peakRssMb)} MB (import with every check, reconcile, every outcome row kept)`);
    console.log(`ratio:        ${(desk.seconds / duck.seconds).toFixed(2)}x DuckDB (target ≤ 1.5x); PayDesk peak ${desk.peakRssMb < 600 ? 'under' : 'over'} 600 MB`);
    console.log(`outcomes:     ${same ? 'the same on both sides' : 'DIFFER'}: ${JSON.stringify(desk.counts)}${same ? '' : ` vs DuckDB ${JSON.stringify(duck.counts)}`}`);
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
