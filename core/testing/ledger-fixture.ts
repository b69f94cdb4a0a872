import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { openAccount, requireAccount, type Account } from '../ledger/index.js';
import { createUser, findUser, type User } from '../users/users.js';
import { fixedClock } from '../clock.js';
import type { Ctx } from '../api/index.js';

export const AT = '2026-11-22T02:00:00.000Z';

export function tempDbFile(name = 'test.sqlite'): string {
  return join(mkdtempSync(join(tmpdir(), 'paydesk-test-')), name);
}

export interface LedgerFixture {
  db: Db;
  admin: User;
  operator: User;
  reviewer: User;
  ctx(user?: User): Ctx;
  post: { db: Db; userId: number; at: string };
  bank: Account;
  receivable: Account;
  channelFee: Account;
  feeIncome: Account;
  capital: Account;
  suspenseIncome: Account;
  merchantPending: Account;
  merchantAvailable: Account;
}

/** A real SQLite database (a file when `file` is given) with the default chart, users and one of each account kind. */
export function ledgerFixture(file = ':memory:'): LedgerFixture {
  const db = openDatabase(file);
  initDatabase(db, AT);
  const admin = findUser(db, 'admin')!;
  const operator = createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, AT);
  const reviewer = createUser(db, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }, AT);
  const clock = fixedClock(AT);
  const open = (ownerKind: 'internal' | 'merchant', purpose: string, ownerRef: string | null) =>
    openAccount(db, { ownerKind, purpose, ownerRef, currency: 'CNY' }, AT);
  return {
    db, admin, operator, reviewer,
    ctx: (user = admin) => ({ db, user, clock }),
    post: { db, userId: operator.id, at: AT },
    bank: open('internal', 'bank_deposit', 'ICBC-001'),
    receivable: open('internal', 'channel_receivable', 'alipay'),
    channelFee: open('internal', 'channel_fee_expense', 'alipay'),
    feeIncome: requireAccount(db, { ownerKind: 'internal', purpose: 'fee_income', ownerRef: null, currency: 'CNY' }),
    capital: requireAccount(db, { ownerKind: 'internal', purpose: 'capital', ownerRef: null, currency: 'CNY' }),
    suspenseIncome: requireAccount(db, { ownerKind: 'internal', purpose: 'suspense_income', ownerRef: null, currency: 'CNY' }),
    merchantPending: open('merchant', 'merchant_pending', 'M001'),
    merchantAvailable: open('merchant', 'merchant_available', 'M001'),
  };
}
