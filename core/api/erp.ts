import { z } from 'zod';
import { ADMINS, ANY, method, now, type Roles } from './registry.js';
import { isoDate } from './ledger.js';
import { AUX_KINDS, ERP_SYSTEMS, EXPORT_FORMATS, deleteMapping, exportVouchers, listMappings, previewExport, setMapping } from '../erp/index.js';

/** Exporting vouchers to the ERP is an operator's or a reviewer's job (and an admin's); trainers practise on screens only. */
const EXPORTERS: Roles = ['operator', 'reviewer', 'admin'];

const erp = z.enum(ERP_SYSTEMS);
const format = z.enum(EXPORT_FORMATS);
const subjectCode = z.string().min(1).max(40);
const cloudBook = z.object({
  accountBook: z.string().min(1).max(40),
  accountBookName: z.string().max(80).optional(),
  org: z.string().min(1).max(40),
  orgName: z.string().max(80).optional(),
});
const preparer = z.string().min(1).max(40).optional();

export const erpMethods = {
  'erp.exportVouchers': method({
    summary: 'write an accounting date’s vouchers as an ERP import file (Kingdee KIS/K3 xlsx, Kingdee 云星空 xlsx, Yonyou U8 text, or CSV)',
    input: z.object({ date: isoDate, format, out: z.string().min(1), preparer, cloudBook: cloudBook.optional() }),
    roles: EXPORTERS,
    cancellable: 'signal',
    run: (ctx, input) => exportVouchers(ctx.db, {
      ...input, audit: { userId: ctx.user.id, at: now(ctx) },
      watch: { signal: ctx.signal, onVouchers: (vouchers) => ctx.progress?.({ method: 'erp.exportVouchers', phase: 'vouchers', done: vouchers, total: null }) },
    }),
  }),
  'erp.preview': method({
    summary: 'the first rows of a voucher export exactly as they will be written, with the file’s voucher and line counts',
    input: z.object({ date: isoDate, format, limit: z.number().int().min(1).max(1000).default(20), preparer, cloudBook: cloudBook.optional() }),
    roles: ANY,
    run: (ctx, input) => previewExport(ctx.db, input),
  }),
  'erp.mappings': method({
    summary: 'the subject mapping (科目对照) in force for an ERP: every detail subject with its ERP code, name and auxiliary item',
    input: z.object({ erp }),
    roles: ANY,
    run: (ctx, input) => listMappings(ctx.db, input.erp),
  }),
  'erp.setMapping': method({
    summary: 'map one of our detail subjects to the customer’s ERP subject (an empty code blocks its export until mapped)',
    input: z.object({
      erp, subjectCode, erpCode: z.string().max(40), erpName: z.string().max(80).optional(),
      aux: z.object({ kind: z.enum(AUX_KINDS), code: z.string().max(60).nullable().optional(), name: z.string().max(80).nullable().optional() }).nullable().optional(),
    }),
    roles: ADMINS,
    run: (ctx, input) => setMapping(ctx.db, input, ctx.user, now(ctx)),
  }),
  'erp.deleteMapping': method({
    summary: 'remove a subject’s ERP mapping so it uses the default again',
    input: z.object({ erp, subjectCode }),
    roles: ADMINS,
    run: (ctx, input) => deleteMapping(ctx.db, input, ctx.user, now(ctx)),
  }),
};
