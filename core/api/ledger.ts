import { z } from 'zod';
import { ANY, ADMINS, REVIEWERS, WRITERS, method, now } from './registry.js';
import {
  accountLines, accountsAt, addSubject, changeFrozen, checkLedgerIntegrity, closeAccount, currentAccountingDate, getAccount, getVoucher,
  listAccounts, listDays, listSubjects, listVouchers, openAccount, postVouchers, reverseVoucher, reviewVoucher, trialBalance, voucherAuditTrail, ACCOUNT_LINES_PAGE_MAX,
  balanceSheet, closePeriod, importOpeningBalances, incomeStatement, listPeriods, monthSpan, trialBalanceBetween,
} from '../ledger/index.js';
import { verifyAuditChain } from '../audit/audit.js';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code').default('CNY');
const month = z.string().regex(/^\d{4}-\d{2}$/, 'must be a month YYYY-MM');
const minor = z.number().int('must be an integer of minor units').refine(Number.isSafeInteger, 'out of range');

const voucherRef = z.object({ id: z.number().int().optional(), voucherNo: z.string().optional() })
  .refine((v) => v.id !== undefined || v.voucherNo !== undefined, 'name the voucher by id or voucherNo');

export const ledgerMethods = {
  'ledger.subjects': method({
    summary: 'chart of accounts (科目树)',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => listSubjects(ctx.db),
  }),
  'ledger.addSubject': method({
    summary: 'add a detail subject under an existing subject',
    input: z.object({ code: z.string(), name: z.string().min(1), nameEn: z.string().min(1), parent: z.string() }),
    roles: ADMINS,
    run: (ctx, input) => addSubject(ctx.db, input),
  }),
  'ledger.accounts': method({
    summary: 'accounts with their balances',
    input: z.object({ subjectCode: z.string().optional(), ownerKind: z.enum(['internal', 'merchant']).optional() }).default({}),
    roles: ANY,
    reads: true,
    run: (ctx, input) => listAccounts(ctx.db, input),
  }),
  'ledger.account': method({
    summary: 'one account with its balance',
    input: z.object({ id: z.number().int() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => getAccount(ctx.db, input.id),
  }),
  'ledger.accountsAt': method({
    summary: 'the accounts of a subject and the subjects under it, with their balance at the end of a date (for the chart-of-accounts tree)',
    input: z.object({
      subjectCode: z.string().min(1), date: isoDate, search: z.string().max(100).optional(),
      limit: z.number().int().positive().max(1000).optional(), offset: z.number().int().nonnegative().optional(),
    }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => accountsAt(ctx.db, input),
  }),
  'ledger.accountLines': method({
    summary: 'one page of an account\'s voucher lines over a date range with the running balance (明细账); page on with `after`',
    input: z.object({
      accountId: z.number().int(),
      from: isoDate,
      to: isoDate,
      after: z.object({ date: isoDate, seq: z.number().int().nonnegative(), lineNo: z.number().int().nonnegative(), balanceMinor: minor }).optional(),
      limit: z.number().int().positive().max(ACCOUNT_LINES_PAGE_MAX).optional(),
    }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => accountLines(ctx.db, input),
  }),
  'ledger.openAccount': method({
    summary: 'open an account from its template',
    input: z.object({
      ownerKind: z.enum(['internal', 'merchant']),
      purpose: z.string().min(1),
      ownerRef: z.string().min(1).nullable().default(null),
      currency,
      ownerName: z.string().optional(),
    }),
    roles: ADMINS,
    run: (ctx, input) => ctx.db.tx(() => openAccount(ctx.db, input, now(ctx))),
  }),
  'ledger.closeAccount': method({
    summary: 'close an account whose balance is zero',
    input: z.object({ id: z.number().int() }),
    roles: ADMINS,
    run: (ctx, input) => closeAccount(ctx.db, input.id, now(ctx)),
  }),
  'ledger.freeze': method({
    summary: 'freeze (positive) or release (negative) part of an account balance',
    input: z.object({ id: z.number().int(), deltaMinor: minor }),
    roles: REVIEWERS,
    run: (ctx, input) => changeFrozen(ctx.db, input.id, input.deltaMinor),
  }),
  'ledger.postVoucher': method({
    summary: 'post one manual voucher (must balance); a reviewer other than you reviews it before its day closes',
    input: z.object({
      accountingDate: isoDate.optional(),
      businessCode: z.string().min(1),
      summary: z.string().min(1).max(200),
      sourceRef: z.string().optional(),
      lines: z.array(z.object({ accountId: z.number().int(), direction: z.enum(['D', 'C']), amountMinor: minor, summary: z.string().optional() })).min(2),
    }),
    roles: WRITERS,
    run: (ctx, input) => postVouchers({ db: ctx.db, userId: ctx.user.id, at: now(ctx) }, [
      { ...input, accountingDate: input.accountingDate ?? currentAccountingDate(ctx.db, ctx.clock) },
    ], { auditAction: 'voucher.manual' })[0]!,
  }),
  'ledger.reviewVoucher': method({
    summary: 'review (审核) a manual voucher or a reversal: a reviewer other than its maker; close-day waits for it',
    input: voucherRef,
    roles: REVIEWERS,
    run: (ctx, input) => reviewVoucher({ db: ctx.db, userId: ctx.user.id, at: now(ctx) }, input),
  }),
  'ledger.reverseVoucher': method({
    summary: 'reverse a posted voucher with a red-ink voucher dated on an open day',
    input: z.object({ voucher: voucherRef, accountingDate: isoDate.optional(), reason: z.string().min(1) }),
    roles: REVIEWERS,
    run: (ctx, input) => reverseVoucher({ db: ctx.db, userId: ctx.user.id, at: now(ctx) }, input.voucher, {
      accountingDate: input.accountingDate ?? currentAccountingDate(ctx.db, ctx.clock),
      reason: input.reason,
    }),
  }),
  'ledger.voucher': method({
    summary: 'one voucher with its lines',
    input: voucherRef,
    roles: ANY,
    reads: true,
    run: (ctx, input) => getVoucher(ctx.db, input),
  }),
  'ledger.vouchers': method({
    summary: 'vouchers of an accounting date',
    input: z.object({ date: isoDate, businessCode: z.string().optional(), accountId: z.number().int().optional(), limit: z.number().int().positive().max(10_000).optional(), offset: z.number().int().nonnegative().optional() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => listVouchers(ctx.db, input),
  }),
  'ledger.trialBalance': method({
    summary: 'trial balance (科目余额表) for an accounting date',
    input: z.object({ date: isoDate.optional(), currency }).default({ currency: 'CNY' }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => trialBalance(ctx.db, input.date ?? currentAccountingDate(ctx.db, ctx.clock), input.currency),
  }),
  'ledger.integrity': method({
    summary: 'recompute balances from voucher lines and compare',
    input: z.object({}).default({}),
    roles: ANY,
    run: (ctx) => checkLedgerIntegrity(ctx.db),
  }),
  'ledger.periodTrialBalance': method({
    summary: 'a month’s trial balance (月度科目余额表): opening before the month, its movements, closing at its end',
    input: z.object({ month, currency }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => {
      const { from, to } = monthSpan(input.month);
      return trialBalanceBetween(ctx.db, from, to, input.currency);
    },
  }),
  'ledger.incomeStatement': method({
    summary: 'income statement (利润表) of a month by profit-and-loss subject',
    input: z.object({ month, currency }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => {
      const { from, to } = monthSpan(input.month);
      return incomeStatement(ctx.db, from, to, input.currency);
    },
  }),
  'ledger.balanceSheet': method({
    summary: 'balance sheet (资产负债表) at a date by subject; profit not yet carried to 本年利润 shown in equity',
    input: z.object({ date: isoDate.optional(), currency }).default({ currency: 'CNY' }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => balanceSheet(ctx.db, input.date ?? currentAccountingDate(ctx.db, ctx.clock), input.currency),
  }),
  'ledger.closePeriod': method({
    summary: 'month end (期末结账): close a month whose days are all closed, in order; its days can then never be posted to or reopened',
    input: z.object({ month }),
    roles: REVIEWERS,
    run: (ctx, input) => closePeriod(ctx.db, { month: input.month, today: currentAccountingDate(ctx.db, ctx.clock), userId: ctx.user.id, at: now(ctx) }),
  }),
  'ledger.periods': method({
    summary: 'closed months with the figures each closed on',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => listPeriods(ctx.db),
  }),
  'ledger.importOpeningBalances': method({
    summary: 'opening balances of a new installation from an .xlsx (账号 or 科目代码, 借方, 贷方): one balanced manual voucher, reviewed by another person',
    input: z.object({ file: z.string().min(1), accountingDate: isoDate.optional() }),
    roles: ADMINS,
    run: (ctx, input) => importOpeningBalances(ctx.db, {
      file: input.file, date: input.accountingDate ?? currentAccountingDate(ctx.db, ctx.clock), userId: ctx.user.id, at: now(ctx),
    }),
  }),
  'ledger.days': method({
    summary: 'accounting days and whether each is closed',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => listDays(ctx.db),
  }),
  'audit.verify': method({
    summary: 'verify the hash chain of the audit log',
    input: z.object({}).default({}),
    roles: ANY,
    run: (ctx) => verifyAuditChain(ctx.db),
  }),
  'audit.voucher': method({
    summary: 'the audit records about one voucher: its posting, its reversal or original, a suspense review, the exports and close of its day',
    input: voucherRef,
    roles: ANY,
    run: (ctx, input) => voucherAuditTrail(ctx.db, input),
  }),
  'audit.list': method({
    summary: 'latest audit records',
    input: z.object({ limit: z.number().int().positive().max(1000).default(100) }).default({ limit: 100 }),
    roles: ANY,
    reads: true,
    run: (ctx, input) =>
      ctx.db.all(
        ctx.db.q.selectFrom('audit_log as a').leftJoin('app_user as u', 'u.id', 'a.user_id')
          .select(['a.id', 'a.at', 'u.login as user', 'a.action', 'a.entity', 'a.entity_id as entityId', 'a.detail', 'a.hash'])
          .orderBy('a.id', 'desc').limit(input.limit),
      ),
  }),
};
