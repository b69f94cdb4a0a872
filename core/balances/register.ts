import type { Db, Role } from '../db/index.js';
import { fail } from '../errors.js';
import { isIsoDate, localDate } from '../clock.js';
import { getSetting } from '../settings.js';
import { appendAudit } from '../audit/audit.js';
import type { User } from '../users/users.js';
import { requireBankAccount, type BankAccount } from './accounts.js';

/** Who may enter a balance (the maker side). Reviewers check; they do not enter. */
export const MAKER_ROLES: readonly Role[] = ['operator', 'admin', 'trainer'];

export interface RegisterBalanceInput {
  date: string;
  accountNo: string;
  balanceMinor: number;
  currency: string;
}

export interface RegisteredBalance {
  /** id of the temporary balance (临时余额) just written */
  id: number;
  accountNo: string;
  date: string;
  /** temporary balances now waiting for this account and day, this one included; more than one will be flagged at review */
  temporaryForDay: number;
  /** carried-over temporary balances this registration replaced */
  replacedCarryOver: number;
}

/**
 * 银行余额登记: an operator enters the bank balance of an account for a day. It becomes a temporary
 * balance that the query does not show until a reviewer imports the same figure (maker-checker).
 * - A carried-over temporary balance for that day is replaced: the nightly job only stands in
 *   "when nobody registered one" (S1), so a person's entry takes its place.
 * - A second operator entry for the same day is kept beside the first, not merged or overwritten:
 *   review then reports "more than one temporary balance" and someone withdraws the wrong one.
 * - A day already reviewed is final (the reviewed balance is append-only).
 */
export function registerBalance(db: Db, input: RegisterBalanceInput, user: User, at: string): RegisteredBalance {
  if (!MAKER_ROLES.includes(user.role)) fail('FORBIDDEN', `余额登记需操作员 / registering a balance needs the role ${MAKER_ROLES.join(' or ')}; ${user.login} is ${user.role}`);
  if (!isIsoDate(input.date)) fail('BAD_INPUT', `日期格式应为 YYYY-MM-DD / the date must be a real date YYYY-MM-DD, got "${input.date}"`);
  const today = localDateOf(db, at);
  if (today !== null && input.date > today) fail('BAD_INPUT', `不能登记未来日期的余额 / ${input.date} has not come yet (today is ${today})`);
  if (!Number.isSafeInteger(input.balanceMinor)) fail('BAD_INPUT', 'the balance must be an integer of minor units');
  if (input.balanceMinor < 0) fail('BAD_INPUT', '银行余额不能为负 / a bank balance is not negative');
  return db.tx(() => {
    const account = requireBankAccount(db, input.accountNo);
    assertTakesBalances(account);
    if (input.currency !== account.currency) {
      fail('BAD_INPUT', `币种不符 / bank account ${account.accountNo} is kept in ${account.currency}, not ${input.currency}`);
    }
    if (hasReviewedBalance(db, account.id, input.date)) {
      fail('CONFLICT', `该账户 ${input.date} 的余额已复核 / the balance of ${account.accountNo} for ${input.date} is already reviewed`);
    }
    const replaced = db.run(db.q.deleteFrom('bank_balance_temporary')
      .where('bank_account_id', '=', account.id).where('balance_date', '=', input.date).where('source', '=', 'carried_over')).changes;
    const { lastInsertRowid: id } = db.run(db.q.insertInto('bank_balance_temporary').values({
      bank_account_id: account.id, balance_date: input.date, balance_minor: input.balanceMinor,
      source: 'registered', carried_from_date: null, registered_by: user.id, registered_at: at,
    }));
    // The figure stays out of the audit log (which every role can list) until review: the
    // reviewer must type the bank's figure, not copy the operator's.
    appendAudit(db, { at, userId: user.id, action: 'balances.register', entity: 'bank_balance_temporary', entityId: String(id),
      detail: { accountNo: account.accountNo, date: input.date, replacedCarryOver: replaced } });
    return { id, accountNo: account.accountNo, date: input.date, temporaryForDay: temporaryCount(db, account.id, input.date), replacedCarryOver: replaced };
  });
}

/**
 * Withdraw a temporary balance, the way out of "more than one temporary balance for one day".
 * An operator withdraws their own entries, an admin anyone's; a carried-over one any maker.
 */
export function withdrawBalance(db: Db, temporaryId: number, user: User, at: string): { id: number; accountNo: string; date: string } {
  if (!MAKER_ROLES.includes(user.role)) fail('FORBIDDEN', `withdrawing a balance needs the role ${MAKER_ROLES.join(' or ')}; ${user.login} is ${user.role}`);
  return db.tx(() => {
    const temp = db.first(db.q.selectFrom('bank_balance_temporary as t').innerJoin('bank_account as a', 'a.id', 't.bank_account_id')
      .select(['t.id', 't.balance_date', 't.source', 't.registered_by', 't.registered_at', 'a.account_no']).where('t.id', '=', temporaryId))
      ?? fail('NOT_FOUND', `没有这条临时余额 / no temporary balance ${temporaryId}`);
    const own = temp.source === 'carried_over' || temp.registered_by === user.id || user.role === 'admin';
    if (!own) fail('FORBIDDEN', '只能撤回自己登记的临时余额 / you can withdraw only the temporary balances you registered');
    db.run(db.q.deleteFrom('bank_balance_temporary').where('id', '=', temporaryId));
    appendAudit(db, { at, userId: user.id, action: 'balances.withdraw', entity: 'bank_balance_temporary', entityId: String(temporaryId),
      detail: { accountNo: temp.account_no, date: temp.balance_date, source: temp.source, registeredBy: temp.registered_by, registeredAt: temp.registered_at } });
    return { id: temporaryId, accountNo: temp.account_no, date: temp.balance_date };
  });
}

/** 销户 accounts take no more balances; 废除 ones still do, since the bank still holds the money until closure. */
export function assertTakesBalances(account: BankAccount): void {
  if (account.status === 'closed') fail('ACCOUNT_CLOSED', `银行账户 ${account.accountNo} 已销户 / bank account ${account.accountNo} is closed`);
}

export function hasReviewedBalance(db: Db, bankAccountId: number, date: string): boolean {
  return db.first(db.q.selectFrom('bank_balance').select('id').where('bank_account_id', '=', bankAccountId).where('balance_date', '=', date)) !== undefined;
}

export function temporaryCount(db: Db, bankAccountId: number, date: string): number {
  return (db.prepare('SELECT COUNT(*) FROM bank_balance_temporary WHERE bank_account_id = ? AND balance_date = ?').pluck().get(bankAccountId, date) as number);
}

/** The local date of `at`: an ISO instant in the installation's time zone, or a local 'YYYY-MM-DD HH:mm:ss' as written. */
function localDateOf(db: Db, at: string): string | null {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(at)) return at.slice(0, 10);
  const instant = new Date(at);
  return Number.isNaN(instant.getTime()) ? null : localDate(instant, getSetting(db, 'ledger.timeZone'));
}
