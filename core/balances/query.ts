import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { addDays, isIsoDate } from '../clock.js';
import { formatMinor } from '../money/index.js';
import { listBankAccounts, type BankAccount } from './accounts.js';
import type { BankAccountStatus, TemporaryBalanceSource } from './schema.js';

/** 余额状态: N 未录入 not entered, A 已录入 entered (temporary, awaiting review), Y 已复核 reviewed. */
export type BalanceStatus = 'N' | 'A' | 'Y';

export interface BalanceQuery {
  bankName?: string;
  accountNo?: string;
  /** default 'normal', as the query screen starts (S1); 'all' for every status */
  accountStatus?: BankAccountStatus | 'all';
  /** one day, or a range with from/to */
  date?: string;
  from?: string;
  to?: string;
  /** default: all three */
  balanceStatus?: BalanceStatus;
}

export interface BalanceQueryRow {
  date: string;
  accountNo: string;
  bankName: string;
  accountName: string;
  currency: string;
  accountStatus: BankAccountStatus;
  balanceStatus: BalanceStatus;
  /** the reviewed figure; null unless Y */
  balanceMinor: number | null;
  /** the same in major units, "1234.50"; null unless Y */
  balance: string | null;
  /**
   * A: the temporary balances waiting, without their figures — a temporary balance is invisible
   * until reviewed, so the reviewer types the bank's figure instead of copying the operator's.
   * The entries still show (who, when, carried over or not, and how many) so a second entry for
   * the day or a missing review can be followed up and withdrawn by id.
   */
  temporary: { id: number; source: TemporaryBalanceSource; registeredBy: string | null; registeredAt: string }[];
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/** A query spans at most a year of days: rows are accounts × days. */
export const QUERY_SPAN_DAYS_MAX = 366;

/** 银行余额查询: one row per (account, day) in the range, N rows included for days with nothing. */
export function queryBalances(db: Db, query: BalanceQuery): BalanceQueryRow[] {
  const { from, to } = dateRange(query);
  const status = query.accountStatus ?? 'normal';
  const accounts = listBankAccounts(db, {
    ...(query.bankName ? { bankName: query.bankName } : {}),
    ...(query.accountNo ? { accountNo: query.accountNo } : {}),
    ...(status === 'all' ? {} : { status }),
  });
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);
  const reviewed = new Map(db.all(db.q.selectFrom('bank_balance as b').innerJoin('app_user as u', 'u.id', 'b.reviewed_by')
    .select(['b.bank_account_id', 'b.balance_date', 'b.balance_minor', 'b.currency', 'u.login', 'b.reviewed_at'])
    .where('b.bank_account_id', 'in', ids).where('b.balance_date', '>=', from).where('b.balance_date', '<=', to))
    .map((r) => [`${r.bank_account_id}|${r.balance_date}`, r]));
  const temporary = new Map<string, BalanceQueryRow['temporary']>();
  for (const t of db.all(db.q.selectFrom('bank_balance_temporary as t').leftJoin('app_user as u', 'u.id', 't.registered_by')
    .select(['t.id', 't.bank_account_id', 't.balance_date', 't.source', 'u.login', 't.registered_at'])
    .where('t.bank_account_id', 'in', ids).where('t.balance_date', '>=', from).where('t.balance_date', '<=', to).orderBy('t.id'))) {
    const key = `${t.bank_account_id}|${t.balance_date}`;
    const list = temporary.get(key) ?? [];
    list.push({ id: t.id, source: t.source, registeredBy: t.login, registeredAt: t.registered_at });
    temporary.set(key, list);
  }
  const rows: BalanceQueryRow[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    for (const account of accounts) {
      const key = `${account.id}|${date}`;
      const row = rowOf(account, date, reviewed.get(key), temporary.get(key) ?? []);
      if (!query.balanceStatus || row.balanceStatus === query.balanceStatus) rows.push(row);
    }
  }
  return rows;
}

function rowOf(account: BankAccount, date: string, reviewed: { balance_minor: number; currency: string; login: string; reviewed_at: string } | undefined,
  temporary: BalanceQueryRow['temporary']): BalanceQueryRow {
  const base = { date, accountNo: account.accountNo, bankName: account.bankName, accountName: account.accountName, currency: account.currency, accountStatus: account.status };
  if (reviewed) {
    return { ...base, balanceStatus: 'Y', balanceMinor: reviewed.balance_minor, balance: formatMinor(reviewed.balance_minor, reviewed.currency),
      temporary: [], reviewedBy: reviewed.login, reviewedAt: reviewed.reviewed_at };
  }
  return { ...base, balanceStatus: temporary.length ? 'A' : 'N', balanceMinor: null, balance: null, temporary, reviewedBy: null, reviewedAt: null };
}

function dateRange(query: BalanceQuery): { from: string; to: string } {
  const from = query.date ?? query.from;
  const to = query.date ?? query.to ?? query.from;
  if (query.date && (query.from || query.to)) fail('BAD_INPUT', 'give either date or from/to, not both');
  if (!from || !to) fail('BAD_INPUT', '请给出日期或起止日期 / give a date, or from and to');
  if (!isIsoDate(from) || !isIsoDate(to)) fail('BAD_INPUT', `日期格式应为 YYYY-MM-DD / dates must be real dates YYYY-MM-DD, got "${from}" and "${to}"`);
  if (to < from) fail('BAD_INPUT', '结束日期早于开始日期 / `to` is before `from`');
  if (addDays(from, QUERY_SPAN_DAYS_MAX - 1) < to) fail('BAD_INPUT', `查询最多 ${QUERY_SPAN_DAYS_MAX} 天 / a query spans at most ${QUERY_SPAN_DAYS_MAX} days`);
  return { from, to };
}
