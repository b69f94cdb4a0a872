// Figures for the charts screen: each a set-based query over the books (core/charts).
import { z } from 'zod';
import { ANY, method } from './registry.js';
import { isoDate } from './ledger.js';
import { mismatchFigures, suspenseAgingFigures, totalsFigures, MAX_SPAN_DAYS } from '../charts/charts.js';

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code').default('CNY');

export const chartsMethods = {
  'charts.mismatches': method({
    summary: 'reconciliation differences (count and amount) by channel and day, from the runs in force',
    input: z.object({ from: isoDate, to: isoDate, currency }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => mismatchFigures(ctx.db, input),
  }),
  'charts.totals': method({
    summary: 'channel clearing (gross, refunds, fees, net) and merchant settlement (settled, held) per day over the last N days',
    input: z.object({ to: isoDate, days: z.number().int().min(1).max(MAX_SPAN_DAYS).default(30), currency }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => totalsFigures(ctx.db, input),
  }),
  'charts.suspenseAging': method({
    summary: 'open suspense cards (待查) by bank and age bucket at a date, income and expense',
    input: z.object({ asOf: isoDate, currency }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => suspenseAgingFigures(ctx.db, input),
  }),
};
