import type { Db, Direction } from '../db/index.js';
import { fail } from '../errors.js';
import { formatVoucherNo, parseVoucherNo, postVouchers, type PostContext, type PostedVoucher } from './post.js';

export interface VoucherLine {
  lineNo: number;
  accountId: number;
  accountNo: string;
  accountName: string;
  subjectCode: string;
  direction: Direction;
  amountMinor: number;
  currency: string;
  summary: string;
}

export interface Voucher {
  id: number;
  voucherNo: string;
  accountingDate: string;
  businessCode: string;
  summary: string;
  sourceRef: string | null;
  reversesId: number | null;
  reversedById: number | null;
  createdAt: string;
  createdBy: string;
  /** a manual voucher or a reversal, which a second person reviews (制单 → 审核); null for one the payment core posted */
  review: { reviewedBy: string | null; reviewedAt: string | null } | null;
  lines: VoucherLine[];
}

function linesOf(db: Db, voucherIds: number[]): Map<number, VoucherLine[]> {
  const out = new Map<number, VoucherLine[]>();
  if (voucherIds.length === 0) return out;
  const rows = db.all(
    db.q.selectFrom('voucher_line as l')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .innerJoin('voucher as v', 'v.id', 'l.voucher_id')
      .select(['l.voucher_id', 'l.line_no', 'l.account_id', 'a.account_no', 'a.name as account_name', 'a.subject_code', 'l.direction', 'l.amount_minor', 'a.currency', 'l.summary', 'v.summary as voucher_summary'])
      .where('l.voucher_id', 'in', voucherIds)
      .orderBy('l.voucher_id')
      .orderBy('l.line_no'),
  );
  for (const r of rows) {
    const list = out.get(r.voucher_id) ?? [];
    list.push({
      lineNo: r.line_no, accountId: r.account_id, accountNo: r.account_no, accountName: r.account_name,
      subjectCode: r.subject_code, direction: r.direction, amountMinor: r.amount_minor, currency: r.currency, summary: r.summary ?? r.voucher_summary,
    });
    out.set(r.voucher_id, list);
  }
  return out;
}

function voucherQuery(db: Db) {
  return db.q.selectFrom('voucher as v')
    .innerJoin('posting_batch as b', 'b.id', 'v.batch_id')
    .innerJoin('app_user as u', 'u.id', 'b.created_by')
    .leftJoin('voucher as r', 'r.reverses_id', 'v.id')
    .leftJoin('voucher_review as vr', 'vr.voucher_id', 'v.id')
    .leftJoin('app_user as ru', 'ru.id', 'vr.reviewed_by')
    .select(['v.id', 'v.seq', 'v.accounting_date', 'v.business_code', 'v.summary', 'v.source_ref', 'v.reverses_id', 'b.created_at', 'b.action', 'u.login', 'r.id as reversed_by_id',
      'ru.login as reviewed_by', 'vr.reviewed_at']);
}

interface VoucherHead {
  id: number; seq: number; accounting_date: string; business_code: string; summary: string; source_ref: string | null;
  reverses_id: number | null; created_at: string; action: string; login: string; reversed_by_id: number | null;
  reviewed_by: string | null; reviewed_at: string | null;
}

/**
 * The posting actions a person makes by hand, each of which a second person reviews (制单 → 审核):
 * a manual voucher and a red-ink reversal. Vouchers the payment core posts from an order, a
 * clearing or a settlement follow from records that have their own checks.
 */
export const REVIEWED_ACTIONS = ['voucher.manual', 'voucher.reverse'] as const;
const REVIEWED: ReadonlySet<string> = new Set(REVIEWED_ACTIONS);

function assemble(db: Db, heads: VoucherHead[]): Voucher[] {
  const lines = linesOf(db, heads.map((h) => h.id));
  return heads.map((h) => ({
    id: h.id, voucherNo: formatVoucherNo(h.accounting_date, h.seq), accountingDate: h.accounting_date, businessCode: h.business_code, summary: h.summary,
    sourceRef: h.source_ref, reversesId: h.reverses_id, reversedById: h.reversed_by_id, createdAt: h.created_at, createdBy: h.login,
    review: REVIEWED.has(h.action) ? { reviewedBy: h.reviewed_by, reviewedAt: h.reviewed_at } : null,
    lines: lines.get(h.id) ?? [],
  }));
}

export function getVoucher(db: Db, ref: { id?: number; voucherNo?: string }): Voucher {
  let q = voucherQuery(db);
  if (ref.id !== undefined) q = q.where('v.id', '=', ref.id);
  else if (ref.voucherNo !== undefined) {
    const parsed = parseVoucherNo(ref.voucherNo) ?? fail('BAD_INPUT', `"${ref.voucherNo}" is not a voucher number (YYYYMMDD-NNNNNN)`);
    q = q.where('v.accounting_date', '=', parsed.date).where('v.seq', '=', parsed.seq);
  }
  else fail('BAD_INPUT', 'name a voucher by id or number');
  const head = db.first(q) as VoucherHead | undefined;
  if (!head) fail('NOT_FOUND', `no voucher ${ref.voucherNo ?? `#${ref.id}`}`);
  return assemble(db, [head])[0]!;
}

export function listVouchers(db: Db, filter: { date: string; businessCode?: string; accountId?: number; limit?: number; offset?: number }): Voucher[] {
  let q = voucherQuery(db).where('v.accounting_date', '=', filter.date);
  if (filter.businessCode) q = q.where('v.business_code', '=', filter.businessCode);
  if (filter.accountId !== undefined) {
    const accountId = filter.accountId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('voucher_line as l').select('l.line_no').whereRef('l.voucher_id', '=', 'v.id').where('l.account_id', '=', accountId)));
  }
  q = q.orderBy('v.seq').limit(Math.min(filter.limit ?? 200, 10_000)).offset(filter.offset ?? 0);
  return assemble(db, db.all(q) as VoucherHead[]);
}

/**
 * Reverse a posted voucher with a red-ink voucher (红字冲销): the same lines, same directions,
 * negative amounts, dated on an open day. The original stays as it was; nothing is edited or deleted.
 */
export function reverseVoucher(ctx: PostContext, ref: { id?: number; voucherNo?: string }, input: { accountingDate: string; reason: string }): PostedVoucher {
  const original = getVoucher(ctx.db, ref);
  if (original.reversesId !== null) fail('CONFLICT', `voucher ${original.voucherNo} is itself a reversal; post a new voucher instead`);
  if (original.reversedById !== null) fail('CONFLICT', `voucher ${original.voucherNo} has already been reversed`);
  if (!input.reason.trim()) fail('BAD_INPUT', 'a reversal needs a reason');
  const [posted] = postVouchers(
    ctx,
    [{
      accountingDate: input.accountingDate,
      businessCode: original.businessCode,
      summary: `冲销 ${original.voucherNo}: ${input.reason}`.slice(0, 200),
      sourceRef: original.sourceRef,
      reversesId: original.id,
      lines: original.lines.map((l) => ({ accountId: l.accountId, direction: l.direction, amountMinor: -l.amountMinor, summary: `冲销 ${l.summary}`.slice(0, 200) })),
    }],
    { auditAction: 'voucher.reverse' },
  );
  return posted!;
}
