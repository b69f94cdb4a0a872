import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isIsoDate } from '../clock.js';
import { findAccount, getAccount, openAccount, postVouchers, type Account } from '../ledger/index.js';
import { findBankAccount } from '../balances/accounts.js';
import { INSERT_ENTRY_FLOW } from '../orders/ledger-buffer.js';
import { settlementTarget } from '../clearing/targets.js';
import { SUSPENSE_CODES, isSuspenseCode, suspenseKindOf, type SuspenseCode, type SuspenseKind } from '../suspense/codes.js';
import { bankNameOf, insertSuspenseItem } from '../suspense/suspense.js';

interface ExtraLine {
  id: number; status: string; business_code: string | null; direction: 'in' | 'out'; amount_minor: number; currency: string;
  channel_code: string; order_no: string | null; account: string | null; bank_date: string;
}

const MAX_LINES = 10_000;

function lines(db: Db, ids: readonly number[]): ExtraLine[] {
  if (ids.length === 0) fail('BAD_INPUT', '请选择流水 / choose at least one line');
  if (ids.length > MAX_LINES) fail('BAD_INPUT', `at most ${MAX_LINES} lines at a time`);
  const get = db.prepare(`SELECT c.id, c.status, c.business_code, c.direction, c.amount_minor, c.currency, c.channel_code, c.order_no, b.account, c.bank_date
                          FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id WHERE c.id = ?`);
  return ids.map((id) => {
    const row = get.get(id) as ExtraLine | undefined;
    if (!row) fail('NOT_FOUND', `no clearing flow ${id}`);
    if (row.status !== 'bankExtra') fail('CONFLICT', `流水 ${id} 不是多账状态（${row.status}） / line ${id} is ${row.status}, not bank extra`);
    return row;
  });
}

/**
 * Classify bank-extra lines (流水分类): only the business code (a 7001xx suspense code) and the bank
 * date may change, and the lines stay bank extra. They can be classified again until hung up.
 */
export function classifyBankExtras(db: Db, input: { ids: number[]; businessCode?: string; bankDate?: string }, user: { id: number }, at: string) {
  if (input.businessCode === undefined && input.bankDate === undefined) fail('BAD_INPUT', 'give a business code or a bank date');
  if (input.businessCode !== undefined && !isSuspenseCode(input.businessCode)) {
    fail('BAD_INPUT', `只允许分类为可挂账业务代码 / a bank-extra line can only be classified to a suspense code: ${Object.keys(SUSPENSE_CODES).join(', ')}`);
  }
  if (input.bankDate !== undefined && !isIsoDate(input.bankDate)) fail('BAD_INPUT', 'bank date must be YYYY-MM-DD');
  return db.tx(() => {
    const rows = lines(db, input.ids);
    const update = db.prepare('UPDATE clearing_flow SET business_code = COALESCE(?, business_code), bank_date = COALESCE(?, bank_date) WHERE id = ?');
    for (const r of rows) update.run(input.businessCode ?? null, input.bankDate ?? null, r.id);
    appendAudit(db, { at, userId: user.id, action: 'recon.bank_extra.classify', entity: 'clearing_flow', entityId: rows.map((r) => r.id).join(','),
      detail: { businessCode: input.businessCode ?? null, bankDate: input.bankDate ?? null, before: rows.map((r) => ({ id: r.id, code: r.business_code, bankDate: r.bank_date })) } });
    return { classified: rows.length };
  });
}

/** The run that judged a line bank extra and still stands, with who ran it. */
function judgingRun(db: Db, clearingId: number): { run: number; reconciler: number } | undefined {
  return db.prepare(`SELECT rr.id AS run, rr.created_by AS reconciler FROM recon_result r JOIN recon_run rr ON rr.id = r.run_id
                     WHERE r.clearing_id = ? AND r.outcome = 'bankExtra' AND rr.superseded_by IS NULL ORDER BY rr.id DESC LIMIT 1`).get(clearingId) as
    { run: number; reconciler: number } | undefined;
}

export interface HungUpGroup {
  voucherNo: string;
  code: SuspenseCode;
  kind: SuspenseKind;
  bankAccount: string;
  lines: number;
  amountMinor: number;
  currency: string;
}

/**
 * 分类汇总挂账: hang classified bank-extra lines up to suspense in bulk, one voucher per (bank
 * account, code). Only the person who reconciled them may apply. Each line gets the voucher number
 * and the state 已挂账 (hung_up, no longer editable); the hang-up is written back as an entry flow
 * with the code that pairs with the lines themselves, so the summary balances and they reach history.
 */
export function hangUpBankExtras(db: Db, input: { ids: number[]; accountingDate: string; localTime: string }, user: { id: number }, at: string): { groups: HungUpGroup[] } {
  if (!isIsoDate(input.accountingDate)) fail('BAD_INPUT', 'accounting date must be YYYY-MM-DD');
  return db.tx(() => {
    const rows = lines(db, input.ids);
    interface Group { code: SuspenseCode; kind: SuspenseKind; bank: Account; channel: string; direction: 'in' | 'out'; currency: string; rows: ExtraLine[]; run: number }
    const groups = new Map<string, Group>();
    for (const r of rows) {
      if (!r.business_code || !isSuspenseCode(r.business_code)) fail('CONFLICT', `流水 ${r.id} 尚未分类 / line ${r.id} has no suspense code yet: classify it first`);
      const kind = suspenseKindOf(r.business_code, r.direction);
      if (!kind) fail('BAD_INPUT', `line ${r.id}: ${r.business_code} ${SUSPENSE_CODES[r.business_code].nameEn} is ${SUSPENSE_CODES[r.business_code].kind}, but the money went ${r.direction}`);
      const judged = judgingRun(db, r.id);
      if (!judged) fail('CONFLICT', `line ${r.id} has no standing reconciliation that found it bank extra: reconcile again`);
      if (judged.reconciler !== user.id) fail('FORBIDDEN', `申请人必须是当时的对账人 / only the person who reconciled line ${r.id} may hang it up`);
      // the ledger account of the statement's bank account (a settlement or a reserve account), else where the channel clears
      const named = r.account ? findBankAccount(db, r.account) : undefined;
      const bank = (named && named.currency === r.currency ? getAccount(db, named.ledgerAccountId) : undefined)
        ?? (r.account ? findAccount(db, { ownerKind: 'internal', purpose: 'bank_deposit', ownerRef: r.account, currency: r.currency }) : undefined)
        ?? settlementTarget(db, r.channel_code, r.currency, at).account;
      const key = `${bank.id}|${r.business_code}|${r.direction}|${r.channel_code}`;
      const g = groups.get(key) ?? { code: r.business_code, kind, bank, channel: r.channel_code, direction: r.direction, currency: r.currency, rows: [], run: judged.run };
      g.rows.push(r);
      groups.set(key, g);
    }
    const result: HungUpGroup[] = [];
    const markLine = db.prepare("UPDATE clearing_flow SET status = 'hung_up', voucher_id = ? WHERE id = ?");
    const insertEntry = db.prepare(INSERT_ENTRY_FLOW);
    const state = db.prepare(`INSERT INTO entry_recon_state (entry_id, outcome, run_id) VALUES (?, 'matched', ?)
                              ON CONFLICT (entry_id) DO UPDATE SET outcome = 'matched', run_id = excluded.run_id`);
    const action = db.prepare(`INSERT INTO recon_action (run_id, clearing_id, entry_id, action, status, order_no, detail, at, user_id) VALUES (?, ?, ?, 'hang_up', 'done', ?, ?, ?, ?)`);
    for (const g of groups.values()) {
      const amount = g.rows.reduce((s, r) => s + r.amount_minor, 0);
      const suspense = openAccount(db, { ownerKind: 'internal', purpose: g.kind === 'income' ? 'suspense_income' : 'suspense_expense', ownerRef: null, currency: g.currency }, at);
      const [debit, credit] = g.kind === 'income' ? [g.bank, suspense] : [suspense, g.bank];
      const [voucher] = postVouchers({ db, userId: user.id, at }, [{
        accountingDate: input.accountingDate, businessCode: g.code,
        summary: `汇总挂账 ${SUSPENSE_CODES[g.code].name} ${g.rows.length} 笔 bulk hang-up, ${SUSPENSE_CODES[g.code].nameEn}`,
        lines: [{ accountId: debit.id, direction: 'D', amountMinor: amount }, { accountId: credit.id, direction: 'C', amountMinor: amount }],
      }], { auditAction: 'recon.bank_extra.hang_up' });
      insertSuspenseItem(db, {
        kind: g.kind, voucherId: voucher!.id, originItemId: null, parentItemId: null, bankAccountId: g.bank.id, bankName: bankNameOf(g.bank),
        suspenseAccountId: suspense.id, amountMinor: amount, currency: g.currency, suspenseCode: g.code,
        summary: `多账汇总挂账 bank-extra lines ${g.rows.map((r) => r.id).join(',')}`.slice(0, 200), status: 'to_review', at, userId: user.id, reviewedBy: null,
      });
      const entry = Number(insertEntry.run(g.channel, g.code, voucher!.voucherNo, null, g.direction, amount, g.currency, input.localTime, input.accountingDate, voucher!.id).lastInsertRowid);
      state.run(entry, g.run);
      for (const r of g.rows) {
        markLine.run(voucher!.id, r.id);
        action.run(g.run, r.id, entry, r.order_no, JSON.stringify({ code: g.code, voucherNo: voucher!.voucherNo }), at, user.id);
      }
      result.push({ voucherNo: voucher!.voucherNo, code: g.code, kind: g.kind, bankAccount: g.bank.accountNo, lines: g.rows.length, amountMinor: amount, currency: g.currency });
    }
    return { groups: result };
  });
}
