import { z } from 'zod';
import { ANY, method, now } from './registry.js';
import { isoDate } from './ledger.js';
import { FLOW_BASES, REPORT_CATALOGUE, REPORT_KINDS, writeReport } from '../reports/index.js';

export const reportsMethods = {
  'reports.kinds': method({
    summary: 'the day-end reports that can be exported, in both languages, with their options',
    input: z.object({}).default({}),
    roles: ANY,
    run: () => REPORT_CATALOGUE,
  }),
  'reports.export': method({
    summary: 'write a day-end report as .xlsx (batch statistics, flows, bank balances, outstanding items, settlement, trial balance)',
    input: z.object({
      kind: z.enum(REPORT_KINDS),
      date: isoDate,
      file: z.string().min(1),
      accountNo: z.string().min(1).optional(),
      by: z.enum(FLOW_BASES).optional(),
      to: isoDate.optional(),
      batchId: z.number().int().positive().optional(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code').optional(),
    }),
    roles: ANY,
    cancellable: 'signal',
    run: (ctx, input) => writeReport(ctx.db, { ...input, at: now(ctx) }, {
      signal: ctx.signal, onRows: (rows) => ctx.progress?.({ method: 'reports.export', phase: 'rows', done: rows, total: null }),
    }),
  }),
};
