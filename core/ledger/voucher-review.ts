import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { formatVoucherNo } from './post.js';
import { getVoucher, REVIEWED_ACTIONS } from './vouchers.js';
import type { PostContext } from './post.js';

const REVIEWED_SQL = REVIEWED_ACTIONS.map((a) => `'${a}'`).join(', ');

/** A reviewer other than the voucher's maker marks a manual voucher or a reversal as reviewed (audited). */
export function reviewVoucher(ctx: PostContext, ref: { id?: number; voucherNo?: string }): { voucherNo: string; reviewedAt: string } {
  return ctx.db.tx(() => {
    const voucher = getVoucher(ctx.db, ref);
    // a voucher made by hand carries its review state; one the payment core posted carries none
    if (voucher.review === null) fail('CONFLICT', `voucher ${voucher.voucherNo} was posted by the payment core, not by hand: it needs no review / 系统凭证无需审核`);
    const maker = ctx.db.prepare('SELECT b.created_by FROM voucher v JOIN posting_batch b ON b.id = v.batch_id WHERE v.id = ?').pluck().get(voucher.id) as number;
    if (maker === ctx.userId) {
      fail('FORBIDDEN', `you made voucher ${voucher.voucherNo}: another reviewer reviews it / 制单人不能审核自己的凭证`, {
        reason: 'MAKER_IS_CHECKER', params: { step: 'ledger.reviewVoucher', voucherNo: voucher.voucherNo },
      });
    }
    if (voucher.review.reviewedAt) fail('CONFLICT', `voucher ${voucher.voucherNo} was already reviewed by ${voucher.review.reviewedBy} at ${voucher.review.reviewedAt}`);
    ctx.db.prepare('INSERT INTO voucher_review (voucher_id, reviewed_by, reviewed_at) VALUES (?, ?, ?)').run(voucher.id, ctx.userId, ctx.at);
    appendAudit(ctx.db, { at: ctx.at, userId: ctx.userId, action: 'voucher.review', entity: 'voucher', entityId: String(voucher.id), detail: { voucherNo: voucher.voucherNo } });
    return { voucherNo: voucher.voucherNo, reviewedAt: ctx.at };
  });
}

/** Manual vouchers and reversals dated on or before `date` that nobody has reviewed yet, by number. */
export function unreviewedVouchers(db: Db, date: string): { voucherNo: string; createdBy: string }[] {
  const rows = db.prepare(`
    SELECT v.accounting_date, v.seq, u.login FROM voucher v JOIN posting_batch b ON b.id = v.batch_id JOIN app_user u ON u.id = b.created_by
    WHERE v.accounting_date <= ? AND b.action IN (${REVIEWED_SQL}) AND NOT EXISTS (SELECT 1 FROM voucher_review r WHERE r.voucher_id = v.id)
    ORDER BY v.accounting_date, v.seq LIMIT 1000`).all(date) as { accounting_date: string; seq: number; login: string }[];
  return rows.map((r) => ({ voucherNo: formatVoucherNo(r.accounting_date, r.seq), createdBy: r.login }));
}
