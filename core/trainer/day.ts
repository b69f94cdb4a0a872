// A training day a trainer steps through one event at a time: each payment's routing level by level,
// its risk result and rule, the vouchers it posted and the three flows (order / transaction / fund).
// The events are planned up front from a seed; each step runs the real payment engine against the
// simulated channels on the training database.
import type { Db } from '../db/index.js';
import type { PayOrderTable } from '../db/schema.js';
import { fail } from '../errors.js';
import { isIsoDate, addDays } from '../clock.js';
import { timeOfDay } from '../localtime.js';
import { loadChannels, saveQuality } from '../channels/store.js';
import { moveQuality } from '../channels/quality.js';
import type { CardType, ChannelCode, PayMethod } from '../channels/types.js';
import { PaymentEngine, type PayResult, type RefundResult } from '../orders/engine.js';
import { acceptingGateway, type Gateway } from '../orders/gateway.js';
import { fundFlows, transFlows } from '../orders/flows.js';
import { getVoucher, type Voucher } from '../ledger/index.js';
import { createMerchant } from '../merchants/merchants.js';
import { Random, hash32 } from '../simulator/random.js';
import { SimGateway } from '../simulator/gateway.js';
import { ensureWorld, SIM_MERCHANTS } from '../simulator/world.js';
import type { TrainingBook } from './store.js';

export const ORDERS_MIN = 10;
export const ORDERS_MAX = 300;
/** Events run by one "run the rest" call at most (each is its own transaction). */
const STEP_BATCH_MAX = ORDERS_MAX + 10;

export interface PaySpec {
  kind: 'pay';
  merchantId: string;
  merchantOrderNo: string;
  payerId: string;
  method: PayMethod;
  amountMinor: number;
  cardType?: CardType;
  split?: { receiverId: string; amountMinor: number }[];
  verified: boolean;
  /** a planted anomaly: the callback is lost (掉单), or paid after UnionPay's 23:00 cut-off (日切) */
  plant?: 'bankExtra' | 'timing';
  /** why this event is in the plan, for the trainer to read out */
  note?: string;
}
export interface RefundSpec { kind: 'refund'; ofSeq: number; ofScenario: 'day' | 'seed003'; amount: 'full' | 'half' | number; reason: string; note?: string }
export interface PayoutSpec { kind: 'payout'; merchantId: string; amountMinor: number; bankAccount: string; note?: string }
export type EventSpec = PaySpec | RefundSpec | PayoutSpec;

interface PlannedEvent { seq: number; at: string; spec: EventSpec }

/** What the event list shows for one event. */
export interface EventSummary {
  scenario: 'day' | 'seed003';
  seq: number;
  kind: EventSpec['kind'];
  at: string;
  done: boolean;
  merchantId: string;
  amountMinor: number;
  method: string | null;
  note: string | null;
  /** after it ran */
  ref: string | null;
  status: string | null;
  channel: string | null;
  risk: string | null;
  vouchers: number;
}

/** Everything one event did, for the detail panel. */
export interface EventDetail {
  summary: EventSummary;
  spec: EventSpec;
  pay: Pick<PayResult, 'orderNo' | 'status' | 'channel' | 'feeMinor' | 'route' | 'risk' | 'failureReason'> | null;
  refund: RefundResult | null;
  payout: { payoutNo: string } | null;
  skipped: string | null;
  vouchers: Voucher[];
  /** the three flows of the order this event touched */
  flows: ReturnType<typeof orderFlows> | null;
}

const METHOD_WEIGHTS: readonly (readonly [PayMethod, number])[] = [['alipay', 46], ['wechat', 36], ['unionpay', 8], ['bank_card', 7], ['balance', 3]];

/**
 * Plan the day: `orders` payments between 08:00 and 22:40, with the things a trainer wants to show
 * planted at fixed places (a split payment, a payment the risk rules stop, a dropped callback, a
 * payment after UnionPay's cut-off), two refunds and a payout. Same seed, same plan.
 */
export function planDay(date: string, orders: number, seed: number): PlannedEvent[] {
  const random = new Random(seed, hash32(`trainer:${date}`));
  const payers = Math.max(5, Math.floor(orders / 3));
  const merchants = SIM_MERCHANTS.map((m) => [m, m.weight] as const);
  const start = 8 * 3600;
  const span = 14 * 3600 + 40 * 60;
  const events: { second: number; spec: EventSpec }[] = [];
  for (let i = 0; i < orders; i++) {
    const second = start + Math.floor((i * span) / orders) + random.int(0, Math.floor(span / orders / 2));
    const merchant = random.weighted(merchants);
    const method = random.weighted(METHOD_WEIGHTS);
    const spec: PaySpec = {
      kind: 'pay', merchantId: merchant.id, merchantOrderNo: `${merchant.id}-T${date.replaceAll('-', '')}-${i + 1}`,
      payerId: `U${String(random.int(1, payers)).padStart(6, '0')}`, method, amountMinor: random.amountMinor(8_800, 1.0, 100, method === 'balance' ? 300_000 : 1_500_000),
      verified: true,
    };
    if (method === 'unionpay' || method === 'bank_card') spec.cardType = method === 'bank_card' || random.chance(0.7) ? 'debit' : 'credit';
    events.push({ second, spec });
  }
  // The planted showcases, at fixed places so every seed has them.
  const at = (i: number) => events[Math.min(i, events.length - 1)]!.spec as PaySpec;
  Object.assign(at(2), {
    merchantId: 'M1005', method: 'alipay', cardType: undefined, amountMinor: 36_000,
    split: [{ receiverId: 'M1001', amountMinor: 21_600 }, { receiverId: 'M1004', amountMinor: 14_400 }],
    note: 'split',
  });
  // 68,000.00 by bank card: within the B2C gateway's limit, above the risk rules' 50,000.00 for SMS verification, not verified
  Object.assign(at(4), { method: 'bank_card', cardType: 'debit', amountMinor: 6_800_000, verified: false, note: 'riskVerify' });
  Object.assign(at(6), { method: 'alipay', cardType: undefined, plant: 'bankExtra', note: 'bankExtra' });
  Object.assign(at(8), { method: 'bank_card', cardType: 'debit', note: 'card' });
  events.push({
    second: 23 * 3600 + 10 * 60,
    spec: {
      kind: 'pay', merchantId: 'M1003', merchantOrderNo: `M1003-T${date.replaceAll('-', '')}-late`, payerId: 'ULATE1', method: 'unionpay', cardType: 'credit',
      amountMinor: 25_800, verified: true, plant: 'timing', note: 'timing',
    },
  });
  events.push({ second: events[1]!.second + 2 * 3600, spec: { kind: 'refund', ofScenario: 'day', ofSeq: 2, amount: 'full', reason: '退货 return', note: 'refundFull' } });
  events.push({ second: events[3]!.second + 3 * 3600, spec: { kind: 'refund', ofScenario: 'day', ofSeq: 4, amount: 'half', reason: '部分退货 partial return', note: 'refundPartial' } });
  events.push({ second: 14 * 3600 + 5 * 60, spec: { kind: 'payout', merchantId: 'M1002', amountMinor: 120_000, bankAccount: '62221002' + '0001', note: 'payout' } });
  // seq numbers follow the plan order (pays first), so refunds can name the payment they return
  const numbered = events.map((e, i) => ({ ...e, seq: i + 1 }));
  return numbered.sort((a, b) => a.second - b.second || a.seq - b.seq).map((e) => ({ seq: e.seq, at: timeOfDay(date, e.second), spec: e.spec }));
}

/** The seed-003 worked example, event by event (core/orders/seed003.test.ts has the same figures). */
export function planSeed003(date: string): PlannedEvent[] {
  const pay = (merchantId: string, amountMinor: number, payerId: string, extra: Partial<PaySpec> = {}): PaySpec => ({
    kind: 'pay', merchantId, merchantOrderNo: `${merchantId}-1`, payerId, method: 'alipay', amountMinor, verified: true, ...extra,
  });
  return [
    { seq: 1, at: `${date} 10:00:00`, spec: pay('A', 10_000, 'u1', { note: 'seedA' }) },
    { seq: 2, at: `${date} 10:05:00`, spec: pay('B', 20_000, 'u2', { split: [{ receiverId: 'C', amountMinor: 12_000 }, { receiverId: 'D', amountMinor: 8_000 }], note: 'seedB' }) },
    { seq: 3, at: `${date} 10:10:00`, spec: pay('E', 5_000, 'u3', { note: 'seedE' }) },
    { seq: 4, at: `${date} 15:00:00`, spec: { kind: 'refund', ofScenario: 'seed003', ofSeq: 3, amount: 'full', reason: 'customer returned goods', note: 'seedERefund' } },
  ];
}

export const SEED003_MERCHANTS = ['A', 'B', 'C', 'D', 'E'] as const;

export interface TrainerDay { date: string; seed: number; orders: number; startedBy: string; startedAt: string }

export function trainerDay(db: Db): TrainerDay | null {
  const row = db.prepare('SELECT sim_date, seed, orders, started_by, started_at FROM trainer_day WHERE id = 1').get() as
    { sim_date: string; seed: number; orders: number; started_by: string; started_at: string } | undefined;
  return row ? { date: row.sim_date, seed: row.seed, orders: row.orders, startedBy: row.started_by, startedAt: row.started_at } : null;
}

export function requireDay(db: Db): TrainerDay {
  return trainerDay(db) ?? fail('CONFLICT', 'no training day yet: start one first');
}

function dayEndStarted(db: Db): boolean {
  return db.prepare('SELECT 1 FROM trainer_day_end LIMIT 1').get() !== undefined;
}

/**
 * Start the training day: the simulated platform (channels, banks, twelve merchants) and the five
 * seed-003 merchants at 0.6%, then the day's plan. One day per training database; reset for another.
 */
export function startDay(book: TrainingBook, input: { date: string; orders: number; seed: number; login: string; at: string }): TrainerDay {
  const { db } = book;
  if (!isIsoDate(input.date)) fail('BAD_INPUT', `date must be a real date YYYY-MM-DD, got "${input.date}"`);
  if (!Number.isSafeInteger(input.orders) || input.orders < ORDERS_MIN || input.orders > ORDERS_MAX) fail('BAD_INPUT', `a training day has ${ORDERS_MIN} to ${ORDERS_MAX} orders, got ${input.orders}`);
  if (!Number.isSafeInteger(input.seed) || input.seed < 0) fail('BAD_INPUT', 'seed must be a whole number ≥ 0');
  const existing = trainerDay(db);
  if (existing) fail('CONFLICT', `the training database already has the day ${existing.date}; reset it to start another`);
  const postAt = `${input.date}T00:00:00.000Z`;
  ensureWorld(db, book.users.trainer.id, postAt, addDays(input.date, -1));
  return db.tx(() => {
    for (const id of SEED003_MERCHANTS) {
      createMerchant(db, {
        id, name: `商户${id} Merchant ${id}`, customer: { id: `C-${id}`, name: `客户${id}`, kind: 'company' }, signKey: `seed003-key-${id}-0123456789`, currency: 'CNY',
        products: (['alipay', 'wechat', 'unionpay', 'bank_card', 'balance', 'split'] as const).map((product) => ({
          product, feeRate: '0.6%', feeRounding: 'HALF_UP' as const, settlementCycle: 'D1' as const, settlementDays: 1,
        })),
      }, postAt);
    }
    db.prepare('INSERT INTO trainer_day (id, sim_date, seed, orders, started_by, started_at) VALUES (1, ?, ?, ?, ?, ?)').run(input.date, input.seed, input.orders, input.login, input.at);
    // the simulator's own record of the day, so `simulate` never doubles it in this database
    db.prepare("INSERT INTO sim_day (sim_date, seed, orders, plant, status, created_at) VALUES (?, ?, ?, ?, 'running', ?)")
      .run(input.date, input.seed, input.orders, JSON.stringify({ trainer: true }), postAt);
    const insert = db.prepare('INSERT INTO trainer_event (scenario, seq, kind, at, spec) VALUES (?, ?, ?, ?, ?)');
    for (const e of planDay(input.date, input.orders, input.seed)) insert.run('day', e.seq, e.spec.kind, e.at, JSON.stringify(e.spec));
    for (const e of planSeed003(input.date)) insert.run('seed003', e.seq, e.spec.kind, e.at, JSON.stringify(e.spec));
    return trainerDay(db)!;
  });
}

interface EventRow { id: number; scenario: 'day' | 'seed003'; seq: number; kind: string; at: string; spec: string; done: number; summary: string | null; detail: string | null }

function summaryOf(row: EventRow): EventSummary {
  if (row.summary) return JSON.parse(row.summary) as EventSummary;
  const spec = JSON.parse(row.spec) as EventSpec;
  return {
    scenario: row.scenario, seq: row.seq, kind: spec.kind, at: row.at, done: false,
    merchantId: spec.kind === 'refund' ? '' : spec.merchantId, amountMinor: spec.kind === 'refund' ? 0 : spec.amountMinor,
    method: spec.kind === 'pay' ? spec.method : null, note: spec.note ?? null, ref: null, status: null, channel: null, risk: null, vouchers: 0,
  };
}

export function listEvents(db: Db, scenario: 'day' | 'seed003'): EventSummary[] {
  const rows = db.prepare('SELECT * FROM trainer_event WHERE scenario = ? ORDER BY at, seq').all(scenario) as EventRow[];
  return rows.map(summaryOf);
}

export function eventDetail(db: Db, scenario: 'day' | 'seed003', seq: number): EventDetail {
  const row = db.prepare('SELECT * FROM trainer_event WHERE scenario = ? AND seq = ?').get(scenario, seq) as EventRow | undefined;
  if (!row) fail('NOT_FOUND', `no ${scenario} event ${seq} in the training day`);
  if (!row.detail) fail('CONFLICT', `${scenario} event ${seq} has not run yet`);
  return JSON.parse(row.detail) as EventDetail;
}

/** Order flow (the order and its refunds), transaction flow and fund flow of one order, kept apart. */
export function orderFlows(db: Db, orderId: number) {
  const order = db.prepare(
    'SELECT order_no, merchant_id, kind, method, channel_code, amount_minor, fee_minor, status, refunded_minor, fee_returned_minor, created_at, paid_at, accounting_date, risk_decision, risk_rule, failure_reason FROM pay_order WHERE id = ?',
  ).get(orderId) as Pick<PayOrderTable, 'order_no' | 'merchant_id' | 'kind' | 'method' | 'channel_code' | 'amount_minor' | 'fee_minor' | 'status' | 'refunded_minor'
    | 'fee_returned_minor' | 'created_at' | 'paid_at' | 'accounting_date' | 'risk_decision' | 'risk_rule' | 'failure_reason'>;
  const refunds = db.prepare('SELECT refund_no, amount_minor, fee_returned_minor, route, status, created_at FROM refund_order WHERE order_id = ? ORDER BY id').all(orderId) as
    { refund_no: string; amount_minor: number; fee_returned_minor: number; route: string; status: string; created_at: string }[];
  const receivers = db.prepare('SELECT receiver_id, amount_minor, fee_minor, refunded_minor FROM split_receiver WHERE order_id = ? ORDER BY receiver_id').all(orderId) as
    { receiver_id: string; amount_minor: number; fee_minor: number; refunded_minor: number }[];
  return {
    order: { ...order, refunds, receivers },
    trans: transFlows(db, { orderId }).map((f) => ({ merchantId: f.merchant_id, type: f.type, amountMinor: f.amount_minor, refundId: f.refund_id, occurredAt: f.occurred_at })),
    fund: fundFlows(db, { orderId }).map((f) => ({ merchantId: f.merchant_id, item: f.item, amountMinor: f.amount_minor, refundId: f.refund_id, occurredAt: f.occurred_at })),
  };
}

function maxVoucherId(db: Db): number {
  return db.prepare('SELECT COALESCE(MAX(id), 0) FROM voucher').pluck().get() as number;
}

function vouchersSince(db: Db, afterId: number): Voucher[] {
  const ids = db.prepare('SELECT id FROM voucher WHERE id > ? ORDER BY id').pluck().all(afterId) as number[];
  return ids.map((id) => getVoucher(db, { id }));
}

/** Channel quality drifts hour by hour as in the simulator; moved once per hour of the day, from the seed. */
function driftQuality(db: Db, day: TrainerDay, at: string): void {
  const hour = Number(at.slice(11, 13));
  let from = db.prepare('SELECT quality_hour FROM trainer_day WHERE id = 1').pluck().get() as number;
  if (hour <= from) return;
  let channels = loadChannels(db);
  const postAt = `${day.date}T00:00:00.000Z`;
  for (from += 1; from <= hour; from++) {
    const random = new Random(day.seed, 50_000 + from);
    channels = channels.map((c) => moveQuality(c, () => random.next(), from));
  }
  db.tx(() => {
    channels.forEach((c) => saveQuality(db, c, postAt));
    db.prepare('UPDATE trainer_day SET quality_hour = ? WHERE id = 1').run(hour);
  });
}

function orderIdOf(db: Db, orderNo: string): number {
  return db.prepare('SELECT id FROM pay_order WHERE order_no = ?').pluck().get(orderNo) as number;
}

/** Run one planned event through the payment engine; store what it did. */
function runEvent(book: TrainingBook, day: TrainerDay, row: EventRow): EventDetail {
  const { db } = book;
  const spec = JSON.parse(row.spec) as EventSpec;
  if (row.scenario === 'day') driftQuality(db, day, row.at);
  const channels = new Map(loadChannels(db).map((c) => [c.code, c] as const));
  const random = new Random(day.seed, 10_000 + row.seq);
  const sim = new SimGateway(random, () => channels);
  // seed 003 is the worked example: every channel accepts, so its figures are always the same
  const gateway: Gateway = row.scenario === 'seed003' ? acceptingGateway : sim;
  const engine = new PaymentEngine(db, gateway, { userId: book.users.trainer.id, at: `${day.date}T00:00:00.000Z` }, { notifier: () => true });
  const before = maxVoucherId(db);
  const detail: EventDetail = { summary: summaryOf(row), spec, pay: null, refund: null, payout: null, skipped: null, vouchers: [], flows: null };
  let orderId: number | null = null;
  db.tx(() => {
    engine.run((e) => {
      if (spec.kind === 'pay') {
        sim.plantNext = spec.plant === 'bankExtra' ? 'drop' : spec.plant === 'timing' ? 'succeed' : null;
        const r = e.pay({ ...spec, currency: 'CNY', at: row.at });
        detail.pay = { orderNo: r.orderNo, status: r.status, channel: r.channel, feeMinor: r.feeMinor, route: r.route, risk: r.risk, failureReason: r.failureReason };
        orderId = orderIdOf(db, r.orderNo);
        if (spec.plant && (spec.plant !== 'timing' || r.channel === 'unionpay')) {
          db.prepare('INSERT INTO sim_plant (sim_date, kind, channel_code, ref, delta_minor) VALUES (?, ?, ?, ?, 0)').run(day.date, spec.plant, r.channel, r.orderNo);
        }
      } else if (spec.kind === 'refund') {
        const of = db.prepare('SELECT summary FROM trainer_event WHERE scenario = ? AND seq = ?').pluck().get(spec.ofScenario, spec.ofSeq) as string | null | undefined;
        const paid = of ? (JSON.parse(of) as EventSummary) : null;
        const order = paid?.ref ? (db.prepare('SELECT id, status, amount_minor, refunded_minor FROM pay_order WHERE order_no = ?').get(paid.ref) as
          { id: number; status: string; amount_minor: number; refunded_minor: number }) : null;
        if (!order || (order.status !== 'succeeded' && order.status !== 'partially_refunded')) {
          detail.skipped = `the payment to refund (${spec.ofScenario} event ${spec.ofSeq}${paid?.ref ? `, ${paid.ref}` : ''}) ${paid?.done ? `is ${order?.status ?? 'not an order'}` : 'has not run'}: nothing to refund`;
          if (order) orderId = order.id;
          return;
        }
        const left = order.amount_minor - order.refunded_minor;
        const amountMinor = spec.amount === 'full' ? left : spec.amount === 'half' ? Math.max(1, Math.floor(left / 2)) : Math.min(spec.amount, left);
        detail.refund = e.refund({ orderNo: paid!.ref!, amountMinor, reason: spec.reason, at: row.at });
        orderId = order.id;
      } else {
        detail.payout = e.withdraw({ merchantId: spec.merchantId, amountMinor: spec.amountMinor, currency: 'CNY', bankAccount: spec.bankAccount, at: row.at });
      }
    });
    detail.vouchers = vouchersSince(db, before);
    if (orderId !== null) detail.flows = orderFlows(db, orderId);
    const s = detail.summary;
    s.done = true;
    s.vouchers = detail.vouchers.length;
    if (detail.pay) Object.assign(s, { ref: detail.pay.orderNo, status: detail.pay.status, channel: detail.pay.channel, risk: detail.pay.risk.decision === 'PASS' ? 'PASS' : `${detail.pay.risk.decision} ${detail.pay.risk.rule}` });
    if (detail.refund) Object.assign(s, { ref: detail.refund.refundNo, status: detail.refund.status, channel: detail.refund.channel, amountMinor: detail.refund.amountMinor, merchantId: detail.flows?.order.merchant_id ?? '' });
    if (detail.payout) Object.assign(s, { ref: detail.payout.payoutNo, status: 'sent', channel: 'bank_payout' });
    if (detail.skipped) Object.assign(s, { status: 'skipped' });
    db.prepare('UPDATE trainer_event SET done = 1, summary = ?, detail = ? WHERE id = ?').run(JSON.stringify(s), JSON.stringify(detail), row.id);
  });
  return detail;
}

/** Run the next `count` events of a scenario, in time order. Returns what each did. */
export function stepEvents(book: TrainingBook, scenario: 'day' | 'seed003', count: number): EventDetail[] {
  const { db } = book;
  const day = requireDay(db);
  if (dayEndStarted(db)) fail('CONFLICT', `the day end of ${day.date} has begun: no more events can run; reset the training database to play again`);
  if (!Number.isSafeInteger(count) || count < 1 || count > STEP_BATCH_MAX) fail('BAD_INPUT', `count must be 1 to ${STEP_BATCH_MAX}`);
  const rows = db.prepare('SELECT * FROM trainer_event WHERE scenario = ? AND done = 0 ORDER BY at, seq LIMIT ?').all(scenario, count) as EventRow[];
  if (rows.length === 0) fail('CONFLICT', scenario === 'day' ? `every event of the training day ${day.date} has run; go on to the day end` : 'the seed-003 example has been played to the end');
  return rows.map((row) => runEvent(book, day, row));
}

export function remainingEvents(db: Db, scenario: 'day' | 'seed003'): number {
  return db.prepare('SELECT COUNT(*) FROM trainer_event WHERE scenario = ? AND done = 0').pluck().get(scenario) as number;
}

/**
 * The seed-003 example's three flows across its five merchants, with what each merchant is due
 * (应结算 = income − outgo, from the fund flow).
 */
export function seed003Flows(db: Db) {
  const ids = [...SEED003_MERCHANTS];
  const marks = ids.map(() => '?').join(', ');
  const orders = db.prepare(`SELECT order_no, merchant_id, kind, status, amount_minor, fee_minor, refunded_minor, fee_returned_minor FROM pay_order WHERE merchant_id IN (${marks}) ORDER BY id`).all(...ids) as
    { order_no: string; merchant_id: string; kind: string; status: string; amount_minor: number; fee_minor: number; refunded_minor: number; fee_returned_minor: number }[];
  const trans = ids.flatMap((merchantId) => transFlows(db, { merchantId }).map((f) => ({ merchantId, type: f.type, amountMinor: f.amount_minor })));
  const fund = ids.flatMap((merchantId) => fundFlows(db, { merchantId }).map((f) => ({ merchantId, item: f.item, amountMinor: f.amount_minor })));
  const due = ids.map((merchantId) => ({
    merchantId,
    dueMinor: fund.filter((f) => f.merchantId === merchantId).reduce((s, f) => s + f.amountMinor, 0),
    fundFlows: fund.filter((f) => f.merchantId === merchantId).length,
  }));
  return { orders, trans, fund, due };
}

/** The channels as the router sees them now in the training day (quality drifts by the hour). */
export function channelQuality(db: Db) {
  return loadChannels(db).map((c) => ({ code: c.code as ChannelCode, status: c.status, successRateBp: c.successRateBp, latencyMs: c.latencyMs, feeRate: c.feeRate }));
}
