import type { Db } from '../db/index.js';
import { checkLedgerIntegrity, netBalanceAt, trialBalance } from '../ledger/index.js';
import { formatMinor } from '../money/index.js';
import { ACTION_ON_RESULT_SQL, currentRun } from '../recon/reconcile.js';
import { UNSETTLED_SHARES } from './settle.js';
import { OFF_RECEIVABLE_SQL } from '../orders/business-codes.js';

export interface DayCheck {
  name: string;
  ok: boolean;
  /** the figures, or what is wrong and by how much */
  detail: string;
  /** the same in Chinese (the desk shows the one of its language; reports kept before it have none) */
  detailZh?: string;
}

const yuan = (minor: number, currency = 'CNY') => formatMinor(minor, currency);

export function trialBalanceCheck(db: Db, date: string): DayCheck {
  const tb = trialBalance(db, date);
  const d = tb.closing.debit;
  const c = tb.closing.credit;
  return tb.balanced
    ? { name: 'trialBalance', ok: true, detail: `debit = credit = ${yuan(d)}`, detailZh: `借方 = 贷方 = ${yuan(d)}` }
    : { name: 'trialBalance', ok: false, detail: `debit ${yuan(d)} ≠ credit ${yuan(c)}, off by ${yuan(d - c)}`, detailZh: `借方 ${yuan(d)} ≠ 贷方 ${yuan(c)}，相差 ${yuan(d - c)}` };
}

export function ledgerIntegrityCheck(db: Db): DayCheck {
  const r = checkLedgerIntegrity(db);
  if (r.ok) return { name: 'glEqualsDetail', ok: true, detail: 'every general-ledger subject equals the sum of its detail accounts and lines', detailZh: '每个总账科目都等于其明细账户与分录之和' };
  const problems = r.problems.slice(0, 5).map((p) => `${p.ref}: ${p.detail}`).join('; ');
  return { name: 'glEqualsDetail', ok: false, detail: problems, detailZh: `总账与明细不符：${problems}` };
}

/**
 * Clearing is complete: each channel's receivable equals the entry flows reconciliation has not
 * yet cleared (timing, platform extra, amount mismatch, not yet reconciled). Anything else is money
 * the ledger says a channel owes that no open item explains.
 */
export function channelReceivableCheck(db: Db, date: string): DayCheck {
  const rows = db.prepare(`
    SELECT a.owner_ref AS channel, a.id, a.currency,
      (SELECT COALESCE(SUM(CASE e.direction WHEN 'in' THEN e.amount_minor ELSE -e.amount_minor END), 0)
         FROM entry_flow e LEFT JOIN entry_recon_state s ON s.entry_id = e.id
        WHERE e.channel_code = a.owner_ref AND e.currency = a.currency AND e.accounting_date <= ? AND ${OFF_RECEIVABLE_SQL}
          AND COALESCE(s.outcome, '') <> 'offset' AND NOT EXISTS (SELECT 1 FROM channel_clearing_entry x WHERE x.entry_id = e.id)) AS open_minor
    FROM account a WHERE a.purpose = 'channel_receivable' ORDER BY a.owner_ref`).all(date) as { channel: string; id: number; currency: string; open_minor: number }[];
  const off: string[] = [];
  const offZh: string[] = [];
  const fine: string[] = [];
  const fineZh: string[] = [];
  for (const r of rows) {
    const balance = netBalanceAt(db, r.id, date);
    if (balance !== r.open_minor) {
      off.push(`${r.channel}: receivable ${yuan(balance, r.currency)} but open items ${yuan(r.open_minor, r.currency)}, off by ${yuan(balance - r.open_minor, r.currency)}`);
      offZh.push(`${r.channel}：应收 ${yuan(balance, r.currency)}，未清项目 ${yuan(r.open_minor, r.currency)}，相差 ${yuan(balance - r.open_minor, r.currency)}`);
    } else if (balance !== 0) {
      fine.push(`${r.channel} ${yuan(balance, r.currency)} open`);
      fineZh.push(`${r.channel} 未清 ${yuan(balance, r.currency)}`);
    }
  }
  if (off.length) return { name: 'channelClearing', ok: false, detail: off.join('; '), detailZh: offZh.join('；') };
  return {
    name: 'channelClearing', ok: true,
    detail: `every channel receivable is cleared or explained by open items${fine.length ? ` (${fine.join(', ')})` : ''}`,
    detailZh: `各渠道应收均已轧差，或由未清项目说明${fineZh.length ? `（${fineZh.join('，')}）` : ''}`,
  };
}

/**
 * Settlement is complete: merchants' pending settlement equals what unsettled orders still owe
 * them (held for an error, or not yet due under their cycle). With the clearing check this says
 * every fen a channel confirmed is settled to a merchant, kept as our fee, or on hold.
 */
export function merchantPendingCheck(db: Db, date: string): DayCheck {
  const ledger = db.prepare(`SELECT COALESCE(SUM(t.credit_minor - t.debit_minor), 0) FROM account_day_total t JOIN account a ON a.id = t.account_id
                             WHERE a.purpose = 'merchant_pending' AND t.accounting_date <= ?`).pluck().get(date) as number;
  const owed = db.prepare(`SELECT COALESCE(SUM(share), 0) FROM (${UNSETTLED_SHARES})`).pluck().get({ date }) as number;
  const held = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(h.amount_minor), 0) AS amount FROM settlement_hold h
                           WHERE h.run_id = (SELECT MAX(id) FROM settlement_run WHERE settle_date = ?)`).get(date) as { n: number; amount: number };
  const ok = ledger === owed;
  return {
    name: 'merchantSettlement', ok,
    detail: ok ? `pending settlement ${yuan(ledger)} = unsettled orders (${held.n} held for errors, ${yuan(held.amount)}; the rest not yet due)`
      : `pending settlement ${yuan(ledger)} but unsettled orders owe ${yuan(owed)}, off by ${yuan(ledger - owed)}`,
    detailZh: ok ? `待结算 ${yuan(ledger)} = 未结算订单（因差错暂扣 ${held.n} 笔 ${yuan(held.amount)}，其余未到结算日）`
      : `待结算 ${yuan(ledger)}，未结算订单应付 ${yuan(owed)}，相差 ${yuan(ledger - owed)}`,
  };
}

/**
 * Every difference of the day's reconciliation has been decided: supplemented, hung up, or put on
 * the error desk with an action (its order then held from settlement). A difference nobody looked
 * at stops the close, named.
 */
export function differencesCheck(db: Db, date: string): DayCheck {
  const statements = db.prepare("SELECT COUNT(*) FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id WHERE b.status = 'DONE' AND c.bank_date = ?").pluck().get(date) as number;
  const run = currentRun(db, date, null);
  if (run === undefined) {
    return statements > 0
      ? { name: 'reconciliation', ok: false, detail: `${statements} statement line(s) for ${date} were imported but never reconciled`, detailZh: `${date} 已导入 ${statements} 条对账单流水，但尚未对账` }
      : { name: 'reconciliation', ok: true, detail: 'no statements for the day', detailZh: '当天没有对账单' };
  }
  const open = db.prepare(`
    SELECT r.outcome, COALESCE(c.order_no, e.order_no) AS ref, COALESCE(r.their_amount_minor, r.our_amount_minor) AS amount
    FROM recon_result r LEFT JOIN clearing_flow c ON c.id = r.clearing_id LEFT JOIN entry_flow e ON e.id = r.entry_id
    WHERE r.run_id = ? AND r.outcome IN ('bankExtra', 'platformExtra', 'amountMismatch') AND r.outcome <> 'matched'
      AND COALESCE(c.status, '') NOT IN ('deleted', 'hung_up', 'supplemented')
      AND NOT EXISTS (SELECT 1 FROM recon_action a WHERE ${ACTION_ON_RESULT_SQL})`).all(run) as { outcome: string; ref: string | null; amount: number }[];
  if (open.length === 0) return { name: 'reconciliation', ok: true, detail: `run ${run}: every difference is resolved or on the error desk`, detailZh: `第 ${run} 次对账：每笔差异都已处理或已列入差错处理` };
  const total = open.reduce((s, o) => s + (o.amount ?? 0), 0);
  const listed = `${open.slice(0, 5).map((o) => `${o.outcome} ${o.ref ?? '(no order no)'} ${yuan(o.amount ?? 0)}`).join('; ')}${open.length > 5 ? '; …' : ''}`;
  return {
    name: 'reconciliation', ok: false,
    detail: `${open.length} unresolved difference(s), ${yuan(total)}: ${listed} — apply the error strategy or act on them`,
    detailZh: `${open.length} 笔差异未处理，共 ${yuan(total)}：${listed}——请执行差错策略或逐笔处理`,
  };
}
