import { money } from '../money/index.js';
import { AUX_LABELS, type Cell, type ErpVoucher, type VoucherLayout } from './types.js';

/**
 * Generic CSV for any other ERP or a spreadsheet: one row per voucher line, our subject beside the
 * mapped ERP subject. UTF-8 with a BOM (Excel reads BOM-less UTF-8 as the local ANSI code page and
 * garbles the Chinese), CRLF, RFC 4180 quoting. Amounts are plain "1234.50" text.
 */
export const CSV_COLUMNS = [
  '凭证号', '日期', '分录号', '科目代码', '科目名称', 'ERP科目代码', 'ERP科目名称', '账户', '辅助核算类别', '辅助核算代码', '辅助核算名称',
  '摘要', '借方金额', '贷方金额', '币别', '制单人',
] as const;

export const csvLayout: VoucherLayout = {
  format: 'csv',
  container: 'csv',
  header: () => [[...CSV_COLUMNS]],
  rows(v: ErpVoucher): Cell[][] {
    return v.lines.map((l) => [
      v.voucherNo, v.date, l.lineNo, l.subjectCode, l.subjectName, l.erpCode, l.erpName, l.accountNo,
      l.aux ? AUX_LABELS[l.aux.kind] : null, l.aux?.code ?? null, l.aux?.name ?? null,
      l.summary, money(l.debitMinor, l.currency), money(l.creditMinor, l.currency), l.currency, v.preparer,
    ]);
  },
};
