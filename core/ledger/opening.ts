import { basename } from 'node:path';
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { parseAmount } from '../money/parse.js';
import { formatMinor } from '../money/money.js';
import { readXlsxGrid } from '../recon/parsers/cn-grid.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { postVouchers, type PostedVoucher } from './post.js';

/** Lines of one voucher at most (docs/domain.md#ledger). */
const LINES_MAX = 1000;

/** Header texts each column is known by, lower-cased (the template's, and the usual Chinese ones). */
const HEADERS = {
  accountNo: ['账号', '账户', 'account no', 'account', '账号 account no'],
  subject: ['科目代码', '科目', 'subject', 'subject code', '科目代码 subject code'],
  debit: ['借方', '借方余额', '期初借方', 'debit', '借方 debit', '借方余额 debit'],
  credit: ['贷方', '贷方余额', '期初贷方', 'credit', '贷方 credit', '贷方余额 credit'],
} as const;

type Column = keyof typeof HEADERS;

interface Problem { row: number; column: string; reason: string }

function locate(header: readonly string[], file: string): Record<Column, number> {
  const cells = header.map((h) => h.replace(/\s+/g, ' ').trim().toLowerCase());
  const at = Object.fromEntries(Object.entries(HEADERS).map(([key, names]) => [key, cells.findIndex((c) => (names as readonly string[]).includes(c))])) as Record<Column, number>;
  const missing = [at.debit < 0 ? '借方 Debit' : null, at.credit < 0 ? '贷方 Credit' : null, at.accountNo < 0 && at.subject < 0 ? '账号 Account no or 科目代码 Subject code' : null].filter(Boolean);
  if (missing.length) fail('FILE_ERROR', `${file}: not an opening balance sheet, missing column(s) ${missing.join(', ')} / 不是期初余额表`, { location: { file, row: 1 } });
  return at;
}

/** The open CNY account a row names: by account number, else the one account on a subject. */
function accountOf(db: Db, accountNo: string, subject: string): { id: number } | string {
  if (accountNo) {
    const a = db.prepare("SELECT id, status, currency FROM account WHERE account_no = ?").get(accountNo) as { id: number; status: string; currency: string } | undefined;
    if (!a) return `no account ${accountNo}`;
    if (a.status !== 'open' || a.currency !== 'CNY') return `account ${accountNo} is ${a.status !== 'open' ? 'closed' : `in ${a.currency}`}`;
    return a;
  }
  const ids = db.prepare("SELECT id FROM account WHERE subject_code = ? AND status = 'open' AND currency = 'CNY' LIMIT 3").pluck().all(subject) as number[];
  if (ids.length === 1) return { id: ids[0]! };
  return ids.length === 0 ? `no open CNY account on subject ${subject}` : `several accounts on subject ${subject}: give the account no`;
}

/**
 * Opening balances for a new installation (期初余额, docs/domain.md#month-end), from an .xlsx: one
 * row per account, its balance in the debit or the credit column. Every row is checked and every
 * problem named (row, column, reason) before anything is written; the rows must balance; then one
 * voucher (100001) is posted on `date` as a manual voucher, so a second person reviews it before
 * the day closes. Refused once the books hold any voucher: later balances come from postings.
 */
export async function importOpeningBalances(db: Db, input: { file: string; date: string; userId: number; at: string }): Promise<{ voucher: PostedVoucher; lines: number; debitMinor: number; creditMinor: number }> {
  if (db.prepare('SELECT 1 FROM voucher LIMIT 1').get()) fail('CONFLICT', 'opening balances are for a new installation: these books already hold vouchers / 账簿已有凭证，不能导入期初余额');
  let grid: string[][];
  try {
    grid = await readXlsxGrid(input.file);
  } catch (e) {
    fail('FILE_ERROR', `cannot read ${input.file} as an .xlsx workbook: ${(e as Error).message} / 无法读取 Excel 文件`, { location: { file: input.file }, cause: e });
  }
  const at = locate(grid[0] ?? [], input.file);
  const problems: Problem[] = [];
  const lines: { accountId: number; direction: 'D' | 'C'; amountMinor: number }[] = [];
  for (let i = 1; i < grid.length; i++) {
    const cell = (c: Column) => (at[c] >= 0 ? (grid[i]![at[c]] ?? '').trim() : '');
    if (!cell('accountNo') && !cell('subject') && !cell('debit') && !cell('credit')) continue;
    const row = i + 1;
    const amount = (c: 'debit' | 'credit'): number => {
      if (!cell(c)) return 0;
      try {
        const minor = parseAmount(cell(c), 'CNY');
        if (minor < 0) problems.push({ row, column: c, reason: 'a balance is written on its side, never negative' });
        return minor;
      } catch (e) {
        problems.push({ row, column: c, reason: (e as Error).message });
        return 0;
      }
    };
    const before = problems.length;
    const debit = amount('debit');
    const credit = amount('credit');
    if (problems.length === before && (debit > 0) === (credit > 0)) problems.push({ row, column: 'debit', reason: 'give the balance in exactly one of debit and credit' });
    const account = accountOf(db, cell('accountNo'), cell('subject'));
    if (typeof account === 'string') problems.push({ row, column: cell('accountNo') ? 'accountNo' : 'subject', reason: account });
    else if (debit > 0 !== credit > 0) lines.push({ accountId: account.id, direction: debit > 0 ? 'D' : 'C', amountMinor: debit || credit });
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    fail('FILE_ERROR', `${input.file}: ${problems.length} problem(s), nothing imported — ${problems.slice(0, 10).map((p) => `row ${p.row} ${p.column}: ${p.reason}`).join('; ')}`, {
      location: { file: input.file, row: first.row, column: first.column }, details: problems,
    });
  }
  if (lines.length < 2) fail('FILE_ERROR', `${input.file}: fewer than two balances under the header / 期初余额少于两行`, { location: { file: input.file } });
  if (lines.length > LINES_MAX) fail('FILE_ERROR', `${input.file}: ${lines.length} balances, more than one voucher's ${LINES_MAX} lines`, { location: { file: input.file } });
  const debitMinor = lines.filter((l) => l.direction === 'D').reduce((s, l) => s + l.amountMinor, 0);
  const creditMinor = lines.filter((l) => l.direction === 'C').reduce((s, l) => s + l.amountMinor, 0);
  if (debitMinor !== creditMinor) {
    fail('FILE_ERROR', `${input.file}: the opening balances do not balance, debit ${formatMinor(debitMinor, 'CNY')} vs credit ${formatMinor(creditMinor, 'CNY')} (difference ${formatMinor(debitMinor - creditMinor, 'CNY')}) / 借贷不平`, {
      location: { file: input.file }, params: { debitMinor, creditMinor },
    });
  }
  const [voucher] = postVouchers({ db, userId: input.userId, at: input.at }, [
    { accountingDate: input.date, businessCode: BUSINESS_CODES.CAPITAL, summary: '期初余额 opening balances', sourceRef: `opening:${basename(input.file)}`, lines },
  ], { auditAction: 'voucher.manual' });
  return { voucher: voucher!, lines: lines.length, debitMinor, creditMinor };
}
