import { z } from 'zod';
import { ADMINS, ANY, WRITERS, method, now } from './registry.js';
import { isoDate } from './ledger.js';
import { clearChannels, listClearings } from '../clearing/clear.js';
import { withdrawChannelBalance } from '../clearing/channel-withdrawal.js';
import { settleMerchants } from '../settlement/settle.js';
import { closeDay } from '../settlement/close-day.js';
import { balanceCheck, outstandingItems } from '../balances/check.js';
import { dayCloseReports, settlementOf } from '../settlement/reports.js';
import { writePayoutBatchFile } from '../settlement/payout-file.js';
import { unassignedItems } from '../balances/unassigned.js';
import { reopenAccountingDay } from '../ledger/close.js';

const CLOSERS = ['reviewer', 'admin', 'trainer'] as const;

export const settlementMethods = {
  'clearing.run': method({
    summary: 'channel clearing (渠道轧差) of everything reconciled and not yet cleared, up to a date',
    input: z.object({ date: isoDate }),
    roles: WRITERS,
    run: (ctx, input) => clearChannels(ctx.db, { date: input.date, userId: ctx.user.id, at: now(ctx) }),
  }),
  'clearing.withdrawChannel': method({
    summary: 'a channel pays its balance (1012.01) out to a settlement bank account (渠道提现, 300201): booked with an entry flow the bank statement’s incoming line is reconciled against',
    input: z.object({
      channel: z.string().min(1), amountMinor: z.number().int().positive(), toAccountNo: z.string().min(4), currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
      date: isoDate, occurredAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be a local time YYYY-MM-DD HH:mm:ss').optional(),
    }),
    roles: WRITERS,
    run: (ctx, input) => withdrawChannelBalance(ctx.db, { ...input, occurredAt: input.occurredAt ?? `${input.date} 12:00:00`, userId: ctx.user.id, at: now(ctx) }),
  }),
  'clearing.list': method({
    summary: 'channel clearings of a date: gross, refunds, fees, net and the voucher',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => listClearings(ctx.db, input.date),
  }),
  'settlement.run': method({
    summary: 'merchant settlement by cycle (D0/D1/Dn/T1); orders with open errors held',
    input: z.object({ date: isoDate }),
    roles: WRITERS,
    run: (ctx, input) => settleMerchants(ctx.db, { date: input.date, userId: ctx.user.id, at: now(ctx) }),
  }),
  'settlement.list': method({
    summary: 'merchant settlements and held orders of a date (the latest run)',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => settlementOf(ctx.db, input.date),
  }),
  'settlement.payoutFile': method({
    summary: 'write the day’s payout batch file (代付批量文件, GBK CSV with a totals line) for the bank',
    input: z.object({ date: isoDate, file: z.string().min(1), fromAccount: z.string().min(1) }),
    roles: WRITERS,
    run: (ctx, input) => writePayoutBatchFile(ctx.db, input),
  }),
  'balances.check': method({
    summary: 'reviewed bank balance against the ledger per bank account, with outstanding items (未达款项)',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => balanceCheck(ctx.db, input.date),
  }),
  'balances.outstanding': method({
    summary: 'outstanding items of one bank account up to a date',
    input: z.object({ date: isoDate, accountNo: z.string().min(1) }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => outstandingItems(ctx.db, input.accountNo, input.date),
  }),
  'balances.unassigned': method({
    summary: 'bank statement lines up to a date that belong to no registered bank account (outside every balance check until they do)',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => unassignedItems(ctx.db, input.date),
  }),
  'day.close': method({
    summary: 'close a day: clearing, settlement, every check; refuses and names the failing check',
    input: z.object({ date: isoDate }),
    roles: [...CLOSERS],
    // one transaction: a cancel stops the books process and the close is rolled back whole
    cancellable: 'rollback',
    run: (ctx, input) => closeDay(ctx.db, { date: input.date, userId: ctx.user.id, at: now(ctx) }),
  }),
  'day.reopen': method({
    summary: 'reopen a closed day (反关账), admins only, with a reason, while every later day is open (audited)',
    input: z.object({ date: isoDate, reason: z.string().min(1).max(200) }),
    roles: ADMINS,
    run: (ctx, input) => reopenAccountingDay({ db: ctx.db, userId: ctx.user.id, at: now(ctx) }, input.date, input.reason),
  }),
  'day.closeReports': method({
    summary: 'every close-day attempt of a date with its checks',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => dayCloseReports(ctx.db, input.date),
  }),
};
