import type { Db } from '../db/index.js';
import { normaliseAccountNo } from './accounts.js';

export interface ReviewedBalance {
  balanceMinor: number;
  currency: string;
  /** app_user id of the reviewer */
  reviewedBy: number;
  reviewedByLogin: string;
  reviewedAt: string;
}

/**
 * The reviewed (实际) balance of a bank account on a day, or undefined when that day is not
 * reviewed. Only reviewed figures leave this module: a temporary balance is nobody's fact yet.
 * The balance check against the ledger (core/balances/check.ts) reads it.
 */
export function reviewedBalance(db: Db, accountNo: string, date: string): ReviewedBalance | undefined {
  return db.first(db.q.selectFrom('bank_balance as b')
    .innerJoin('bank_account as a', 'a.id', 'b.bank_account_id')
    .innerJoin('app_user as u', 'u.id', 'b.reviewed_by')
    .select(['b.balance_minor as balanceMinor', 'b.currency', 'b.reviewed_by as reviewedBy', 'u.login as reviewedByLogin', 'b.reviewed_at as reviewedAt'])
    .where('a.account_no', '=', normaliseAccountNo(accountNo)).where('b.balance_date', '=', date));
}
