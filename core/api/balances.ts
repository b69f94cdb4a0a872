import { z } from 'zod';
import { ADMINS, ANY, REVIEWERS, method, now } from './registry.js';
import { isoDate } from './ledger.js';
import { fail } from '../errors.js';
import { AmountParseError, isKnownCurrency, parseAmount } from '../money/index.js';
import {
  BANK_ACCOUNT_KINDS, BANK_ACCOUNT_STATUSES, MAKER_ROLES, carryOverBalances, listBankAccounts, queryBalances, registerBalance, registerBankAccount,
  reviewBalances, reviewTemplatePath, runDueCarryOvers, setBankAccountStatus, withdrawBalance,
} from '../balances/index.js';
import type { BankAccountKind, BankAccountStatus } from '../balances/index.js';
import type { ReviewResult } from '../balances/review.js';

const accountStatus = z.enum(BANK_ACCOUNT_STATUSES as [BankAccountStatus, ...BankAccountStatus[]]);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code').default('CNY');

/** Amounts come as people type them ("1,234.50") and are read by the one amount parser. */
function amountMinor(text: string, ccy: string): number {
  if (!isKnownCurrency(ccy)) fail('BAD_INPUT', `未知币种 / unknown currency "${ccy}"`);
  try {
    return parseAmount(text, ccy);
  } catch (e) {
    if (e instanceof AmountParseError) fail('BAD_INPUT', `金额无法读取 / ${e.message}`);
    throw e;
  }
}

export const balancesMethods = {
  'balances.accounts': method({
    summary: 'bank accounts with bank, name, currency, status (normal / abolished / closed) and their ledger account',
    input: z.object({ bankName: z.string().optional(), accountNo: z.string().optional(), status: accountStatus.optional() }).default({}),
    roles: ANY,
    reads: true,
    run: (ctx, input) => listBankAccounts(ctx.db, input),
  }),
  'balances.registerAccount': method({
    summary: 'register a bank account and open or link its ledger account: bank deposit 1002.01 for a settlement account, reserve 1002.02 (备付金) for a reserve account (same details again: no change)',
    input: z.object({ accountNo: z.string().min(1), bankName: z.string().min(1), accountName: z.string().min(1), currency, kind: z.enum(BANK_ACCOUNT_KINDS as [BankAccountKind, ...BankAccountKind[]]).optional() }),
    roles: ADMINS,
    run: (ctx, input) => registerBankAccount(ctx.db, input, now(ctx), ctx.user.id),
  }),
  'balances.setAccountStatus': method({
    summary: 'set a bank account to normal, abolished or closed (closed is final)',
    input: z.object({ accountNo: z.string().min(1), status: accountStatus }),
    roles: ADMINS,
    run: (ctx, input) => setBankAccountStatus(ctx.db, input.accountNo, input.status, now(ctx), ctx.user.id),
  }),
  'balances.register': method({
    summary: 'enter a bank balance for an account and day: a temporary balance, shown only once reviewed',
    input: z.object({ date: isoDate, accountNo: z.string().min(1), amount: z.string().min(1), currency }),
    roles: MAKER_ROLES,
    run: (ctx, input) => registerBalance(ctx.db,
      { date: input.date, accountNo: input.accountNo, currency: input.currency, balanceMinor: amountMinor(input.amount, input.currency) }, ctx.user, now(ctx)),
  }),
  'balances.withdraw': method({
    summary: 'withdraw a temporary balance (your own, or any as admin), e.g. the wrong one of two entered for a day',
    input: z.object({ id: z.number().int().positive() }),
    roles: MAKER_ROLES,
    run: (ctx, input) => withdrawBalance(ctx.db, input.id, ctx.user, now(ctx)),
  }),
  'balances.review': method({
    summary: 'import the bank balance review template (.xlsx): each row checked against its temporary balance, good rows written as reviewed',
    input: z.object({ file: z.string().min(1) }),
    roles: REVIEWERS,
    refusedWhen: (r: ReviewResult) => (r.reviewed === 0 && r.failed > 0 ? `${r.file}: every row was refused (${r.failed}); nothing was reviewed / 所有行均未通过复核` : null),
    run: (ctx, input) => reviewBalances(ctx.db, { file: input.file }, ctx.user, now(ctx)),
  }),
  'balances.carryOver': method({
    summary: 'carry yesterday’s reviewed balances into today’s temporary ones (the 01:15 job); without a date, every day due',
    input: z.object({ date: isoDate.optional() }).default({}),
    roles: ADMINS,
    run: (ctx, input) => (input.date
      ? [carryOverBalances(ctx.db, input.date, now(ctx), ctx.user.id)]
      : runDueCarryOvers(ctx.db, ctx.clock.now(), now(ctx), ctx.user.id)),
  }),
  'balances.query': method({
    summary: 'bank balances per account and day: N not entered, A entered (awaiting review, no figure), Y reviewed (with figure)',
    input: z.object({
      bankName: z.string().optional(), accountNo: z.string().optional(), accountStatus: z.union([accountStatus, z.literal('all')]).optional(),
      date: isoDate.optional(), from: isoDate.optional(), to: isoDate.optional(), balanceStatus: z.enum(['N', 'A', 'Y']).optional(),
    }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => queryBalances(ctx.db, input),
  }),
  'balances.templatePath': method({
    summary: 'where the standard bank balance review template (.xlsx) is',
    input: z.object({}).default({}),
    roles: ANY,
    run: () => ({ path: reviewTemplatePath() }),
  }),
};
