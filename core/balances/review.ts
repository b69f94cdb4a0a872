import { basename } from 'node:path';
import type { Db, Role } from '../db/index.js';
import { fail } from '../errors.js';
import { AmountParseError, parseAmount } from '../money/index.js';
import { parseDateCell } from '../recon/parsers/cn-dates.js';
import { appendAudit } from '../audit/audit.js';
import type { User } from '../users/users.js';
import { findBankAccount, normaliseAccountNo, type BankAccount } from './accounts.js';
import { hasReviewedBalance } from './register.js';
import { REVIEW_MESSAGES, type ReviewOutcome } from './messages.js';
import { readReviewFile, type ReviewLine } from './review-file.js';
import { reviewColumn, type ReviewColumnKey } from './template.js';

/** Who may review (the checker side). */
export const CHECKER_ROLES: readonly Role[] = ['reviewer', 'admin'];

export interface ReviewRowResult {
  /** the row number Excel shows (for `rows` input: the given row, or its position from 1) */
  row: number;
  date: string | null;
  accountNo: string | null;
  outcome: ReviewOutcome;
  ok: boolean;
  message: string;
  /** the template column at fault, for an invalid cell */
  column?: string;
}

export interface ReviewResult {
  file: string | null;
  rows: ReviewRowResult[];
  reviewed: number;
  failed: number;
}

/** A row given directly (the screen's grid) instead of a file; cells as typed. */
export interface ReviewRowInput {
  row?: number;
  date: string;
  accountNo: string;
  bankName?: string;
  currency: string;
  amount: string;
}

export type ReviewInput = { file: string } | { rows: readonly ReviewRowInput[] };

/**
 * 银行余额导入(复核): the reviewer imports the banks' figures in the standard template; each row
 * is checked against the temporary balance of its account and day.
 * - A file that is not the template (unreadable, header columns missing, no rows) is refused whole.
 * - Otherwise each row stands alone: good rows are committed even when others fail, and the result
 *   lists every row with its outcome, so the reviewer fixes and re-imports only the failed ones
 *   (a re-imported good row reports "already reviewed" and changes nothing).
 */
export async function reviewBalances(db: Db, input: ReviewInput, user: User, at: string): Promise<ReviewResult> {
  assertChecker(user);
  if ('file' in input) return reviewBalanceLines(db, await readReviewFile(input.file), user, at, basename(input.file));
  const lines = input.rows.map((r, i): ReviewLine => ({
    row: r.row ?? i + 1, date: r.date.trim(), accountNo: r.accountNo.trim(), bankName: (r.bankName ?? '').trim(), currency: r.currency.trim(), amount: r.amount.trim(),
  }));
  if (lines.length === 0) fail('BAD_INPUT', '没有要复核的余额 / no balance rows to review');
  return reviewBalanceLines(db, lines, user, at, null);
}

/** The checks and writes of a review, synchronous in one transaction (read the file first). */
export function reviewBalanceLines(db: Db, lines: readonly ReviewLine[], user: User, at: string, file: string | null): ReviewResult {
  assertChecker(user);
  return db.tx(() => {
    const seen = new Map<string, number>();
    const rows = lines.map((line) => reviewLine(db, line, { user, at, file, seen }));
    const reviewed = rows.filter((r) => r.ok).length;
    appendAudit(db, { at, userId: user.id, action: 'balances.review', entity: 'bank_balance', entityId: file,
      detail: { file, rows: rows.length, reviewed, failed: rows.length - reviewed, outcomes: rows.map((r) => [r.row, r.outcome]) } });
    return { file, rows, reviewed, failed: rows.length - reviewed };
  });
}

function assertChecker(user: User): void {
  if (!CHECKER_ROLES.includes(user.role)) fail('FORBIDDEN', `余额复核需复核员 / reviewing balances needs the role ${CHECKER_ROLES.join(' or ')}; ${user.login} is ${user.role}`);
}

interface ReviewContext {
  user: User;
  at: string;
  file: string | null;
  /** "account|date" → first row that named it, to catch a day listed twice in one file */
  seen: Map<string, number>;
}

interface ParsedLine {
  date: string;
  account: BankAccount;
  actualMinor: number;
}

/** A cell the row cannot be read past: its column and the reason in both languages. */
class CellError {
  constructor(readonly column: ReviewColumnKey, readonly zh: string, readonly en: string) {}
}

function reviewLine(db: Db, line: ReviewLine, ctx: ReviewContext): ReviewRowResult {
  const base = { row: line.row, date: line.date || null, accountNo: line.accountNo ? normaliseAccountNo(line.accountNo) : null };
  const outcome = (o: Exclude<ReviewOutcome, 'invalid'>): ReviewRowResult => ({ ...base, outcome: o, ok: o === 'reviewed', message: REVIEW_MESSAGES[o] });
  const parsed = parseLine(db, line);
  if (parsed instanceof CellError) {
    const column = reviewColumn(parsed.column);
    return { ...base, outcome: 'invalid', ok: false, column: `${column.zh} ${column.en}`,
      message: `第 ${line.row} 行「${column.zh}」：${parsed.zh} / row ${line.row}, column "${column.en}": ${parsed.en}` };
  }
  const { date, account, actualMinor } = parsed;
  const key = `${account.id}|${date}`;
  const earlier = ctx.seen.get(key);
  if (earlier !== undefined) {
    return { ...base, date, outcome: 'invalid', ok: false, message: `第 ${line.row} 行与第 ${earlier} 行是同一账户同一天 / row ${line.row} repeats the account and day of row ${earlier}` };
  }
  ctx.seen.set(key, line.row);
  if (hasReviewedBalance(db, account.id, date)) return { ...outcome('alreadyReviewed'), date };
  const temps = db.all(db.q.selectFrom('bank_balance_temporary').selectAll()
    .where('bank_account_id', '=', account.id).where('balance_date', '=', date));
  if (temps.length === 0) return { ...outcome('noTemporary'), date };
  if (temps.length > 1) return { ...outcome('severalTemporary'), date };
  const temp = temps[0]!;
  // Checked before the figures, so the maker cannot learn from "differ" what the bank says.
  if (temp.registered_by === ctx.user.id) return { ...outcome('makerIsChecker'), date };
  if (temp.balance_minor !== actualMinor) return { ...outcome('differs'), date };
  db.run(db.q.insertInto('bank_balance').values({
    bank_account_id: account.id, balance_date: date, balance_minor: actualMinor, currency: account.currency,
    source: temp.source, registered_by: temp.registered_by, registered_at: temp.registered_at,
    reviewed_by: ctx.user.id, reviewed_at: ctx.at, review_file: ctx.file, review_row: line.row,
  }));
  db.run(db.q.deleteFrom('bank_balance_temporary').where('id', '=', temp.id));
  // The trail of the temporary balance that is dropped: who entered it, when, how, and (now that
  // the reviewer has matched it) its figure.
  appendAudit(db, { at: ctx.at, userId: ctx.user.id, action: 'balances.reviewed', entity: 'bank_balance', entityId: `${account.accountNo}@${date}`,
    detail: { balanceMinor: actualMinor, currency: account.currency, temporaryId: temp.id, source: temp.source, carriedFrom: temp.carried_from_date,
      registeredBy: temp.registered_by, registeredAt: temp.registered_at, file: ctx.file, row: line.row } });
  return { ...outcome('reviewed'), date };
}

/** Read one row's cells in template order; the first unreadable cell is the row's error. */
function parseLine(db: Db, line: ReviewLine): ParsedLine | CellError {
  if (!line.date) return new CellError('date', '日期为空', 'the date is empty');
  const day = parseDateCell(line.date);
  if (!day || (day.time !== null && day.time !== '00:00:00')) return new CellError('date', `"${line.date}" 不是日期（应为 YYYY-MM-DD）`, `"${line.date}" is not a date (YYYY-MM-DD)`);
  const accountNo = normaliseAccountNo(line.accountNo);
  if (!accountNo) return new CellError('accountNo', '银行账号为空', 'the account number is empty');
  const account = findBankAccount(db, accountNo);
  if (!account) return new CellError('accountNo', `未登记的银行账号 ${accountNo}`, `no bank account ${accountNo} is registered`);
  if (account.status === 'closed') return new CellError('accountNo', `银行账户 ${accountNo} 已销户`, `bank account ${accountNo} is closed`);
  if (line.bankName && line.bankName !== account.bankName) {
    return new CellError('bankName', `与登记的银行名称「${account.bankName}」不符`, `does not match the registered bank "${account.bankName}"`);
  }
  const currency = line.currency.toUpperCase();
  if (!currency) return new CellError('currency', '币种为空', 'the currency is empty');
  if (currency !== account.currency) return new CellError('currency', `账户币种为 ${account.currency}，不是 ${currency}`, `the account is kept in ${account.currency}, not ${currency}`);
  let actualMinor: number;
  try {
    actualMinor = parseAmount(line.amount, account.currency);
  } catch (e) {
    if (!(e instanceof AmountParseError)) throw e;
    return new CellError('amount', `金额无法读取 "${line.amount}"：${e.reason}`, `cannot read the amount "${line.amount}": ${e.reason}`);
  }
  if (actualMinor < 0) return new CellError('amount', '银行余额不能为负', 'a bank balance is not negative');
  return { date: day.date, account, actualMinor };
}
