// Close-day checks that the second person has done their part (docs/domain.md#day-end): the
// reviewer confirmed the day's summary with every group balanced, every repeated statement line
// and every duplicate payment was decided, every manual voucher and reversal was reviewed.
import type { Db } from '../db/index.js';
import { formatMinor } from '../money/index.js';
import { currentRun } from '../recon/reconcile.js';
import { summary, unexplainedMinor, type SummaryGroup } from '../recon/confirm.js';
import { unreviewedVouchers } from '../ledger/index.js';
import type { DayCheck } from './checks.js';
import type { UnequalOffset } from '../recon/day-end-offsets.js';

const LISTED_MAX = 5;
const listed = (items: string[]) => `${items.slice(0, LISTED_MAX).join('; ')}${items.length > LISTED_MAX ? '; …' : ''}`;
const groupName = (g: Pick<SummaryGroup, 'channel' | 'direction'>) => `${g.channel} ${g.direction}`;

/**
 * 汇总确认单: the standing reconciliation of the day has a confirmation, and its latest one refused
 * no group as unbalanced. A reconciliation made after the confirmation needs its own.
 */
export function summaryConfirmationCheck(db: Db, date: string): DayCheck {
  const run = currentRun(db, date, null);
  const name = 'summaryConfirmation';
  if (run === undefined) return { name, ok: true, detail: 'no reconciliation of the day: nothing to confirm', detailZh: '当天没有对账，无需汇总确认' };
  const groups = summary(db, date).groups;
  if (groups.length === 0) return { name, ok: true, detail: `run ${run} judged no lines: nothing to confirm`, detailZh: `第 ${run} 次对账没有流水，无需汇总确认` };
  const latest = db.prepare('SELECT id, groups FROM recon_confirmation WHERE run_id = ? ORDER BY id DESC LIMIT 1').get(run) as { id: number; groups: string } | undefined;
  if (latest === undefined) {
    return { name, ok: false, detail: `the summary of run ${run} is not confirmed: a reviewer who ran none of the day's reconciliations confirms it`,
      detailZh: `第 ${run} 次对账的汇总确认单尚未确认：须由未执行当日对账的复核员确认` };
  }
  const refused = (JSON.parse(latest.groups) as { refused: SummaryGroup[] }).refused;
  if (refused.length === 0) return { name, ok: true, detail: `confirmation ${latest.id} of run ${run}: every group balanced`, detailZh: `第 ${run} 次对账已确认（确认单 ${latest.id}），各组均平衡` };
  const off = refused.map((g) => `${groupName(g)} off by ${formatMinor(unexplainedMinor(g), 'CNY')}`);
  const offZh = refused.map((g) => `${groupName(g)} 相差 ${formatMinor(unexplainedMinor(g), 'CNY')}`);
  return {
    name, ok: false,
    detail: `confirmation ${latest.id} refused ${refused.length} unbalanced group(s): ${listed(off)} — resolve the differences, reconcile again and confirm`,
    detailZh: `确认单 ${latest.id} 有 ${refused.length} 组不平衡被拒：${listed(offZh)}——处理差异后重新对账并确认`,
  };
}

/**
 * Repeats: a statement line the run found twice (duplicate) is deleted or acted on, and a
 * duplicate payment (重复支付) detected on or before the day is confirmed or refunded, not left open.
 */
export function duplicatesCheck(db: Db, date: string): DayCheck {
  const run = currentRun(db, date, null);
  const lines = run === undefined ? [] : db.prepare(`
    SELECT c.order_no AS ref, c.amount_minor AS amount FROM recon_result r JOIN clearing_flow c ON c.id = r.clearing_id
    WHERE r.run_id = ? AND r.outcome = 'duplicate' AND c.status NOT IN ('deleted', 'hung_up', 'supplemented')
      AND NOT EXISTS (SELECT 1 FROM recon_action a WHERE a.clearing_id = r.clearing_id)
    ORDER BY c.id LIMIT 1000`).all(run) as { ref: string | null; amount: number }[];
  const payments = db.prepare(`
    SELECT d.id, d.merchant_order_no AS ref, d.amount_minor AS amount FROM duplicate_payment d JOIN pay_order o ON o.id = d.order_id
    WHERE d.status = 'open' AND o.accounting_date <= ? ORDER BY d.id LIMIT 1000`).all(date) as { id: number; ref: string; amount: number }[];
  const name = 'duplicates';
  if (lines.length === 0 && payments.length === 0) return { name, ok: true, detail: 'no repeated statement line or duplicate payment left undecided', detailZh: '没有未处理的重复流水或重复支付' };
  const items = [
    ...lines.map((l) => `repeated line ${l.ref ?? '(no order no)'} ${formatMinor(l.amount, 'CNY')}`),
    ...payments.map((p) => `duplicate payment #${p.id} ${p.ref} ${formatMinor(p.amount, 'CNY')}`),
  ];
  const itemsZh = [
    ...lines.map((l) => `重复流水 ${l.ref ?? '（无订单号）'} ${formatMinor(l.amount, 'CNY')}`),
    ...payments.map((p) => `重复支付 #${p.id} ${p.ref} ${formatMinor(p.amount, 'CNY')}`),
  ];
  return {
    name, ok: false,
    detail: `${items.length} repeat(s) undecided: ${listed(items)} — delete a repeated line or act on it; confirm a duplicate payment`,
    detailZh: `${items.length} 笔重复未处理：${listed(itemsZh)}——删除或处理重复流水；确认重复支付`,
  };
}

/** 凭证审核: every manual voucher and reversal dated on or before the day was reviewed by a second person. */
export function voucherReviewCheck(db: Db, date: string): DayCheck {
  const open = unreviewedVouchers(db, date);
  const name = 'voucherReview';
  if (open.length === 0) return { name, ok: true, detail: 'every manual voucher and reversal is reviewed', detailZh: '手工凭证与冲销凭证均已审核' };
  const items = open.map((v) => `${v.voucherNo} by ${v.createdBy}`);
  return {
    name, ok: false,
    detail: `${open.length} manual voucher(s) or reversal(s) not reviewed: ${listed(items)} — a reviewer other than the maker reviews them`,
    detailZh: `${open.length} 张手工或冲销凭证未审核：${listed(open.map((v) => `${v.voucherNo}（制单 ${v.createdBy}）`))}——须由制单人以外的复核员审核`,
  };
}

/**
 * 勾销: a forward and a reverse of one order number whose amounts differ are never offset; they
 * stop the close until each of their entries has an action on the error desk (seed 001: found out,
 * then offset at a later close once corrected).
 */
export function offsetsCheck(unequal: readonly UnequalOffset[]): DayCheck {
  const name = 'internalOffsets';
  const open = unequal.filter((u) => !u.decided);
  const flagged = (u: UnequalOffset) => `${u.channel} ${u.orderNo}: forward ${formatMinor(u.forwardMinor, 'CNY')}, reverse ${formatMinor(u.reverseMinor, 'CNY')}`;
  const flaggedZh = (u: UnequalOffset) => `${u.channel} ${u.orderNo}：正向 ${formatMinor(u.forwardMinor, 'CNY')}，反向 ${formatMinor(u.reverseMinor, 'CNY')}`;
  if (open.length === 0) {
    return unequal.length === 0
      ? { name, ok: true, detail: 'every forward and reverse of equal amount is offset', detailZh: '金额相等的正反向流水均已勾销' }
      : { name, ok: true, detail: `${unequal.length} unequal pair(s) flagged, not offset, each on the error desk: ${listed(unequal.map(flagged))}`, detailZh: `${unequal.length} 组金额不等，未勾销，均已列入差错处理：${listed(unequal.map(flaggedZh))}` };
  }
  return {
    name, ok: false,
    detail: `${open.length} forward/reverse pair(s) with unequal amounts, never offset: ${listed(open.map(flagged))} — find out why and act on them on the error desk`,
    detailZh: `${open.length} 组正反向流水金额不等，不能勾销：${listed(open.map(flaggedZh))}——请查明原因并在差错处理中处理`,
  };
}
