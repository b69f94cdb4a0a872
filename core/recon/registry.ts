import type { FormatRegistry, Parser } from './import.js';
import { detectFormat } from './parsers/cn-detect.js';
import { decodeText } from './parsers/cn-encoding.js';
import { parseAlipayAccountBill, parseAlipayTradeBill } from './parsers/cn-alipay.js';
import { parseWechatAllBill, parseWechatFundBill } from './parsers/cn-wechat.js';
import { parseUnionpayBill } from './parsers/cn-unionpay.js';
import { parseBankCsv, parseBankXls, parseBankXlsx } from './parsers/cn-bank.js';
import { parseMt940 } from './parsers/mt940.js';
import { parseCamt053 } from './parsers/camt053.js';
import { parseOfx } from './parsers/ofx.js';
import type { ParsedStatement, ParseOptions } from './parsers/types.js';

/** A text format: decode (UTF-8, GBK/GB18030, UTF-16) once, then parse. */
function text(parse: (text: string, options: ParseOptions) => ParsedStatement | ParsedStatement[]): Parser {
  return (bytes, options) => {
    const parsed = parse(decodeText(bytes).text, { onLines: options.onLines });
    return Array.isArray(parsed) ? parsed : [parsed];
  };
}

/** Every statement format PayDesk imports, with content-based detection. */
export const DEFAULT_REGISTRY: FormatRegistry = {
  threadParsers: true,
  detect: (fileName, bytes) => detectFormat(fileName, bytes),
  parsers: {
    'alipay-trade': text(parseAlipayTradeBill),
    'alipay-account': text(parseAlipayAccountBill),
    'wechat-all': text(parseWechatAllBill),
    'wechat-fund': text(parseWechatFundBill),
    unionpay: text(parseUnionpayBill),
    'bank-csv': (bytes, { mapping }) => [parseBankCsv(bytes, mapping)],
    'bank-xlsx': async (bytes, { mapping }) => [await parseBankXlsx(bytes, mapping)],
    'bank-xls': async (bytes, { mapping }) => [await parseBankXls(bytes, mapping)],
    mt940: text(parseMt940),
    camt053: text(parseCamt053),
    ofx: text(parseOfx),
  },
};
