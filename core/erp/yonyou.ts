import { money } from '../money/index.js';
import { VOUCHER_WORD } from './kingdee.js';
import type { AuxKind, Cell, ErpVoucher, VoucherLayout } from './types.js';

/**
 * Yonyou U8 (also T3/T6) 总账工具 凭证引入 text file (docs/formats.md#yonyou-u8): the line `填制凭证,V800`, then
 * one comma-separated line per 分录, CRLF, in GBK (the Windows tool reads ANSI = GBK). Same
 * 制单日期 + 凭证类别字 + 凭证号 is one voucher. We write the 21 fields up to 项目编码 on every line
 * and drop the tool's optional trailing flag fields, which the format allows.
 */
export const YONYOU_FIRST_LINE = ['填制凭证', 'V800'] as const;

export const YONYOU_FIELDS = [
  '制单日期', '凭证类别字', '凭证号', '附单据数', '摘要', '科目编码', '借方金额', '贷方金额', '数量', '外币金额', '汇率',
  '制单人', '结算方式', '票号', '发生日期', '部门编码', '个人编码', '客户编码', '供应商编码', '业务员', '项目编码',
] as const;

/** 0-based field holding each auxiliary kind U8 can carry (16 部门, 17 个人, 18 客户, 19 供应商, 21 项目). */
const AUX_FIELD: Partial<Record<AuxKind, number>> = { department: 15, employee: 16, customer: 17, supplier: 18, project: 20 };

/**
 * The file has no quoting, so a comma would split a field and a line break would split a line:
 * commas become the full-width ，(how Chinese text writes them anyway), breaks and tabs a space.
 */
export function u8Text(text: string): string {
  return text.replace(/,/g, '，').replace(/[\r\n\t]+/g, ' ');
}

export const yonyouLayout: VoucherLayout = {
  format: 'yonyou',
  container: 'gbk-text',
  header: () => [[...YONYOU_FIRST_LINE]],
  rows(v: ErpVoucher): Cell[][] {
    return v.lines.map((l) => {
      const cells: Cell[] = new Array<Cell>(YONYOU_FIELDS.length).fill(null);
      cells[0] = v.date;
      cells[1] = VOUCHER_WORD;
      cells[2] = v.erpNumber;
      cells[3] = 0;
      cells[4] = u8Text(l.summary);
      cells[5] = l.erpCode;
      cells[6] = money(l.debitMinor, l.currency);
      cells[7] = money(l.creditMinor, l.currency);
      // 9 数量, 10 外币金额, 11 汇率 stay empty: every line is in the base currency
      cells[11] = u8Text(v.preparer);
      const field = l.aux ? AUX_FIELD[l.aux.kind] : undefined;
      if (l.aux && field !== undefined) cells[field] = u8Text(l.aux.code);
      return cells;
    });
  },
};
