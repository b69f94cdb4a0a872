import { findBankHeader, isUsableBankHeader } from './cn-bank-columns.js';
import { splitCsvLine, splitLines } from './cn-csv.js';
import { decodeText, leadingBytes } from './cn-encoding.js';
import { readCsvGrid } from './cn-grid.js';
import { cleanCell } from './cn-headers.js';
import { UNIONPAY_TITLE } from './cn-unionpay.js';
import { isOle2 } from './cn-xls.js';

export interface DetectedFormat {
  format: string;
  channel: string | null;
  /** the text encoding, or 'binary' for a workbook */
  encoding: string;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Lines looked at for a bill's header row. */
const SNIFF_LINES = 50;

function startsWithCells(line: string, first: string, second: string): boolean {
  for (const delimiter of [',', '\t']) {
    const cells = splitCsvLine(line, delimiter);
    if (cleanCell(cells[0]) === first && cleanCell(cells[1]) === second) return true;
  }
  return false;
}

function textFormat(text: string): Omit<DetectedFormat, 'encoding'> | null {
  const lines = splitLines(text.replace(/^\ufeff/, '')).slice(0, SNIFF_LINES);
  const firstLine = lines.find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstLine.startsWith('#支付宝业务明细查询')) return { format: 'alipay-trade', channel: 'alipay' };
  if (firstLine.startsWith('#支付宝账务明细查询')) return { format: 'alipay-account', channel: 'alipay' };
  if (firstLine.startsWith(UNIONPAY_TITLE)) return { format: 'unionpay', channel: 'unionpay' };
  if (lines.some((line) => startsWithCells(line, '交易时间', '公众账号ID'))) return { format: 'wechat-all', channel: 'wechat' };
  if (lines.some((line) => startsWithCells(line, '记账时间', '微信支付业务单号'))) return { format: 'wechat-fund', channel: 'wechat' };
  if (firstLine.startsWith('{1:') || lines.some((line) => line.startsWith(':20:'))) return { format: 'mt940', channel: null };
  // the root may carry a namespace prefix (<ns2:Document xmlns:ns2="…camt.053…">), as many banks' exports do
  if (/<(?:[A-Za-z_][\w.-]*:)?Document[\s>]/.test(text) && (text.includes('camt.053') || /<(?:[A-Za-z_][\w.-]*:)?BkToCstmrStmt[\s>/]/.test(text))) return { format: 'camt053', channel: null };
  // OFX 1.x starts with its OFXHEADER lines, 2.x with <?OFX …?>; some banks send the <OFX> body alone
  if (firstLine.startsWith('OFXHEADER:') || /<\?OFX[\s?]/.test(text) || /^\s*<OFX>/i.test(text)) return { format: 'ofx', channel: null };
  // Personal (not merchant) exports look like bank CSVs (交易时间, 金额, 收/支): name them so the
  // importer can say what they are instead of reading a wallet history as a bank statement.
  if (text.includes('电子客户回单') && text.includes('支付宝')) return { format: 'alipay-personal', channel: 'alipay' };
  if (firstLine.startsWith('微信支付账单明细')) return { format: 'wechat-personal', channel: 'wechat' };
  return null;
}

/**
 * What a statement file is, from its content: the bill title lines, WeChat's header row, the
 * UnionPay title, an xlsx or xls workbook, a CSV whose header row maps as a bank statement, MT940,
 * camt.053 or OFX. null when nothing fits. `fileName` is deliberately not used to decide — a renamed
 * file must not be read as something else; it is taken so callers need no second signature
 * should a tie between two content matches ever need it.
 */
export function detectFormat(fileName: string, bytes: Buffer): DetectedFormat | null {
  void fileName;
  if (bytes.length === 0) return null;
  if (bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    // An Alipay `.csv.zip` download is a zip too: only a workbook's parts make it an xlsx.
    const workbook = bytes.includes('xl/workbook.xml') || bytes.includes('[Content_Types].xml');
    return workbook ? { format: 'bank-xlsx', channel: null, encoding: 'binary' } : null;
  }
  // an old-style .xls (OLE2 compound file); a Word or other OLE2 file fails at reading, naming itself
  if (isOle2(bytes)) return { format: 'bank-xls', channel: null, encoding: 'binary' };
  const head = leadingBytes(bytes);
  const { text, encoding } = decodeText(head);
  const known = textFormat(text);
  if (known) return { ...known, encoding };
  const header = findBankHeader(readCsvGrid(head).rows);
  if (header && isUsableBankHeader(header)) return { format: 'bank-csv', channel: null, encoding };
  return null;
}
