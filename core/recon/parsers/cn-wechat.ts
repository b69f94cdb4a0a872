import { isKnownCurrency, minorExponent } from '../../money/currency.js';
import { parseAmount, parseOptionalAmount, plainMinorAt } from '../../money/parse.js';
import { cellBounds, detached, detachedSlice, LineCursor, splitCsvLine } from './cn-csv.js';
import { canonicalDateTimeAt, requireDateTime } from './cn-dates.js';
import {
  cleanCell,
  cleanEndAt,
  cleanStartAt,
  firstColumn,
  headerKey,
  headerNames,
  mapHeader,
  optionalText,
  type ColumnMap,
} from './cn-headers.js';
import {
  buildStatement,
  ErrorList,
  failedStatement,
  guarded,
  parseCount,
  rowReader,
  WHOLE_FILE_ROW,
} from './cn-statement.js';
import { pushLine, type ParsedStatement, type ParseOptions, type StatementLine, type Totals } from './types.js';

/**
 * WeChat Pay merchant bills (docs/formats.md#wechat-trade-bill): UTF-8 CSV, a plain header row, every value prefixed
 * with a backtick (cleanCell strips it), and a two-line summary (label row + value row) at the end.
 */

const CHANNEL = 'wechat';
const CURRENCY = 'CNY';
const HEADER_SEARCH_LINES = 50;
const BACKTICK = 0x60;

const ALL_COLUMNS = {
  time: ['交易时间'],
  mchId: ['商户号'],
  wxOrderNo: ['微信订单号'],
  orderNo: ['商户订单号'],
  payer: ['用户标识'],
  status: ['交易状态'],
  currency: ['货币种类'],
  // 总金额 is the pre-2017 name (merchants without 免充值券)
  settled: ['应结订单金额', '总金额'],
  wxRefundNo: ['微信退款单号'],
  refundNo: ['商户退款单号'],
  refundAmount: ['退款金额'],
  product: ['商品名称'],
  fee: ['手续费'],
} as const;
type AllField = keyof typeof ALL_COLUMNS;

const ALL_SUMMARY = { count: ['总交易单数'], credit: ['应结订单总金额', '总交易额'], debit: ['退款总金额', '总退款金额'] } as const;

const FUND_COLUMNS = {
  time: ['记账时间'],
  businessNo: ['微信支付业务单号'],
  flowNo: ['资金流水单号'],
  name: ['业务名称'],
  type: ['业务类型'],
  inOut: ['收支类型'],
  amount: ['收支金额'],
  balance: ['账户结余'],
  remark: ['备注'],
  voucherNo: ['业务凭证号'],
} as const;
type FundField = keyof typeof FUND_COLUMNS;

const FUND_SUMMARY = {
  count: ['资金流水总笔数'],
  creditCount: ['收入笔数'],
  credit: ['收入金额'],
  debitCount: ['支出笔数'],
  debit: ['支出金额'],
} as const;

interface BillFrame<K extends string> {
  text: string;
  delimiter: string;
  names: string[];
  map: ColumnMap<K>;
  /** the lines between the header and the summary: where they start and end in the text, and the first one's number */
  body: { start: number; end: number; firstLine: number };
  /** the summary's label cells and value cells, and the value line's number */
  summary: { labels: string[]; values: string[]; row: number };
}

function readFrame<K extends string>(
  text: string,
  format: string,
  columns: Readonly<Record<K, readonly string[]>>,
  required: readonly NoInfer<K>[],
  summaryLabel: string,
): { frame: BillFrame<K> } | { failed: ParsedStatement } {
  const fail = (row: number, column: string, reason: string) => ({ failed: failedStatement(format, CHANNEL, { row, column, reason }) });
  if (text.trim() === '') return fail(WHOLE_FILE_ROW, '', 'empty file');
  const lines = new LineCursor(text);
  let header: { cells: string[]; delimiter: string; map: ColumnMap<K> } | null = null;
  search: while (lines.number < HEADER_SEARCH_LINES && lines.next()) {
    // the sandbox bill is TAB-separated; real ones use commas
    for (const candidate of [',', '\t']) {
      const cells = splitCsvLine(lines.line(), candidate);
      const found = mapHeader(cells, columns);
      if (required.every((field) => found[field] !== undefined)) {
        header = { cells, delimiter: candidate, map: found };
        break search;
      }
    }
  }
  if (header === null) {
    return fail(WHOLE_FILE_ROW, '', `not a WeChat Pay bill: no header row with ${required.map((f) => columns[f][0]).join(', ')}`);
  }
  const { delimiter } = header;
  const body = { start: lines.position, end: text.length, firstLine: lines.number + 1 };
  const labelKey = headerKey(summaryLabel);
  let labels: string[] | null = null;
  // the first place the label appears at or after the current line (Infinity: nowhere): only a line
  // holding it can be the summary, so the rows are passed over without cutting each one out
  let hit = -1;
  while (labels === null && lines.next()) {
    if (hit < lines.start) hit = nextIndex(text, summaryLabel, lines.start);
    if (hit + summaryLabel.length > lines.end) continue;
    const cells = splitCsvLine(lines.line(), delimiter);
    if (headerKey(cells[0] ?? '') === labelKey) {
      labels = cells;
      body.end = lines.start;
    }
  }
  let values: string[] | null = null;
  while (labels !== null && values === null && lines.next()) {
    const line = lines.line();
    if (line.trim() !== '') values = splitCsvLine(line, delimiter);
  }
  if (labels === null || values === null) {
    // the search that failed ran to the end of the text: the cursor is on its last line
    return fail(lines.number + 1, summaryLabel, `summary missing: no "${summaryLabel}" lines after the rows (truncated file?)`);
  }
  return {
    frame: {
      text,
      delimiter,
      names: headerNames(header.cells),
      map: header.map,
      body,
      summary: { labels, values, row: lines.number },
    },
  };
}

/**
 * Where `search` next appears in `text` from `from` on; Infinity when it does not. V8 finds a
 * pattern by one byte of its first character, and for 总 (U+603B) that byte is 0x60, WeChat's
 * backtick, which starts every cell: looking for the rest of the pattern and then checking the
 * character before it passes over a 200 MB bill ten times faster.
 */
function nextIndex(text: string, search: string, from: number): number {
  if (search.length < 2) {
    const at = text.indexOf(search, from);
    return at < 0 ? Infinity : at;
  }
  const rest = search.slice(1);
  const first = search.charCodeAt(0);
  for (let at = text.indexOf(rest, from + 1); at >= 0; at = text.indexOf(rest, at + 1)) {
    if (text.charCodeAt(at - 1) === first) return at - 1;
  }
  return Infinity;
}

/** The lines between a bill's header and its summary; blank ones are the caller's to skip. */
function bodyLines(frame: BillFrame<string>): LineCursor {
  return new LineCursor(frame.text, frame.body.start, frame.body.firstLine, frame.body.end);
}

/** Summary values by label: the label row and the value row line up cell by cell. */
function summaryReader<S extends string>(frame: BillFrame<string>, labels: Readonly<Record<S, readonly string[]>>, errors: ErrorList) {
  const map = mapHeader(frame.summary.labels, labels);
  const names = headerNames(frame.summary.labels);
  return rowReader(frame.summary.values, frame.summary.row, map, names, errors);
}

function countOf(text: string): number {
  const count = parseCount(text);
  if (count === null) throw new Error('not a count');
  return count;
}

function allLine(
  frame: BillFrame<AllField>,
  cells: string[],
  row: number,
  errors: ErrorList,
): { line: StatementLine } | { revoked: number | undefined } | null {
  const r = rowReader(cells, row, frame.map, frame.names, errors);
  const status = r.text('status');
  if (status === 'REVOKED') {
    // 已撤销: the payment was cancelled (a MICROPAY reversal) and never settles to the merchant, so
    // there is nothing to match. Its 应结订单金额 is kept to take it back out of the summary totals.
    return { revoked: r.read('settled', (text) => parseAmount(text, CURRENCY)) };
  }
  const refund = status === 'REFUND';
  if (!refund && status !== 'SUCCESS') r.bad('status', `unknown 交易状态 "${status}"`);
  let currency = r.text('currency') || CURRENCY;
  // the constant rather than this cell's own copy of 'CNY': every line keeps its currency, and a million copies add up
  if (currency === CURRENCY) currency = CURRENCY;
  if (!isKnownCurrency(currency)) {
    r.bad('currency', `unknown currency "${currency}"`);
    currency = CURRENCY; // only so the other cells are still checked; the row is dropped
  }
  const amount = r.read(refund ? 'refundAmount' : 'settled', (text) => parseAmount(text, currency));
  if (amount !== undefined && amount < 0) r.bad(refund ? 'refundAmount' : 'settled', 'negative amount');
  // 手续费 is printed to 5 decimals (`0.05940`): rounded HALF_UP to the fen, the one column where rounding is allowed.
  const fee = r.read('fee', (text) => parseOptionalAmount(text, currency, { rounding: 'HALF_UP' }));
  const bookedAt = r.read('time', requireDateTime);
  if (!r.ok() || amount === undefined || fee === undefined || bookedAt === undefined) return null;
  return {
    // copies, not views of the whole text: a line must not keep the bill's text alive
    line: allBillLine(
      r.row,
      detached(bookedAt),
      refund,
      amount,
      currency,
      fee,
      detached(refund ? r.optional('refundNo') : r.optional('orderNo')),
      // a refund row has its own 微信退款单号; 微信订单号 is the original payment's
      detached(refund ? (r.optional('wxRefundNo') ?? r.optional('wxOrderNo')) : r.optional('wxOrderNo')),
      detached(r.optional('payer')),
      detached(r.optional('product')),
    ),
  };
}

/** One line of an ALL bill; both ways of reading a row make it here, so their lines are alike to the field. */
function allBillLine(
  row: number,
  bookedAt: string,
  refund: boolean,
  amountMinor: number,
  currency: string,
  feeMinor: number | null,
  reference: string | null,
  channelRef: string | null,
  counterparty: string | null,
  summary: string | null,
): StatementLine {
  return {
    row,
    bookedAt,
    valueDate: null,
    direction: refund ? 'debit' : 'credit',
    amountMinor,
    currency,
    reference,
    channelRef,
    kind: refund ? 'refund' : 'pay',
    // positive on a payment (fee taken), negative on a refund (fee returned): already our sign
    feeMinor,
    counterparty,
    summary,
  };
}

type AllLayout = Record<AllField, number> & { last: number };

/** The column of each field in the bill's rows (-1: the bill has no such column), and the last of them. */
function allLayout(map: ColumnMap<AllField>): AllLayout {
  const layout = { last: 0 } as AllLayout;
  for (const field of Object.keys(ALL_COLUMNS) as AllField[]) {
    layout[field] = firstColumn(map, field) ?? -1;
    layout.last = Math.max(layout.last, layout[field]);
  }
  return layout;
}

const CNY_DECIMALS = minorExponent(CURRENCY);
// distinct 商品名称 kept as one string each; past this many a bill's names are not worth pooling
const PRODUCT_POOL_MAX = 10_000;

/**
 * Reads the rows of an ALL bill that are in the form WeChat writes them (SUCCESS or REFUND, CNY,
 * plain amounts, 'YYYY-MM-DD HH:mm:ss') straight from the text, cutting out only the strings a
 * line keeps. Any other row (REVOKED, a bad or unusual cell, too few cells) gives null and is read
 * by allLine, which finds its errors; a row read here gives the line allLine would give.
 */
class PlainAllRows {
  private readonly bounds: Int32Array;
  // the cleaned text of the cell `select` chose: text[from, to)
  private from = 0;
  private to = 0;
  // rows come in time order, many to a second: one string serves each run of equal times
  private lastBookedAt: string | null = null;
  private readonly products = new Map<string, string>();
  private lastProduct: string | null = null;

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly layout: AllLayout,
  ) {
    this.bounds = new Int32Array(layout.last + 2);
  }

  /** The line of the row text[start, end), or null when allLine must read it. */
  line(start: number, end: number, row: number): StatementLine | null {
    const { text, layout } = this;
    if (!cellBounds(text, start, end, this.delimiter, layout.last, this.bounds)) return null;
    this.select(layout.status);
    const refund = this.selectedIs('REFUND');
    if (!refund && !this.selectedIs('SUCCESS')) return null;
    this.select(layout.currency);
    if (this.from !== this.to && !this.selectedIs(CURRENCY)) return null;
    this.select(refund ? layout.refundAmount : layout.settled);
    const amount = plainMinorAt(text, this.from, this.to, CNY_DECIMALS, false);
    if (!(amount >= 0)) return null; // not plain, or negative: allLine has the value or the reason
    this.select(layout.fee);
    const fee = this.from === this.to ? null : plainMinorAt(text, this.from, this.to, CNY_DECIMALS, true);
    if (Number.isNaN(fee)) return null;
    const bookedAt = this.bookedAt();
    if (bookedAt === null) return null;
    return allBillLine(
      row,
      bookedAt,
      refund,
      amount,
      CURRENCY,
      fee,
      this.optional(refund ? layout.refundNo : layout.orderNo),
      refund ? (this.optional(layout.wxRefundNo) ?? this.optional(layout.wxOrderNo)) : this.optional(layout.wxOrderNo),
      this.optional(layout.payer),
      this.product(),
    );
  }

  /** The cleaned text of a column of the row `line` last read ('' when the bill has no such column). */
  cellText(column: number): string {
    this.select(column);
    return detachedSlice(this.text, this.from, this.to);
  }

  /** Chooses a cell of the current row, as cleanCell would leave it; no column is an empty cell. */
  private select(column: number): void {
    if (column < 0) {
      this.from = this.to = 0;
      return;
    }
    const end = this.bounds[column + 1]! - 1;
    this.to = cleanEndAt(this.text, this.bounds[column]!, end);
    this.from = cleanStartAt(this.text, this.bounds[column]!, this.to);
  }

  private selectedIs(word: string): boolean {
    return this.to - this.from === word.length && this.text.startsWith(word, this.from);
  }

  private optional(column: number): string | null {
    this.select(column);
    return this.from === this.to ? null : optionalText(detachedSlice(this.text, this.from, this.to));
  }

  private bookedAt(): string | null {
    this.select(this.layout.time);
    const last = this.lastBookedAt;
    if (last !== null && this.selectedIs(last)) return last;
    if (canonicalDateTimeAt(this.text, this.from, this.to) !== true) return null;
    return (this.lastBookedAt = detachedSlice(this.text, this.from, this.to));
  }

  /** 商品名称 repeat from row to row: each distinct one is kept once. */
  private product(): string | null {
    this.select(this.layout.product);
    const last = this.lastProduct;
    if (last !== null && this.selectedIs(last)) return last;
    const name = this.from === this.to ? null : optionalText(detachedSlice(this.text, this.from, this.to));
    if (name === null) return null;
    let pooled = this.products.get(name);
    if (pooled === undefined) {
      pooled = name;
      if (this.products.size < PRODUCT_POOL_MAX) this.products.set(name, name);
    }
    return (this.lastProduct = pooled);
  }
}

/**
 * A WeChat Pay 交易账单 (ALL). `plainRows: false` reads every row through the full splitter and
 * allLine, for the tests that compare the two ways of reading a row.
 */
export function parseWechatAllBill(text: string, options: ParseOptions & { plainRows?: boolean } = {}): ParsedStatement {
  const format = 'wechat-all';
  return guarded(format, CHANNEL, () => {
    const read = readFrame(text, format, ALL_COLUMNS, ['time', 'orderNo', 'status', 'settled', 'refundAmount'], '总交易单数');
    if ('failed' in read) return read.failed;
    const frame = read.frame;
    const errors = new ErrorList();
    const lines: StatementLine[] = [];
    let revokedCount = 0;
    let revokedMinor = 0;
    let account: string | null = null;
    const layout = allLayout(frame.map);
    // rows with a quoted cell, and rows not in WeChat's plain form, are split in full and read by allLine
    const plainRows = options.plainRows === false ? null : new PlainAllRows(text, frame.delimiter, layout);
    for (const body = bodyLines(frame); body.next(); ) {
      const { start, end } = body;
      // a row starting with WeChat's backtick is not blank; anything else is checked as before
      if (text.charCodeAt(start) !== BACKTICK && body.line().trim() === '') continue;
      const plain = plainRows?.line(start, end, body.number) ?? null;
      if (plain !== null && plainRows !== null) {
        pushLine(lines, plain, options);
        account ??= plainRows.cellText(layout.mchId) || null;
        continue;
      }
      const cells = splitCsvLine(body.line(), frame.delimiter);
      const result = allLine(frame, cells, body.number, errors);
      if (result === null) continue;
      if ('revoked' in result) {
        revokedCount += 1;
        revokedMinor += result.revoked ?? 0;
        continue;
      }
      pushLine(lines, result.line, options);
      account ??= detached(cleanCell(cells[layout.mchId])) || null;
    }
    const s = summaryReader(frame, ALL_SUMMARY, errors);
    const count = s.read('count', countOf);
    const credit = s.read('credit', (t) => parseAmount(t, CURRENCY));
    const debit = s.read('debit', (t) => parseAmount(t, CURRENCY));
    // The summary counts and sums every row, revoked ones too; we compare it with the rows we keep.
    const declared: Totals | null =
      count === undefined || credit === undefined || debit === undefined
        ? null
        : { count: count - revokedCount, creditMinor: credit - revokedMinor, debitMinor: debit };
    return buildStatement({
      format,
      channel: CHANNEL,
      account,
      currency: CURRENCY,
      lines,
      declared: declared ? { totals: { [CURRENCY]: declared } } : null,
      errors,
    });
  });
}

const FUND_KINDS: [RegExp, StatementLine['kind']][] = [
  [/手续费/, 'fee'],
  [/退款/, 'refund'],
  [/提现/, 'payout'],
  [/转账/, 'transfer'],
  [/交易|支付/, 'pay'],
];

function fundLine(frame: BillFrame<FundField>, cells: string[], row: number, errors: ErrorList): { line: StatementLine; balance: number | null } | null {
  const r = rowReader(cells, row, frame.map, frame.names, errors);
  const inOut = r.text('inOut');
  if (inOut !== '收入' && inOut !== '支出') r.bad('inOut', `unknown 收支类型 "${inOut}"`);
  const amount = r.read('amount', (text) => parseAmount(text, CURRENCY));
  if (amount !== undefined && amount < 0) r.bad('amount', 'negative amount');
  const balance = r.read('balance', (text) => parseOptionalAmount(text, CURRENCY));
  const bookedAt = r.read('time', requireDateTime);
  if (!r.ok() || amount === undefined || balance === undefined || bookedAt === undefined) return null;
  const name = r.text('name');
  const kindText = `${name} ${r.text('type')}`;
  return {
    balance,
    line: {
      row: r.row,
      bookedAt,
      valueDate: null,
      direction: inOut === '收入' ? 'credit' : 'debit',
      amountMinor: amount,
      currency: CURRENCY,
      reference: r.optional('voucherNo'),
      channelRef: r.optional('businessNo'),
      kind: FUND_KINDS.find(([pattern]) => pattern.test(kindText))?.[1] ?? 'other',
      feeMinor: null, // fees are their own 扣除交易手续费 rows here
      counterparty: null,
      summary: r.optional('remark') ?? (name || null),
    },
  };
}

export function parseWechatFundBill(text: string, options: ParseOptions = {}): ParsedStatement {
  const format = 'wechat-fund';
  return guarded(format, CHANNEL, () => {
    const read = readFrame(text, format, FUND_COLUMNS, ['time', 'inOut', 'amount'], '资金流水总笔数');
    if ('failed' in read) return read.failed;
    const frame = read.frame;
    const errors = new ErrorList();
    const lines: StatementLine[] = [];
    let opening: number | undefined;
    let closing: number | undefined;
    for (const body = bodyLines(frame); body.next(); ) {
      const rowText = body.line();
      if (rowText.trim() === '') continue;
      const result = fundLine(frame, splitCsvLine(rowText, frame.delimiter), body.number, errors);
      if (!result) continue;
      pushLine(lines, result.line, options);
      if (result.balance === null) continue;
      // 账户结余 is the balance after the row, in time order
      opening ??= result.balance - (result.line.direction === 'credit' ? result.line.amountMinor : -result.line.amountMinor);
      closing = result.balance;
    }
    const s = summaryReader(frame, FUND_SUMMARY, errors);
    const count = s.read('count', countOf);
    const credit = s.read('credit', (t) => parseAmount(t, CURRENCY));
    const debit = s.read('debit', (t) => parseAmount(t, CURRENCY));
    const declared: ParsedStatement['declared'] = {};
    if (count !== undefined && credit !== undefined && debit !== undefined) {
      declared.totals = { [CURRENCY]: { count, creditMinor: credit, debitMinor: Math.abs(debit) } };
    }
    if (opening !== undefined) declared.openingBalanceMinor = opening;
    if (closing !== undefined) declared.closingBalanceMinor = closing;
    return buildStatement({ format, channel: CHANNEL, account: null, currency: CURRENCY, lines, declared, errors });
  });
}
