// Test helper run as a child process: posts batches of vouchers to a real file forever, printing the
// committed total after each batch, until the parent kills it with SIGKILL mid-transaction.
import { openDatabase } from '../db/index.js';
import { findUser } from '../users/users.js';
import { requireAccount, postVouchers, type VoucherDraft } from '../ledger/index.js';

const [file, batchArg] = process.argv.slice(2);
const batch = Number(batchArg ?? 20_000);
const db = openDatabase(file!);
const user = findUser(db, 'admin')!;
const bank = requireAccount(db, { ownerKind: 'internal', purpose: 'bank_deposit', ownerRef: 'ICBC-001', currency: 'CNY' });
const capital = requireAccount(db, { ownerKind: 'internal', purpose: 'capital', ownerRef: null, currency: 'CNY' });
const draft: VoucherDraft = {
  accountingDate: '2026-11-22', businessCode: '100001', summary: 'crash test',
  lines: [{ accountId: bank.id, direction: 'D', amountMinor: 100 }, { accountId: capital.id, direction: 'C', amountMinor: 100 }],
};
const drafts = Array.from({ length: batch }, () => draft);
let total = 0;
for (;;) {
  postVouchers({ db, userId: user.id, at: new Date().toISOString() }, drafts);
  total += batch;
  process.stdout.write(`committed ${total}\n`);
}
