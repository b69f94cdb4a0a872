import type { Db, Direction } from '../db/index.js';
import { fail } from '../errors.js';
import { formatMinor, assertMinor } from '../money/index.js';
import { appendAudit } from '../audit/audit.js';
import { balanceOf, type AccountRow } from './accounts.js';
import { assertDate, isDayClosed, touchDay } from './days.js';

export interface LineDraft {
  accountId: number;
  direction: Direction;
  /** minor units; positive, or negative on a red-ink reversal (红字冲销) */
  amountMinor: number;
  summary?: string;
}

export interface VoucherDraft {
  accountingDate: string;
  /** the business code (业务代码) of the event that made this voucher, e.g. 400301 */
  businessCode: string;
  /** 摘要 */
  summary: string;
  sourceRef?: string | null;
  lines: LineDraft[];
  /** set only by reverseVoucher */
  reversesId?: number;
}

export interface PostedVoucher {
  id: number;
  voucherNo: string;
  accountingDate: string;
}

export interface PostContext {
  db: Db;
  userId: number;
  /** ISO timestamp written as created_at */
  at: string;
}

const LINES_MAX = 1000;
const BATCH_MAX = 1_000_000;
const ACCOUNT_CHUNK = 500;

interface Delta {
  debit: number;
  credit: number;
}

/** 凭证号 as people read it: 'YYYYMMDD-NNNNNN', from the accounting date and the day's sequence. */
export function formatVoucherNo(date: string, seq: number): string {
  return `${date.replaceAll('-', '')}-${String(seq).padStart(6, '0')}`;
}

/**
 * The same 凭证号 computed in SQL from the voucher table under `alias`, for queries that return it
 * with their rows; NULL where a LEFT JOIN found no voucher.
 */
export function voucherNoSql(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE printf('%s-%06d', replace(${alias}.accounting_date, '-', ''), ${alias}.seq) END`;
}

export function parseVoucherNo(no: string): { date: string; seq: number } | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{1,9})$/.exec(no.trim());
  return m ? { date: `${m[1]}-${m[2]}-${m[3]}`, seq: Number(m[4]) } : undefined;
}

function addDelta(map: Map<number, Delta>, accountId: number, line: LineDraft): void {
  let d = map.get(accountId);
  if (!d) map.set(accountId, (d = { debit: 0, credit: 0 }));
  if (line.direction === 'D') d.debit += line.amountMinor;
  else d.credit += line.amountMinor;
}

/** voucher.lines: [[account_id, "D"|"C", amount_minor, summary?], …]; a line's summary is kept only where it differs from the voucher's. */
export function packLines(draft: VoucherDraft): string {
  let out = '[';
  for (let i = 0; i < draft.lines.length; i++) {
    const l = draft.lines[i]!;
    if (i > 0) out += ',';
    out += `[${l.accountId},"${l.direction}",${l.amountMinor}`;
    if (l.summary && l.summary !== draft.summary) out += ',' + JSON.stringify(l.summary);
    out += ']';
  }
  return out + ']';
}

/** Where a failing voucher sits in its batch; built only when a check fails, not once per voucher. */
function where(index: number, count: number, draft: VoucherDraft): string {
  return `voucher ${index + 1} of ${count} (${draft.businessCode || 'no business code'})`;
}

/** Load the accounts a batch touches, once, in chunks that stay under SQLite's parameter limit. */
function loadAccounts(db: Db, drafts: readonly VoucherDraft[]): Map<number, AccountRow> {
  const ids = new Set<number>();
  for (const d of drafts) for (const l of d.lines) ids.add(l.accountId);
  const all = [...ids];
  const out = new Map<number, AccountRow>();
  for (let i = 0; i < all.length; i += ACCOUNT_CHUNK) {
    for (const row of db.all(db.q.selectFrom('account').selectAll().where('id', 'in', all.slice(i, i + ACCOUNT_CHUNK)))) out.set(row.id, row);
  }
  return out;
}

/**
 * Post vouchers in one transaction: every voucher is checked (balanced per currency, accounts open
 * and of the line's currency, day open, customer accounts not overdrawn) before its rows are
 * written, and the first failure rolls the whole batch back. Balances are buffered per account and
 * written once per batch (缓冲记账: hot accounts such as channel receivables are touched by every
 * voucher), in voucher order.
 */
export function postVouchers(ctx: PostContext, drafts: readonly VoucherDraft[], options: { auditAction?: string } = {}): PostedVoucher[] {
  const { db } = ctx;
  if (drafts.length === 0) return [];
  if (drafts.length > BATCH_MAX) fail('BAD_INPUT', `at most ${BATCH_MAX} vouchers per batch`);
  return db.tx(() => {
    const accounts = loadAccounts(db, drafts);
    const accountDelta = new Map<number, Delta>();
    const dayDelta = new Map<string, Map<number, Delta>>();
    const sequences = new Map<string, number>();
    const dayOpen = new Map<string, boolean>();
    const insertVoucher = db.prepare(
      'INSERT INTO voucher (id, accounting_date, seq, business_code, summary, source_ref, reverses_id, batch_id, line_count, lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const action = options.auditAction ?? (drafts.length === 1 ? 'voucher.post' : 'voucher.post_batch');
    const batchId = db.run(
      db.q.insertInto('posting_batch').values({ created_at: ctx.at, created_by: ctx.userId, action, voucher_count: drafts.length }),
    ).lastInsertRowid;
    const nextSeq = db.prepare('SELECT last_seq FROM voucher_sequence WHERE accounting_date = ?').pluck();
    let nextId = (db.prepare('SELECT COALESCE(MAX(id), 0) FROM voucher').pluck().get() as number) + 1;
    const posted: PostedVoucher[] = [];

    drafts.forEach((draft, index) => {
      if (!/^[0-9A-Za-z_.-]{1,32}$/.test(draft.businessCode)) fail('BAD_INPUT', `${where(index, drafts.length, draft)}: business code must be 1–32 letters or digits`);
      if (!draft.summary || draft.summary.length > 200) fail('BAD_INPUT', `${where(index, drafts.length, draft)}: summary (摘要) must be 1–200 characters`);
      if (draft.lines.length < 2 || draft.lines.length > LINES_MAX) fail('UNBALANCED', `${where(index, drafts.length, draft)}: a voucher needs 2 to ${LINES_MAX} lines`);
      let open = dayOpen.get(draft.accountingDate);
      if (open === undefined) {
        assertDate(draft.accountingDate, `${where(index, drafts.length, draft)}: accounting date`);
        open = !isDayClosed(db, draft.accountingDate);
        dayOpen.set(draft.accountingDate, open);
      }
      if (!open) fail('DAY_CLOSED', `${where(index, drafts.length, draft)}: accounting day ${draft.accountingDate} is closed`);

      const reversal = draft.reversesId !== undefined;
      const perCurrency = new Map<string, number>();
      for (const [i, line] of draft.lines.entries()) {
        const account = accounts.get(line.accountId) ?? fail('NOT_FOUND', `${where(index, drafts.length, draft)}, line ${i + 1}: no account with id ${line.accountId}`);
        if (account.status !== 'open') fail('ACCOUNT_CLOSED', `${where(index, drafts.length, draft)}, line ${i + 1}: account ${account.account_no} is closed`);
        if (line.direction !== 'D' && line.direction !== 'C') fail('BAD_INPUT', `${where(index, drafts.length, draft)}, line ${i + 1}: direction must be D or C`);
        try {
          assertMinor(line.amountMinor);
        } catch {
          fail('BAD_INPUT', `${where(index, drafts.length, draft)}, line ${i + 1}: amount must be an integer of minor units, got ${line.amountMinor}`);
        }
        if (line.amountMinor === 0 || (!reversal && line.amountMinor < 0) || (reversal && line.amountMinor > 0)) {
          fail('BAD_INPUT', `${where(index, drafts.length, draft)}, line ${i + 1}: amount must be ${reversal ? 'negative on a reversal' : 'positive'}, got ${line.amountMinor}`);
        }
        const signed = line.direction === 'D' ? line.amountMinor : -line.amountMinor;
        perCurrency.set(account.currency, (perCurrency.get(account.currency) ?? 0) + signed);
      }
      for (const [currency, net] of perCurrency) {
        if (net !== 0) {
          const debit = draft.lines.filter((l) => l.direction === 'D' && accounts.get(l.accountId)!.currency === currency).reduce((s, l) => s + l.amountMinor, 0);
          fail('UNBALANCED', `${where(index, drafts.length, draft)}: debits ${formatMinor(debit, currency)} ≠ credits ${formatMinor(debit - net, currency)} ${currency}`);
        }
      }

      let seq = sequences.get(draft.accountingDate);
      if (seq === undefined) seq = (nextSeq.get(draft.accountingDate) as number | undefined) ?? 0;
      seq += 1;
      sequences.set(draft.accountingDate, seq);
      const id = nextId++;
      insertVoucher.run(id, draft.accountingDate, seq, draft.businessCode, draft.summary, draft.sourceRef ?? null, draft.reversesId ?? null, batchId, draft.lines.length, packLines(draft));

      let days = dayDelta.get(draft.accountingDate);
      if (!days) dayDelta.set(draft.accountingDate, (days = new Map()));
      for (const line of draft.lines) {
        const account = accounts.get(line.accountId)!;
        // Keep the loaded row current so the overdraft check below sees this batch's earlier vouchers.
        if (line.direction === 'D') account.debit_minor += line.amountMinor;
        else account.credit_minor += line.amountMinor;
        addDelta(accountDelta, account.id, line);
        addDelta(days, account.id, line);
      }
      for (const line of draft.lines) {
        const account = accounts.get(line.accountId)!;
        if (account.owner_kind === 'merchant' && balanceOf(account) < account.frozen_minor) {
          fail('INSUFFICIENT_FUNDS',
            `${where(index, drafts.length, draft)}: account ${account.account_no} would fall to ${formatMinor(balanceOf(account), account.currency)} ${account.currency}, below its frozen ${formatMinor(account.frozen_minor, account.currency)}`);
        }
      }
      posted.push({ id, voucherNo: formatVoucherNo(draft.accountingDate, seq), accountingDate: draft.accountingDate });
    });

    const updateAccount = db.prepare('UPDATE account SET debit_minor = debit_minor + ?, credit_minor = credit_minor + ? WHERE id = ?');
    for (const [id, d] of accountDelta) updateAccount.run(d.debit, d.credit, id);
    const upsertDay = db.prepare(
      `INSERT INTO account_day_total (account_id, accounting_date, debit_minor, credit_minor) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, accounting_date) DO UPDATE SET
         debit_minor = account_day_total.debit_minor + excluded.debit_minor,
         credit_minor = account_day_total.credit_minor + excluded.credit_minor`,
    );
    for (const [date, byAccount] of dayDelta) {
      touchDay(db, date);
      for (const [id, d] of byAccount) upsertDay.run(id, date, d.debit, d.credit);
    }
    const upsertSeq = db.prepare(
      'INSERT INTO voucher_sequence (accounting_date, last_seq) VALUES (?, ?) ON CONFLICT (accounting_date) DO UPDATE SET last_seq = excluded.last_seq',
    );
    for (const [date, seq] of sequences) upsertSeq.run(date, seq);

    const first = posted[0]!;
    const last = posted[posted.length - 1]!;
    appendAudit(db, {
      at: ctx.at,
      userId: ctx.userId,
      action,
      entity: 'voucher',
      entityId: posted.length === 1 ? first.voucherNo : `${first.voucherNo}..${last.voucherNo}`,
      detail: posted.length === 1 ? { batchId, businessCode: drafts[0]!.businessCode, summary: drafts[0]!.summary, lines: drafts[0]!.lines } : { batchId, count: posted.length },
    });
    return posted;
  });
}
