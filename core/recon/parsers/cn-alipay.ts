import { parseAmount, parseOptionalAmount } from '../../money/parse.js';
import { splitCsvLine, splitLines } from './cn-csv.js';
import { requireDateTime } from './cn-dates.js';
import { headerNames, mapHeader, optionalText, type ColumnMap } from './cn-headers.js';
import { buildStatement, ErrorList, failedStatement, guarded, readCell, rowReader, WHOLE_FILE_ROW } from './cn-statement.js';
import { pushLine, type ParsedStatement, type ParseOptions, type StatementLine, type Totals } from './types.js';

/**
 * Alipay merchant bills (docs/formats.md#alipay-trade-bill): GBK text (decode first), `#` metadata lines, a header row,
 * data rows with trailing TABs, a `…列表结束` banner and `#…合计` footer lines. Always CNY.
 */

const CHANNEL = 'alipay';
const CURRENCY = 'CNY';
/** The header sits on line 5 in every known bill; a little slack for extra `#` lines. */
const HEADER_SEARCH_LINES = 100;

const TRADE_COLUMNS = {
  channelRef: ['支付宝交易号'],
  orderNo: ['商户订单号'],
  type: ['业务类型'],
  product: ['商品名称'],
  finishedAt: ['完成时间'],
  createdAt: ['创建时间'],
  counterparty: ['对方账户', '对方账号'],
  received: ['商家实收', '实收金额'],
  orderAmount: ['订单金额'],
  refundNo: ['退款批次号/请求号', '退款批次号', '退款请求号'],
  fee: ['服务费'],
} as const;
type TradeField = keyof typeof TRADE_COLUMNS;

const ACCOUNT_COLUMNS = {
  serialNo: ['账务流水号'],
  businessNo: ['业务流水号'],
  orderNo: ['商户订单号'],
  product: ['商品名称'],
  time: ['发生时间'],
  counterparty: ['对方账号', '对方账户'],
  income: ['收入金额'],
  expense: ['支出金额'],
  balance: ['账户余额'],
  type: ['业务类型'],
  remark: ['备注'],
} as const;
type AccountField = keyof typeof ACCOUNT_COLUMNS;

interface BillFrame<K extends string> {
  lines: string[];
  account: string | null;
  names: string[];
  map: ColumnMap<K>;
  /** indexes into `lines` of the data rows */
  dataRows: number[];
  /** the `#` lines after the list-end banner */
  footer: { index: number; text: string }[];
}

type FrameResult<K extends string> = { frame: BillFrame<K> } | { failed: ParsedStatement };

/** Splits a bill into metadata, header, data rows and footer; fails when the header or the footer is missing. */
function readFrame<K extends string>(
  text: string,
  format: string,
  listName: string,
  columns: Readonly<Record<K, readonly string[]>>,
  required: readonly (readonly K[])[],
): FrameResult<K> {
  const fail = (row: number, column: string, reason: string): FrameResult<K> => ({
    failed: failedStatement(format, CHANNEL, { row, column, reason }),
  });
  if (text.trim() === '') return fail(WHOLE_FILE_ROW, '', 'empty file');
  const lines = splitLines(text);
  let headerIndex = -1;
  let map: ColumnMap<K> = {};
  for (let i = 0; i < Math.min(lines.length, HEADER_SEARCH_LINES); i++) {
    const line = lines[i]!;
    if (line.startsWith('#') || line.trim() === '') continue;
    const candidate = mapHeader(splitCsvLine(line), columns);
    // each entry of `required` is a set of alternatives, one of which must be present
    if (required.every((any) => any.some((field) => candidate[field] !== undefined))) {
      headerIndex = i;
      map = candidate;
      break;
    }
  }
  if (headerIndex < 0) {
    const wanted = required.map((any) => any.map((field) => columns[field][0]).join('/')).join(', ');
    return fail(WHOLE_FILE_ROW, '', `not an Alipay ${listName.replace('列表', '')} bill: no header row with ${wanted}`);
  }
  let account: string | null = null;
  for (const line of lines.slice(0, headerIndex)) {
    const match = /^#账号[:：]\s*\[?([^\]\s,]*)/.exec(line);
    if (match) account = optionalText(match[1]!);
  }
  const endIndex = lines.findIndex((line, i) => i > headerIndex && line.startsWith('#') && line.includes('列表结束'));
  if (endIndex < 0) {
    return fail(lines.length + 1, `#${listName}结束`, `footer missing: no "${listName}结束" line after the rows (truncated file?)`);
  }
  const dataRows: number[] = [];
  for (let i = headerIndex + 1; i < endIndex; i++) {
    const line = lines[i]!;
    if (line.trim() !== '' && !line.startsWith('#')) dataRows.push(i);
  }
  const footer = lines.slice(endIndex + 1).flatMap((line, k) => (line.startsWith('#') ? [{ index: endIndex + 1 + k, text: line }] : []));
  const names = headerNames(splitCsvLine(lines[headerIndex]!));
  return { frame: { lines, account, names, map, dataRows, footer } };
}

/** Reads one `#…合计：N笔，…共X元` footer line; null when it is absent. */
function footerTotal(
  frame: BillFrame<string>,
  label: string,
  amountWords: string,
  errors: ErrorList,
): { count: number; minor: number } | null | 'bad' {
  const found = frame.footer.find((f) => f.text.startsWith(`#${label}`));
  if (!found) return null;
  const pattern = new RegExp(`^#${label}[:：]\\s*(\\d+)\\s*笔[,，]\\s*${amountWords}\\s*([-+]?[\\d,]*\\.?\\d*)\\s*元`);
  const match = pattern.exec(found.text);
  const row = found.index + 1;
  if (!match) {
    errors.add(row, `#${label}`, `unreadable footer line "${found.text}"`);
    return 'bad';
  }
  const minor = readCell(errors, row, `#${label}`, () => parseAmount(match[2]!, CURRENCY));
  return minor === undefined ? 'bad' : { count: Number(match[1]), minor: Math.abs(minor) };
}

function missingFooter(format: string, frame: BillFrame<string>, label: string): ParsedStatement {
  return failedStatement(format, CHANNEL, {
    row: frame.lines.length + 1,
    column: `#${label}`,
    reason: `footer missing: no "#${label}" line (truncated file?)`,
  });
}

/** Reads a data row's cells; any bad cell is recorded and the row yields no line. */
function rowOf<K extends string>(frame: BillFrame<K>, index: number, errors: ErrorList) {
  return rowReader(splitCsvLine(frame.lines[index]!), index + 1, frame.map, frame.names, errors);
}

function tradeLine(frame: BillFrame<TradeField>, index: number, errors: ErrorList): StatementLine | null {
  const r = rowOf(frame, index, errors);
  const type = r.text('type');
  const refund = type === '退款';
  if (!refund && type !== '交易') r.bad('type', `unknown 业务类型 "${type}"`);
  // 商家实收 is what reached the merchant; older or 间连 bills without it fall back to 订单金额.
  const useOrderAmount = frame.map.orderAmount !== undefined && (frame.map.received === undefined || r.text('received') === '');
  const amountField: TradeField = useOrderAmount ? 'orderAmount' : 'received';
  const signed = r.read(amountField, (text) => parseAmount(text, CURRENCY));
  if (signed !== undefined && (refund ? signed > 0 : signed < 0)) r.bad(amountField, `sign does not match 业务类型 "${type}"`);
  // 服务费 is negative when Alipay takes it (trades) and positive when it gives it back (refunds).
  const fee = r.read('fee', (text) => parseOptionalAmount(text, CURRENCY));
  const bookedAt = r.read(frame.map.finishedAt ? 'finishedAt' : 'createdAt', requireDateTime);
  if (!r.ok() || signed === undefined || bookedAt === undefined) return null;
  const orderNo = r.optional('orderNo');
  return {
    row: r.row,
    bookedAt,
    valueDate: null,
    direction: refund ? 'debit' : 'credit',
    amountMinor: Math.abs(signed),
    currency: CURRENCY,
    // our refund number identifies a refund; a refund made in the Alipay portal has none, so the order number stands in
    reference: refund ? (r.optional('refundNo') ?? orderNo) : orderNo,
    channelRef: r.optional('channelRef'),
    kind: refund ? 'refund' : 'pay',
    feeMinor: fee === null || fee === undefined ? null : 0 - fee,
    counterparty: r.optional('counterparty'),
    summary: r.optional('product'),
  };
}

export function parseAlipayTradeBill(text: string, options: ParseOptions = {}): ParsedStatement {
  const format = 'alipay-trade';
  return guarded(format, CHANNEL, () => {
    const read = readFrame(text, format, '业务明细列表', TRADE_COLUMNS, [['orderNo'], ['type'], ['finishedAt', 'createdAt'], ['received', 'orderAmount']]);
    if ('failed' in read) return read.failed;
    const frame = read.frame;
    const errors = new ErrorList();
    const trades = footerTotal(frame, '交易合计', '商家实收共', errors);
    const refunds = footerTotal(frame, '退款合计', '商家实收退款共', errors);
    if (trades === null) return missingFooter(format, frame, '交易合计');
    if (refunds === null) return missingFooter(format, frame, '退款合计');
    const lines: StatementLine[] = [];
    for (const index of frame.dataRows) {
      const line = tradeLine(frame, index, errors);
      if (line) pushLine(lines, line, options);
    }
    const declared: Totals | null =
      trades === 'bad' || refunds === 'bad'
        ? null
        : { count: trades.count + refunds.count, creditMinor: trades.minor, debitMinor: refunds.minor };
    return buildStatement({
      format,
      channel: CHANNEL,
      account: frame.account,
      currency: CURRENCY,
      lines,
      declared: declared ? { totals: { [CURRENCY]: declared } } : null,
      errors,
    });
  });
}

const ACCOUNT_KINDS: Record<string, StatementLine['kind']> = {
  在线支付: 'pay',
  交易付款: 'pay',
  交易退款: 'refund',
  收费: 'fee',
  提现: 'payout',
  转账: 'transfer',
};

function accountLine(
  frame: BillFrame<AccountField>,
  index: number,
  errors: ErrorList,
): { line: StatementLine; balance: number | null } | null {
  const r = rowOf(frame, index, errors);
  const income = r.read('income', (text) => parseOptionalAmount(text, CURRENCY));
  // 支出金额（-元） may be written -23.45 or 23.45: the column, not the sign, says money out.
  const expense = r.read('expense', (text) => parseOptionalAmount(text, CURRENCY));
  const balance = r.read('balance', (text) => parseOptionalAmount(text, CURRENCY));
  const bookedAt = r.read('time', requireDateTime);
  if (income === null && expense === null) r.bad('income', 'empty amount');
  if (income !== undefined && income !== null && income < 0) r.bad('income', 'negative 收入金额');
  if (income && expense) r.bad('expense', 'both 收入金额 and 支出金额 are filled');
  if (!r.ok() || income === undefined || expense === undefined || balance === undefined || bookedAt === undefined) return null;
  const out = expense !== null && expense !== 0;
  const type = r.text('type');
  const product = r.optional('product');
  const remark = r.optional('remark');
  return {
    balance,
    line: {
      row: r.row,
      bookedAt,
      valueDate: null,
      direction: out ? 'debit' : 'credit',
      amountMinor: out ? Math.abs(expense) : (income ?? 0),
      currency: CURRENCY,
      reference: r.optional('orderNo'),
      channelRef: r.optional('businessNo'),
      kind: ACCOUNT_KINDS[type] ?? 'other',
      feeMinor: null, // fees are their own 收费 rows in this bill
      counterparty: r.optional('counterparty'),
      summary: product && remark ? `${product} ${remark}` : (product ?? remark),
    },
  };
}

export function parseAlipayAccountBill(text: string, options: ParseOptions = {}): ParsedStatement {
  const format = 'alipay-account';
  return guarded(format, CHANNEL, () => {
    const read = readFrame(text, format, '账务明细列表', ACCOUNT_COLUMNS, [['time'], ['income'], ['expense'], ['type']]);
    if ('failed' in read) return read.failed;
    const frame = read.frame;
    const errors = new ErrorList();
    const income = footerTotal(frame, '收入合计', '共', errors);
    const expense = footerTotal(frame, '支出合计', '共', errors);
    if (income === null) return missingFooter(format, frame, '收入合计');
    if (expense === null) return missingFooter(format, frame, '支出合计');
    const lines: StatementLine[] = [];
    let opening: number | undefined;
    let closing: number | undefined;
    for (const index of frame.dataRows) {
      const read = accountLine(frame, index, errors);
      if (!read) continue;
      pushLine(lines, read.line, options);
      if (read.balance === null) continue;
      const signed = read.line.direction === 'credit' ? read.line.amountMinor : -read.line.amountMinor;
      // 账户余额 is the balance after the row, rows run in time order: the first gives the opening, the last the closing
      opening ??= read.balance - signed;
      closing = read.balance;
    }
    const declared: ParsedStatement['declared'] = {};
    if (income !== 'bad' && expense !== 'bad') {
      declared.totals = { [CURRENCY]: { count: income.count + expense.count, creditMinor: income.minor, debitMinor: expense.minor } };
    }
    if (opening !== undefined) declared.openingBalanceMinor = opening;
    if (closing !== undefined) declared.closingBalanceMinor = closing;
    return buildStatement({ format, channel: CHANNEL, account: frame.account, currency: CURRENCY, lines, declared, errors });
  });
}
