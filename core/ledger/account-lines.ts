import type { Db, Direction } from '../db/index.js';
import { fail } from '../errors.js';
import { getAccount, toAccount, type Account, type AccountRow } from './accounts.js';
import { assertDate } from './days.js';
import { formatVoucherNo } from './post.js';

/** Where a page of an account's lines ends: the last line shown and the running balance after it. */
export interface AccountLineCursor {
  date: string;
  seq: number;
  lineNo: number;
  /** balance on the account's normal side after that line */
  balanceMinor: number;
}

export interface AccountLine {
  accountingDate: string;
  voucherId: number;
  voucherNo: string;
  lineNo: number;
  businessCode: string;
  summary: string;
  direction: Direction;
  /** negative on a red-ink reversal */
  amountMinor: number;
  /** balance on the account's normal side after this line */
  balanceMinor: number;
  reversesId: number | null;
}

export interface AccountLinesPage {
  account: Account;
  from: string;
  to: string;
  /** balance on the normal side at the start of `from` */
  openingMinor: number;
  /** the range's debits and credits and the closing balance at the end of `to` */
  debitMinor: number;
  creditMinor: number;
  closingMinor: number;
  lines: AccountLine[];
  /** pass back as `after` for the next page; null when this page reaches the end of the range */
  next: AccountLineCursor | null;
}

export const ACCOUNT_LINES_PAGE_MAX = 1000;

/**
 * One page of an account's voucher lines over a date range (明细账), oldest first, each with the
 * running balance. Lines sit inside their vouchers (voucher.lines), so there is no per-account line
 * index; instead:
 *  - the opening balance and the range totals come from account_day_total (primary key
 *    account_id, accounting_date: an index range, never a scan);
 *  - only days on which the account moved are visited (the same index);
 *  - within such a day, vouchers are read in number order from the voucher_number index, starting
 *    at the cursor, and skipped without JSON parsing unless their packed lines hold `[<id>,"`;
 *    reading stops as soon as the page is full.
 * Paging is by cursor (the last line's date, voucher and line with the balance after it), so page N
 * costs the same as page 1 and the running balance never needs the lines before the cursor.
 */
export function accountLines(db: Db, input: { accountId: number; from: string; to: string; after?: AccountLineCursor; limit?: number }): AccountLinesPage {
  const { from, to } = input;
  assertDate(from, 'from');
  assertDate(to, 'to');
  if (from > to) fail('BAD_INPUT', `from ${from} is after to ${to}`);
  const limit = input.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > ACCOUNT_LINES_PAGE_MAX) fail('BAD_INPUT', `limit must be 1–${ACCOUNT_LINES_PAGE_MAX}, got ${limit}`);
  const account = getAccount(db, input.accountId);
  const sign = account.balanceDirection === 'D' ? 1 : -1;

  const before = db.prepare('SELECT COALESCE(SUM(debit_minor - credit_minor), 0) FROM account_day_total WHERE account_id = ? AND accounting_date < ?').pluck().get(account.id, from) as number;
  const range = db.prepare(
    'SELECT COALESCE(SUM(debit_minor), 0) AS debit, COALESCE(SUM(credit_minor), 0) AS credit FROM account_day_total WHERE account_id = ? AND accounting_date BETWEEN ? AND ?',
  ).get(account.id, from, to) as { debit: number; credit: number };
  const openingMinor = sign * before;
  const page: AccountLinesPage = {
    account, from, to, openingMinor, debitMinor: range.debit, creditMinor: range.credit,
    closingMinor: openingMinor + sign * (range.debit - range.credit), lines: [], next: null,
  };

  const after = input.after;
  if (after) {
    assertDate(after.date, 'after.date');
    if (after.date < from || after.date > to) fail('BAD_INPUT', `the cursor's date ${after.date} is outside ${from}…${to}`);
    if (!Number.isInteger(after.seq) || !Number.isInteger(after.lineNo) || !Number.isSafeInteger(after.balanceMinor)) fail('BAD_INPUT', 'the cursor must hold whole numbers');
  }
  let balance = after ? after.balanceMinor : openingMinor;
  const days = db.prepare('SELECT accounting_date FROM account_day_total WHERE account_id = ? AND accounting_date BETWEEN ? AND ? ORDER BY accounting_date').pluck()
    .all(account.id, after?.date ?? from, to) as string[];
  const vouchers = db.prepare(
    'SELECT id, seq, business_code, summary, reverses_id, lines FROM voucher WHERE accounting_date = ? AND seq >= ? AND instr(lines, ?) > 0 ORDER BY seq',
  );
  // packLines writes each line as [accountId,"D"|"C",amount(,summary)]: this needle finds the account's vouchers without parsing JSON.
  const needle = `[${account.id},"`;
  // One line past the page tells whether there is a next page.
  let extra = false;
  outer: for (const day of days) {
    const startSeq = after && day === after.date ? after.seq : 0;
    for (const v of vouchers.iterate(day, startSeq, needle) as IterableIterator<{ id: number; seq: number; business_code: string; summary: string; reverses_id: number | null; lines: string }>) {
      const packed = JSON.parse(v.lines) as [number, Direction, number, string?][];
      for (let i = 0; i < packed.length; i++) {
        const [accountId, direction, amount, lineSummary] = packed[i]!;
        if (accountId !== account.id) continue;
        const lineNo = i + 1;
        if (after && day === after.date && v.seq === after.seq && lineNo <= after.lineNo) continue;
        if (page.lines.length === limit) {
          extra = true;
          break outer;
        }
        balance += sign * (direction === 'D' ? amount : -amount);
        page.lines.push({
          accountingDate: day, voucherId: v.id, voucherNo: formatVoucherNo(day, v.seq), lineNo, businessCode: v.business_code,
          summary: lineSummary ?? v.summary, direction, amountMinor: amount, balanceMinor: balance, reversesId: v.reverses_id,
        });
      }
    }
  }
  if (extra) {
    const last = page.lines.at(-1)!;
    const seq = Number(last.voucherNo.slice(9));
    page.next = { date: last.accountingDate, seq, lineNo: last.lineNo, balanceMinor: last.balanceMinor };
  }
  return page;
}

export interface AccountAtDate extends Account {
  /** balance on the normal side at the end of `date` */
  balanceAtMinor: number;
  /** the date's own debits and credits */
  dayDebitMinor: number;
  dayCreditMinor: number;
}

/**
 * The accounts of one subject (or of a subject and every subject under it) with their balance at
 * the end of `date`, read per account from account_day_total's primary key.
 */
export function accountsAt(db: Db, input: { subjectCode: string; date: string; limit?: number; offset?: number; search?: string }): { total: number; accounts: AccountAtDate[] } {
  assertDate(input.date);
  const subject = db.first(db.q.selectFrom('subject').select(['code']).where('code', '=', input.subjectCode)) ?? fail('NOT_FOUND', `no subject ${input.subjectCode}`);
  const like = input.search?.trim() ? `%${input.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `(a.subject_code = ? OR a.subject_code LIKE ? ESCAPE '\\')${like ? " AND (a.account_no LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\' OR a.owner_ref LIKE ? ESCAPE '\\')" : ''}`;
  const params: unknown[] = [subject.code, `${subject.code.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`, ...(like ? [like, like, like] : [])];
  const total = db.prepare(`SELECT COUNT(*) FROM account a WHERE ${where}`).pluck().get(...params) as number;
  const rows = db.prepare(
    `SELECT a.*,
            (SELECT COALESCE(SUM(t.debit_minor - t.credit_minor), 0) FROM account_day_total t WHERE t.account_id = a.id AND t.accounting_date <= ?) AS net_at,
            COALESCE((SELECT t.debit_minor FROM account_day_total t WHERE t.account_id = a.id AND t.accounting_date = ?), 0) AS day_debit,
            COALESCE((SELECT t.credit_minor FROM account_day_total t WHERE t.account_id = a.id AND t.accounting_date = ?), 0) AS day_credit
     FROM account a WHERE ${where} ORDER BY a.subject_code, a.account_no LIMIT ? OFFSET ?`,
  ).all(input.date, input.date, input.date, ...params, Math.min(input.limit ?? 200, 1000), input.offset ?? 0) as (AccountRow & { net_at: number; day_debit: number; day_credit: number })[];
  return {
    total,
    accounts: rows.map((r) => ({ ...toAccount(r), balanceAtMinor: (r.balance_direction === 'D' ? 1 : -1) * r.net_at, dayDebitMinor: r.day_debit, dayCreditMinor: r.day_credit })),
  };
}
