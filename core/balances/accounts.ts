import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { isKnownCurrency } from '../money/index.js';
import { openAccount } from '../ledger/accounts.js';
import { appendAudit } from '../audit/audit.js';
import type { BankAccountStatus, BankAccountTable } from './schema.js';

export interface BankAccount {
  id: number;
  accountNo: string;
  bankName: string;
  accountName: string;
  currency: string;
  status: BankAccountStatus;
  /** the ledger account that mirrors this bank account: its bank deposit (银行存款) or reserve (备付金) */
  ledgerAccountId: number;
  kind: BankAccountKind;
  openedAt: string;
  statusChangedAt: string | null;
}

export const BANK_ACCOUNT_STATUSES: readonly BankAccountStatus[] = ['normal', 'abolished', 'closed'];

export function toBankAccount(r: Selectable<BankAccountTable> & { ledger_purpose: string }): BankAccount {
  return {
    id: r.id, accountNo: r.account_no, bankName: r.bank_name, accountName: r.account_name, currency: r.currency,
    status: r.status, ledgerAccountId: r.ledger_account_id, kind: r.ledger_purpose === 'reserve' ? 'reserve' : 'settlement',
    openedAt: r.opened_at, statusChangedAt: r.status_changed_at,
  };
}

const ACCOUNT_NO = /^[0-9A-Za-z-]{4,40}$/;

/** Bank account numbers are written with spaces for reading ("6222 0202 …"); they are stored without. */
export function normaliseAccountNo(text: string): string {
  return text.replace(/[\s\u00a0\u3000]/g, '');
}

export function isAccountNo(text: string): boolean {
  return ACCOUNT_NO.test(text);
}

/** Bank accounts with the purpose of the ledger account that mirrors each, which says its kind. */
function bankAccounts(db: Db) {
  return db.q.selectFrom('bank_account').innerJoin('account', 'account.id', 'bank_account.ledger_account_id')
    .selectAll('bank_account').select('account.purpose as ledger_purpose');
}

export function findBankAccount(db: Db, accountNo: string): BankAccount | undefined {
  const row = db.first(bankAccounts(db).where('bank_account.account_no', '=', normaliseAccountNo(accountNo)));
  return row ? toBankAccount(row) : undefined;
}

export function requireBankAccount(db: Db, accountNo: string): BankAccount {
  return findBankAccount(db, accountNo) ?? fail('NOT_FOUND', `未登记的银行账号 / no bank account "${accountNo}" is registered`);
}

/**
 * What a bank account holds: the platform's own settlement money (结算户, 1002.01) or its customers'
 * money, the reserve (备付金存管户, 1002.02) every payout is paid from (seed 000, docs/domain.md#bank-balances).
 */
export type BankAccountKind = 'settlement' | 'reserve';
export const BANK_ACCOUNT_KINDS: readonly BankAccountKind[] = ['settlement', 'reserve'];
const LEDGER_PURPOSE: Record<BankAccountKind, 'bank_deposit' | 'reserve'> = { settlement: 'bank_deposit', reserve: 'reserve' };

export interface RegisterBankAccountInput {
  accountNo: string;
  bankName: string;
  accountName: string;
  currency: string;
  /** settlement unless given */
  kind?: BankAccountKind;
}

/**
 * Register a bank account and open (or link, when it already exists) its bank deposit account in
 * the ledger. Idempotent for the same account; the same number with other details is a conflict,
 * since a silent rename would change what every past balance refers to.
 */
export function registerBankAccount(db: Db, input: RegisterBankAccountInput, at: string, by: number | null = null): BankAccount {
  const accountNo = normaliseAccountNo(input.accountNo);
  const bankName = input.bankName.trim();
  const accountName = input.accountName.trim();
  if (!isAccountNo(accountNo)) fail('BAD_INPUT', `银行账号格式不对 / a bank account number is 4–40 letters, digits or "-", got "${input.accountNo}"`);
  if (!bankName) fail('BAD_INPUT', '请填写银行名称 / the bank name is missing');
  if (!accountName) fail('BAD_INPUT', '请填写账户名称 / the account name is missing');
  if (!isKnownCurrency(input.currency)) fail('BAD_INPUT', `未知币种 / unknown currency "${input.currency}"`);
  return db.tx(() => {
    const existing = findBankAccount(db, accountNo);
    if (existing) {
      const differs = [
        existing.bankName !== bankName && `bank name "${existing.bankName}"`,
        existing.accountName !== accountName && `account name "${existing.accountName}"`,
        existing.currency !== input.currency && `currency ${existing.currency}`,
        input.kind && input.kind !== existing.kind && `kind ${existing.kind}`,
      ].filter(Boolean);
      if (differs.length) fail('CONFLICT', `银行账号已登记且信息不同 / bank account ${accountNo} is already registered with ${differs.join(', ')}`);
      return existing;
    }
    const kind = input.kind ?? 'settlement';
    if (!BANK_ACCOUNT_KINDS.includes(kind)) fail('BAD_INPUT', `未知账户类型 / a bank account is a settlement or a reserve account, not "${kind}"`);
    const ledger = openAccount(db, {
      ownerKind: 'internal', purpose: LEDGER_PURPOSE[kind], ownerRef: accountNo, currency: input.currency, ownerName: `${bankName}-${accountNo.slice(-4)}`,
    }, at);
    if (ledger.status === 'closed') fail('CONFLICT', `总账银行存款账户 ${ledger.accountNo} 已销户 / the ledger account ${ledger.accountNo} of this bank account is closed`);
    db.run(db.q.insertInto('bank_account').values({
      account_no: accountNo, bank_name: bankName, account_name: accountName, currency: input.currency,
      status: 'normal', ledger_account_id: ledger.id, opened_at: at, status_changed_at: null,
    }));
    appendAudit(db, { at, userId: by, action: 'balances.registerAccount', entity: 'bank_account', entityId: accountNo,
      detail: { bankName, accountName, currency: input.currency, kind, ledgerAccount: ledger.accountNo } });
    return requireBankAccount(db, accountNo);
  });
}

/**
 * Change an account's status. 销户 (closed) is final: balances stop for it, and reopening would let
 * new balances appear under a number the bank has retired. Normal ⇄ abolished may go either way.
 * The ledger account is left alone: closing it needs a zero balance and is the ledger's business.
 */
export function setBankAccountStatus(db: Db, accountNo: string, status: BankAccountStatus, at: string, by: number | null = null): BankAccount {
  if (!BANK_ACCOUNT_STATUSES.includes(status)) fail('BAD_INPUT', `未知账户状态 / unknown account status "${status}"`);
  return db.tx(() => {
    const account = requireBankAccount(db, accountNo);
    if (account.status === status) return account;
    if (account.status === 'closed') fail('CONFLICT', `银行账户 ${account.accountNo} 已销户，状态不能再改 / bank account ${account.accountNo} is closed for good`);
    db.run(db.q.updateTable('bank_account').set({ status, status_changed_at: at }).where('id', '=', account.id));
    appendAudit(db, { at, userId: by, action: 'balances.setAccountStatus', entity: 'bank_account', entityId: account.accountNo,
      detail: { before: account.status, after: status } });
    return requireBankAccount(db, account.accountNo);
  });
}

export interface BankAccountFilter {
  bankName?: string;
  accountNo?: string;
  status?: BankAccountStatus;
}

/** Bank accounts by bank and number; `bankName` matches any part of the name ("工商" finds 中国工商银行). */
export function listBankAccounts(db: Db, filter: BankAccountFilter = {}): BankAccount[] {
  let q = bankAccounts(db).orderBy('bank_account.bank_name').orderBy('bank_account.account_no');
  if (filter.bankName?.trim()) q = q.where(sql<number>`instr(bank_account.bank_name, ${filter.bankName.trim()})`, '>', 0);
  if (filter.accountNo) q = q.where('bank_account.account_no', '=', normaliseAccountNo(filter.accountNo));
  if (filter.status) q = q.where('bank_account.status', '=', filter.status);
  return db.all(q).map(toBankAccount);
}
