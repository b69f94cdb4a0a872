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

type TextParser = (text: string, options: ParseOptions) => ParsedStatement | ParsedStatement[];

/**
 * The formats that are parsed from the file's decoded text: a parse thread decodes the file and
 * lets its bytes go before the parse starts, so the two are never held at once.
 */
export const TEXT_PARSERS: Readonly<Record<string, TextParser>> = {
  'alipay-trade': parseAlipayTradeBill,
  'alipay-account': parseAlipayAccountBill,
  'wechat-all': parseWechatAllBill,
  'wechat-fund': parseWechatFundBill,
  unionpay: parseUnionpayBill,
  mt940: parseMt940,
  camt053: parseCamt053,
  ofx: parseOfx,
};

/** A text format's parse as statements, always a list. */
export function parseText(parse: TextParser, text: string, options: ParseOptions): ParsedStatement[] {
  const parsed = parse(text, { onLines: options.onLines, letGo: options.letGo });
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** A text format: decode (UTF-8, GBK/GB18030, UTF-16) once, then parse. */
function text(parse: TextParser): Parser {
  return (bytes, options) => parseText(parse, decodeText(bytes).text, options);
}

/** Every statement format PayDesk imports, with content-based detection. */
export const DEFAULT_REGISTRY: FormatRegistry = {
  threadParsers: true,
  detect: (fileName, bytes) => detectFormat(fileName, bytes),
  parsers: {
    ...Object.fromEntries(Object.entries(TEXT_PARSERS).map(([format, parse]) => [format, text(parse)])),
    'bank-csv': (bytes, { mapping }) => [parseBankCsv(bytes, mapping)],
    'bank-xlsx': async (bytes, { mapping }) => [await parseBankXlsx(bytes, mapping)],
    'bank-xls': async (bytes, { mapping }) => [await parseBankXls(bytes, mapping)],
  },
};
