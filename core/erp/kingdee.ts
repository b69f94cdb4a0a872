import { money } from '../money/index.js';
import { AUX_LABELS, type Cell, type ErpVoucher, type VoucherLayout } from './types.js';

/**
 * Kingdee KIS / K/3 凭证引入 "标准格式" exchange file (docs/formats.md#kingdee-kis-k3), as an .xlsx: one header row
 * of the exchange field names in the exchange order, then one row per 分录. Same FGROUP + FNUM
 * (+ date) is one voucher. Numeric exchange fields are numbers, amounts with two decimals.
 */
export const KINGDEE_FIELDS = [
  'FDATE', 'FTRANSDATE', 'FPERIOD', 'FGROUP', 'FNUM', 'FENTRYID', 'FEXP', 'FACCTID',
  'FCLSNAME1', 'FOBJID1', 'FOBJNAME1', 'FCLSNAME2', 'FOBJID2', 'FOBJNAME2',
  'FCLSNAME3', 'FOBJID3', 'FOBJNAME3', 'FCLSNAME4', 'FOBJID4', 'FOBJNAME4',
  'FTRANSID', 'FCYID', 'FEXCHRATE', 'FDC', 'FFCYAMT', 'FQTY', 'FPRICE', 'FDEBIT', 'FCREDIT', 'FSETTLCODE',
  'FSETTLENO', 'FPREPARE', 'FPAY', 'FCASH', 'FPOSTER', 'FCHECKER', 'FATTCHMENT',
  'FPOSTED', 'FMODULE', 'FDELETED', 'FSERIALNO', 'FUNITNAME', 'FREFERENCE', 'FCASHFLOW', 'FHANDLER',
] as const;

export type KingdeeField = (typeof KINGDEE_FIELDS)[number];

/** 凭证字: 记 (general voucher) for everything; 收/付/转 are a choice some books make, not ours to guess. */
export const VOUCHER_WORD = '记';

/** KIS's own currency code for the yuan is RMB (a real exchange record has FCYID 'RMB'); other currencies keep their ISO code. */
export function kisCurrencyCode(currency: string): string {
  return currency === 'CNY' ? 'RMB' : currency;
}

/** 期间: our accounting periods are calendar months (the Chinese fiscal year is the calendar year). */
export function periodOf(date: string): number {
  return Number(date.slice(5, 7));
}

function row(values: Partial<Record<KingdeeField, Cell>>): Cell[] {
  return KINGDEE_FIELDS.map((f) => values[f] ?? null);
}

export const kingdeeLayout: VoucherLayout = {
  format: 'kingdee',
  container: 'xlsx',
  sheetName: '凭证',
  header: () => [[...KINGDEE_FIELDS]],
  rows(v: ErpVoucher): Cell[][] {
    return v.lines.map((l, i) => {
      const side = l.debitMinor !== 0 ? 'D' : 'C';
      const amount = side === 'D' ? l.debitMinor : l.creditMinor;
      return row({
        FDATE: v.date,
        FTRANSDATE: v.date,
        FPERIOD: periodOf(v.date),
        FGROUP: VOUCHER_WORD,
        FNUM: v.erpNumber,
        FENTRYID: i, // 0-based in the exchange format
        FEXP: l.summary,
        FACCTID: l.erpCode,
        FCLSNAME1: l.aux ? AUX_LABELS[l.aux.kind] : null,
        FOBJID1: l.aux?.code ?? null,
        FOBJNAME1: l.aux?.name ?? null,
        FCYID: kisCurrencyCode(l.currency),
        FEXCHRATE: 1,
        FDC: side,
        FFCYAMT: money(amount, l.currency),
        FDEBIT: money(l.debitMinor, l.currency),
        FCREDIT: money(l.creditMinor, l.currency),
        FPREPARE: v.preparer,
        FATTCHMENT: 0,
        FPOSTED: 0,
        FDELETED: 0,
        FREFERENCE: v.voucherNo, // our number, so the ERP voucher leads back to PayDesk
      });
    });
  },
};
