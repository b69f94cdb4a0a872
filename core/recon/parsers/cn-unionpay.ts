import { parseAmount, parseOptionalAmount } from '../../money/parse.js';
import { splitCsvLine, splitLines } from './cn-csv.js';
import { parseDateCell, requireDateTime } from './cn-dates.js';
import { cleanCell, headerNames, mapHeader, type ColumnMap } from './cn-headers.js';
import {
  buildStatement,
  countInFooter,
  ErrorList,
  failedStatement,
  guarded,
  rowReader,
  sumTotals,
  totalsFromNet,
  WHOLE_FILE_ROW,
} from './cn-statement.js';
import type { ParsedStatement, StatementLine } from './types.js';

/**
 * PayDesk's own UnionPay acquirer detail (core/simulator/unionpay-file.ts; no public layout was
 * confirmed): GBK CSV, title `银联商户交易明细,清算日期：yyyymmdd`, header
 * 清算日期,交易时间,商户订单号,银联流水号,交易类型,交易金额,手续费,清算金额, rows with refunds
 * (退货) negative, and a `合计,N笔,…,net,fees,net settled` footer row.
 */

const FORMAT = 'unionpay';
const CHANNEL = 'unionpay';
const CURRENCY = 'CNY';
export const UNIONPAY_TITLE = '银联商户交易明细';

const COLUMNS = {
  settleDate: ['清算日期'],
  time: ['交易时间'],
  orderNo: ['商户订单号'],
  serialNo: ['银联流水号'],
  type: ['交易类型'],
  amount: ['交易金额'],
  fee: ['手续费'],
  settled: ['清算金额'],
} as const;
type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['time', 'orderNo', 'type', 'amount'];

function unionpayLine(cells: string[], row: number, map: ColumnMap<Field>, names: string[], errors: ErrorList): StatementLine | null {
  const r = rowReader(cells, row, map, names, errors);
  const type = r.text('type');
  const refund = type === '退货';
  if (!refund && type !== '消费') r.bad('type', `unknown 交易类型 "${type}"`);
  const amount = r.read('amount', (text) => parseAmount(text, CURRENCY));
  if (amount !== undefined && (refund ? amount > 0 : amount < 0)) r.bad('amount', `sign does not match 交易类型 "${type}"`);
  // positive when UnionPay takes the fee (消费), negative when it returns it (退货): our sign already
  const fee = r.read('fee', (text) => parseOptionalAmount(text, CURRENCY));
  const settled = r.read('settled', (text) => parseOptionalAmount(text, CURRENCY));
  if (amount !== undefined && fee !== undefined && settled !== undefined && settled !== null && settled !== amount - (fee ?? 0)) {
    r.bad('settled', '清算金额 is not 交易金额 − 手续费');
  }
  const bookedAt = r.read('time', requireDateTime);
  const settleText = r.text('settleDate');
  const valueDate = settleText === '' ? null : parseDateCell(settleText)?.date;
  if (valueDate === undefined) r.bad('settleDate', 'not a date');
  if (!r.ok() || amount === undefined || fee === undefined || bookedAt === undefined || valueDate === undefined) return null;
  return {
    row,
    bookedAt,
    valueDate,
    direction: refund ? 'debit' : 'credit',
    amountMinor: Math.abs(amount),
    currency: CURRENCY,
    // the writer puts our refund number in 商户订单号 on 退货 rows
    reference: r.optional('orderNo'),
    channelRef: r.optional('serialNo'),
    kind: refund ? 'refund' : 'pay',
    feeMinor: fee,
    counterparty: null,
    summary: type || null,
  };
}

export function parseUnionpayBill(text: string): ParsedStatement {
  return guarded(FORMAT, CHANNEL, () => {
    const fail = (row: number, column: string, reason: string) => failedStatement(FORMAT, CHANNEL, { row, column, reason });
    if (text.trim() === '') return fail(WHOLE_FILE_ROW, '', 'empty file');
    const lines = splitLines(text);
    const headerIndex = lines.slice(0, 20).findIndex((line) => {
      const map = mapHeader(splitCsvLine(line), COLUMNS);
      return REQUIRED.every((field) => map[field] !== undefined);
    });
    if (headerIndex < 0) return fail(WHOLE_FILE_ROW, '', `not a UnionPay detail file: no header row with ${REQUIRED.map((f) => COLUMNS[f][0]).join(', ')}`);
    const header = splitCsvLine(lines[headerIndex]!);
    const map = mapHeader(header, COLUMNS);
    const names = headerNames(header);
    const footerIndex = lines.findIndex(
      (line, i) => i > headerIndex && line.includes('合计') && cleanCell(splitCsvLine(line)[0]).includes('合计'),
    );
    if (footerIndex < 0) return fail(lines.length + 1, '合计', 'footer missing: no 合计 row after the rows (truncated file?)');

    const errors = new ErrorList();
    const parsed: StatementLine[] = [];
    for (let i = headerIndex + 1; i < footerIndex; i++) {
      if (lines[i]!.trim() === '') continue;
      const line = unionpayLine(splitCsvLine(lines[i]!), i + 1, map, names, errors);
      if (line) parsed.push(line);
    }
    // 合计 states only the count ("N笔") and the net 交易金额
    const footer = splitCsvLine(lines[footerIndex]!);
    const f = rowReader(footer, footerIndex + 1, map, names, errors);
    const count = countInFooter(footer);
    if (count === null) errors.add(footerIndex + 1, '合计', 'no "N笔" count in the 合计 row');
    const net = f.read('amount', (t) => parseAmount(t, CURRENCY));
    const declared = count === null || net === undefined ? null : { totals: { [CURRENCY]: totalsFromNet(count, net, sumTotals(parsed)[CURRENCY]) } };
    return buildStatement({ format: FORMAT, channel: CHANNEL, account: null, currency: CURRENCY, lines: parsed, declared, errors });
  });
}
