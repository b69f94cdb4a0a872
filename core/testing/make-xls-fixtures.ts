// Writes the .xls fixtures in fixtures/statements/cn/ (BIFF8, through SheetJS, the library the
// importer reads them with): `node --import tsx core/testing/make-xls-fixtures.ts`. Every name,
// account and amount is made up. Run it only to change them; the tests read the committed files.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';

const OUT = fileURLToPath(new URL('../../fixtures/statements/cn/', import.meta.url));

/** An Excel date serial for a local date and time, as a whole number of seconds (no float drift beyond Excel's). */
function serial(date: string, time = '00:00:00'): number {
  const days = (Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - Date.UTC(1899, 11, 30)) / 86_400_000;
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  return days + (h * 3600 + m * 60 + s) / 86_400;
}

const when = (date: string, time: string): XLSX.CellObject => ({ t: 'n', v: serial(date, time), z: 'yyyy-mm-dd hh:mm:ss' });
const money = (value: number): XLSX.CellObject => ({ t: 'n', v: value, z: '#,##0.00' });

function write(name: string, sheetName: string, rows: unknown[][]): void {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheetName);
  writeFileSync(`${OUT}${name}`, XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
}

// SPDB style: a preamble row, 存入金额/取出金额, numeric cells with real Excel date-times, 合计 footer.
write('spdb-debit-biff8.xls', '明细', [
  ['账号', '6217000000000088', '账户类型', '借记卡', '币种', '人民币'],
  ['顺序号', '交易日期', '交易类型', '存入金额', '取出金额', '余额', '交易对手名称', '交易对手账号', '附言'],
  [1, when('2026-11-21', '09:15:02'), '网银转入', money(12_345.67), '', money(112_345.67), '杭州示例科技有限公司', '6222000000000101', 'PD20261121000001'],
  [2, when('2026-11-21', '10:02:59'), '网上支付', '', money(0.1), money(112_345.57), '示例便利店', '6222000000000102', ''],
  [3, when('2026-11-21', '16:40:00'), '代发工资', '', money(8_000), money(104_345.57), '张三', '6222000000000103', 'PO20261121000007'],
  [4, when('2026-11-21', '23:59:59'), '结息', money(1.23), '', money(104_346.8), '', '', ''],
  ['合计', '', '', money(12_346.9), money(8_000.1), '', '', '', ''],
]);

// A credit-card bill (本期账单): one signed 交易金额 / 结算金额, + a charge, − a repayment or refund.
write('card-bill-biff8.xls', '本期账单明细(人民币)', [
  ['本期账单明细(人民币)'],
  ['交易日期', '入账日期', '交易描述', '卡末四位', '交易币种', '结算币种', '交易金额', '结算金额'],
  ['2026-11-02', '2026-11-03', '支付宝－示例商城', '0088', '人民币', '人民币', '199.00', '199.00'],
  ['2026-11-05', '2026-11-05', '财付通－示例外卖', '0088', '人民币', '人民币', '35.50', '35.50'],
  ['2026-11-08', '2026-11-08', '退款－示例商城', '0088', '人民币', '人民币', '-19.90', '-19.90'],
  ['2026-11-20', '2026-11-20', '还款', '0088', '人民币', '人民币', '-500.00', '-500.00'],
]);
