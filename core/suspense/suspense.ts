import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { getAccount, getVoucher, postVouchers, voucherNoSql, type Account } from '../ledger/index.js';
import { formatMinor } from '../money/index.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { BANK_SIDE_PURPOSES, WRITE_OFF_PURPOSES } from '../clearing/targets.js';
import { isSuspenseCode, type SuspenseKind } from './codes.js';
import { daysBetween } from '../clock.js';

export interface Actor {
  id: number;
}

export interface SuspenseItem {
  id: number;
  kind: SuspenseKind;
  /** the card number (销账卡片号): the voucher that hung this amount up */
  voucherNo: string;
  /** the first hang-up of the chain a partial write-off re-hung this from */
  originVoucherNo: string;
  parentItemId: number | null;
  bankName: string;
  bankAccountId: number;
  suspenseAccountId: number;
  amountMinor: number;
  currency: string;
  suspenseCode: string | null;
  summary: string;
  status: 'to_review' | 'open' | 'written_off';
  createdAt: string;
  createdBy: number;
  reviewedBy: number | null;
  reviewedAt: string | null;
  /** accounting date of the card's voucher */
  hungUpOn: string;
  /** the accounting date of the first card of its chain (itself, or the card a remainder was split from) */
  originHungUpOn: string;
}

/** Why a hang-up or posting is refused, in both languages (the seed's rule numbers in order). */
const RULE = {
  sameAccount: '借贷方账户不能相同 / the debit and credit accounts must differ',
  amount: '金额必须大于 0 / the amount must be greater than 0',
  writeOffSide: '不允许任意一方是销账账户 / neither side may be a write-off (suspense) account',
  internalOnly: '内部账户登账只用于内部账户 / an internal posting moves internal accounts only',
  incomeDebit: '借方账户必须是银存账户 / the debit account must be a bank deposit account',
  incomeCredit: '贷方账户必须是销账账户（待查收入） / the credit account must be the write-off account (suspense income)',
  expenseCredit: '贷方账户必须是银存账户 / the credit account must be a bank deposit account',
  expenseDebit: '借方账户必须是销账账户（待查支出） / the debit account must be the write-off account (suspense expense)',
  currency: '借贷方币种必须一致 / both sides must be in one currency',
} as const;

function positive(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) fail('BAD_INPUT', RULE.amount);
}

function pair(db: Db, debitAccountId: number, creditAccountId: number): { debit: Account; credit: Account } {
  if (debitAccountId === creditAccountId) fail('BAD_INPUT', RULE.sameAccount);
  const debit = getAccount(db, debitAccountId);
  const credit = getAccount(db, creditAccountId);
  if (debit.currency !== credit.currency) fail('BAD_INPUT', RULE.currency);
  return { debit, credit };
}

interface ItemRow {
  id: number; kind: SuspenseKind; voucher_id: number; origin_item_id: number | null; parent_item_id: number | null; bank_account_id: number;
  bank_name: string; suspense_account_id: number; amount_minor: number; currency: string; suspense_code: string | null; summary: string;
  status: 'to_review' | 'open' | 'written_off'; created_at: string; created_by: number; reviewed_by: number | null; reviewed_at: string | null;
}

const ITEM_SELECT = `SELECT i.*, v.accounting_date AS hung_up_on, ov.accounting_date AS origin_hung_up_on, ${voucherNoSql('v')} AS voucher_no,
       ${voucherNoSql('ov')} AS origin_voucher_no
  FROM suspense_item i JOIN voucher v ON v.id = i.voucher_id
  JOIN suspense_item o ON o.id = COALESCE(i.origin_item_id, i.id) JOIN voucher ov ON ov.id = o.voucher_id`;

function toItem(r: ItemRow & { hung_up_on: string; origin_hung_up_on: string; voucher_no: string; origin_voucher_no: string }): SuspenseItem {
  return {
    id: r.id, kind: r.kind, voucherNo: r.voucher_no, originVoucherNo: r.origin_voucher_no, parentItemId: r.parent_item_id, bankName: r.bank_name,
    bankAccountId: r.bank_account_id, suspenseAccountId: r.suspense_account_id, amountMinor: r.amount_minor, currency: r.currency,
    suspenseCode: r.suspense_code, summary: r.summary, status: r.status, createdAt: r.created_at, createdBy: r.created_by,
    reviewedBy: r.reviewed_by, reviewedAt: r.reviewed_at, hungUpOn: r.hung_up_on, originHungUpOn: r.origin_hung_up_on,
  };
}

export function getSuspenseItem(db: Db, ref: { id?: number; voucherNo?: string }): SuspenseItem {
  let row;
  if (ref.id !== undefined) row = db.prepare(`${ITEM_SELECT} WHERE i.id = ?`).get(ref.id);
  else if (ref.voucherNo !== undefined) {
    const voucher = getVoucher(db, { voucherNo: ref.voucherNo });
    row = db.prepare(`${ITEM_SELECT} WHERE i.voucher_id = ?`).get(voucher.id);
  }
  if (!row) fail('NOT_FOUND', `原挂账凭证不合法 / no suspense card ${ref.voucherNo ?? `#${ref.id}`}`);
  return toItem(row as Parameters<typeof toItem>[0]);
}

/**
 * Suspense cards with their age in days at `asOf`, oldest first. A remainder re-hung after a partial
 * write-off ages from its original card: the money has been unexplained since then (the charts'
 * aging counts the same way).
 */
export function listSuspenseItems(db: Db, filter: { status?: SuspenseItem['status']; kind?: SuspenseKind; bankName?: string; asOf?: string } = {}): (SuspenseItem & { ageDays: number | null })[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.status) { where.push('i.status = ?'); args.push(filter.status); }
  if (filter.kind) { where.push('i.kind = ?'); args.push(filter.kind); }
  if (filter.bankName) { where.push('i.bank_name = ?'); args.push(filter.bankName); }
  const rows = db.prepare(`${ITEM_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.accounting_date, i.id LIMIT 10000`).all(...args) as Parameters<typeof toItem>[0][];
  return rows.map((r) => {
    const item = toItem(r);
    return { ...item, ageDays: filter.asOf ? daysBetween(item.originHungUpOn, filter.asOf) : null };
  });
}

interface InsertItem {
  kind: SuspenseKind; voucherId: number; originItemId: number | null; parentItemId: number | null; bankAccountId: number; bankName: string;
  suspenseAccountId: number; amountMinor: number; currency: string; suspenseCode: string | null; summary: string;
  status: SuspenseItem['status']; at: string; userId: number; reviewedBy: number | null;
  /** when it was reviewed, if not now (a re-hung remainder keeps its card's) */
  reviewedAt?: string | null;
}

export function insertSuspenseItem(db: Db, i: InsertItem): number {
  return Number(db.prepare(`INSERT INTO suspense_item (kind, voucher_id, origin_item_id, parent_item_id, bank_account_id, bank_name, suspense_account_id,
      amount_minor, currency, suspense_code, summary, status, created_at, created_by, reviewed_at, reviewed_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    i.kind, i.voucherId, i.originItemId, i.parentItemId, i.bankAccountId, i.bankName, i.suspenseAccountId, i.amountMinor, i.currency,
    i.suspenseCode, i.summary, i.status, i.at, i.userId, i.reviewedBy === null ? null : (i.reviewedAt ?? i.at), i.reviewedBy,
  ).lastInsertRowid);
}

/** The bank name a card carries: the bank deposit account's owner, which every later write-off keeps. */
export function bankNameOf(account: Account): string {
  return account.name.replace(/^[^-]*-/, '') || account.accountNo;
}

export interface HangUpInput {
  kind: SuspenseKind;
  debitAccountId: number;
  creditAccountId: number;
  amountMinor: number;
  summary: string;
  accountingDate: string;
  suspenseCode?: string;
}

/** Check a hang-up's two sides against the seed's rules; returns which side is the bank and which the suspense account. */
export function checkHangUp(db: Db, input: Pick<HangUpInput, 'kind' | 'debitAccountId' | 'creditAccountId' | 'amountMinor'>): { bank: Account; suspense: Account } {
  const { debit, credit } = pair(db, input.debitAccountId, input.creditAccountId);
  positive(input.amountMinor);
  if (input.kind === 'income') {
    if (!BANK_SIDE_PURPOSES.has(debit.purpose)) fail('BAD_INPUT', `${RULE.incomeDebit} (${debit.accountNo})`);
    if (credit.purpose !== 'suspense_income') fail('BAD_INPUT', `${RULE.incomeCredit} (${credit.accountNo})`);
    return { bank: debit, suspense: credit };
  }
  if (!BANK_SIDE_PURPOSES.has(credit.purpose)) fail('BAD_INPUT', `${RULE.expenseCredit} (${credit.accountNo})`);
  if (debit.purpose !== 'suspense_expense') fail('BAD_INPUT', `${RULE.expenseDebit} (${debit.accountNo})`);
  return { bank: credit, suspense: debit };
}

/**
 * Suspense income or expense hang-up (待查收入/支出挂账): money the bank shows that nobody can place
 * yet. Its voucher number becomes the card every later write-off names. It waits for a reviewer.
 */
export function hangUp(db: Db, input: HangUpInput, user: Actor, at: string): SuspenseItem {
  if (input.suspenseCode !== undefined && !isSuspenseCode(input.suspenseCode)) fail('BAD_INPUT', `${input.suspenseCode} is not a suspense code (700101–700108)`);
  if (!input.summary.trim()) fail('BAD_INPUT', '摘要不能为空 / a hang-up needs a summary');
  return db.tx(() => {
    const { bank, suspense } = checkHangUp(db, input);
    const [voucher] = postVouchers({ db, userId: user.id, at }, [{
      accountingDate: input.accountingDate,
      businessCode: input.suspenseCode ?? (input.kind === 'income' ? BUSINESS_CODES.SUSPENSE_INCOME : BUSINESS_CODES.SUSPENSE_EXPENSE),
      summary: input.summary,
      lines: [
        { accountId: input.debitAccountId, direction: 'D', amountMinor: input.amountMinor },
        { accountId: input.creditAccountId, direction: 'C', amountMinor: input.amountMinor },
      ],
    }], { auditAction: `suspense.hang_up.${input.kind}` });
    const id = insertSuspenseItem(db, {
      kind: input.kind, voucherId: voucher!.id, originItemId: null, parentItemId: null, bankAccountId: bank.id, bankName: bankNameOf(bank),
      suspenseAccountId: suspense.id, amountMinor: input.amountMinor, currency: bank.currency, suspenseCode: input.suspenseCode ?? null,
      summary: input.summary, status: 'to_review', at, userId: user.id, reviewedBy: null,
    });
    return getSuspenseItem(db, { id });
  });
}

/** A reviewer passes a hang-up (复核): only then can it be written off. The maker may not check it. */
export function reviewSuspenseItem(db: Db, ref: { id?: number; voucherNo?: string }, reviewer: Actor, at: string): SuspenseItem {
  return db.tx(() => {
    const item = getSuspenseItem(db, ref);
    if (item.status !== 'to_review') fail('CONFLICT', `挂账 ${item.voucherNo} 已复核 / card ${item.voucherNo} is already reviewed`);
    if (item.createdBy === reviewer.id) {
      fail('FORBIDDEN', `复核人不能是登记人 / the person who hung up ${item.voucherNo} cannot review it`, { reason: 'MAKER_IS_CHECKER', params: { step: 'suspense.review', voucherNo: item.voucherNo } });
    }
    db.prepare("UPDATE suspense_item SET status = 'open', reviewed_at = ?, reviewed_by = ? WHERE id = ?").run(at, reviewer.id, item.id);
    appendAudit(db, { at, userId: reviewer.id, action: 'suspense.review', entity: 'suspense_item', entityId: String(item.id), detail: { voucherNo: item.voucherNo } });
    return getSuspenseItem(db, { id: item.id });
  });
}

export interface WriteOffInput {
  /** the card: the voucher number of the hang-up (or of the re-hang a partial write-off made) */
  voucherNo: string;
  /** where the money goes (income: credited) or comes from (expense: debited); internal accounts */
  targets: { accountId: number; amountMinor: number; summary?: string }[];
  summary: string;
  accountingDate: string;
}

/**
 * Write off a suspense card (待查收入/支出确认). The card must be valid, reviewed and not yet written
 * off; the total must be > 0 and no more than the card; the other side must be internal. A partial
 * write-off re-hangs the remainder at once as a new, already reviewed card with the same bank name,
 * linked to the original.
 */
export function writeOff(db: Db, input: WriteOffInput, user: Actor, at: string): { writeOffVoucherNo: string; writtenOffMinor: number; remainder: SuspenseItem | null } {
  if (input.targets.length === 0) fail('BAD_INPUT', '至少一个销账对方账户 / name at least one account to write off to');
  if (input.targets.length > 100) fail('BAD_INPUT', 'at most 100 write-off lines');
  return db.tx(() => {
    const item = getSuspenseItem(db, { voucherNo: input.voucherNo });
    if (item.status === 'to_review') fail('CONFLICT', `原挂账凭证未复核 / card ${item.voucherNo} has not been reviewed yet`);
    if (item.status === 'written_off') fail('CONFLICT', `原挂账凭证已销账 / card ${item.voucherNo} is already written off`);
    let total = 0;
    for (const t of input.targets) {
      positive(t.amountMinor);
      total += t.amountMinor;
      const account = getAccount(db, t.accountId);
      const side = item.kind === 'income' ? '贷方必须是内部户 / the credit side' : '借方必须是内部户 / the debit side';
      if (account.ownerKind !== 'internal' || WRITE_OFF_PURPOSES.has(account.purpose)) {
        fail('BAD_INPUT', `${side} must be an internal account other than a write-off account (${account.accountNo})`);
      }
      if (account.currency !== item.currency) fail('BAD_INPUT', RULE.currency);
    }
    if (total > item.amountMinor) {
      fail('BAD_INPUT', `销账总额不得大于原挂账金额 / the write-off total ${formatMinor(total, item.currency)} exceeds the card's ${formatMinor(item.amountMinor, item.currency)}`);
    }
    const direction = item.kind === 'income' ? { suspense: 'D' as const, other: 'C' as const } : { suspense: 'C' as const, other: 'D' as const };
    const [voucher] = postVouchers({ db, userId: user.id, at }, [{
      accountingDate: input.accountingDate, businessCode: BUSINESS_CODES.SUSPENSE_WRITE_OFF, summary: input.summary, sourceRef: item.voucherNo,
      lines: [
        { accountId: item.suspenseAccountId, direction: direction.suspense, amountMinor: total, summary: `销账 ${item.voucherNo}` },
        ...input.targets.map((t) => ({ accountId: t.accountId, direction: direction.other, amountMinor: t.amountMinor, summary: t.summary })),
      ],
    }], { auditAction: `suspense.write_off.${item.kind}` });
    const remainderMinor = item.amountMinor - total;
    const remainderId = remainderMinor === 0 ? null : insertSuspenseItem(db, {
      kind: item.kind, voucherId: voucher!.id, originItemId: db.prepare('SELECT COALESCE(origin_item_id, id) FROM suspense_item WHERE id = ?').pluck().get(item.id) as number,
      parentItemId: item.id, bankAccountId: item.bankAccountId, bankName: item.bankName, suspenseAccountId: item.suspenseAccountId,
      amountMinor: remainderMinor, currency: item.currency, suspenseCode: item.suspenseCode,
      // the remainder is the same money, already checked: it keeps the card's maker and reviewer, so
      // the one who writes off never becomes its reviewer
      summary: `差额重新挂账 remainder re-hung from ${item.voucherNo}`, status: 'open', at, userId: item.createdBy, reviewedBy: item.reviewedBy, reviewedAt: item.reviewedAt,
    });
    db.prepare("UPDATE suspense_item SET status = 'written_off' WHERE id = ?").run(item.id);
    db.prepare('INSERT INTO suspense_writeoff (item_id, voucher_id, amount_minor, remainder_item_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(item.id, voucher!.id, total, remainderId, at, user.id);
    return { writeOffVoucherNo: voucher!.voucherNo, writtenOffMinor: total, remainder: remainderId === null ? null : getSuspenseItem(db, { id: remainderId }) };
  });
}

/**
 * Internal account posting (内部账户登账): interest, fees, clearing money between internal
 * accounts. One debit, one credit, different accounts, amount > 0, neither a write-off account;
 * it makes no entry flow and cannot start a write-off chain.
 */
export function internalPosting(db: Db, input: { debitAccountId: number; creditAccountId: number; amountMinor: number; summary: string; accountingDate: string }, user: Actor, at: string) {
  const { debit, credit } = pair(db, input.debitAccountId, input.creditAccountId);
  positive(input.amountMinor);
  if (WRITE_OFF_PURPOSES.has(debit.purpose) || WRITE_OFF_PURPOSES.has(credit.purpose)) fail('BAD_INPUT', RULE.writeOffSide);
  if (debit.ownerKind !== 'internal' || credit.ownerKind !== 'internal') fail('BAD_INPUT', RULE.internalOnly);
  if (!input.summary.trim()) fail('BAD_INPUT', '摘要不能为空 / a posting needs a summary');
  const [voucher] = postVouchers({ db, userId: user.id, at }, [{
    accountingDate: input.accountingDate, businessCode: BUSINESS_CODES.INTERNAL_POSTING, summary: input.summary,
    lines: [
      { accountId: debit.id, direction: 'D', amountMinor: input.amountMinor },
      { accountId: credit.id, direction: 'C', amountMinor: input.amountMinor },
    ],
  }], { auditAction: 'suspense.internal_posting' });
  return voucher!;
}
