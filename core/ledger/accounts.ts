import type { Db, Direction, OwnerKind } from '../db/index.js';
import type { AccountTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import { fail } from '../errors.js';
import { isKnownCurrency } from '../money/index.js';
import { DEFAULT_CHART, type AccountTemplate, type ChartFile } from './chart.js';

export type AccountRow = Selectable<AccountTable>;

export interface Account {
  id: number;
  accountNo: string;
  name: string;
  subjectCode: string;
  currency: string;
  ownerKind: OwnerKind;
  ownerRef: string | null;
  purpose: string;
  status: 'open' | 'closed';
  balanceDirection: Direction;
  debitMinor: number;
  creditMinor: number;
  /** balance on the account's normal side */
  balanceMinor: number;
  frozenMinor: number;
  /** balance less the frozen part */
  availableMinor: number;
}

export function balanceOf(row: { balance_direction: Direction; debit_minor: number; credit_minor: number }): number {
  return row.balance_direction === 'D' ? row.debit_minor - row.credit_minor : row.credit_minor - row.debit_minor;
}

export function toAccount(r: AccountRow): Account {
  const balanceMinor = balanceOf(r);
  return {
    id: r.id,
    accountNo: r.account_no,
    name: r.name,
    subjectCode: r.subject_code,
    currency: r.currency,
    ownerKind: r.owner_kind,
    ownerRef: r.owner_ref,
    purpose: r.purpose,
    status: r.status,
    balanceDirection: r.balance_direction,
    debitMinor: r.debit_minor,
    creditMinor: r.credit_minor,
    balanceMinor,
    frozenMinor: r.frozen_minor,
    availableMinor: balanceMinor - r.frozen_minor,
  };
}

function templateFor(chart: ChartFile, ownerKind: OwnerKind, purpose: string): AccountTemplate {
  const list = ownerKind === 'merchant' ? chart.templates.merchant : chart.templates.internal;
  return list.find((t) => t.purpose === purpose) ?? fail('BAD_INPUT', `no ${ownerKind} account template for purpose "${purpose}"`);
}

export interface OpenAccountInput {
  ownerKind: OwnerKind;
  purpose: string;
  /** merchant id, bank account number or channel code; null for single internal accounts */
  ownerRef: string | null;
  currency: string;
  /** display name of the owner, e.g. the merchant or bank */
  ownerName?: string;
}

/** Open one account from its template (分户 under the template's leaf subject). Idempotent: returns the existing account. */
export function openAccount(db: Db, input: OpenAccountInput, openedAt: string, chart: ChartFile = DEFAULT_CHART): Account {
  if (!isKnownCurrency(input.currency)) fail('BAD_INPUT', `unknown currency "${input.currency}"`);
  const template = templateFor(chart, input.ownerKind, input.purpose);
  if (template.perOwner && !input.ownerRef) fail('BAD_INPUT', `a ${input.purpose} account is opened per ${template.perOwner}: give its reference`);
  const existing = findAccount(db, input);
  if (existing) return existing;
  const subject = db.first(db.q.selectFrom('subject').selectAll().where('code', '=', template.subject))
    ?? fail('NOT_FOUND', `template subject ${template.subject} is missing from the chart of accounts`);
  if (subject.is_leaf !== 1) fail('CONFLICT', `subject ${subject.code} is not a detail (leaf) subject`);
  const accountNo = `${subject.code}-${input.ownerRef ?? input.purpose}-${input.currency}`;
  const name = input.ownerName ? `${template.name}-${input.ownerName}` : template.name;
  db.run(
    db.q.insertInto('account').values({
      account_no: accountNo,
      name,
      subject_code: subject.code,
      currency: input.currency,
      owner_kind: input.ownerKind,
      owner_ref: input.ownerRef,
      purpose: input.purpose,
      status: 'open',
      balance_direction: subject.balance_direction,
      debit_minor: 0,
      credit_minor: 0,
      frozen_minor: 0,
      opened_at: openedAt,
      closed_at: null,
    }),
  );
  return findAccount(db, input)!;
}

/** Open every account of the merchant template: pending settlement and available (待结算, 可用). */
export function openMerchantAccounts(db: Db, merchantId: string, merchantName: string, currency: string, openedAt: string): Record<string, Account> {
  const out: Record<string, Account> = {};
  for (const t of DEFAULT_CHART.templates.merchant) {
    out[t.purpose] = openAccount(db, { ownerKind: 'merchant', purpose: t.purpose, ownerRef: merchantId, currency, ownerName: merchantName }, openedAt);
  }
  return out;
}

export function findAccount(db: Db, key: { ownerKind: OwnerKind; purpose: string; ownerRef: string | null; currency: string }): Account | undefined {
  let q = db.q.selectFrom('account').selectAll()
    .where('owner_kind', '=', key.ownerKind)
    .where('purpose', '=', key.purpose)
    .where('currency', '=', key.currency);
  q = key.ownerRef === null ? q.where('owner_ref', 'is', null) : q.where('owner_ref', '=', key.ownerRef);
  const row = db.first(q);
  return row ? toAccount(row) : undefined;
}

export function requireAccount(db: Db, key: Parameters<typeof findAccount>[1]): Account {
  return findAccount(db, key) ?? fail('NOT_FOUND', `no ${key.purpose} account${key.ownerRef ? ` for ${key.ownerRef}` : ''} in ${key.currency}`);
}

export function getAccount(db: Db, id: number): Account {
  const row = db.first(db.q.selectFrom('account').selectAll().where('id', '=', id));
  return row ? toAccount(row) : fail('NOT_FOUND', `no account with id ${id}`);
}

export function listAccounts(db: Db, filter: { subjectCode?: string; ownerKind?: OwnerKind } = {}): Account[] {
  let q = db.q.selectFrom('account').selectAll().orderBy('subject_code').orderBy('account_no');
  if (filter.subjectCode) q = q.where('subject_code', '=', filter.subjectCode);
  if (filter.ownerKind) q = q.where('owner_kind', '=', filter.ownerKind);
  return db.all(q).map(toAccount);
}

/** Close an account with a zero balance; posting to it is refused from then on. */
export function closeAccount(db: Db, id: number, closedAt: string): Account {
  const account = getAccount(db, id);
  if (account.status === 'closed') fail('CONFLICT', `account ${account.accountNo} is already closed`);
  if (account.balanceMinor !== 0 || account.frozenMinor !== 0) {
    fail('CONFLICT', `account ${account.accountNo} still has a balance of ${account.balanceMinor} (frozen ${account.frozenMinor}) minor units; it can only be closed at zero`);
  }
  db.run(db.q.updateTable('account').set({ status: 'closed', closed_at: closedAt }).where('id', '=', id));
  return getAccount(db, id);
}

/** Freeze (positive) or release (negative) part of an account's balance. The frozen part can never exceed the balance. */
export function changeFrozen(db: Db, id: number, deltaMinor: number): Account {
  if (!Number.isSafeInteger(deltaMinor) || deltaMinor === 0) fail('BAD_INPUT', 'freeze amount must be a non-zero integer of minor units');
  const account = getAccount(db, id);
  if (account.status === 'closed') fail('ACCOUNT_CLOSED', `account ${account.accountNo} is closed`);
  const next = account.frozenMinor + deltaMinor;
  if (next < 0) fail('BAD_INPUT', `cannot release more than the frozen ${account.frozenMinor} minor units of ${account.accountNo}`);
  if (next > account.balanceMinor) fail('INSUFFICIENT_FUNDS', `cannot freeze beyond the balance of ${account.accountNo} (${account.balanceMinor} minor units)`);
  db.run(db.q.updateTable('account').set({ frozen_minor: next }).where('id', '=', id));
  return getAccount(db, id);
}
