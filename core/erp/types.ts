import type { Money } from '../money/index.js';
import type { AuxKind, ErpSystem } from './schema.js';

export type { AuxKind, ErpSystem } from './schema.js';

/** The files we write: Kingdee KIS/K3 exchange, Kingdee 云星空 GL_VOUCHER template, Yonyou U8 text, generic CSV. */
export const EXPORT_FORMATS = ['kingdee', 'kingdee-cloud', 'yonyou', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ERP_SYSTEMS = ['kingdee', 'yonyou', 'generic'] as const satisfies readonly ErpSystem[];

/** Whose subject mapping a format uses: both Kingdee files share Kingdee's chart. */
export const ERP_OF_FORMAT: Record<ExportFormat, ErpSystem> = {
  kingdee: 'kingdee',
  'kingdee-cloud': 'kingdee',
  yonyou: 'yonyou',
  csv: 'generic',
};

export const AUX_KINDS = ['customer', 'supplier', 'department', 'employee', 'bank', 'bank_account', 'other_party', 'project'] as const satisfies readonly AuxKind[];

/** 核算类别 as Chinese ERPs name them (Kingdee KIS writes this into FCLSNAME1). */
export const AUX_LABELS: Record<AuxKind, string> = {
  customer: '客户',
  supplier: '供应商',
  department: '部门',
  employee: '职员',
  bank: '银行',
  bank_account: '银行账号',
  other_party: '其他往来单位',
  project: '项目',
};

/**
 * The auxiliary kinds each ERP's file can carry. Checked when a mapping is saved, so an export
 * never meets a dimension its file has no column for: 云星空 has no standard project dimension
 * (only customer-defined FF1000nn ones), and U8's fixed fields have no bank dimensions.
 */
export const AUX_KINDS_OF_ERP: Record<ErpSystem, readonly AuxKind[]> = {
  kingdee: ['customer', 'supplier', 'department', 'employee', 'bank', 'bank_account', 'other_party'],
  yonyou: ['customer', 'supplier', 'department', 'employee', 'project'],
  generic: AUX_KINDS,
};

export interface AuxItem {
  kind: AuxKind;
  code: string;
  name: string;
}

/** One 分录 as the ERP file needs it: our line with its ERP subject resolved. */
export interface ErpLine {
  /** 1-based, our line order */
  lineNo: number;
  subjectCode: string;
  subjectName: string;
  erpCode: string;
  erpName: string;
  aux: AuxItem | null;
  accountNo: string;
  summary: string;
  /** signed minor units: a red-ink reversal (红字冲销) keeps its side and carries a negative amount */
  debitMinor: number;
  creditMinor: number;
  currency: string;
}

/** One voucher (凭证) ready for a layout. */
export interface ErpVoucher {
  /** ours: 'YYYYMMDD-NNNNNN' */
  voucherNo: string;
  date: string;
  /**
   * 凭证号 in the ERP file. ERPs number vouchers per period (month) and check for gaps, while our
   * numbers restart every day; so this is the count of the month's earlier vouchers plus the
   * voucher's place in its day, which gives one gapless 1…N per month across the daily files.
   */
  erpNumber: number;
  /** 1-based place in this file (云星空's 单据头序号) */
  indexInFile: number;
  summary: string;
  /** 制单人 */
  preparer: string;
  lines: ErpLine[];
}

/** A cell as a layout produces it: text, an integer (period, entry number), or an amount. */
export type Cell = string | number | Money | null;

export function isMoneyCell(cell: Cell): cell is Money {
  return typeof cell === 'object' && cell !== null;
}

/** The customer's 云星空 account book (账簿) and accounting organisation (核算组织): required by the template, unknown to us. */
export interface CloudBook {
  accountBook: string;
  accountBookName?: string;
  org: string;
  orgName?: string;
}

export interface LayoutOptions {
  /** the ledger's base currency (本位币); every line is in it */
  currency: string;
  /** the auxiliary kinds this export's lines use, in AUX_KINDS order (云星空 writes one column pair per kind) */
  auxKinds: readonly AuxKind[];
  cloudBook?: CloudBook;
}

/** What a file looks like, separated from how it is written: header rows, then rows per voucher. */
export interface VoucherLayout {
  format: ExportFormat;
  container: 'xlsx' | 'csv' | 'gbk-text';
  /** xlsx only */
  sheetName?: string;
  header(options: LayoutOptions): Cell[][];
  rows(voucher: ErpVoucher, options: LayoutOptions): Cell[][];
}
