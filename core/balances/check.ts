import type { Db } from '../db/index.js';
import { formatMinor } from '../money/index.js';
import type { DayCheck } from '../settlement/checks.js';
import { netBalanceAt } from '../ledger/index.js';
import { listBankAccounts } from './accounts.js';
import { reviewedBalance } from './reviewed.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';

/** 未达款项: a statement line the bank has booked and the ledger has not (yet). */
export interface OutstandingItem {
  clearingId: number;
  bankDate: string;
  direction: 'in' | 'out';
  amountMinor: number;
  orderNo: string | null;
  status: string;
  /** why the ledger does not have it */
  reason: string;
}

const REASON: Record<string, string> = {
  bankExtra: '银行已收/付，企业未入账（多账） / booked by the bank only',
  amountMismatch: '金额不等，待更正 / amount differs, awaiting correction',
  duplicate: '重复流水 / repeated line',
  timing: '日切差异 / day-cut timing',
  initial: '未对账 / not reconciled',
  matched: '已对平，未清算 / matched, not yet cleared',
  supplemented: '已补单，未清算 / supplemented, not yet cleared',
};

/**
 * An entry flow whose money the bank account's ledger account holds: cleared by channel clearing,
 * or a channel withdrawal, which posts to the bank deposit itself (docs/domain.md#clearing).
 */
const inLedger = (entry: string) => `(EXISTS (SELECT 1 FROM channel_clearing_entry x WHERE x.entry_id = ${entry})
  OR EXISTS (SELECT 1 FROM entry_flow w WHERE w.id = ${entry} AND w.business_code = '${BUSINESS_CODES.CHANNEL_WITHDRAWAL}'))`;

/**
 * The lines on this bank account's statements up to `date` that the ledger's bank deposit account
 * does not hold: not in the ledger (matched — in the standing run, or confirmed into
 * history by an earlier one — or supplemented, then cleared), not hung
 * up to suspense, not deleted as a mistake. In the simulated and the usual day these are the bank's
 * side of the reconciliation differences.
 */
export function outstandingItems(db: Db, accountNo: string, date: string): OutstandingItem[] {
  const rows = db.prepare(`
    SELECT c.id, c.bank_date, c.direction, c.amount_minor, c.order_no, c.status FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
    WHERE b.account = ? AND b.status = 'DONE' AND c.bank_date <= ? AND c.status NOT IN ('deleted', 'hung_up')
      AND NOT EXISTS (SELECT 1 FROM recon_result r JOIN recon_run rr ON rr.id = r.run_id AND rr.superseded_by IS NULL
                      WHERE r.clearing_id = c.id AND r.outcome = 'matched' AND ${inLedger('r.entry_id')})
      AND NOT EXISTS (SELECT 1 FROM recon_action a WHERE a.clearing_id = c.id AND a.action = 'supplement' AND ${inLedger('a.entry_id')})
      AND NOT EXISTS (SELECT 1 FROM recon_history h WHERE h.clearing_id = c.id AND ${inLedger('h.entry_id')})
    ORDER BY c.bank_date, c.id LIMIT 100000`).all(accountNo, date) as { id: number; bank_date: string; direction: 'in' | 'out'; amount_minor: number; order_no: string | null; status: string }[];
  return rows.map((r) => ({ clearingId: r.id, bankDate: r.bank_date, direction: r.direction, amountMinor: r.amount_minor, orderNo: r.order_no, status: r.status, reason: REASON[r.status] ?? r.status }));
}

export interface BalanceCheckRow {
  accountNo: string;
  bankName: string;
  currency: string;
  reviewedMinor: number | null;
  ledgerMinor: number;
  outstandingMinor: number;
  outstandingCount: number;
  /** reviewed − ledger − outstanding: zero when every difference is explained */
  unexplainedMinor: number | null;
  ok: boolean;
}

/**
 * 余额核对: the reviewed bank balance against the ledger's bank deposit balance, per account, with
 * the outstanding items that explain the difference (bank − ledger = Σ bank-only lines, money in
 * counted +, money out −).
 */
export function balanceCheck(db: Db, date: string): BalanceCheckRow[] {
  return listBankAccounts(db).filter((a) => a.status !== 'closed').map((a) => {
    const reviewed = reviewedBalance(db, a.accountNo, date);
    const ledgerMinor = netBalanceAt(db, a.ledgerAccountId, date);
    const items = outstandingItems(db, a.accountNo, date);
    const outstandingMinor = items.reduce((s, i) => s + (i.direction === 'in' ? i.amountMinor : -i.amountMinor), 0);
    const unexplainedMinor = reviewed ? reviewed.balanceMinor - ledgerMinor - outstandingMinor : null;
    return { accountNo: a.accountNo, bankName: a.bankName, currency: a.currency, reviewedMinor: reviewed?.balanceMinor ?? null, ledgerMinor, outstandingMinor, outstandingCount: items.length, unexplainedMinor, ok: unexplainedMinor === 0 };
  });
}

/** The day-end form of the balance check: one check per bank account still in use. */
export function bankBalanceChecks(db: Db, date: string): DayCheck[] {
  return balanceCheck(db, date).map((r) => {
    const y = (m: number) => formatMinor(m, r.currency);
    const name = `bankBalance ${r.accountNo}`;
    if (r.reviewedMinor === null) {
      return {
        name, ok: false, detail: `${r.bankName} ${r.accountNo}: no reviewed balance for ${date} — register it and have a reviewer import the template`,
        detailZh: `${r.bankName} ${r.accountNo}：${date} 没有已复核的余额——请登记并由复核员导入复核模板`,
      };
    }
    const explained = `reviewed ${y(r.reviewedMinor)}, ledger ${y(r.ledgerMinor)}, ${r.outstandingCount} outstanding item(s) ${y(r.outstandingMinor)}`;
    const explainedZh = `复核余额 ${y(r.reviewedMinor)}，账面 ${y(r.ledgerMinor)}，未达款项 ${r.outstandingCount} 笔 ${y(r.outstandingMinor)}`;
    return r.ok ? { name, ok: true, detail: explained, detailZh: explainedZh }
      : { name, ok: false, detail: `${explained}: ${y(r.unexplainedMinor!)} unexplained`, detailZh: `${explainedZh}：${y(r.unexplainedMinor!)} 无法解释` };
  });
}
