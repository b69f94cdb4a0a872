import { openDatabase } from './core/db/index.js';
import { initDatabase } from './core/system/init.js';
import { findUser } from './core/users/users.js';
import { openAccount, postVouchers, type VoucherDraft } from './core/ledger/index.js';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
const variant = process.argv[2]!;
const file = variant === 'memory' ? ':memory:' : join(mkdtempSync(join(tmpdir(), 'exp-')), 'x.sqlite');
const db = openDatabase(file); const at = new Date().toISOString(); initDatabase(db, at);
if (variant === 'nofk') db.sqlite.pragma('foreign_keys = OFF');
if (variant === 'noacctidx') db.sqlite.exec('DROP INDEX voucher_line_account');
if (variant === 'normal') db.sqlite.pragma('synchronous = NORMAL');
if (variant === 'nockpt') db.sqlite.pragma('wal_autocheckpoint = 0');
if (variant === 'page16k') { /* page size must be set before WAL; skip */ }
const user = findUser(db, 'admin')!;
const ids = db.tx(() => Array.from({ length: 1004 }, (_, i) => openAccount(db, { ownerKind: 'internal', purpose: 'channel_receivable', ownerRef: 'c' + i, currency: 'CNY' }, at).id));
let seed = 1; const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const mk = (): VoucherDraft => ({ accountingDate: '2026-11-22', businessCode: '400301', summary: 'p', lines: [
  { accountId: ids[Math.floor(r() * 1004)]!, direction: 'D', amountMinor: 300 }, { accountId: ids[Math.floor(r() * 1004)]!, direction: 'C', amountMinor: 200 }, { accountId: ids[Math.floor(r() * 1004)]!, direction: 'C', amountMinor: 100 }] });
const N = 200_000; const B = Number(process.argv[3] ?? 10000); const t0 = performance.now();
for (let i = 0; i < N; i += B) postVouchers({ db, userId: user.id, at }, Array.from({ length: B }, mk));
console.log(variant.padEnd(10), B, Math.round(N / ((performance.now() - t0) / 1000)), 'vouchers/s');
