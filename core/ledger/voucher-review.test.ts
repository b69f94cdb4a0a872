// 制单 → 审核: a manual voucher or a reversal is reviewed by a second person, never its maker (admin
// included), and its day does not close until then — through the API, so roles are the registry's.
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { ledgerFixture } from '../testing/ledger-fixture.js';
import { postVouchers } from './post.js';
import { voucherReviewCheck } from '../settlement/review-checks.js';
import type { PayDeskError } from '../errors.js';

const DAY = '2026-11-22';
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as PayDeskError);

describe('manual voucher review (凭证审核)', () => {
  it('is done by a reviewer other than the maker; the day waits for it; a second review is refused', async () => {
    const f = ledgerFixture();
    const manual = { accountingDate: DAY, businessCode: '990001', summary: '手工调账 capital injection', lines: [
      { accountId: f.bank.id, direction: 'D' as const, amountMinor: 10_000 }, { accountId: f.capital.id, direction: 'C' as const, amountMinor: 10_000 },
    ] };
    const posted = await callApi(f.ctx(f.operator), 'ledger.postVoucher', manual);
    expect(await callApi(f.ctx(f.operator), 'ledger.voucher', { id: posted.id })).toMatchObject({ createdBy: 'operator', review: { reviewedBy: null, reviewedAt: null } });
    expect(voucherReviewCheck(f.db, DAY)).toMatchObject({ ok: false, detail: expect.stringContaining(`${posted.voucherNo} by operator`) });
    // the day before is not held up by it
    expect(voucherReviewCheck(f.db, '2026-11-21').ok).toBe(true);

    expect(await failure(callApi(f.ctx(f.operator), 'ledger.reviewVoucher', { id: posted.id }))).toMatchObject({ code: 'FORBIDDEN' });
    const reviewed = await callApi(f.ctx(f.reviewer), 'ledger.reviewVoucher', { voucherNo: posted.voucherNo });
    expect(reviewed).toEqual({ voucherNo: posted.voucherNo, reviewedAt: expect.any(String) });
    expect(await callApi(f.ctx(f.admin), 'ledger.voucher', { id: posted.id })).toMatchObject({ review: { reviewedBy: 'reviewer' } });
    expect(voucherReviewCheck(f.db, DAY).ok).toBe(true);
    expect(await failure(callApi(f.ctx(f.admin), 'ledger.reviewVoucher', { id: posted.id }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already reviewed by reviewer') });
    // append-only: a review is never changed or taken back
    expect(() => f.db.sqlite.prepare('DELETE FROM voucher_review').run()).toThrow(/append-only/);
    expect(() => f.db.sqlite.prepare('UPDATE voucher_review SET reviewed_by = 1').run()).toThrow(/append-only/);
    expect(f.db.sqlite.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'voucher.review'").pluck().get()).toBe(1);
  });

  it('refuses the maker as reviewer for every role: an admin’s own manual voucher, a reviewer’s own reversal', async () => {
    const f = ledgerFixture();
    const lines = [{ accountId: f.bank.id, direction: 'D' as const, amountMinor: 500 }, { accountId: f.capital.id, direction: 'C' as const, amountMinor: 500 }];
    const own = await callApi(f.ctx(f.admin), 'ledger.postVoucher', { accountingDate: DAY, businessCode: '990001', summary: 'admin entry', lines });
    expect(await failure(callApi(f.ctx(f.admin), 'ledger.reviewVoucher', { id: own.id }))).toMatchObject({
      code: 'FORBIDDEN', reason: 'MAKER_IS_CHECKER', params: { step: 'ledger.reviewVoucher', voucherNo: own.voucherNo },
    });
    // the reviewer reverses it; the reversal is his work, so another person reviews it
    const red = await callApi(f.ctx(f.reviewer), 'ledger.reverseVoucher', { voucher: { id: own.id }, accountingDate: DAY, reason: 'posted to the wrong account' });
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.reviewVoucher', { id: red.id }))).toMatchObject({ reason: 'MAKER_IS_CHECKER' });
    expect(voucherReviewCheck(f.db, DAY)).toMatchObject({ ok: false, detail: expect.stringMatching(/^2 manual voucher\(s\) or reversal\(s\) not reviewed/) });
    await callApi(f.ctx(f.admin), 'ledger.reviewVoucher', { id: red.id });
    await callApi(f.ctx(f.reviewer), 'ledger.reviewVoucher', { id: own.id });
    expect(voucherReviewCheck(f.db, DAY).ok).toBe(true);
  });

  it('leaves the vouchers the payment core posts to their own checks: they need no review', async () => {
    const f = ledgerFixture();
    const [system] = postVouchers(f.post, [{ accountingDate: DAY, businessCode: '400301', summary: 'a payment', lines: [
      { accountId: f.receivable.id, direction: 'D', amountMinor: 100 }, { accountId: f.merchantPending.id, direction: 'C', amountMinor: 100 },
    ] }], { auditAction: 'payments.post' });
    expect(await callApi(f.ctx(f.reviewer), 'ledger.voucher', { id: system!.id })).toMatchObject({ review: null });
    expect(await failure(callApi(f.ctx(f.reviewer), 'ledger.reviewVoucher', { id: system!.id }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('needs no review') });
    expect(voucherReviewCheck(f.db, DAY).ok).toBe(true);
  });
});
