// Ledger posting benchmark: 1,000,000 vouchers of 2–4 lines posted in batches to a real SQLite
// file (WAL, synchronous=FULL). Prints vouchers/s, lines/s and peak RSS. Target: ≥100,000 vouchers/s.
//   node --import tsx core/bench/ledger.ts [--vouchers N] [--batch N] [--merchants N]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { openAccount, checkLedgerIntegrity, trialBalance, type VoucherDraft } from '../ledger/index.js';

const { values } = parseArgs({
  options: { vouchers: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '10000' }, merchants: { type: 'string', default: '1000' } },
});
const total = Number(values.vouchers);
const batchSize = Number(values.batch);
const merchantCount = Number(values.merchants);

const dir = mkdtempSync(join(tmpdir(), 'paydesk-bench-'));
const file = join(dir, 'ledger.sqlite');
const db = openDatabase(file);
const at = new Date().toISOString();
initDatabase(db, at);
const user = findUser(db, 'admin')!;
const date = '2026-11-22';

const accounts = db.tx(() => {
  const open = (ownerKind: 'internal' | 'merchant', purpose: string, ownerRef: string | null) => openAccount(db, { ownerKind, purpose, ownerRef, currency: 'CNY' }, at).id;
  const channels = ['alipay', 'wechat', 'unionpay', 'bank_b2c'].map((c) => ({ receivable: open('internal', 'channel_receivable', c), fee: open('internal', 'channel_fee_expense', c) }));
  return {
    bank: open('internal', 'bank_deposit', 'ICBC-001'),
    feeIncome: open('internal', 'fee_income', null),
    channels,
    merchants: Array.from({ length: merchantCount }, (_, i) => open('merchant', 'merchant_pending', `M${String(i).padStart(5, '0')}`)),
  };
});

// A deterministic mix: payment with fee (4 lines), channel clearing (3 lines), payment without fee (2 lines).
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
function draft(i: number): VoucherDraft {
  const channel = accounts.channels[i % accounts.channels.length]!;
  const amount = 100 + Math.floor(random() * 500_000);
  switch (i % 3) {
    case 0: {
      const merchant = accounts.merchants[Math.floor(random() * accounts.merchants.length)]!;
      const fee = Math.max(1, Math.floor(amount / 200));
      return { accountingDate: date, businessCode: '400301', summary: 'payment', lines: [
        { accountId: channel.receivable, direction: 'D', amountMinor: amount },
        { accountId: merchant, direction: 'C', amountMinor: amount },
        { accountId: merchant, direction: 'D', amountMinor: fee },
        { accountId: accounts.feeIncome, direction: 'C', amountMinor: fee },
      ] };
    }
    case 1: {
      const fee = Math.max(1, Math.floor(amount / 300));
      return { accountingDate: date, businessCode: '300101', summary: 'clearing', lines: [
        { accountId: accounts.bank, direction: 'D', amountMinor: amount - fee },
        { accountId: channel.fee, direction: 'D', amountMinor: fee },
        { accountId: channel.receivable, direction: 'C', amountMinor: amount },
      ] };
    }
    default: {
      const merchant = accounts.merchants[Math.floor(random() * accounts.merchants.length)]!;
      return { accountingDate: date, businessCode: '400302', summary: 'payment', lines: [
        { accountId: channel.receivable, direction: 'D', amountMinor: amount },
        { accountId: merchant, direction: 'C', amountMinor: amount },
      ] };
    }
  }
}

const { postVouchers } = await import('../ledger/post.js');
let lines = 0;
let postNs = 0n;
let generateNs = 0n;
const started = process.hrtime.bigint();
for (let done = 0; done < total; done += batchSize) {
  const g0 = process.hrtime.bigint();
  const batch = Array.from({ length: Math.min(batchSize, total - done) }, (_, k) => draft(done + k));
  for (const d of batch) lines += d.lines.length;
  const p0 = process.hrtime.bigint();
  postVouchers({ db, userId: user.id, at }, batch);
  const p1 = process.hrtime.bigint();
  generateNs += p0 - g0;
  postNs += p1 - p0;
}
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const postSeconds = Number(postNs) / 1e9;

const tb = trialBalance(db, date);
const integrityStart = process.hrtime.bigint();
const integrity = checkLedgerIntegrity(db);
const integritySeconds = Number(process.hrtime.bigint() - integrityStart) / 1e9;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const sizeMb = statSync(file).size / 1024 / 1024;
db.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`ledger bench: ${fmt(total)} vouchers, ${fmt(lines)} lines, batches of ${fmt(batchSize)}, ${merchantCount} merchants`);
console.log(`posting:      ${postSeconds.toFixed(2)} s  → ${fmt(total / postSeconds)} vouchers/s, ${fmt(lines / postSeconds)} lines/s`);
console.log(`with drafts:  ${wallSeconds.toFixed(2)} s wall (building drafts ${(Number(generateNs) / 1e9).toFixed(2)} s)`);
console.log(`peak RSS:     ${fmt(peakRssMb)} MB; database file ${fmt(sizeMb)} MB`);
console.log(`check:        trial balance balanced=${tb.balanced}; integrity ok=${integrity.ok} (recomputed in ${integritySeconds.toFixed(2)} s)`);
if (!tb.balanced || !integrity.ok) process.exitCode = 1;
