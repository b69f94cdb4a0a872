import { resolve } from 'node:path';
import type { Db } from '../db/index.js';
import { fail, throwIfCancelled } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { formatMinor } from '../money/index.js';
import { isDayClosed } from '../ledger/days.js';
import { writeAtomically } from '../files/write-atomically.js';
import { cellText } from './cells.js';
import { csvLayout } from './csv.js';
import { kingdeeCloudLayout } from './kingdee-cloud.js';
import { kingdeeLayout } from './kingdee.js';
import { openSink } from './sink.js';
import { planExport, planVouchers } from './source.js';
import { yonyouLayout } from './yonyou.js';
import { ERP_OF_FORMAT, EXPORT_FORMATS, type CloudBook, type ErpSystem, type ErpVoucher, type ExportFormat, type LayoutOptions, type VoucherLayout } from './types.js';

export const LAYOUTS: Record<ExportFormat, VoucherLayout> = {
  kingdee: kingdeeLayout,
  'kingdee-cloud': kingdeeCloudLayout,
  yonyou: yonyouLayout,
  csv: csvLayout,
};

/** Rows in one Excel worksheet. */
const EXCEL_MAX_ROWS = 1_048_576;

export function layoutOf(format: ExportFormat): VoucherLayout {
  return LAYOUTS[format] ?? fail('BAD_INPUT', `unknown voucher file format "${format}": use ${EXPORT_FORMATS.join(', ')}`);
}

export interface FileTotals {
  vouchers: number;
  lines: number;
  debitMinor: number;
  creditMinor: number;
}

/** The user's cancel and progress, heeded between runs of vouchers (docs/architecture.md#progress-and-cancel). */
export interface ExportWatch {
  signal?: AbortSignal;
  onVouchers?: (vouchers: number) => void;
}
const VOUCHERS_PER_CHECKPOINT = 500;

/**
 * Write `vouchers` in `format` to `target`, atomically (see writeAtomically): the file appears
 * complete or not at all. `verify` runs on the totals before the file takes the target's place.
 */
export async function writeVoucherFile(
  target: string,
  format: ExportFormat,
  vouchers: Iterable<ErpVoucher>,
  options: LayoutOptions,
  verify?: (totals: FileTotals) => void,
  watch: ExportWatch = {},
): Promise<FileTotals> {
  const layout = layoutOf(format);
  const header = layout.header(options); // checks the options before any file is touched
  return writeAtomically(target, async (temp) => {
    const sink = openSink(temp, layout);
    const totals: FileTotals = { vouchers: 0, lines: 0, debitMinor: 0, creditMinor: 0 };
    try {
      for (const row of header) await sink.add(row);
      for (const v of vouchers) {
        for (const row of layout.rows(v, options)) await sink.add(row);
        totals.vouchers += 1;
        if (totals.vouchers % VOUCHERS_PER_CHECKPOINT === 0) {
          throwIfCancelled(watch.signal, 'voucher export');
          watch.onVouchers?.(totals.vouchers);
          // a file sink waits only when its stream is full: yield, so a cancel sent meanwhile is heard
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        for (const l of v.lines) {
          totals.lines += 1;
          totals.debitMinor += l.debitMinor;
          totals.creditMinor += l.creditMinor;
        }
      }
      await sink.close();
    } catch (error) {
      await sink.abandon();
      throw error;
    }
    verify?.(totals);
    return totals;
  });
}

export interface ExportVouchersInput {
  /** accounting date 'YYYY-MM-DD' */
  date: string;
  format: ExportFormat;
  /** the file to write; replaced whole if it exists */
  out: string;
  /** 制单人 written on every voucher; default: the name of the user who posted it */
  preparer?: string;
  /** 云星空 only, and required there */
  cloudBook?: CloudBook;
  /** record the export in the audit log as this user */
  audit?: { userId: number; at: string };
  /** cancel and progress: a cancelled export leaves no file */
  watch?: ExportWatch;
}

export interface ExportResult extends FileTotals {
  file: string;
  format: ExportFormat;
  erp: ErpSystem;
  date: string;
  currency: string;
  /** the totals in major units, e.g. "1234.50" */
  debit: string;
  credit: string;
  /**
   * Whether the day was closed (日结) when exported. An open day can still gain vouchers, which a
   * later export would add, and the month's ERP numbering counts on earlier days being complete.
   */
  dayClosed: boolean;
}

/**
 * Export one accounting date's vouchers as an ERP import file. A date with no vouchers gives a
 * valid file holding only the header (and 0 vouchers): "nothing to import" is a real answer for a
 * quiet day, and a scheduled export should not fail on it. Refused before any file is touched when
 * a line is not in the base currency or a subject has no ERP code. After writing, the file's
 * voucher and line counts must match the ledger's for the date and debits must equal credits.
 */
export async function exportVouchers(db: Db, input: ExportVouchersInput): Promise<ExportResult> {
  const layout = layoutOf(input.format);
  const erp = ERP_OF_FORMAT[input.format];
  const plan = planExport(db, { date: input.date, erp });
  if (layout.container === 'xlsx' && plan.lines + 2 > EXCEL_MAX_ROWS) {
    fail('BAD_INPUT', `${input.date} has ${plan.lines} voucher lines, more than an Excel sheet holds (${EXCEL_MAX_ROWS} rows); export it as yonyou or csv`);
  }
  const options: LayoutOptions = { currency: plan.currency, auxKinds: plan.auxKinds, cloudBook: input.cloudBook };
  const file = resolve(input.out);
  const preparer = input.preparer?.trim() || undefined;
  const totals = await writeVoucherFile(file, layout.format, planVouchers(db, plan, { preparer }), options, (t) => {
    if (t.vouchers !== plan.vouchers || t.lines !== plan.lines) {
      fail('CHECK_FAILED', `the ${input.format} file for ${input.date} came out with ${t.vouchers} vouchers and ${t.lines} lines, but the ledger has ${plan.vouchers} and ${plan.lines}; nothing was written`);
    }
    if (t.debitMinor !== t.creditMinor) {
      fail('CHECK_FAILED', `the ${input.format} file for ${input.date} does not balance (debits ${formatMinor(t.debitMinor, plan.currency)} ≠ credits ${formatMinor(t.creditMinor, plan.currency)}); nothing was written`);
    }
  }, input.watch);
  const result: ExportResult = {
    file, format: input.format, erp, date: input.date, currency: plan.currency, ...totals,
    debit: formatMinor(totals.debitMinor, plan.currency), credit: formatMinor(totals.creditMinor, plan.currency),
    dayClosed: isDayClosed(db, input.date),
  };
  if (input.audit) {
    appendAudit(db, {
      at: input.audit.at, userId: input.audit.userId, action: 'erp.export', entity: 'voucher_file', entityId: input.date,
      detail: { format: input.format, file, vouchers: totals.vouchers, lines: totals.lines, debitMinor: totals.debitMinor, creditMinor: totals.creditMinor },
    });
  }
  return result;
}

export interface PreviewResult {
  format: ExportFormat;
  erp: ErpSystem;
  date: string;
  /** header rows exactly as the file has them */
  header: string[][];
  /** the first data rows as they will be written (amounts "1234.50") */
  rows: string[][];
  /** what the whole file will hold */
  vouchers: number;
  lines: number;
  truncated: boolean;
  dayClosed: boolean;
}

/** The first `limit` data rows of an export, as text, without writing anything: for the export screen. */
export function previewExport(
  db: Db,
  input: { date: string; format: ExportFormat; limit?: number; preparer?: string; cloudBook?: CloudBook },
): PreviewResult {
  const layout = layoutOf(input.format);
  const erp = ERP_OF_FORMAT[input.format];
  const limit = Math.max(0, Math.min(input.limit ?? 20, 1000));
  const plan = planExport(db, { date: input.date, erp });
  const options: LayoutOptions = { currency: plan.currency, auxKinds: plan.auxKinds, cloudBook: input.cloudBook };
  const header = layout.header(options).map((row) => row.map(cellText));
  const rows: string[][] = [];
  const preparer = input.preparer?.trim() || undefined;
  for (const v of planVouchers(db, plan, { preparer })) {
    for (const row of layout.rows(v, options)) {
      if (rows.length === limit) break;
      rows.push(row.map(cellText));
    }
    if (rows.length === limit) break;
  }
  return {
    format: input.format, erp, date: input.date, header, rows, vouchers: plan.vouchers, lines: plan.lines, truncated: rows.length < plan.lines,
    dayClosed: isDayClosed(db, input.date),
  };
}
