import { parseAmount, parseOptionalAmount } from '../../money/parse.js';
import {
  BANK_COLUMNS,
  currencyCode,
  findBankHeader,
  hasAmounts,
  hasDate,
  isUsableBankHeader,
  type BankField,
  type BankMapping,
} from './cn-bank-columns.js';
import { parseDateCell, parseTimeCell } from './cn-dates.js';
import { cleanCell, firstFilled, headerKey, headerNames, type ColumnMap } from './cn-headers.js';
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
import type { CellError, ParsedStatement, StatementLine, Totals } from './types.js';
import type { ProfileFormat } from '../../shared/rules.js';
import { readXlsGrid } from './cn-xls.js';

export type { BankMapping } from './cn-bank-columns.js';
export { readCsvGrid, readXlsxGrid } from './cn-grid.js';
import { readCsvGrid, readXlsxGrid } from './cn-grid.js';

/**
 * Chinese bank statement exports (docs/formats.md#bank-statements) as a grid of cell texts (readXlsxGrid,
 * readXlsGrid, readCsvGrid): preamble rows (账号/户名/币种/期初余额), a header row found by its column names,
 * lines, and optional 合计 footer rows. Row numbers are grid row numbers (1-based).
 */

export interface BankStatementInfo {
  format: ProfileFormat;
}

const DEFAULT_CURRENCY = 'CNY';

interface Preamble {
  account: string | null;
  currency: string | null;
  opening: { text: string; row: number } | null;
  closing: { text: string; row: number } | null;
}

const PREAMBLE_KEYS: Record<string, keyof Preamble> = {
  账号: 'account', 帐号: 'account', 卡号: 'account', 银行账号: 'account', 银行帐号: 'account', 账户: 'account',
  账户号码: 'account', 查询账号: 'account',
  币种: 'currency', 币别: 'currency', 货币: 'currency',
  期初余额: 'opening', 上期余额: 'opening',
  期末余额: 'closing', 本期余额: 'closing',
};

/** `账号：123` in one cell, or `账号 | 123` in two. */
function readPreamble(rows: readonly (readonly string[])[], headerIndex: number): Preamble {
  const preamble: Preamble = { account: null, currency: null, opening: null, closing: null };
  rows.slice(0, headerIndex).forEach((row, index) => {
    const cells = row.map(cleanCell);
    cells.forEach((cell, i) => {
      const inline = /^([^:：]{1,12})[:：]\s*(.*)$/.exec(cell);
      const key = PREAMBLE_KEYS[headerKey(inline ? inline[1]! : cell)];
      if (!key) return;
      const value = inline && inline[2] !== '' ? inline[2]! : (cells.slice(i + 1).find((c) => c !== '') ?? '');
      if (value === '') return;
      if (key === 'account' || key === 'currency') preamble[key] ??= value;
      else preamble[key] ??= { text: value, row: index + 1 };
    });
  });
  return preamble;
}

function directionOf(text: string): 'credit' | 'debit' | null {
  const t = cleanCell(text).toLowerCase();
  // BOCOM writes `借 Dr` / `贷 Cr`; others 借/贷, D/C, 收/支, +/-
  if (/^(?:借|支|付|出|d(?:r|ebit)?\b|-)/.test(t)) return 'debit';
  if (/^(?:贷|收|存|入|c(?:r|redit)?\b|\+)/.test(t)) return 'credit';
  return null;
}

function kindOf(summary: string | null): StatementLine['kind'] {
  if (summary && /手续费|服务费|工本费|管理费|年费/.test(summary)) return 'fee';
  if (summary && /利息|结息/.test(summary)) return 'other';
  return 'transfer';
}

interface RowResult {
  line: StatementLine;
  balance: number | null;
}

function bankLine(
  cells: readonly string[],
  row: number,
  map: ColumnMap<BankField>,
  names: readonly string[],
  statementCurrency: string,
  errors: ErrorList,
  cardBill = false,
): RowResult | null {
  const r = rowReader(cells, row, map, names, errors);
  let currency = statementCurrency;
  const currencyText = map.currency ? r.text('currency') : '';
  if (currencyText !== '') {
    const code = currencyCode(currencyText);
    if (code) currency = code;
    else r.bad('currency', `unknown currency "${currencyText}"`);
  }
  const dateText = r.text('date');
  const date = parseDateCell(dateText);
  if (!date) r.bad('date', dateText === '' ? 'empty date' : 'not a date');
  let time = date?.time ?? null;
  if (time === null && map.time) {
    const timeText = r.text('time');
    if (timeText !== '') {
      time = parseTimeCell(timeText);
      if (time === null) r.bad('time', 'not a time');
    }
  }
  let valueDate: string | null = null;
  if (map.valueDate && r.text('valueDate') !== '') {
    valueDate = parseDateCell(r.text('valueDate'))?.date ?? null;
    if (valueDate === null) r.bad('valueDate', 'not a date');
  }

  let signed: number | undefined; // + money in, − money out
  if (map.debit && map.credit && !map.amount) {
    const debit = r.read('debit', (t) => parseOptionalAmount(t, currency));
    const credit = r.read('credit', (t) => parseOptionalAmount(t, currency));
    if (debit === null && credit === null) r.bad('debit', 'empty amount');
    else if (debit && credit) r.bad('credit', 'both 借方 and 贷方 are filled');
    // a negative 借方 is a reversal (红字冲正): money back in
    else if (debit !== undefined && credit !== undefined) signed = debit ? -debit : (credit ?? 0);
  } else {
    const amount = r.read('amount', (t) => parseAmount(t, currency));
    if (amount !== undefined && map.direction) {
      const dirText = r.text('direction');
      const direction = directionOf(dirText);
      if (direction === null) r.bad('direction', `unknown 借贷 mark "${dirText}"`);
      // the mark says which way; a negative amount under it is a reversal of that way
      else signed = direction === 'credit' ? amount : -amount;
    } else if (amount !== undefined && cardBill) signed = -amount; // a card bill: + is a charge, − a repayment or refund
    else signed = amount;
  }
  const balance = map.balance ? r.read('balance', (t) => parseOptionalAmount(t, currency)) : null;
  if (!r.ok() || !date || signed === undefined || balance === undefined) return null;
  const summary = firstFilled(cells, map, 'summary');
  return {
    balance,
    line: {
      row,
      bookedAt: `${date.date} ${time ?? '00:00:00'}`,
      valueDate,
      direction: signed < 0 ? 'debit' : 'credit',
      amountMinor: Math.abs(signed),
      currency,
      reference: firstFilled(cells, map, 'reference'),
      channelRef: firstFilled(cells, map, 'channelRef'),
      kind: kindOf(summary),
      feeMinor: null,
      counterparty: firstFilled(cells, map, 'counterparty'),
      summary,
    },
  };
}

/** A 合计 row: Σ借方 and Σ贷方 (or the net under a single 金额 column) for the currency it names. */
function footerTotals(
  cells: readonly string[],
  row: number,
  map: ColumnMap<BankField>,
  names: readonly string[],
  currency: string,
  listedRows: number,
  parsed: Record<string, Totals>,
  errors: ErrorList,
): Totals | undefined {
  const f = rowReader(cells, row, map, names, errors);
  const count = countInFooter(cells) ?? listedRows; // most banks state no count: the rows they listed
  if (map.debit && map.credit && !map.amount) {
    const debit = f.read('debit', (t) => parseOptionalAmount(t, currency));
    const credit = f.read('credit', (t) => parseOptionalAmount(t, currency));
    if (debit === undefined || credit === undefined) return undefined;
    return { count, creditMinor: Math.abs(credit ?? 0), debitMinor: Math.abs(debit ?? 0) };
  }
  const net = f.read('amount', (t) => parseAmount(t, currency));
  return net === undefined ? undefined : totalsFromNet(count, net, parsed[currency]);
}

/** Which columns are missing, in words a user can act on. */
function missingColumns(map: ColumnMap<BankField>): Omit<CellError, 'row'> {
  const missing: string[] = [];
  const reasons: string[] = [];
  if (!hasDate(map)) {
    missing.push(BANK_COLUMNS.date[0]);
    reasons.push(`no date column (${BANK_COLUMNS.date.join('/')})`);
  }
  if (!hasAmounts(map)) {
    missing.push(`${BANK_COLUMNS.debit[0]}+${BANK_COLUMNS.credit[0]} or ${BANK_COLUMNS.amount[0]}`);
    reasons.push(`no amount columns (money out: ${BANK_COLUMNS.debit.join('/')}; money in: ${BANK_COLUMNS.credit.join('/')}; or one signed ${BANK_COLUMNS.amount.join('/')})`);
  }
  return { column: missing.join(', '), reason: `cannot map the columns: ${reasons.join('; ')}; map them by hand`, kind: 'COLUMNS_UNMAPPED' };
}

/** Balances the bank states: the preamble's, else the 余额 column around the first and last line in time. */
function balances(
  preamble: Preamble,
  results: RowResult[],
  currency: string,
  errors: ErrorList,
): { openingBalanceMinor?: number; closingBalanceMinor?: number } {
  const out: { openingBalanceMinor?: number; closingBalanceMinor?: number } = {};
  const readPreambleAmount = (entry: { text: string; row: number } | null, label: string) => {
    if (!entry) return undefined;
    try {
      return parseAmount(entry.text, currency);
    } catch (error) {
      errors.addFailure(entry.row, label, error);
      return undefined;
    }
  };
  const opening = readPreambleAmount(preamble.opening, '期初余额');
  const closing = readPreambleAmount(preamble.closing, '期末余额');
  const withBalance = results.filter((r) => r.balance !== null);
  const first = withBalance[0];
  const last = withBalance[withBalance.length - 1];
  // exports run oldest-first or newest-first (BOC); the 余额 after the latest line is the closing one
  const descending = first !== undefined && last !== undefined && first.line.bookedAt > last.line.bookedAt;
  const earliest = descending ? last : first;
  const latest = descending ? first : last;
  if (opening !== undefined) out.openingBalanceMinor = opening;
  else if (earliest) {
    const signed = earliest.line.direction === 'credit' ? earliest.line.amountMinor : -earliest.line.amountMinor;
    out.openingBalanceMinor = earliest.balance! - signed;
  }
  if (closing !== undefined) out.closingBalanceMinor = closing;
  else if (latest) out.closingBalanceMinor = latest.balance!;
  return out;
}

/**
 * Personal Alipay / WeChat wallet exports have the same kind of columns (交易时间, 金额, 收/支) as a
 * bank statement; their title rows give them away.
 */
function personalExport(preambleRows: readonly (readonly string[])[]): string | null {
  const text = preambleRows.map((row) => row.join(' ')).join('\n');
  if (text.includes('微信支付账单明细')) return 'a personal WeChat Pay export (微信支付账单明细)';
  if (text.includes('电子客户回单') && text.includes('支付宝')) return 'a personal Alipay export (支付宝交易明细)';
  return null;
}

function isBlank(row: readonly string[]): boolean {
  return row.every((cell) => cleanCell(cell) === '');
}

/**
 * A credit-card bill (信用卡账单) signs its one amount column the cardholder's way round: a charge is
 * positive, a repayment or refund negative. Its title (信用卡, 本期账单) or a 卡末四位 column gives it away.
 */
function isCardBill(preambleRows: readonly (readonly string[])[], names: readonly string[]): boolean {
  const title = preambleRows.map((row) => row.join(' ')).join('\n');
  return /信用卡|本期账单/.test(title) || names.some((name) => /卡末四位|卡号末四位/.test(headerKey(name)));
}

/**
 * A 余额 column none of whose cells is a number is masked (anonymised exports write `xx,yyyy.zz`):
 * it is read as no balance column rather than failing every row. One readable cell makes it real,
 * and then an unreadable one is that row's error.
 */
function withoutMaskedBalance(map: ColumnMap<BankField>, dataRows: readonly (readonly string[])[], currency: string): ColumnMap<BankField> {
  const column = map.balance?.[0];
  if (column === undefined) return map;
  let filled = 0;
  for (const row of dataRows) {
    const text = cleanCell(row[column]);
    if (text === '') continue;
    filled++;
    try {
      if (parseOptionalAmount(text, currency) !== null) return map;
    } catch {
      // not a number: look on
    }
  }
  if (filled === 0) return map;
  const { balance: _masked, ...rest } = map;
  void _masked;
  return rest;
}

/**
 * Reads a bank statement grid. `mapping` names header columns by hand (the importer's mapping
 * profile) and wins over the synonyms. A layout it cannot map gives no lines and one error naming
 * the missing columns.
 */
export function parseBankStatement(rows: string[][], info: BankStatementInfo, mapping: BankMapping = {}): ParsedStatement {
  const format = info.format;
  return guarded(format, null, () => {
    if (rows.every(isBlank)) return failedStatement(format, null, { row: WHOLE_FILE_ROW, column: '', reason: 'empty file' });
    const header = findBankHeader(rows, mapping);
    const headerRow = header ? header.index + 1 : WHOLE_FILE_ROW;
    const names = header ? headerNames(rows[header.index]!) : [];
    const unknownMapped = Object.values(mapping).filter(
      (name): name is string => name !== undefined && !names.some((n) => headerKey(n) === headerKey(name)),
    );
    if (unknownMapped.length > 0) {
      return failedStatement(format, null, {
        row: headerRow, column: unknownMapped.join(', '), reason: 'mapped column not found in the header row', kind: 'COLUMNS_UNMAPPED',
      });
    }
    if (!header || !isUsableBankHeader(header)) {
      return failedStatement(format, null, { row: headerRow, ...missingColumns(header?.map ?? {}) });
    }
    const personal = personalExport(rows.slice(0, header.index));
    if (personal) return failedStatement(format, null, { row: WHOLE_FILE_ROW, column: '', reason: `${personal}, not a bank statement` });
    const preamble = readPreamble(rows, header.index);
    const errors = new ErrorList();
    const currencyColumn = header.map.currency?.[0];
    const firstCurrencyCell = currencyColumn !== undefined
      ? rows.slice(header.index + 1).map((row) => cleanCell(row[currencyColumn])).find((c) => c !== '')
      : undefined;
    const currency =
      (preamble.currency && currencyCode(preamble.currency)) || (firstCurrencyCell && currencyCode(firstCurrencyCell)) || DEFAULT_CURRENCY;
    const map = withoutMaskedBalance(header.map, rows.slice(header.index + 1), currency);
    const cardBill = isCardBill(rows.slice(0, header.index), names);

    const results: RowResult[] = [];
    const listed: Record<string, number> = {};
    const footers: { cells: string[]; row: number; currency: string }[] = [];
    for (let index = header.index + 1; index < rows.length; index++) {
      const cells = rows[index]!;
      if (isBlank(cells)) continue;
      const first = cleanCell(cells.find((cell) => cleanCell(cell) !== ''));
      if (/合计|总计/.test(cleanCell(cells[0])) || (footers.length > 0 && /合计|总计/.test(first))) {
        // `人民币合计` / `美元合计`: the words before 合计 name the currency
        const named = cleanCell(cells[0]).split(/合计|总计/)[0] ?? '';
        footers.push({ cells, row: index + 1, currency: currencyCode(named) ?? currency });
        continue;
      }
      if (footers.length > 0) continue; // notes under the footer (打印时间, disclaimers)
      const dateEmpty = cleanCell(cells[map.date![0]!]) === '';
      const amountColumns = [map.debit?.[0], map.credit?.[0], map.amount?.[0]].filter((c): c is number => c !== undefined);
      if (dateEmpty && amountColumns.every((c) => cleanCell(cells[c]) === '')) continue; // a note row, not a line
      const result = bankLine(cells, index + 1, map, names, currency, errors, cardBill);
      if (result && result.line.amountMinor === 0) continue; // 0.00 (利息税 on no interest) moves no money: nothing to reconcile
      const rowCurrency = result?.line.currency ?? currency;
      listed[rowCurrency] = (listed[rowCurrency] ?? 0) + 1;
      if (result) results.push(result);
    }

    const lines = results.map((r) => r.line);
    const parsed = sumTotals(lines);
    const declaredTotals: Record<string, Totals> = {};
    for (const footer of footers) {
      const totals = footerTotals(footer.cells, footer.row, map, names, footer.currency, listed[footer.currency] ?? 0, parsed, errors);
      if (totals) declaredTotals[footer.currency] = totals;
    }
    const declared: NonNullable<ParsedStatement['declared']> = balances(preamble, results, currency, errors);
    if (Object.keys(declaredTotals).length > 0) declared.totals = declaredTotals;
    return buildStatement({
      format,
      channel: null,
      account: preamble.account ? cleanCell(preamble.account) : null,
      currency,
      lines,
      declared: Object.keys(declared).length > 0 ? declared : null,
      errors,
    });
  });
}

/** A bank CSV file's bytes → statement; never throws. */
export function parseBankCsv(bytes: Buffer, mapping: BankMapping = {}): ParsedStatement {
  return guarded('bank-csv', null, () => parseBankStatement(readCsvGrid(bytes).rows, { format: 'bank-csv' }, mapping));
}

/** A workbook's first sheet → statement; an unreadable workbook is an error, not a rejection. */
async function parseWorkbook(format: 'bank-xlsx' | 'bank-xls', read: (file: string | Buffer) => Promise<string[][]>, file: string | Buffer, mapping: BankMapping): Promise<ParsedStatement> {
  let rows: string[][];
  try {
    rows = await read(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failedStatement(format, null, { row: WHOLE_FILE_ROW, column: '', reason: `not a readable .${format.slice(5)} workbook: ${message}` });
  }
  return parseBankStatement(rows, { format }, mapping);
}

/** A bank .xlsx (path or bytes) → statement. */
export function parseBankXlsx(file: string | Buffer, mapping: BankMapping = {}): Promise<ParsedStatement> {
  return parseWorkbook('bank-xlsx', readXlsxGrid, file, mapping);
}

/** An old-style Excel .xls (path or bytes) → statement. */
export function parseBankXls(file: string | Buffer, mapping: BankMapping = {}): Promise<ParsedStatement> {
  return parseWorkbook('bank-xls', readXlsGrid, file, mapping);
}
