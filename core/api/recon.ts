import { z } from 'zod';
import { PROFILE_FORMATS, STRATEGY_ACTIONS } from '../shared/rules.js';
import { ANY, WRITERS, method, now } from './registry.js';
import { isoDate } from './ledger.js';
import { reconcile } from '../recon/reconcile.js';
import { batchStatistics } from '../recon/statistics.js';
import { applyStrategy } from '../recon/actions.js';
import { listStrategies, setStrategy } from '../recon/strategy.js';
import { confirmSummary, history, summary } from '../recon/confirm.js';
import { deleteClearingFlow, editClearingFlow } from '../recon/clearing.js';
import { currentLocalTime } from '../ledger/days.js';
import { REVIEWERS } from './registry.js';
import { CHANNEL_CODES } from '../channels/types.js';
import { importStatement, retryImport } from '../recon/import.js';
import { DEFAULT_REGISTRY } from '../recon/registry.js';
import { classifyBankExtras, hangUpBankExtras } from '../recon/hang-up.js';
import { resultDetail, resultsPage } from '../recon/results.js';
import { recoverFromMerchantList } from '../recon/merchant-recovery.js';
import { OUTCOMES } from '../recon/reconcile.js';
import { previewFile } from '../recon/preview.js';
import { fundReconcile } from '../recon/fund-recon.js';
import { deleteProfile, getProfile, listProfiles, MAPPABLE_FIELDS, saveProfile } from '../recon/profiles.js';
import { accountWarningOf } from '../balances/unassigned.js';

const bankMapping = z.partialRecord(z.enum(MAPPABLE_FIELDS as [string, ...string[]]), z.string().max(200));

export const reconMethods = {
  'recon.reconcile': method({
    summary: 'match entry flows with imported statement lines for a date (and channel)',
    input: z.object({ date: isoDate, channel: z.enum(CHANNEL_CODES).optional() }),
    roles: WRITERS,
    // one transaction: a cancel stops the books process and the run is rolled back whole
    cancellable: 'rollback',
    run: (ctx, input) => reconcile(ctx.db, { date: input.date, channel: input.channel, userId: ctx.user.id, at: now(ctx) }),
  }),
  'recon.fundReconcile': method({
    summary: 'fund-flow reconciliation (资金对账): per channel with a fund bill of the date, each order’s net money against what the books expect; long (长款) and short (短款)',
    input: z.object({ date: isoDate, channel: z.enum(CHANNEL_CODES).optional() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => fundReconcile(ctx.db, input),
  }),
  'recon.batchStatistics': method({
    summary: 'a batch’s statistics: receipts, payments, refunds, fees paid and returned, bank extra, platform extra, amount mismatches',
    input: z.object({ batch: z.number().int().positive() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => batchStatistics(ctx.db, input.batch),
  }),
  'recon.summary': method({
    summary: 'summary confirmation sheet (汇总确认单): per channel and direction, entry total against clearing total',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => summary(ctx.db, input.date),
  }),
  'recon.confirm': method({
    summary: 'a reviewer (not the operator) confirms; groups whose totals agree move to history',
    input: z.object({ date: isoDate }),
    roles: REVIEWERS,
    run: (ctx, input) => confirmSummary(ctx.db, { date: input.date, userId: ctx.user.id, at: now(ctx) }),
  }),
  'recon.history': method({
    summary: 'confirmed history by clearing date (at most 7 days per query)',
    input: z.object({ from: isoDate, to: isoDate, channel: z.enum(CHANNEL_CODES).optional(), limit: z.number().int().positive().max(10_000).optional(), offset: z.number().int().nonnegative().optional() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => history(ctx.db, input),
  }),
  'recon.editClearingFlow': method({
    summary: 'correct a clearing flow (initial, amount mismatch, bank extra, matched or duplicate only); it is matched again by the next run',
    input: z.object({ id: z.number().int().positive(), amountMinor: z.number().int().positive().optional(), orderNo: z.string().min(1).optional(), bankDate: isoDate.optional(), reason: z.string().min(1) }),
    roles: WRITERS,
    run: (ctx, input) => editClearingFlow(ctx.db, input, ctx.user, now(ctx)),
  }),
  'recon.deleteClearingFlow': method({
    summary: 'delete a clearing flow in an editable state (kept, marked deleted)',
    input: z.object({ id: z.number().int().positive(), reason: z.string().min(1) }),
    roles: WRITERS,
    run: (ctx, input) => deleteClearingFlow(ctx.db, input, ctx.user, now(ctx)),
  }),
  'recon.results': method({
    summary: 'one page of a date’s reconciliation rows, both sides, filtered by outcome and channel (for the virtual table)',
    input: z.object({ date: isoDate, outcome: z.enum(OUTCOMES).optional(), channel: z.enum(CHANNEL_CODES).optional(), offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(2_000).default(200) }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => resultsPage(ctx.db, input),
  }),
  'recon.resultDetail': method({
    summary: 'the platform record and the statement line of one reconciliation row, side by side, with the order and the actions taken',
    input: z.object({ clearingId: z.number().int().positive().optional(), entryId: z.number().int().positive().optional() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => resultDetail(ctx.db, input),
  }),
  'recon.recoverFromMerchantList': method({
    summary: 'dropped-order recovery against a merchant’s success list for a day: theirs success + ours pending/failed → success; once per day',
    input: z.object({ merchantId: z.string().min(1), date: isoDate, merchantOrderNos: z.array(z.string().min(1)).max(1_000_000) }),
    roles: WRITERS,
    run: (ctx, input) => recoverFromMerchantList(ctx.db, { ...input, localTime: currentLocalTime(ctx.db, ctx.clock) }, ctx.user, now(ctx)),
  }),
  'recon.classifyBankExtras': method({
    summary: 'classify bank-extra lines (流水分类): change only the suspense code (7001xx) and bank date; they stay bank extra',
    input: z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000), businessCode: z.string().optional(), bankDate: isoDate.optional() }),
    roles: WRITERS,
    run: (ctx, input) => classifyBankExtras(ctx.db, input, ctx.user, now(ctx)),
  }),
  'recon.hangUpBankExtras': method({
    summary: 'bulk hang-up of classified bank-extra lines to suspense (汇总挂账); only the person who reconciled them',
    input: z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000), accountingDate: isoDate }),
    roles: WRITERS,
    run: (ctx, input) => hangUpBankExtras(ctx.db, { ...input, localTime: currentLocalTime(ctx.db, ctx.clock) }, ctx.user, now(ctx)),
  }),
  'recon.strategies': method({
    summary: 'the error strategy table: (channel, transaction type, our result, their result) → action',
    input: z.object({}).default({}),
    roles: ANY,
    run: (ctx) => listStrategies(ctx.db),
  }),
  'recon.setStrategy': method({
    summary: 'add or change a row of the error strategy table',
    input: z.object({
      channel: z.enum(CHANNEL_CODES).nullable().default(null), txn: z.enum(['pay', 'refund', 'payout']),
      ours: z.enum(['missing', 'pending', 'failed', 'succeeded']), theirs: z.enum(['success', 'missing', 'amount_differs']),
      action: z.enum(STRATEGY_ACTIONS), automatic: z.boolean(), note: z.string().min(1),
    }),
    roles: REVIEWERS,
    run: (ctx, input) => setStrategy(ctx.db, input, ctx.user, now(ctx)),
  }),
  'recon.applyStrategy': method({
    summary: 'apply the error strategy table to a date’s reconciliation: supplement dropped orders, list the rest to do',
    input: z.object({ date: isoDate, channel: z.enum(CHANNEL_CODES).optional(), localTime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/).optional() }),
    roles: WRITERS,
    run: (ctx, input) => applyStrategy(ctx.db, {
      date: input.date, channel: input.channel, userId: ctx.user.id, at: now(ctx),
      localTime: input.localTime ?? currentLocalTime(ctx.db, ctx.clock),
    }),
  }),
  'recon.batches': method({
    summary: 'import batches with their status, rows, totals, errors and, for a bank statement tied to no bank account of ours, a warning',
    input: z.object({ limit: z.number().int().positive().max(1000).default(100) }).default({ limit: 100 }),
    roles: ANY,
    reads: true,
    run: (ctx, input) =>
      ctx.db.all(ctx.db.q.selectFrom('import_batch').selectAll().orderBy('id', 'desc').limit(input.limit)).map((b) => ({
        ...b, totals: JSON.parse(b.totals) as Record<string, { creditMinor: number; debitMinor: number }>, errors: JSON.parse(b.errors) as { row: number; column: string; reason: string }[],
        accountWarning: b.status === 'DONE' ? accountWarningOf(ctx.db, b) : null,
      })),
  }),
};

export const importMethods = {
  'recon.import': method({
    summary: 'import a statement or bill as a batch (format and encoding detected; refused if imported before unless forced; a saved column-mapping profile by name)',
    input: z.object({
      file: z.string().min(1), channel: z.enum(CHANNEL_CODES).optional(), format: z.string().optional(), force: z.boolean().default(false),
      mapping: z.record(z.string(), z.string()).optional(), profile: z.string().min(1).max(100).optional(),
    }),
    roles: WRITERS,
    cancellable: 'signal',
    run: (ctx, { profile: profileName, ...input }) => {
      // what the call gives explicitly wins over the profile
      const profile = profileName ? getProfile(ctx.db, profileName) : null;
      return importStatement(ctx.db, DEFAULT_REGISTRY, {
      ...input,
      channel: input.channel ?? profile?.channel ?? undefined,
      format: input.format ?? profile?.format ?? undefined,
      mapping: input.mapping ?? (profile ? (profile.mapping as Record<string, string>) : undefined),
      userId: ctx.user.id, at: now(ctx),
      onProgress: (done, total) => ctx.progress?.({ method: 'recon.import', phase: 'rows', done, total }),
      signal: ctx.signal,
    });
    },
  }),
  'recon.previewFile': method({
    summary: 'a statement file before import: detected format, channel and encoding, the bank header row and what each column feeds, the first rows',
    input: z.object({ file: z.string().min(1), format: z.string().optional(), mapping: bankMapping.optional(), rows: z.number().int().min(1).max(200).optional() }),
    roles: ANY,
    run: (ctx, input) => previewFile(DEFAULT_REGISTRY, input),
  }),
  'recon.profiles': method({
    summary: 'saved column-mapping profiles (导入模板) for bank layouts PayDesk cannot map by itself',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => listProfiles(ctx.db),
  }),
  'recon.saveProfile': method({
    summary: 'save a column-mapping profile under a name (replaces one of the same name; audited)',
    input: z.object({ name: z.string().min(1).max(100), format: z.enum(PROFILE_FORMATS).nullable().optional(), channel: z.enum(CHANNEL_CODES).nullable().optional(), mapping: bankMapping }),
    roles: WRITERS,
    run: (ctx, input) => saveProfile(ctx.db, { ...input, userId: ctx.user.id, at: now(ctx) }),
  }),
  'recon.deleteProfile': method({
    summary: 'delete a column-mapping profile (audited)',
    input: z.object({ name: z.string().min(1).max(100) }),
    roles: WRITERS,
    run: (ctx, input) => deleteProfile(ctx.db, { name: input.name, userId: ctx.user.id, at: now(ctx) }),
  }),
  'recon.retryImport': method({
    summary: 'run an interrupted (RUNNING) import batch again from its file',
    input: z.object({ batch: z.number().int().positive(), file: z.string().min(1), mapping: z.record(z.string(), z.string()).optional() }),
    roles: WRITERS,
    run: (ctx, input) => retryImport(ctx.db, DEFAULT_REGISTRY, { ...input, userId: ctx.user.id, at: now(ctx) }),
  }),
};
