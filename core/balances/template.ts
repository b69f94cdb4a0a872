import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';

/**
 * The standard Excel template (标准格式) a reviewer fills with the banks' figures and imports to
 * review the temporary balances. Its header row is what the reader checks, so both are built from
 * this one list. Regenerate the shipped file with `node --import tsx core/balances/template.ts`.
 */
export const REVIEW_COLUMNS = [
  { key: 'date', zh: '日期', en: 'Date', width: 14, numFmt: 'yyyy-mm-dd' },
  { key: 'accountNo', zh: '银行账号', en: 'Account no', width: 28, numFmt: '@' }, // text: Excel would cut a long number to 15 digits
  { key: 'bankName', zh: '银行名称', en: 'Bank', width: 24, numFmt: '@' },
  { key: 'currency', zh: '币种', en: 'Currency', width: 12, numFmt: '@' },
  { key: 'amount', zh: '实际余额', en: 'Actual balance', width: 20, numFmt: '#,##0.00' },
] as const;

export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];
export type ReviewColumnKey = ReviewColumn['key'];

/** The header cell of a column as the template writes it: Chinese, a space, English. */
export function columnHeader(column: ReviewColumn): string {
  return `${column.zh} ${column.en}`;
}

export function reviewColumn(key: ReviewColumnKey): ReviewColumn {
  return REVIEW_COLUMNS.find((c) => c.key === key)!;
}

export const REVIEW_TEMPLATE_FILE = 'bank-balance-review.xlsx';
export const REVIEW_SHEET_NAME = '银行余额复核 Balance review';

const NOTES: readonly [string, string][] = [
  ['第一个工作表的第一行是表头，请勿修改；从第二行起每行填一个银行账户一天的余额。', 'Row 1 of the first sheet is the header: keep it. From row 2, one row per bank account and day.'],
  ['日期：YYYY-MM-DD，银行余额所属的日期。', 'Date: YYYY-MM-DD, the day the balance belongs to.'],
  ['银行账号：按文本填写（本列已设为文本格式），不要让 Excel 转成数字。', 'Account no: as text (the column is formatted as text) so Excel does not turn it into a number.'],
  ['银行名称：可不填；填写时须与登记的银行名称一致。', 'Bank: optional; when filled it must match the registered bank name.'],
  ['币种：三位代码，如 CNY，须与账户币种一致。', 'Currency: the three-letter code, e.g. CNY, the account\'s currency.'],
  ['实际余额：银行对账单上的余额，小数位不超过币种的最小单位。', 'Actual balance: the figure on the bank statement, no more decimals than the currency has.'],
  ['导入后逐行给出结果；出错的行不影响其他行。', 'The import reports every row; a row in error does not stop the others.'],
];

/** Write the template. Fixed workbook dates keep a regenerated file's content the same. */
export async function writeReviewTemplate(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'PayDesk';
  workbook.lastModifiedBy = 'PayDesk';
  workbook.created = new Date('2026-01-01T00:00:00Z');
  workbook.modified = new Date('2026-01-01T00:00:00Z');
  const sheet = workbook.addWorksheet(REVIEW_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REVIEW_COLUMNS.map((c) => ({ header: columnHeader(c), key: c.key, width: c.width, style: { numFmt: c.numFmt } }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.numFmt = '@';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  const notes = workbook.addWorksheet('说明 Notes');
  notes.columns = [{ header: '说明', key: 'zh', width: 70 }, { header: 'Notes', key: 'en', width: 90 }];
  notes.getRow(1).font = { bold: true };
  for (const [zh, en] of NOTES) notes.addRow({ zh, en });
  mkdirSync(dirname(file), { recursive: true });
  await workbook.xlsx.writeFile(file);
}

/**
 * Where the shipped template is. From source (CLI, tests) and from the bundled electron/dist/main.js
 * alike, two levels up is the app root holding resources/. The desktop host may pass its
 * process.resourcesPath/resources instead, the copy outside app.asar a user can open.
 */
export function reviewTemplatePath(resourcesDir?: string): string {
  const root = resourcesDir ?? fileURLToPath(new URL('../../resources/', import.meta.url));
  return join(root, 'templates', REVIEW_TEMPLATE_FILE);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = reviewTemplatePath();
  await writeReviewTemplate(target);
  process.stdout.write(`wrote ${target}\n`);
}
