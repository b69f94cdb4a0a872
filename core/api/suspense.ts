import { z } from 'zod';
import { ANY, REVIEWERS, WRITERS, method, now } from './registry.js';
import { isoDate } from './ledger.js';
import { hangUp, internalPosting, listSuspenseItems, reviewSuspenseItem, writeOff } from '../suspense/suspense.js';
import { SUSPENSE_CODES } from '../suspense/codes.js';

const minor = z.number().int('must be whole minor units (fen)').refine(Number.isSafeInteger, 'out of range');
const cardRef = z.object({ id: z.number().int().positive().optional(), voucherNo: z.string().min(1).optional() })
  .refine((v) => v.id !== undefined || v.voucherNo !== undefined, 'name the card by id or voucherNo');

export const suspenseMethods = {
  'suspense.codes': method({
    summary: 'the suspense codes (7001xx) bank-extra lines may be classified to',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: () => SUSPENSE_CODES,
  }),
  'suspense.items': method({
    summary: 'suspense cards (待查) by status, kind and bank, with their age in days',
    input: z.object({ status: z.enum(['to_review', 'open', 'written_off']).optional(), kind: z.enum(['income', 'expense']).optional(), bankName: z.string().optional(), asOf: isoDate.optional() }).default({}),
    roles: ANY,
    reads: true,
    run: (ctx, input) => listSuspenseItems(ctx.db, input),
  }),
  'suspense.hangUp': method({
    summary: 'suspense income or expense hang-up (待查收入/支出挂账); a reviewer passes it before it can be written off',
    input: z.object({
      kind: z.enum(['income', 'expense']), debitAccountId: z.number().int(), creditAccountId: z.number().int(), amountMinor: minor,
      summary: z.string().min(1).max(200), accountingDate: isoDate, suspenseCode: z.string().optional(),
    }),
    roles: WRITERS,
    run: (ctx, input) => hangUp(ctx.db, input, ctx.user, now(ctx)),
  }),
  'suspense.review': method({
    summary: 'a reviewer (not the maker) passes a hang-up',
    input: cardRef,
    roles: REVIEWERS,
    run: (ctx, input) => reviewSuspenseItem(ctx.db, input, ctx.user, now(ctx)),
  }),
  'suspense.writeOff': method({
    summary: 'write off a reviewed card, in part or in full; a remainder is re-hung at once, linked to the original',
    input: z.object({
      voucherNo: z.string().min(1), summary: z.string().min(1).max(200), accountingDate: isoDate,
      targets: z.array(z.object({ accountId: z.number().int(), amountMinor: minor, summary: z.string().max(200).optional() })).min(1).max(100),
    }),
    roles: WRITERS,
    run: (ctx, input) => writeOff(ctx.db, input, ctx.user, now(ctx)),
  }),
  'suspense.internalPosting': method({
    summary: 'internal account posting (内部账户登账): one debit, one credit, no write-off account',
    input: z.object({ debitAccountId: z.number().int(), creditAccountId: z.number().int(), amountMinor: minor, summary: z.string().min(1).max(200), accountingDate: isoDate }),
    roles: WRITERS,
    run: (ctx, input) => internalPosting(ctx.db, input, ctx.user, now(ctx)),
  }),
};
