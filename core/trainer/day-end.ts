// The training day's day end, one narrated step at a time: the channels' statement files, import,
// reconciliation, the error strategy, summary confirmation, bank balances (entered by the training
// operator, reviewed by the training reviewer), channel clearing, merchant settlement, close-day and
// the payout file. Every step calls the same API methods a real day uses, on the training database.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Clock } from '../clock.js';
import { addDays } from '../clock.js';
import { fail } from '../errors.js';
import { formatMinor } from '../money/index.js';
import { loadChannels } from '../channels/store.js';
import { writeDayFiles } from '../simulator/files.js';
import { SIM_BANK_ACCOUNTS } from '../simulator/world.js';
import { reviewTemplatePath } from '../balances/template.js';
import type { Channel } from '../channels/types.js';
import { remainingEvents, requireDay, type TrainerDay } from './day.js';
import type { TrainingBook } from './store.js';
import type { User } from '../users/users.js';
import { importStatement } from '../recon/import.js';
import { DEFAULT_REGISTRY } from '../recon/registry.js';
import { reconcile } from '../recon/reconcile.js';
import { applyStrategy } from '../recon/actions.js';
import { confirmSummary } from '../recon/confirm.js';
import { resolveRepeatsAndBankExtras } from '../recon/before-confirmation.js';
import { registerBalance, reviewBalances } from '../balances/index.js';
import { balanceCheck } from '../balances/check.js';
import { clearChannels } from '../clearing/clear.js';
import { settleMerchants } from '../settlement/settle.js';
import { closeDay } from '../settlement/close-day.js';
import { writePayoutBatchFile } from '../settlement/payout-file.js';

export const DAY_END_STEPS = ['statements', 'import', 'reconcile', 'errors', 'confirm', 'balances', 'clearing', 'settlement', 'close', 'payout'] as const;
export type DayEndStepName = (typeof DAY_END_STEPS)[number];

/**
 * Each step calls the core's own functions as the training operator or reviewer (the same ones the
 * API methods run), so the trainer is not a client of the API registry it is part of.
 */
interface Env { book: TrainingBook; day: TrainerDay; clock: Clock; statementsDir: string }

/** Who does a step, and when: the user and the timestamp the core functions record. */
function by(env: Env, who: 'operator' | 'reviewer'): { user: User; userId: number; at: string } {
  const user = env.book.users[who];
  return { user, userId: user.id, at: env.clock.now().toISOString() };
}

function channelOfFile(file: string): 'bank_b2c' | 'bank_payout' | undefined {
  return file.includes('/bank_b2c/') || file.includes('\\bank_b2c\\') ? 'bank_b2c' : file.includes('/bank_payout/') || file.includes('\\bank_payout\\') ? 'bank_payout' : undefined;
}

/**
 * The channels deliver their files. Before they are written, three differences are planted on
 * plain wallet payments so reconciliation has something to find: a line missing from the channel
 * file (少账), an amount the channel booked 0.50 short, a line the channel repeated.
 */
async function statements(env: Env) {
  const { db } = env.book;
  const date = env.day.date;
  const candidates = db.prepare(
    `SELECT o.order_no, o.channel_code, o.amount_minor FROM pay_order o
     WHERE o.accounting_date = ? AND o.kind = 'pay' AND o.status = 'succeeded' AND o.channel_code IN ('alipay', 'wechat') AND o.merchant_id LIKE 'M%'
       AND NOT EXISTS (SELECT 1 FROM sim_plant p WHERE p.ref = o.order_no) AND o.amount_minor > 100
     ORDER BY o.id`,
  ).all(date) as { order_no: string; channel_code: string; amount_minor: number }[];
  const kinds = ['platformExtra', 'amountMismatch', 'duplicate'] as const;
  const planted: { kind: (typeof kinds)[number] | 'bankExtra' | 'timing'; channel: string; orderNo: string; deltaMinor: number }[] = [];
  db.tx(() => {
    kinds.forEach((kind, i) => {
      const c = candidates[Math.floor((i * candidates.length) / kinds.length)];
      if (!c || planted.some((p) => p.orderNo === c.order_no)) return;
      const delta = kind === 'amountMismatch' ? -50 : 0;
      db.prepare('INSERT INTO sim_plant (sim_date, kind, channel_code, ref, delta_minor) VALUES (?, ?, ?, ?, ?)').run(date, kind, c.channel_code, c.order_no, delta);
      planted.push({ kind, channel: c.channel_code, orderNo: c.order_no, deltaMinor: delta });
    });
  });
  const earlier = db.prepare("SELECT kind, channel_code, ref FROM sim_plant WHERE sim_date = ? AND kind IN ('bankExtra', 'timing') ORDER BY id").all(date) as { kind: 'bankExtra' | 'timing'; channel_code: string; ref: string }[];
  planted.unshift(...earlier.map((p) => ({ kind: p.kind, channel: p.channel_code, orderNo: p.ref, deltaMinor: 0 })));
  const files = await writeDayFiles(db, date, env.statementsDir, loadChannels(db) as Channel[]);
  db.prepare("UPDATE sim_day SET status = 'done' WHERE sim_date = ?").run(date);
  return {
    files: files.map((f) => ({ name: f.slice(env.statementsDir.length + 1), channel: f.slice(env.statementsDir.length + 1).split(/[\\/]/)[0]! })),
    planted,
  };
}

async function importAll(env: Env) {
  const files = env.book.db.prepare('SELECT figures FROM trainer_day_end WHERE step = ?').pluck().get('statements') as string;
  const { files: list } = JSON.parse(files) as Awaited<ReturnType<typeof statements>>;
  const batches = [];
  for (const f of list) {
    const path = join(env.statementsDir, f.name);
    const b = await importStatement(env.book.db, DEFAULT_REGISTRY, { file: path, channel: channelOfFile(path), ...by(env, 'operator') });
    const totals = b.totals['CNY'] ?? { creditMinor: 0, debitMinor: 0 };
    batches.push({ file: f.name, batch: b.batch, channel: b.channel, format: b.format, status: b.status, rows: b.rows, creditMinor: totals.creditMinor, debitMinor: totals.debitMinor, errors: b.errors.length });
  }
  return { batches, ok: batches.every((b) => b.status === 'DONE') };
}

async function reconcileDay(env: Env) {
  const r = reconcile(env.book.db, { date: env.day.date, ...by(env, 'operator') });
  return { counts: r.counts };
}

async function errors(env: Env) {
  const localTime = `${addDays(env.day.date, 1)} 09:00:00`;
  const operator = by(env, 'operator');
  const r = applyStrategy(env.book.db, { date: env.day.date, localTime, ...operator });
  const resolved = resolveRepeatsAndBankExtras(env.book.db, { date: env.day.date, localTime, userId: operator.userId, at: operator.at });
  return {
    localTime,
    supplemented: r.supplemented.length,
    deletedRepeats: resolved.deleted,
    hungUp: resolved.hungUp,
    reconciledAgain: resolved.run,
    toDo: r.toDo.map((t) => ({ outcome: t.outcome, orderNo: t.orderNo ?? null, action: t.action, note: t.note })),
  };
}

async function confirm(env: Env) {
  const r = confirmSummary(env.book.db, { date: env.day.date, ...by(env, 'reviewer') });
  return { moved: r.moved, refused: r.refused.map((g) => ({ channel: g.channel, direction: g.direction, differences: g.differences })) };
}

/** The training reviewer fills the shipped review template with the banks' closing balances, as a person would. */
async function fillReviewTemplate(file: string, date: string, rows: { accountNo: string; bankName: string; balanceMinor: number }[]): Promise<void> {
  copyFileSync(reviewTemplatePath(), file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  for (const r of rows) sheet.addRow([date, r.accountNo, r.bankName, 'CNY', formatMinor(r.balanceMinor, 'CNY')]);
  await workbook.xlsx.writeFile(file);
}

async function balances(env: Env) {
  const { db } = env.book;
  const date = env.day.date;
  const banks = db.prepare(`SELECT a.account_no AS accountNo, a.bank_name AS bankName, d.closing_minor AS balanceMinor
                            FROM bank_account a JOIN sim_bank_day d ON d.account_no = a.account_no AND d.sim_date = ? ORDER BY a.account_no`).all(date) as
    { accountNo: string; bankName: string; balanceMinor: number }[];
  const operator = by(env, 'operator');
  for (const b of banks) registerBalance(db, { date, accountNo: b.accountNo, currency: 'CNY', balanceMinor: b.balanceMinor }, operator.user, operator.at);
  const file = join(env.statementsDir, `bank-balance-review-${date}.xlsx`);
  await fillReviewTemplate(file, date, banks);
  const reviewer = by(env, 'reviewer');
  const review = await reviewBalances(db, { file }, reviewer.user, reviewer.at);
  const check = balanceCheck(db, date);
  return {
    banks,
    review: review.rows.map((r) => ({ row: r.row, accountNo: r.accountNo ?? null, message: r.message })),
    check: check.map((c) => ({ accountNo: c.accountNo, reviewedMinor: c.reviewedMinor, ledgerMinor: c.ledgerMinor, outstandingMinor: c.outstandingMinor, outstandingCount: c.outstandingCount })),
  };
}

async function clearing(env: Env) {
  const rows = clearChannels(env.book.db, { date: env.day.date, ...by(env, 'operator') });
  return { channels: rows.map((c) => ({ channel: c.channel, entries: c.entries, grossMinor: c.grossMinor, refundsMinor: c.refundsMinor, feesMinor: c.feesMinor, netMinor: c.netMinor, voucherNo: c.voucherNo })) };
}

async function settlement(env: Env) {
  const r = settleMerchants(env.book.db, { date: env.day.date, ...by(env, 'operator') });
  return {
    settled: r.settled.map((m) => ({ merchantId: m.merchantId, amountMinor: m.amountMinor, orders: m.orders })),
    held: r.held,
    notDue: r.notDue,
  };
}

async function close(env: Env) {
  const r = closeDay(env.book.db, { date: env.day.date, ...by(env, 'reviewer') });
  return { closed: r.closed, checks: r.checks };
}

async function payout(env: Env) {
  const r = await writePayoutBatchFile(env.book.db, { date: env.day.date, file: join(env.statementsDir, `payouts-${env.day.date}.csv`), fromAccount: SIM_BANK_ACCOUNTS.payout.no });
  return { payouts: r.payouts, amountMinor: r.amountMinor, file: r.file.slice(env.statementsDir.length + 1) };
}

const RUNNERS = { statements, import: importAll, reconcile: reconcileDay, errors, confirm, balances, clearing, settlement, close, payout } as const;

export type DayEndFigures = { [K in DayEndStepName]: Awaited<ReturnType<(typeof RUNNERS)[K]>> };
export type DayEndRecord = { [K in DayEndStepName]: { seq: number; step: K; ok: boolean; at: string; figures: DayEndFigures[K] } }[DayEndStepName];

/** Whether a step went as a real day end should; a refused close or an abnormal import is shown, not thrown. */
function okOf(record: { step: DayEndStepName; figures: unknown }): boolean {
  switch (record.step) {
    case 'import': return (record.figures as DayEndFigures['import']).ok;
    case 'close': return (record.figures as DayEndFigures['close']).closed;
    default: return true;
  }
}

export function dayEndRecords(book: TrainingBook): DayEndRecord[] {
  const rows = book.db.prepare('SELECT seq, step, ok, figures, at FROM trainer_day_end ORDER BY seq').all() as { seq: number; step: DayEndStepName; ok: number; figures: string; at: string }[];
  return rows.map((r) => ({ seq: r.seq, step: r.step, ok: r.ok === 1, at: r.at, figures: JSON.parse(r.figures) }) as DayEndRecord);
}

/**
 * Run the next step of the day end (or every step left). Refused until every event of the day has
 * run, and after the day has closed. A step that fails with an error is not recorded, so it can be
 * run again once the cause is fixed.
 */
export async function runDayEnd(book: TrainingBook, clock: Clock, options: { all: boolean }): Promise<DayEndRecord[]> {
  const day = requireDay(book.db);
  const left = remainingEvents(book.db, 'day');
  if (left > 0) fail('CONFLICT', `${left} event(s) of the training day ${day.date} have not run yet; run the rest of the day first`);
  const env: Env = { book, day, clock, statementsDir: join(book.dir, 'statements') };
  const ran: DayEndRecord[] = [];
  for (;;) {
    const done = dayEndRecords(book);
    const last = done.at(-1);
    // a refused close is shown, and close-day can be tried again once the cause is fixed
    const next = !last ? DAY_END_STEPS[0] : last.step === 'close' && !last.ok ? 'close' : DAY_END_STEPS[DAY_END_STEPS.indexOf(last.step) + 1];
    if (!next) {
      if (ran.length === 0) fail('CONFLICT', `the day end of ${day.date} is complete; reset the training database for a new day`);
      break;
    }
    const figures = await RUNNERS[next](env);
    const record = { seq: done.length + 1, step: next, ok: false, at: clock.now().toISOString(), figures } as DayEndRecord;
    record.ok = okOf(record);
    book.db.prepare('INSERT INTO trainer_day_end (seq, step, ok, figures, at) VALUES (?, ?, ?, ?, ?)').run(record.seq, next, record.ok ? 1 : 0, JSON.stringify(figures), record.at);
    ran.push(record);
    if (!options.all || !record.ok) break;
  }
  return ran;
}
