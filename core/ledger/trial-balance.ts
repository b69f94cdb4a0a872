import { sql } from 'kysely';
import type { Db, Direction } from '../db/index.js';
import { listSubjects, type Subject } from './chart.js';
import { assertDate } from './days.js';
import { formatVoucherNo } from './post.js';
import { fail } from '../errors.js';

/** A debit/credit pair in minor units: a balance shown in the column of its side. */
export interface Sides {
  debit: number;
  credit: number;
}

export interface TrialBalanceRow {
  code: string;
  name: string;
  nameEn: string;
  level: number;
  isLeaf: boolean;
  balanceDirection: Direction;
  opening: Sides;
  period: Sides;
  closing: Sides;
}

/** 科目余额表 / 试算平衡表 for one accounting date (or a period of them) and currency. */
export interface TrialBalance {
  /** the last date of the period */
  date: string;
  /** the first date of the period: `date` for a day's trial balance */
  from: string;
  currency: string;
  balanced: boolean;
  opening: Sides;
  period: Sides;
  closing: Sides;
  rows: TrialBalanceRow[];
}

function sides(net: number): Sides {
  return net >= 0 ? { debit: net, credit: 0 } : { debit: 0, credit: -net };
}

/** Net (debit − credit) per leaf subject: before the period, and the period's own debits and credits. */
function leafFigures(db: Db, from: string, to: string, currency: string): Map<string, { openingNet: number; debit: number; credit: number }> {
  const rows = db.all(
    db.q.selectFrom('account_day_total as t')
      .innerJoin('account as a', 'a.id', 't.account_id')
      .select([
        'a.subject_code',
        sql<number>`COALESCE(SUM(CASE WHEN t.accounting_date < ${from} THEN t.debit_minor - t.credit_minor ELSE 0 END), 0)`.as('opening_net'),
        sql<number>`COALESCE(SUM(CASE WHEN t.accounting_date >= ${from} THEN t.debit_minor ELSE 0 END), 0)`.as('debit'),
        sql<number>`COALESCE(SUM(CASE WHEN t.accounting_date >= ${from} THEN t.credit_minor ELSE 0 END), 0)`.as('credit'),
      ])
      .where('t.accounting_date', '<=', to)
      .where('a.currency', '=', currency)
      .groupBy('a.subject_code'),
  );
  return new Map(rows.map((r) => [r.subject_code, { openingNet: r.opening_net, debit: r.debit, credit: r.credit }]));
}

/**
 * The trial balance for `date`: every subject with opening balance, the day's debits and credits,
 * and closing balance. General-ledger subjects are the sum of their leaves (总账 = Σ明细).
 * Balanced when total debits equal total credits in all three column pairs.
 */
export function trialBalance(db: Db, date: string, currency = 'CNY'): TrialBalance {
  return trialBalanceBetween(db, date, date, currency);
}

/** The trial balance of the period `from`..`to` (a month at period close): opening before `from`, the period's movements, closing at `to`. */
export function trialBalanceBetween(db: Db, from: string, to: string, currency = 'CNY'): TrialBalance {
  assertDate(from, 'from');
  assertDate(to, 'to');
  if (from > to) fail('BAD_INPUT', `the period starts (${from}) after it ends (${to})`);
  const date = to;
  const subjects = listSubjects(db);
  const leaves = leafFigures(db, from, to, currency);
  const figures = new Map<string, { openingNet: number; debit: number; credit: number }>();
  const byCode = new Map<string, Subject>(subjects.map((s) => [s.code, s]));
  // Roll each leaf's figures up through every ancestor.
  for (const [code, f] of leaves) {
    for (let s = byCode.get(code); s; s = s.parentCode ? byCode.get(s.parentCode) : undefined) {
      const acc = figures.get(s.code) ?? { openingNet: 0, debit: 0, credit: 0 };
      acc.openingNet += f.openingNet;
      acc.debit += f.debit;
      acc.credit += f.credit;
      figures.set(s.code, acc);
    }
  }
  const rows: TrialBalanceRow[] = subjects.map((s) => {
    const f = figures.get(s.code) ?? { openingNet: 0, debit: 0, credit: 0 };
    return {
      code: s.code, name: s.name, nameEn: s.nameEn, level: s.level, isLeaf: s.isLeaf, balanceDirection: s.balanceDirection,
      opening: sides(f.openingNet),
      period: { debit: f.debit, credit: f.credit },
      closing: sides(f.openingNet + f.debit - f.credit),
    };
  });
  const total = (pick: (r: TrialBalanceRow) => Sides): Sides =>
    rows.filter((r) => r.level === 1).reduce((acc, r) => ({ debit: acc.debit + pick(r).debit, credit: acc.credit + pick(r).credit }), { debit: 0, credit: 0 });
  const opening = total((r) => r.opening);
  const period = total((r) => r.period);
  const closing = total((r) => r.closing);
  const balanced = opening.debit === opening.credit && period.debit === period.credit && closing.debit === closing.credit;
  return { date, from, currency, balanced, opening, period, closing, rows };
}

export interface IntegrityProblem {
  kind: 'account_totals' | 'day_totals' | 'unbalanced_voucher';
  ref: string;
  detail: string;
}

/**
 * Recompute the ledger from its lines and compare: every voucher balanced per currency; every
 * account's running totals equal the sum of its lines and of its day totals. The general-ledger
 * check of day end and the property tests both rest on this.
 */
export function checkLedgerIntegrity(db: Db): { ok: boolean; problems: IntegrityProblem[] } {
  const problems: IntegrityProblem[] = [];
  const accounts = db.sqlite.prepare('SELECT id, account_no, currency, debit_minor, credit_minor FROM account').all() as {
    id: number; account_no: string; currency: string; debit_minor: number; credit_minor: number;
  }[];
  const currencyOf = new Map(accounts.map((a) => [a.id, a.currency]));
  const lineTotals = new Map<number, { debit: number; credit: number }>();
  // One streaming pass over every voucher: unpack its lines, check it balances, add to its accounts.
  const vouchers = db.sqlite.prepare('SELECT accounting_date, seq, lines FROM voucher ORDER BY id').raw().iterate() as IterableIterator<[string, number, string]>;
  for (const [date, seq, packed] of vouchers) {
    const net = new Map<string, number>();
    for (const [accountId, direction, amount] of JSON.parse(packed) as [number, 'D' | 'C', number][]) {
      const currency = currencyOf.get(accountId);
      if (currency === undefined) {
        problems.push({ kind: 'unbalanced_voucher', ref: formatVoucherNo(date, seq), detail: `line names missing account ${accountId}` });
        continue;
      }
      const t = lineTotals.get(accountId) ?? { debit: 0, credit: 0 };
      if (direction === 'D') t.debit += amount;
      else t.credit += amount;
      lineTotals.set(accountId, t);
      net.set(currency, (net.get(currency) ?? 0) + (direction === 'D' ? amount : -amount));
    }
    for (const [currency, n] of net) {
      if (n !== 0 && problems.length < 100) problems.push({ kind: 'unbalanced_voucher', ref: formatVoucherNo(date, seq), detail: `net ${n} ${currency}` });
    }
  }
  const dayTotals = new Map(
    (db.sqlite.prepare('SELECT account_id, SUM(debit_minor) AS debit, SUM(credit_minor) AS credit FROM account_day_total GROUP BY account_id').all() as {
      account_id: number; debit: number; credit: number;
    }[]).map((r) => [r.account_id, r]),
  );
  for (const a of accounts) {
    const lines = lineTotals.get(a.id) ?? { debit: 0, credit: 0 };
    const days = dayTotals.get(a.id) ?? { debit: 0, credit: 0 };
    if (a.debit_minor !== lines.debit || a.credit_minor !== lines.credit) {
      problems.push({ kind: 'account_totals', ref: a.account_no, detail: `account ${a.debit_minor}/${a.credit_minor} vs lines ${lines.debit}/${lines.credit}` });
    }
    if (days.debit !== lines.debit || days.credit !== lines.credit) {
      problems.push({ kind: 'day_totals', ref: a.account_no, detail: `day totals ${days.debit}/${days.credit} vs lines ${lines.debit}/${lines.credit}` });
    }
  }
  return { ok: problems.length === 0, problems };
}

/** An account's debit-minus-credit balance at the end of `date`, from its day totals. */
export function netBalanceAt(db: Db, accountId: number, date: string): number {
  return db.prepare('SELECT COALESCE(SUM(debit_minor - credit_minor), 0) FROM account_day_total WHERE account_id = ? AND accounting_date <= ?').pluck().get(accountId, date) as number;
}

/** Balance of one subject (GL or detail) at the end of `date`, on its normal side. */
export function subjectBalance(db: Db, code: string, date: string, currency = 'CNY'): number {
  const row = trialBalance(db, date, currency).rows.find((r) => r.code === code);
  if (!row) return 0;
  const net = row.closing.debit - row.closing.credit;
  return row.balanceDirection === 'D' ? net : -net;
}
