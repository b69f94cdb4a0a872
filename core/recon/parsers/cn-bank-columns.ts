import { isKnownCurrency } from '../../money/currency.js';
import { cleanCell, headerKey, mapHeader, type ColumnMap } from './cn-headers.js';

/**
 * Column names of Chinese bank statement exports (docs/formats.md#bank-statements), best synonym first. The bank's
 * customer view: 借方 = money out (debit), 贷方 = money in (credit).
 */
export const BANK_COLUMNS = {
  date: ['交易日期', '记账日期', '交易日', '记账日', '入账日期', '日期', '交易时间'],
  time: ['交易时间', '记账时间', '时间'],
  valueDate: ['起息日', '起息日期'],
  debit: [
    '借方发生额', '借方金额', '支出', '转出金额', '取出金额', '借方发生额(支取)', '支出金额',
    // ICBC personal: the booked amount first, the transaction-currency amount as a fallback
    '记账金额(支出)', '交易金额(支出)',
  ],
  credit: [
    '贷方发生额', '贷方金额', '收入', '转入金额', '存入金额', '贷方发生额(收入)', '收入金额',
    '记账金额(收入)', '交易金额(收入)',
  ],
  // a card bill's 结算金额 is what reached the account, in its 结算币种; 交易金额 is in the currency paid
  amount: ['结算金额', '交易金额', '金额', '发生额'],
  direction: ['借贷标志', '借/贷', '借贷', '收/支', '借贷方向'],
  balance: ['余额', '账户余额', '联机余额', '本次余额'],
  counterparty: [
    '对方户名', '对方账户名', '对方单位', '对方账号名称', '收/付方名称', '交易对手名称', '对手信息',
    '对方单位名称', '对方账户名称', '对方名称',
  ],
  // 用途 first: the simulator (and most payers) write our order / refund / payout number there
  reference: ['用途', '交易用途', '附言', '客户附言', '交易附言', '客户摘要', '备注', '摘要'],
  channelRef: ['流水号', '交易流水号', '凭证号', '账户明细编号-交易流水号', '主机交易流水号', '日志号', '业务参考号'],
  summary: ['摘要', '交易摘要', '交易名称', '交易类型', '业务摘要'],
  currency: ['结算币种', '币种', '币别', '货币', '记账币种', '交易币种'],
} as const;

export type BankField = keyof typeof BANK_COLUMNS;

/** The fields a user may map by hand (the importer's mapping profile): header names overriding the synonyms. */
import type { BankMappableField } from '../../shared/rules.js';

export type { BankMappableField };
export type BankMapping = Partial<Record<BankMappableField, string>>;

/** Where the header row may be: below the bank's preamble, which runs up to ~20 rows. */
export const HEADER_SEARCH_ROWS = 30;

export interface BankHeader {
  /** index into the grid */
  index: number;
  map: ColumnMap<BankField>;
  score: number;
}

/** Maps a header row; a hand mapping replaces the synonyms for its fields. */
export function mapBankHeader(cells: readonly string[], mapping: BankMapping = {}): ColumnMap<BankField> {
  // 交易时间 is a date column in CCB's corporate layout and a time column elsewhere: date and time take one each
  const map = mapHeader(cells, BANK_COLUMNS, ['date', 'time']);
  const keys = cells.map(headerKey);
  for (const [field, name] of Object.entries(mapping) as [BankMappableField, string | undefined][]) {
    if (name === undefined) continue;
    const index = keys.indexOf(headerKey(name));
    if (index >= 0) map[field] = [index];
    else delete map[field];
    if (field === 'date' && map.time?.[0] === index) delete map.time;
  }
  return map;
}

export function hasDate(map: ColumnMap<BankField>): boolean {
  return map.date !== undefined;
}

export function hasAmounts(map: ColumnMap<BankField>): boolean {
  return map.amount !== undefined || (map.debit !== undefined && map.credit !== undefined);
}

/** The row among the first HEADER_SEARCH_ROWS that maps the most fields (first one on a tie). */
export function findBankHeader(rows: readonly (readonly string[])[], mapping: BankMapping = {}): BankHeader | null {
  let best: BankHeader | null = null;
  for (let index = 0; index < Math.min(rows.length, HEADER_SEARCH_ROWS); index++) {
    const map = mapBankHeader(rows[index]!, mapping);
    const score = Object.keys(map).length;
    if (score > 0 && (best === null || score > best.score)) best = { index, map, score };
  }
  return best;
}

/** A header good enough to read lines with: a date column and amounts, and more than a stray match. */
export function isUsableBankHeader(header: BankHeader): boolean {
  return header.score >= 3 && hasDate(header.map) && hasAmounts(header.map);
}

const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY', 人民币元: 'CNY', 本币: 'CNY', 元: 'CNY', rmb: 'CNY', '156': 'CNY',
  美元: 'USD', '840': 'USD', 港币: 'HKD', 港元: 'HKD', '344': 'HKD', 欧元: 'EUR', '978': 'EUR',
  英镑: 'GBP', 日元: 'JPY', 新加坡元: 'SGD', 澳元: 'AUD', 加元: 'CAD', 瑞士法郎: 'CHF', 澳门元: 'MOP',
};

/** ISO code for a currency cell ('人民币', '人民币元', 'CNY', '156'); null when unknown. */
export function currencyCode(text: string): string | null {
  const cleaned = cleanCell(text);
  const named = CURRENCY_NAMES[cleaned.toLowerCase()];
  if (named) return named;
  const upper = cleaned.toUpperCase();
  return /^[A-Z]{3}$/.test(upper) && isKnownCurrency(upper) ? upper : null;
}
