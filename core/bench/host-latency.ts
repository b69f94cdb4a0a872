// Host latency during long work: while the books process reconciles a 1,000,000-line day, how fast
// does the host answer a cheap call? Two are timed, one after another, every 10 ms for the whole
// run: host.info (the relay answers it itself) and ledger.days (a read the books reader answers from
// its read-only connection). Prints p50 / p99 / max of each and the reconcile's own time.
// Target: p99 under 100 ms.
//   node --import tsx core/bench/host-latency.ts [--lines N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedChannels } from '../channels/store.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';
import { closeHandle } from '../db/checkpoints.js';
import { BooksRelay, forkBooks } from '../host/books-relay.js';
import { openDesktopDatabase } from '../host/data-dir.js';
import type { IpcResponse } from '../host/wire.js';
import { insertEntryFlows, wechatDay, writeWechatBill } from './wechat-day.js';
import { passwordOf, setUpDesk } from '../testing/credentials.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' } } });
const n = Number(values.lines);
const date = '2026-11-22';
const TICK_MS = 10;
const dir = mkdtempSync(join(tmpdir(), 'paydesk-latencybench-'));
const dbFile = join(dir, 'paydesk.sqlite');
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const ok = (response: IpcResponse): unknown => {
  if (!response.ok) throw new Error(`[${response.error.code}] ${response.error.message}`);
  return response.result;
};

// the fixture: a desktop database (with the desk's demo users), our entry flows and their bill
const day = wechatDay(n, date);
const db = openDesktopDatabase(dbFile);
seedChannels(db, DEFAULT_CHANNELS, 'CNY', `${date}T00:00:00.000Z`);
insertEntryFlows(db, day);
await closeHandle(db);
const bill = join(dir, 'wechat_ALL.csv');
await writeWechatBill(bill, day);

const relay = await BooksRelay.start({
  spawn: () => forkBooks(),
  open: { mode: 'browser', dbFile, dataDir: dir, version: 'bench', carryOver: false },
  log: { warn: () => undefined, error: (m) => console.error(m) },
});
await setUpDesk((method, input) => relay.call(method, input)); // the desk's first run: passwords set
ok(await relay.call('session.signIn', { login: 'operator', password: passwordOf('operator') }));
const importStart = process.hrtime.bigint();
const batch = ok(await relay.call('recon.import', { file: bill })) as { rows: number; status: string };
const importSeconds = seconds(importStart);

const latencies = { 'host.info': [] as number[], 'ledger.days': [] as number[] };
let running = true;
const reconStart = process.hrtime.bigint();
const reconcile = relay.call('recon.reconcile', { date }).finally(() => (running = false));
const probe = (async () => {
  while (running) {
    for (const method of ['host.info', 'ledger.days'] as const) {
      const from = process.hrtime.bigint();
      ok(await relay.call(method, {}));
      latencies[method].push(Number(process.hrtime.bigint() - from) / 1e6);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
})();
const result = ok(await reconcile) as { counts: { matched: { count: number } } };
const reconSeconds = seconds(reconStart);
await probe;
await relay.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
console.log(`host latency bench: ${fmt(batch.rows)} statement lines against ${fmt(n)} entry flows, through the books process`);
console.log(`import:      ${importSeconds.toFixed(1)} s (${batch.status})`);
console.log(`reconcile:   ${reconSeconds.toFixed(1)} s; matched ${fmt(result.counts.matched.count)}`);
for (const [method, samples] of Object.entries(latencies)) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${method.padEnd(12)} ${samples.length} calls during the reconcile: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`);
}
