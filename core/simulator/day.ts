import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { addDays, isIsoDate } from '../clock.js';
import { withdrawChannelBalances } from './channel-withdrawals.js';
import { loadChannels, saveQuality } from '../channels/store.js';
import { moveQuality } from '../channels/quality.js';
import type { CardType, Channel, ChannelCode, PayMethod } from '../channels/types.js';
import { DayCounters, PaymentEngine } from '../orders/engine.js';
import { runNotifications } from '../orders/notify.js';
import { Random, hash32 } from './random.js';
import { timeOfDay } from '../localtime.js';
import { SimGateway } from './gateway.js';
import { ensureWorld, SIM_MERCHANTS } from './world.js';
import { PLANT_KINDS, plantCount, type PlantKind, type PlantRates } from './plant.js';
import { writeDayFiles } from './files.js';
import { attachSimulatorStore } from './store.js';

export interface SimulateOptions {
  date: string;
  orders: number;
  seed: number;
  outDir: string;
  plant: PlantRates;
  userId: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface SimulateResult {
  date: string;
  orders: number;
  files: string[];
  /** what was planted on purpose, per kind (docs/cli.md#simulate) */
  injected: Record<PlantKind, number>;
  stats: {
    succeeded: number;
    failed: number;
    pending: number;
    refunds: number;
    payouts: number;
    /** cross-border payouts (境外付汇): a foreign-currency purchase each, matched one to many */
    crossBorderPayouts: number;
    /** channel balances paid out to the settlement bank this morning (what they held at the end of the day before) */
    channelWithdrawals: number;
    byChannel: Record<string, { count: number; amountMinor: number }>;
  };
}

interface OrderSpec {
  second: number;
  merchantId: string;
  method: PayMethod;
  amountMinor: number;
  payerId: string;
  cardType?: CardType;
  split?: { receiverId: string; amountMinor: number }[];
  balanceMinor?: number;
  plant?: 'bankExtra' | 'timing';
}

const ORDERS_MAX = 5_000_000;

/** A whole number of ten-thousandths as a decimal rate text, never through a float: 71234 → "7.1234". */
function fourPlaces(tenThousandths: number): string {
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;
}
/** Orders per engine run, a savepoint inside the day's one transaction; progress is reported between runs. */
const CHUNK = 50_000;
/** Regular business ends at 23:00 so that only planted orders cross UnionPay's 23:00 cut-off. */
const DAY_SECONDS = 23 * 3600;
/** Share of traffic per hour of the day (a lunch and an evening peak). */
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 10, 9, 8, 8, 8, 8, 9, 11, 12, 11, 8, 0];
const METHOD_WEIGHTS: readonly (readonly [PayMethod, number])[] = [['alipay', 46], ['wechat', 36], ['unionpay', 7], ['bank_card', 7], ['balance', 4]];

/** Pick `count` distinct indices from `pool` (deterministic for the random source). */
function sample<T>(random: Random, pool: T[], count: number): T[] {
  const copy = [...pool];
  const out: T[] = [];
  for (let i = 0; i < count && copy.length > 0; i++) {
    const j = random.int(0, copy.length - 1);
    out.push(copy[j]!);
    copy[j] = copy[copy.length - 1]!;
    copy.pop();
  }
  return out;
}

function makeSpecs(random: Random, date: string, count: number, rates: PlantRates): OrderSpec[] {
  const merchants = SIM_MERCHANTS.map((m) => [m, m.weight] as const);
  const splitters = SIM_MERCHANTS.filter((m) => m.split);
  const hourWeights = HOUR_WEIGHTS.slice(0, 23).map((w, h) => [h, w] as const);
  const payers = Math.max(10, Math.floor(count / 4));
  const specs: OrderSpec[] = [];
  for (let i = 0; i < count; i++) {
    const hour = random.weighted(hourWeights);
    const second = hour * 3600 + random.int(0, 3599);
    const merchant = random.weighted(merchants);
    const method = random.weighted(METHOD_WEIGHTS);
    const amountMinor = random.amountMinor(8_800, 1.1, 1, method === 'balance' ? 500_000 : 1_500_000);
    const spec: OrderSpec = { second, merchantId: merchant.id, method, amountMinor, payerId: `U${String(random.int(1, payers)).padStart(8, '0')}` };
    if (method === 'unionpay' || method === 'bank_card') spec.cardType = method === 'bank_card' || random.chance(0.7) ? 'debit' : 'credit';
    if (method !== 'balance' && random.chance(0.02) && amountMinor >= 200) {
      const splitter = random.pick(splitters);
      const others = SIM_MERCHANTS.filter((m) => m.id !== splitter.id);
      const a = random.pick(others);
      let b = random.pick(others);
      if (b.id === a.id) b = others[(others.indexOf(a) + 1) % others.length]!;
      const first = Math.floor(amountMinor * (0.3 + random.next() * 0.4));
      spec.merchantId = splitter.id;
      spec.split = [{ receiverId: a.id, amountMinor: first }, { receiverId: b.id, amountMinor: amountMinor - first }];
    } else if ((method === 'alipay' || method === 'wechat') && random.chance(0.01) && amountMinor >= 200) {
      spec.balanceMinor = random.int(1, amountMinor - 1);
    }
    specs.push(spec);
  }
  // Timing differences (日切): UnionPay books payments after 23:00 on its next day; we book them today.
  for (const spec of sample(random, specs, plantCount(rates.timing, count))) {
    Object.assign(spec, { second: DAY_SECONDS + random.int(0, 3540), method: 'unionpay', cardType: 'credit', plant: 'timing', split: undefined, balanceMinor: undefined });
    spec.amountMinor = Math.min(spec.amountMinor, 1_000_000);
  }
  // Dropped orders (掉单 → bank extra): the wallet takes the money, our callback is lost.
  const wallets = specs.filter((s) => !s.plant && !s.split && s.balanceMinor === undefined && (s.method === 'alipay' || s.method === 'wechat'));
  for (const spec of sample(random, wallets, plantCount(rates.bankExtra, count))) {
    spec.plant = 'bankExtra';
    spec.amountMinor = Math.min(spec.amountMinor, 2_000_000);
  }
  specs.sort((a, b) => a.second - b.second);
  return specs;
}

interface Booked {
  orderNo: string;
  channel: ChannelCode;
  amountMinor: number;
  second: number;
  plain: boolean;
}

/**
 * Simulate one business day: orders through routing, risk and the simulated channels, refunds,
 * payouts, merchant notifications, and the anomalies a real day contains at the planted rates;
 * then write each channel's statement files for the day. The same database history, date, order
 * count and seed give the same day byte for byte.
 */
export async function simulateDay(db: Db, options: SimulateOptions): Promise<SimulateResult> {
  const { date, seed } = options;
  if (!isIsoDate(date)) fail('BAD_INPUT', `--date must be a real date YYYY-MM-DD, got "${date}"`);
  if (!Number.isSafeInteger(options.orders) || options.orders < 1 || options.orders > ORDERS_MAX) fail('BAD_INPUT', `--orders must be 1 to ${ORDERS_MAX}`);
  if (!Number.isSafeInteger(seed) || seed < 0) fail('BAD_INPUT', '--seed must be a whole number ≥ 0');
  attachSimulatorStore(db);
  const earlier = db.first(db.q.selectFrom('sim_day').select('status').where('sim_date', '=', date));
  if (earlier) {
    fail('CONFLICT', earlier.status === 'running'
      ? `the simulation of ${date} in this database was interrupted and left a partial day; use a new database`
      : `${date} has already been simulated in this database; simulate another date or use a new database`);
  }
  const progress = options.onProgress ?? (() => undefined);
  const postAt = `${date}T00:00:00.000Z`;
  // The files are written beside their place and moved in only once the day is committed, so a
  // cancel or a crash leaves neither a partial day nor a statement of a day that is not in the books.
  const staging = join(options.outDir, `.simulating-${date}`);
  rmSync(staging, { recursive: true, force: true });
  // One transaction for the whole day: a cancel stops the books process and rolls all of it back.
  const { files, stats, plants } = await db.txAsync(async () => {
    ensureWorld(db, options.userId, postAt, addDays(date, -1));
    db.prepare("INSERT INTO sim_day (sim_date, seed, orders, plant, status, created_at) VALUES (?, ?, ?, ?, 'running', ?)")
      .run(date, seed, options.orders, JSON.stringify(options.plant), postAt);
    const random = new Random(seed, hash32(date));
    // The merchant's endpoint: most answer the first call; the rest are retried on the simulated clock.
    const notifier = (): boolean => random.chance(0.9);
    const withdrawals = withdrawChannelBalances(db, date, options.userId, postAt);
    const day = bookDay(db, options, random, notifier, progress);
    day.stats.channelWithdrawals = withdrawals.length;

    progress('notifications', 0, 1);
    // Retries of the merchant notifications that failed at first, on the simulated clock.
    db.tx(() => runNotifications(db, `${date} 23:59:59`, notifier));

    progress('files', 0, 1);
    const written = await writeDayFiles(db, date, staging, day.channels);
    db.prepare("UPDATE sim_day SET status = 'done' WHERE sim_date = ?").run(date);
    return { files: written, stats: day.stats, plants: day.plants };
  });
  const placed = files.map((file) => moveIntoPlace(file, staging, options.outDir));
  rmSync(staging, { recursive: true, force: true });
  progress('files', 1, 1);

  const injected = Object.fromEntries(PLANT_KINDS.map((kind) => [kind, plants.filter((p) => p.kind === kind).length])) as Record<PlantKind, number>;
  return { date, orders: options.orders, files: placed, injected, stats };
}

/** Move one written statement file from the staging folder to the same place under the output folder. */
function moveIntoPlace(file: string, staging: string, outDir: string): string {
  const target = join(outDir, relative(staging, file));
  mkdirSync(dirname(target), { recursive: true });
  renameSync(file, target);
  return target;
}

interface Plant {
  kind: PlantKind;
  channel: string;
  ref: string;
  delta: number;
}

/**
 * The booked part of the day: orders hour by hour, refunds, payouts and the planted differences,
 * run in chunks. Its own function so that the day's million specs and bookings are garbage
 * once it returns, not carried through the statement files.
 */
function bookDay(
  db: Db,
  options: SimulateOptions,
  random: Random,
  notifier: () => boolean,
  progress: (phase: string, done: number, total: number) => void,
): { channels: Channel[]; stats: SimulateResult['stats']; plants: Plant[] } {
  const { date } = options;
  const postAt = `${date}T00:00:00.000Z`;
  const specs = makeSpecs(random, date, options.orders, options.plant);

  let channels = new Map(loadChannels(db).map((c) => [c.code, c] as const));
  const gateway = new SimGateway(random, () => channels);
  const booked: Booked[] = [];
  const stats: SimulateResult['stats'] = { succeeded: 0, failed: 0, pending: 0, refunds: 0, payouts: 0, crossBorderPayouts: 0, channelWithdrawals: 0, byChannel: {} };
  const timing: string[] = [];
  const counters = new DayCounters();
  // Every payer of the day in one read, instead of one query per new payer (a quarter of the orders).
  counters.loadPayers(db, date);

  let index = 0;
  for (let hour = 0; hour < 24 && index < specs.length; hour++) {
    // Channel quality drifts hour by hour; the router sees the new figures.
    const moved = [...channels.values()].map((c) => moveQuality(c, () => random.next(), hour));
    db.tx(() => moved.forEach((c) => saveQuality(db, c, postAt)));
    channels = new Map(moved.map((c) => [c.code, c] as const));
    const engine = new PaymentEngine(db, gateway, { userId: options.userId, at: postAt }, { counters, notifier });
    while (index < specs.length && specs[index]!.second < (hour + 1) * 3600) {
      const end = Math.min(specs.length, index + CHUNK);
      engine.run((e) => {
        for (; index < end && specs[index]!.second < (hour + 1) * 3600; index++) {
          const spec = specs[index]!;
          const at = timeOfDay(date, spec.second);
          const request = {
            merchantId: spec.merchantId, merchantOrderNo: `${spec.merchantId}-${date.replaceAll('-', '')}-${index + 1}`, payerId: spec.plant ? `UP${index}` : spec.payerId,
            method: spec.method, amountMinor: spec.amountMinor, currency: 'CNY', at, cardType: spec.cardType, split: spec.split,
            verified: spec.plant !== undefined || random.chance(0.95),
          };
          if (spec.balanceMinor !== undefined) {
            const r = e.payCombined({ ...request, balanceMinor: spec.balanceMinor });
            if (r.status === 'succeeded') stats.succeeded++;
            else stats.failed++;
            continue;
          }
          gateway.plantNext = spec.plant === 'bankExtra' ? 'drop' : spec.plant === 'timing' ? 'succeed' : null;
          const r = e.pay(request);
          gateway.plantNext = null;
          if (r.status === 'succeeded') {
            stats.succeeded++;
            booked.push({ orderNo: r.orderNo, channel: r.channel!, amountMinor: spec.amountMinor, second: spec.second, plain: !spec.split && !spec.plant });
            if (spec.plant === 'timing' && r.channel === 'unionpay') timing.push(r.orderNo);
            const c = (stats.byChannel[r.channel!] ??= { count: 0, amountMinor: 0 });
            c.count++;
            c.amountMinor += spec.amountMinor;
          } else if (r.status === 'pending') stats.pending++;
          else stats.failed++;
        }
      });
      progress('orders', index, specs.length);
    }
  }

  // Refunds later the same day: about 2% of payments, a third of them partial.
  const refundable = booked.filter((b) => b.plain && b.channel !== 'balance');
  const refunds = sample(random, refundable, Math.floor(refundable.length * 0.02))
    .map((b) => ({ b, second: b.second + random.int(1800, 14_400), partial: random.chance(0.33) }))
    .filter((r) => r.second < DAY_SECONDS)
    .sort((x, y) => x.second - y.second);
  progress('refunds', 0, refunds.length);
  const refunded = new Set<string>();
  const engine = new PaymentEngine(db, gateway, { userId: options.userId, at: postAt }, { counters, notifier });
  for (let i = 0; i < refunds.length; i += CHUNK) {
    engine.run((e) => {
      for (const r of refunds.slice(i, i + CHUNK)) {
        const amountMinor = r.partial && r.b.amountMinor >= 2 ? Math.floor(r.b.amountMinor / 2) : r.b.amountMinor;
        const result = e.refund({ orderNo: r.b.orderNo, amountMinor, reason: r.partial ? '部分退货 partial return' : '退货 return', at: timeOfDay(date, r.second) });
        if (result.status === 'succeeded') {
          stats.refunds++;
          refunded.add(r.b.orderNo);
        }
      }
    });
  }

  progress('payouts', 0, 1);
  // Payouts to merchants' bank accounts (before the payout bank's 17:00 cut-off); the planted
  // offsets are payouts the bank returned, refilled the same day (500401 + 500402).
  const offsets: string[] = [];
  engine.run((e) => {
    const payouts = Math.max(2, Math.round(options.orders / 5000));
    const offsetCount = plantCount(options.plant.offset, options.orders);
    for (let i = 0; i < payouts + offsetCount; i++) {
      const merchant = random.pick(SIM_MERCHANTS);
      const second = 9 * 3600 + random.int(0, 7 * 3600);
      const { payoutNo } = e.withdraw({ merchantId: merchant.id, amountMinor: random.int(10_000, 200_000), currency: 'CNY', bankAccount: `6222${merchant.id.slice(1)}0001`, at: timeOfDay(date, second) });
      if (i >= payouts) {
        e.refillPayout(payoutNo, timeOfDay(date, second + 1800));
        offsets.push(payoutNo);
      } else stats.payouts++;
    }
    // cross-border payouts: USD bought at a quoted rate, dealt by the bank a little better or worse
    const crossBorder = Math.max(1, Math.round(options.orders / 20_000));
    for (let i = 0; i < crossBorder; i++) {
      const merchant = random.pick(SIM_MERCHANTS);
      const quoted = 71_000 + random.int(0, 2_000); // ten-thousandths of a yuan per dollar
      const dealt = quoted + random.int(-60, 60);
      e.exchangePayout({
        merchantId: merchant.id, foreignMinor: random.int(5_000, 30_000), foreignCurrency: 'USD', quotedRate: fourPlaces(quoted), dealtRate: fourPlaces(dealt),
        bankAccount: `6222${merchant.id.slice(1)}0001`, at: timeOfDay(date, 9 * 3600 + random.int(0, 7 * 3600)),
      });
      stats.crossBorderPayouts++;
    }
  });

  progress('plants', 0, 1);
  // Platform-side plants, on distinct plain payments with a statement file and no refund.
  const filed = new Set<ChannelCode>(['alipay', 'wechat', 'unionpay', 'bank_b2c']);
  const candidates = booked.filter((b) => b.plain && filed.has(b.channel) && !refunded.has(b.orderNo));
  const chosen = sample(random, candidates, plantCount(options.plant.platformExtra, options.orders) + plantCount(options.plant.amountMismatch, options.orders) + plantCount(options.plant.duplicate, options.orders));
  const plants: Plant[] = [];
  let k = 0;
  for (const kind of ['platformExtra', 'amountMismatch', 'duplicate'] as const) {
    for (let n = plantCount(options.plant[kind], options.orders); n > 0 && k < chosen.length; n--, k++) {
      const b = chosen[k]!;
      const delta = kind === 'amountMismatch' ? (random.chance(0.5) || b.amountMinor <= 500 ? 1 : -1) * random.int(1, Math.min(500, Math.max(1, b.amountMinor - 1))) : 0;
      plants.push({ kind, channel: b.channel, ref: b.orderNo, delta });
    }
  }
  const dropped = gateway.dropped.map((orderNo) => ({ kind: 'bankExtra' as const, channel: db.prepare('SELECT channel_code FROM pay_order WHERE order_no = ?').pluck().get(orderNo) as string, ref: orderNo, delta: 0 }));
  plants.push(...dropped);
  plants.push(...timing.map((ref) => ({ kind: 'timing' as const, channel: 'unionpay', ref, delta: 0 })));
  plants.push(...offsets.map((ref) => ({ kind: 'offset' as const, channel: 'bank_payout', ref, delta: 0 })));
  db.tx(() => {
    const insert = db.prepare('INSERT INTO sim_plant (sim_date, kind, channel_code, ref, delta_minor) VALUES (?, ?, ?, ?, ?)');
    for (const p of plants) insert.run(date, p.kind, p.channel, p.ref, p.delta);
  });

  return { channels: [...channels.values()], stats, plants };
}

