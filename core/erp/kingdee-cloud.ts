import { money } from '../money/index.js';
import { fail } from '../errors.js';
import { periodOf } from './kingdee.js';
import type { AuxKind, Cell, CloudBook, ErpVoucher, LayoutOptions, VoucherLayout } from './types.js';

/**
 * Kingdee 云星空 (K/3 Cloud) Excel import template for GL_VOUCHER (docs/formats.md#kingdee-cloud). Sheet
 * `凭证#单据头(FBillHead)`; row 1 holds the field keys the importer matches on, row 2 the captions
 * (`*` = required), data from row 3. Only a voucher's first 分录 row carries the header fields;
 * the `*Split*1` column is the template's empty separator between header and entry fields.
 */

/** [field key, caption]; captions in the template's own "(单据头)…#编码" style. */
type Column = readonly [key: string, caption: string];

const HEAD_COLUMNS: readonly Column[] = [
  ['FBillHead(GL_VOUCHER)', '*单据头(序号)'],
  ['FAccountBookID', '*(单据头)账簿#编码'],
  ['FAccountBookID#Name', '(单据头)账簿#名称'],
  ['FDate', '*(单据头)日期'],
  ['FBUSDATE', '(单据头)业务日期'],
  ['FYEAR', '(单据头)会计年度'],
  ['FPERIOD', '(单据头)期间'],
  ['FVOUCHERGROUPID', '*(单据头)凭证字#编码'],
  ['FVOUCHERGROUPID#Name', '(单据头)凭证字#名称'],
  ['FVOUCHERGROUPNO', '*(单据头)凭证号'],
  ['FATTACHMENTS', '(单据头)附件数'],
  ['FISADJUSTVOUCHER', '(单据头)是否调整期凭证'],
  ['FACCBOOKORGID', '*(单据头)核算组织#编码'],
  ['FACCBOOKORGID#Name', '(单据头)核算组织#名称'],
  ['FSourceBillKey', '(单据头)业务类型#编码'],
  ['FSourceBillKey#Name', '(单据头)业务类型#名称'],
  ['FIMPORTVERSION', '(单据头)引入版本号'],
  ['*Split*1', '间隔列'],
];

const ENTRY_COLUMNS_BEFORE_DIMENSIONS: readonly Column[] = [
  ['FEntity', '*分录(序号)'],
  ['FEXPLANATION', '(分录)摘要'],
  ['FACCOUNTID', '*(分录)科目编码#编码'],
  ['FACCOUNTID#Name', '(分录)科目编码#名称'],
];

const ENTRY_COLUMNS_AFTER_DIMENSIONS: readonly Column[] = [
  ['FCURRENCYID', '*(分录)币别#编码'],
  ['FCURRENCYID#Name', '(分录)币别#名称'],
  ['FEXCHANGERATETYPE', '*(分录)汇率类型#编码'],
  ['FEXCHANGERATETYPE#Name', '(分录)汇率类型#名称'],
  ['FEXCHANGERATE', '(分录)汇率'],
  ['FUnitId', '(分录)计量单位#编码'],
  ['FUnitId#Name', '(分录)计量单位#名称'],
  ['FPrice', '(分录)单价'],
  ['FQty', '(分录)数量'],
  ['FAMOUNTFOR', '(分录)原币金额'],
  ['FDEBIT', '(分录)借方金额'],
  ['FCREDIT', '(分录)贷方金额'],
  ['FSettleTypeID', '(分录)结算方式#编码'],
  ['FSettleTypeID#Name', '(分录)结算方式#名称'],
  ['FSETTLENO', '(分录)结算号'],
  ['FBUSNO', '(分录)业务编号'],
  ['FEXPORTENTRYID', '(分录)现金流量#分录ID'],
];

/**
 * 核算维度 columns (FDetailID#…) of the preset flex dimensions. An account book's template holds only
 * the dimensions it uses, and a column the book lacks is an import error, so a file gets a pair of
 * columns only for the kinds its lines carry.
 */
const DIMENSION_OF: Partial<Record<AuxKind, { flex: string; caption: string }>> = {
  supplier: { flex: 'FFlex4', caption: '供应商' },
  department: { flex: 'FFlex5', caption: '部门' },
  customer: { flex: 'FFlex6', caption: '客户' },
  employee: { flex: 'FFlex7', caption: '员工' },
  bank: { flex: 'FFLEX14', caption: '银行' },
  bank_account: { flex: 'FFLEX15', caption: '银行账号' },
  other_party: { flex: 'FFLEX16', caption: '其他往来单位' },
};

/** 云星空 preset base data: voucher word 记, currencies, the fixed rate type. */
const VOUCHER_GROUP = { code: 'PRE001', name: '记' };
const CURRENCIES: Record<string, { code: string; name: string }> = {
  CNY: { code: 'PRE001', name: '人民币' },
  USD: { code: 'PRE007', name: '美元' },
};
const RATE_TYPE = { code: 'HLTX01_SYS', name: '固定汇率' };

function dimensionColumns(kinds: readonly AuxKind[]): Column[] {
  return kinds.flatMap((kind) => {
    const d = DIMENSION_OF[kind] ?? fail('BAD_INPUT', `a 云星空 voucher has no standard dimension for the auxiliary item ${kind}`);
    return [[`FDetailID#${d.flex}`, `(分录)${d.caption}#编码`], [`FDetailID#${d.flex}#Name`, `(分录)${d.caption}#名称`]] as Column[];
  });
}

function columnsOf(options: LayoutOptions): Column[] {
  return [...HEAD_COLUMNS, ...ENTRY_COLUMNS_BEFORE_DIMENSIONS, ...dimensionColumns(options.auxKinds), ...ENTRY_COLUMNS_AFTER_DIMENSIONS];
}

// Built once per export (the options object), not once per voucher.
const positionsByOptions = new WeakMap<LayoutOptions, { width: number; position: Map<string, number> }>();

function positionsOf(options: LayoutOptions): { width: number; position: Map<string, number> } {
  let found = positionsByOptions.get(options);
  if (!found) {
    const keys = columnsOf(options).map(([key]) => key);
    found = { width: keys.length, position: new Map(keys.map((k, i) => [k, i])) };
    positionsByOptions.set(options, found);
  }
  return found;
}

function bookOf(options: LayoutOptions): CloudBook {
  const book = options.cloudBook;
  if (!book?.accountBook || !book.org) {
    fail('BAD_INPUT', 'the 云星空 template needs the account book (账簿) and accounting organisation (核算组织) codes of the customer’s instance');
  }
  return book;
}

function currencyOf(options: LayoutOptions): { code: string; name: string } {
  return CURRENCIES[options.currency] ?? fail('BAD_INPUT', `no 云星空 currency code is known for ${options.currency}`);
}

export const kingdeeCloudLayout: VoucherLayout = {
  format: 'kingdee-cloud',
  container: 'xlsx',
  sheetName: '凭证#单据头(FBillHead)',
  header(options) {
    bookOf(options);
    currencyOf(options);
    const columns = columnsOf(options);
    return [columns.map(([key]) => key), columns.map(([, caption]) => caption)];
  },
  rows(v: ErpVoucher, options: LayoutOptions): Cell[][] {
    const book = bookOf(options);
    const currency = currencyOf(options);
    const { width, position } = positionsOf(options);
    return v.lines.map((l, i) => {
      const cells: Cell[] = new Array<Cell>(width).fill(null);
      const set = (key: string, value: Cell) => {
        cells[position.get(key)!] = value;
      };
      if (i === 0) {
        set('FBillHead(GL_VOUCHER)', v.indexInFile);
        set('FAccountBookID', book.accountBook);
        set('FAccountBookID#Name', book.accountBookName ?? null);
        set('FDate', v.date);
        set('FBUSDATE', v.date);
        set('FYEAR', Number(v.date.slice(0, 4)));
        set('FPERIOD', periodOf(v.date));
        set('FVOUCHERGROUPID', VOUCHER_GROUP.code);
        set('FVOUCHERGROUPID#Name', VOUCHER_GROUP.name);
        set('FVOUCHERGROUPNO', v.erpNumber);
        set('FATTACHMENTS', 0);
        set('FACCBOOKORGID', book.org);
        set('FACCBOOKORGID#Name', book.orgName ?? null);
      }
      set('FEntity', i + 1);
      set('FEXPLANATION', l.summary);
      set('FACCOUNTID', l.erpCode);
      set('FACCOUNTID#Name', l.erpName);
      if (l.aux) {
        const d = DIMENSION_OF[l.aux.kind]!;
        set(`FDetailID#${d.flex}`, l.aux.code);
        set(`FDetailID#${d.flex}#Name`, l.aux.name);
      }
      set('FCURRENCYID', currency.code);
      set('FCURRENCYID#Name', currency.name);
      set('FEXCHANGERATETYPE', RATE_TYPE.code);
      set('FEXCHANGERATETYPE#Name', RATE_TYPE.name);
      set('FEXCHANGERATE', 1);
      const debitSide = l.debitMinor !== 0;
      set('FAMOUNTFOR', money(debitSide ? l.debitMinor : l.creditMinor, l.currency));
      // the template's own rows leave the other side empty
      if (debitSide) set('FDEBIT', money(l.debitMinor, l.currency));
      else set('FCREDIT', money(l.creditMinor, l.currency));
      set('FBUSNO', v.voucherNo); // our number, so the ERP voucher leads back to PayDesk
      return cells;
    });
  },
};
