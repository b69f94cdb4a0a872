import type { Db, OrderStatus } from '../db/index.js';
import type { PayOrderTable } from '../db/schema.js';
import { fail } from '../errors.js';
import { accountingDateOf } from '../clock.js';
import { addSecondsLocal } from '../localtime.js';
import { allocate, applyRate, money, proportionalShare, formatMinor } from '../money/index.js';
import { requireAccount } from '../ledger/accounts.js';
import { getSetting } from '../settings.js';
import { loadChannels } from '../channels/store.js';
import { channelFee } from '../channels/defaults.js';
import type { CardType, Channel, ChannelCode, PayMethod } from '../channels/types.js';
import { route } from '../routing/router.js';
import type { RouteDecision } from '../routing/types.js';
import { assessRisk, DEFAULT_RISK_RULES, type RiskRule } from '../risk/rules.js';
import type { RiskResult } from '../risk/types.js';
import { productTerms } from '../merchants/merchants.js';
import { BUSINESS_CODES } from './business-codes.js';
import { COMPENSABLE_STATUSES, REFUNDABLE_STATUSES } from '../shared/rules.js';
import { LedgerBuffer } from './ledger-buffer.js';
import { fxPurchaseAmounts, type FxPurchaseAmounts } from './fx-payout.js';
import type { Gateway } from './gateway.js';
import { scheduleFirstNotification, scheduleRetry } from './notify.js';

export interface PayRequest {
  merchantId: string;
  /** the merchant's own business order number (商户订单号) */
  merchantOrderNo: string;
  payerId: string;
  method: PayMethod;
  amountMinor: number;
  currency: string;
  /** local time the payer pays, 'YYYY-MM-DD HH:mm:ss' */
  at: string;
  cardType?: CardType;
  /** split payment (分账): receivers and their shares; the splitting merchant keeps none */
  split?: { receiverId: string; amountMinor: number }[];
  /** the payer passed the step-up check (SMS) a VERIFY risk result asks for */
  verified?: boolean;
  /** minutes the payment order stays payable (validity window) */
  validMinutes?: number;
}

export interface PayResult {
  orderNo: string;
  status: OrderStatus;
  channel: ChannelCode | null;
  /** the platform fee this call charged: 0 unless it succeeded (a pending order's fee is charged when its late success is booked) */
  feeMinor: number;
  route: RouteDecision;
  risk: RiskResult;
  failureReason: string | null;
  voucherCount: number;
}

/** Payments a payer made on one accounting date: what the risk rules count. */
export interface PayerFigures {
  count: number;
  amount: number;
}

const COUNTED_STATUSES = "status IN ('succeeded', 'partially_refunded', 'refunded')";

/**
 * Running figures of a day the router and the risk rules read: amount taken per channel, payments per
 * payer. Read from the database once per key, then kept current; a simulator shares one across the
 * engines of a day.
 */
export class DayCounters {
  /** accounting date → channel code → amount taken; one live object per date is the router's input */
  private readonly usedByDate = new Map<string, Record<string, number>>();
  /** accounting date → payer → figures */
  private readonly payersByDate = new Map<string, Map<string, PayerFigures>>();
  /** dates whose payers were all read at once: a payer missing there has paid nothing that day */
  private readonly payersLoaded = new Set<string>();

  /** Amount taken per channel on `date`, read once per date; the same object is kept current by `addPayment`. */
  usedOn(db: Db, date: string, channels: readonly Channel[]): Record<string, number> {
    let used = this.usedByDate.get(date);
    if (!used) {
      const sum = db.prepare(`SELECT COALESCE(SUM(amount_minor), 0) FROM pay_order WHERE channel_code = ? AND accounting_date = ? AND ${COUNTED_STATUSES}`).pluck();
      used = {};
      for (const c of channels) used[c.code] = sum.get(c.code, date) as number;
      this.usedByDate.set(date, used);
    }
    return used;
  }

  payer(db: Db, payerId: string, date: string): PayerFigures {
    let payers = this.payersByDate.get(date);
    if (!payers) this.payersByDate.set(date, (payers = new Map()));
    let figures = payers.get(payerId);
    if (!figures) {
      figures = this.payersLoaded.has(date)
        ? { count: 0, amount: 0 }
        : (db.prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS amount FROM pay_order WHERE payer_id = ? AND accounting_date = ? AND ${COUNTED_STATUSES}`)
            .get(payerId, date) as PayerFigures);
      payers.set(payerId, figures);
    }
    return figures;
  }

  /**
   * Read every payer's figures for `date` in one query. A day of a million orders would otherwise ask
   * once per new payer; a caller that is about to pay a whole day calls this first.
   */
  loadPayers(db: Db, date: string): void {
    const payers = new Map<string, PayerFigures>();
    const rows = db.prepare(`SELECT payer_id, COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS amount FROM pay_order WHERE accounting_date = ? AND ${COUNTED_STATUSES} GROUP BY payer_id`)
      .all(date) as { payer_id: string; count: number; amount: number }[];
    for (const r of rows) payers.set(r.payer_id, { count: r.count, amount: r.amount });
    this.payersByDate.set(date, payers);
    this.payersLoaded.add(date);
  }

  /** A payment succeeded on `date`: count it for its channel's daily limit and for its payer. */
  addPayment(db: Db, channels: readonly Channel[], channel: string, payerId: string, date: string, amountMinor: number): void {
    const used = this.usedOn(db, date, channels);
    used[channel] = (used[channel] ?? 0) + amountMinor;
    const payer = this.payer(db, payerId, date);
    payer.count += 1;
    payer.amount += amountMinor;
  }
}

export interface RefundRequest {
  orderNo: string;
  amountMinor: number;
  reason: string;
  at: string;
}

export interface RefundResult {
  refundNo: string;
  status: 'succeeded' | 'failed';
  route: 'original' | 'payout' | 'balance';
  channel: string;
  amountMinor: number;
  feeReturnedMinor: number;
  orderStatus: OrderStatus;
}

/** A compensation above the original: the refund of what was left (if any) and the payout of the rest. */
export interface CompensationResult {
  orderNo: string;
  refund: RefundResult | null;
  payoutNo: string;
  aboveMinor: number;
  totalMinor: number;
}

type OrderRow = PayOrderTable;

const DEFAULT_VALID_MINUTES = 30;

function compactDate(localTime: string): string {
  return localTime.slice(0, 10).replaceAll('-', '');
}


function daysBetween(fromLocal: string, toLocal: string): number {
  return Math.floor((Date.parse(`${toLocal.slice(0, 10)}T00:00:00Z`) - Date.parse(`${fromLocal.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/**
 * The payment core for orders: validate → route → create order → risk → call channel → update order
 * → post. Every event writes its voucher, entry flows (入账流水) with a business code, and the
 * merchant's transaction (交易流水) and fund (资金流水) flows, through one LedgerBuffer.
 * Use it inside `run()` so each call commits whole.
 */
export class PaymentEngine {
  readonly buffer: LedgerBuffer;
  private readonly channels: Map<ChannelCode, Channel>;
  /** the same channels as a list, for the router: built once, not per payment */
  private readonly channelList: Channel[];
  private readonly cutoff: string;
  private readonly counters: DayCounters;
  private readonly accountIds = new Map<string, number>();
  private readonly terms = new Map<string, ReturnType<typeof productTerms>>();
  private nextOrderId: number;
  private nextRefundId: number;
  private readonly insertOrder;
  private readonly updateOrderStatus;

  constructor(
    private readonly db: Db,
    private readonly gateway: Gateway,
    post: { userId: number; at: string },
    private readonly options: {
      riskRules?: readonly RiskRule[];
      counters?: DayCounters;
      /** the merchant's callback endpoint, called right after a success (attempt 1); without it attempt 1 is queued */
      notifier?: (orderNo: string) => boolean;
    } = {},
  ) {
    this.buffer = new LedgerBuffer(db, post);
    this.counters = options.counters ?? new DayCounters();
    this.channels = new Map(loadChannels(db).map((c) => [c.code, c]));
    this.channelList = [...this.channels.values()];
    this.cutoff = getSetting(db, 'ledger.cutoff');
    this.nextOrderId = (db.prepare('SELECT COALESCE(MAX(id), 0) FROM pay_order').pluck().get() as number) + 1;
    this.nextRefundId = (db.prepare('SELECT COALESCE(MAX(id), 0) FROM refund_order').pluck().get() as number) + 1;
    this.insertOrder = db.prepare(
      `INSERT INTO pay_order (id, order_no, merchant_id, merchant_order_no, payer_id, method, kind, parent_id, channel_code, amount_minor, currency,
         fee_minor, status, created_at, expires_at, risk_decision, risk_rule, route_reason, failure_reason,
         paid_at, channel_time, channel_trade_no, accounting_date, channel_fee_minor, notify_status, business_synced)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateOrderStatus = db.prepare(
      `UPDATE pay_order SET status = ?, paid_at = ?, channel_time = ?, channel_trade_no = ?, accounting_date = ?, channel_fee_minor = ?, failure_reason = ?,
         notify_status = ?, business_synced = ? WHERE id = ?`,
    );
  }

  /** Run work as one transaction, flushing the buffered postings before it commits. */
  run<T>(fn: (engine: this) => T): T {
    return this.db.tx(() => {
      const result = fn(this);
      this.buffer.flush();
      return result;
    });
  }

  channel(code: string): Channel {
    return this.channels.get(code as ChannelCode) ?? fail('NOT_FOUND', `no channel ${code}`);
  }

  private account(purpose: string, ownerKind: 'internal' | 'merchant', ownerRef: string | null, currency: string): number {
    const key = `${ownerKind}:${purpose}:${ownerRef}:${currency}`;
    let id = this.accountIds.get(key);
    if (id === undefined) {
      id = requireAccount(this.db, { ownerKind, purpose, ownerRef, currency }).id;
      this.accountIds.set(key, id);
    }
    return id;
  }

  /** The account a channel's money sits in until clearing: channel receivable, or prepaid balances for the balance channel. */
  private channelAccount(code: string, currency: string): number {
    return code === 'balance' ? this.account('prepaid_balance', 'internal', null, currency) : this.account('channel_receivable', 'internal', code, currency);
  }

  private accountingDate(localTime: string): string {
    return accountingDateOf(localTime, this.cutoff);
  }

  /** Merchant terms per product, read once per engine (a day of orders asks millions of times). */
  private termsOf(merchantId: string, product: Parameters<typeof productTerms>[2]): ReturnType<typeof productTerms> {
    const key = `${merchantId}:${product}`;
    let t = this.terms.get(key);
    if (!t) {
      t = productTerms(this.db, merchantId, product);
      this.terms.set(key, t);
    }
    return t;
  }

  getOrder(orderNo: string): OrderRow {
    return (this.db.prepare('SELECT * FROM pay_order WHERE order_no = ?').get(orderNo) as OrderRow | undefined) ?? fail('NOT_FOUND', `no order ${orderNo}`);
  }

  /** Pay: a plain or split payment through the channel the router picks. */
  pay(req: PayRequest, parent?: { id: number; kind: 'combined_part' }): PayResult {
    if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor <= 0) fail('BAD_INPUT', `amount must be a positive whole number of fen, got ${req.amountMinor}`);
    if (!req.merchantOrderNo.trim()) fail('BAD_INPUT', 'merchant order number is required');
    const { feeRate } = this.termsOf(req.merchantId, req.method);
    const split = req.split && req.split.length > 0 ? this.validateSplit(req) : null;
    if (!parent && this.succeededOrderFor(req.merchantId, req.merchantOrderNo)) {
      fail('CONFLICT', `business order ${req.merchantOrderNo} of ${req.merchantId} is already paid`);
    }
    const date = this.accountingDate(req.at);
    // The router only reads the day's figures; it is handed the live object the counters keep current.
    const usedTodayMinor = this.counters.usedOn(this.db, date, this.channelList);
    const decision = route(
      { merchantId: req.merchantId, method: req.method, amountMinor: req.amountMinor, currency: req.currency, cardType: req.cardType, localTime: req.at, merchantBlockedChannels: [], usedTodayMinor },
      this.channelList,
    );
    const payer = this.counters.payer(this.db, req.payerId, date);
    const risk = assessRisk({
      merchantId: req.merchantId, payerId: req.payerId, method: req.method, amountMinor: req.amountMinor, currency: req.currency,
      localTime: req.at, payerCountToday: payer.count, payerAmountTodayMinor: payer.amount,
    }, this.options.riskRules ?? DEFAULT_RISK_RULES);

    const id = this.nextOrderId++;
    const orderNo = `P${compactDate(req.at)}${String(id).padStart(9, '0')}`;
    const kind = parent ? 'combined_part' : split ? 'split' : 'pay';
    let failureReason: string | null = null;
    if (!decision.channel) failureReason = `no channel: ${decision.reason}`;
    else if (risk.decision === 'BLOCK') failureReason = `risk ${risk.rule}: ${risk.reason}`;
    else if (risk.decision === 'VERIFY' && !req.verified) failureReason = `risk ${risk.rule}: step-up verification not completed`;

    const fee = split
      ? split.reduce((s, r) => s + r.feeMinor, 0)
      : applyRate(money(req.amountMinor, req.currency), feeRate).minor;
    // Charge first, then write the order once with its outcome: one insert instead of insert + update.
    const outcome = !failureReason && decision.channel
      ? this.gateway.charge({ orderNo, channel: decision.channel, amountMinor: req.amountMinor, at: req.at })
      : null;
    if (outcome?.outcome === 'fail') failureReason = `channel: ${outcome.failureReason ?? 'declined'}`;
    const status: OrderStatus = outcome?.outcome === 'success' ? 'succeeded' : failureReason ? 'failed' : 'pending';
    const row: OrderRow = {
      id, order_no: orderNo, merchant_id: req.merchantId, merchant_order_no: req.merchantOrderNo, payer_id: req.payerId, method: req.method, kind,
      parent_id: parent?.id ?? null, channel_code: decision.channel, amount_minor: req.amountMinor, currency: req.currency, fee_minor: fee,
      channel_fee_minor: 0, status, refunded_minor: 0, fee_returned_minor: 0, created_at: req.at,
      expires_at: addSecondsLocal(req.at, 60 * (req.validMinutes ?? DEFAULT_VALID_MINUTES)), paid_at: null,
      channel_time: outcome?.channelTime ?? null, channel_trade_no: outcome?.channelTradeNo ?? null,
      accounting_date: null, settled_date: null, risk_decision: risk.decision, risk_rule: risk.rule, route_reason: decision.reason,
      failure_reason: failureReason, business_synced: 0, notify_status: 'none',
    };
    if (status === 'succeeded') {
      row.paid_at = outcome!.notifiedAt;
      row.accounting_date = this.accountingDate(row.paid_at);
      row.channel_fee_minor = channelFee(this.channel(decision.channel!), req.amountMinor);
      if (kind !== 'combined_part') this.notifyFirst(row);
    }
    this.insertOrder.run(
      id, orderNo, row.merchant_id, row.merchant_order_no, row.payer_id, row.method, kind, row.parent_id, row.channel_code, row.amount_minor, row.currency,
      fee, status, row.created_at, row.expires_at, row.risk_decision, row.risk_rule, row.route_reason, failureReason,
      row.paid_at, row.channel_time, row.channel_trade_no, row.accounting_date, row.channel_fee_minor, row.notify_status, row.business_synced,
    );
    if (split) {
      const insert = this.db.prepare('INSERT INTO split_receiver (order_id, receiver_id, amount_minor, fee_minor) VALUES (?, ?, ?, ?)');
      for (const r of split) insert.run(id, r.receiverId, r.amountMinor, r.feeMinor);
    }
    const before = this.buffer.pending;
    // A 'no_callback' outcome is a dropped order (掉单): the channel took the money, its callback never
    // came; the order stays pending and reconciliation finds it in the channel's file (补单).
    if (status === 'succeeded') this.book(row);
    return {
      orderNo, status, channel: decision.channel, feeMinor: status === 'succeeded' ? fee : 0, route: decision, risk, failureReason,
      voucherCount: this.buffer.pending - before,
    };
  }

  private succeededOrderFor(merchantId: string, merchantOrderNo: string, except?: number): OrderRow | undefined {
    return this.db.prepare(
      `SELECT * FROM pay_order WHERE merchant_id = ? AND merchant_order_no = ? AND kind <> 'combined_part' AND id <> ?
         AND status IN ('succeeded', 'partially_refunded', 'refunded') ORDER BY id LIMIT 1`,
    ).get(merchantId, merchantOrderNo, except ?? -1) as OrderRow | undefined;
  }

  private validateSplit(req: PayRequest): { receiverId: string; amountMinor: number; feeMinor: number }[] {
    this.termsOf(req.merchantId, 'split');
    const { feeRate } = this.termsOf(req.merchantId, req.method);
    const seen = new Set<string>();
    let total = 0;
    const out = req.split!.map((r) => {
      if (seen.has(r.receiverId)) fail('BAD_INPUT', `split receiver ${r.receiverId} appears twice`);
      seen.add(r.receiverId);
      if (r.receiverId === req.merchantId) fail('BAD_INPUT', 'the splitting merchant keeps none of a split payment; it cannot be a receiver');
      if (!Number.isSafeInteger(r.amountMinor) || r.amountMinor <= 0) fail('BAD_INPUT', `split share of ${r.receiverId} must be a positive whole number of fen`);
      if (!this.db.prepare("SELECT 1 FROM merchant WHERE id = ? AND status = 'active'").get(r.receiverId)) fail('NOT_FOUND', `no active split receiver ${r.receiverId}`);
      total += r.amountMinor;
      return { receiverId: r.receiverId, amountMinor: r.amountMinor, feeMinor: applyRate(money(r.amountMinor, req.currency), feeRate).minor };
    });
    if (total !== req.amountMinor) {
      fail('BAD_INPUT', `split shares add up to ${formatMinor(total, req.currency)}, not the order amount ${formatMinor(req.amountMinor, req.currency)}`);
    }
    return out;
  }

  /**
   * The success path shared by a direct result, a late callback and a supplement (补单): mark the
   * order succeeded, post its voucher and flows, schedule the merchant notification.
   */
  private succeed(order: OrderRow, channelTime: string, paidAt: string, channelTradeNo: string): void {
    const channel = this.channel(order.channel_code!);
    const booked: OrderRow = {
      ...order, status: 'succeeded', paid_at: paidAt, channel_time: channelTime, channel_trade_no: channelTradeNo,
      accounting_date: this.accountingDate(paidAt), channel_fee_minor: channelFee(channel, order.amount_minor), failure_reason: null,
    };
    if (order.kind !== 'combined_part') this.notifyFirst(booked);
    this.updateOrderStatus.run('succeeded', paidAt, channelTime, channelTradeNo, booked.accounting_date, booked.channel_fee_minor, null,
      booked.notify_status, booked.business_synced, order.id);
    this.book(booked);
  }

  /**
   * Attempt 1 of the merchant notification, right after success: with a notifier the merchant is
   * called now and only a failure leaves something queued; without one, attempt 1 is queued.
   */
  private notifyFirst(order: OrderRow): void {
    if (!this.options.notifier) {
      order.notify_status = 'pending';
      return;
    }
    const delivered = this.options.notifier(order.order_no);
    order.notify_status = delivered ? 'delivered' : 'pending';
    order.business_synced = delivered ? 1 : 0;
  }

  /** Post a succeeded order: its voucher and entry flow; queue the merchant notification if one is still due. */
  private book(order: OrderRow): void {
    const channel = this.channel(order.channel_code!);
    const paidAt = order.paid_at!;
    const channelTradeNo = order.channel_trade_no;
    const date = order.accounting_date!;
    const currency = order.currency;
    const receivers = order.kind === 'split'
      ? (this.db.prepare('SELECT receiver_id, amount_minor, fee_minor FROM split_receiver WHERE order_id = ? ORDER BY receiver_id').all(order.id) as { receiver_id: string; amount_minor: number; fee_minor: number }[])
      : [{ receiver_id: order.merchant_id, amount_minor: order.amount_minor, fee_minor: order.fee_minor }];
    const feeIncome = this.account('fee_income', 'internal', null, currency);
    const lines: { accountId: number; direction: 'D' | 'C'; amountMinor: number; summary?: string }[] = [
      { accountId: this.channelAccount(channel.code, currency), direction: 'D', amountMinor: order.amount_minor },
    ];
    for (const r of receivers) {
      const pending = this.account('merchant_pending', 'merchant', r.receiver_id, currency);
      lines.push({ accountId: pending, direction: 'C', amountMinor: r.amount_minor });
      if (r.fee_minor > 0) {
        lines.push({ accountId: pending, direction: 'D', amountMinor: r.fee_minor, summary: `手续费 fee ${order.order_no}` });
      }
    }
    const totalFee = receivers.reduce((s, r) => s + r.fee_minor, 0);
    if (totalFee > 0) lines.push({ accountId: feeIncome, direction: 'C', amountMinor: totalFee, summary: `手续费 fee ${order.order_no}` });
    const businessCode = channel.code === 'balance' ? BUSINESS_CODES.PAY_BALANCE : BUSINESS_CODES.PAY;
    this.buffer.add(
      { accountingDate: date, businessCode, summary: `支付成功 ${order.order_no}`, sourceRef: order.order_no, lines },
      [{ channelCode: channel.code, businessCode, orderNo: order.order_no, channelTradeNo, direction: 'in', amountMinor: order.amount_minor, currency, occurredAt: paidAt, accountingDate: date }],
    );
    this.counters.addPayment(this.db, this.channelList, channel.code, order.payer_id, date, order.amount_minor);
    if (order.notify_status === 'pending') {
      if (this.options.notifier) scheduleRetry(this.db, order.id, paidAt);
      else scheduleFirstNotification(this.db, order.id, paidAt, { orderUpdated: true });
    }
  }

  /**
   * A late success callback (or a supplement from reconciliation): a pending or failed order becomes
   * succeeded and is booked on the day we learn of it; T+1 reconciliation then sees it. If another
   * attempt already paid the same business order, this one is a duplicate payment: booked (the money
   * was taken) and listed for finance to confirm and refund.
   */
  callback(input: { orderNo: string; channelTradeNo: string; channelTime: string; at: string }): { orderNo: string; status: OrderStatus; duplicateOf: string | null; changed: boolean } {
    const order = this.getOrder(input.orderNo);
    if (order.status === 'succeeded' || order.status === 'partially_refunded' || order.status === 'refunded') {
      return { orderNo: order.order_no, status: order.status, duplicateOf: null, changed: false };
    }
    if (order.status === 'cancelled') fail('CONFLICT', `order ${order.order_no} was cancelled; a success callback for it needs finance to refund the payer`);
    if (!order.channel_code) fail('CONFLICT', `order ${order.order_no} never reached a channel`);
    const first = order.kind === 'combined_part' ? undefined : this.succeededOrderFor(order.merchant_id, order.merchant_order_no, order.id);
    this.succeed(order, input.channelTime, input.at, input.channelTradeNo);
    if (first) {
      this.db.prepare(
        `INSERT INTO duplicate_payment (order_id, first_order_id, merchant_id, merchant_order_no, amount_minor, detected_at, status)
         VALUES (?, ?, ?, ?, ?, ?, 'open')`,
      ).run(order.id, first.id, order.merchant_id, order.merchant_order_no, order.amount_minor, input.at);
    }
    return { orderNo: order.order_no, status: 'succeeded', duplicateOf: first?.order_no ?? null, changed: true };
  }

  /** Cancel (撤销) a payment that has not succeeded: the prepay order stops being payable. */
  cancel(orderNo: string, at: string): { orderNo: string; status: OrderStatus } {
    const order = this.getOrder(orderNo);
    if (order.status !== 'pending') {
      fail('CONFLICT', `order ${orderNo} is ${order.status}; only a pending order can be cancelled${order.status === 'succeeded' ? ' (refund it instead)' : ''}`);
    }
    this.db.prepare("UPDATE pay_order SET status = 'cancelled', failure_reason = ? WHERE id = ?").run(`cancelled at ${at}`, order.id);
    return { orderNo, status: 'cancelled' };
  }

  /**
   * Who gives a refund of `amountMinor` back, and from which account: the merchant, or each split
   * receiver in proportion to what it has left; from available where that share is settled, else
   * from pending. Refused when an account does not cover its part less the fee returned.
   */
  private refundShares(order: OrderRow, amountMinor: number): { receiverId: string; amount: number; feeBack: number; accountId: number }[] {
    const currency = order.currency;
    // Who gives the money back: the merchant, or each split receiver in proportion to its share.
    const receivers = order.kind === 'split'
      ? (this.db.prepare('SELECT receiver_id, amount_minor, fee_minor, refunded_minor FROM split_receiver WHERE order_id = ? ORDER BY receiver_id').all(order.id) as {
          receiver_id: string; amount_minor: number; fee_minor: number; refunded_minor: number }[])
      : [{ receiver_id: order.merchant_id, amount_minor: order.amount_minor, fee_minor: order.fee_minor, refunded_minor: order.refunded_minor }];
    const remaining = receivers.map((r) => r.amount_minor - r.refunded_minor);
    const parts = receivers.length === 1 ? [amountMinor] : allocate(money(amountMinor, currency), remaining).map((m) => m.minor);
    // from available where that receiver's share is settled, else from pending (a split order's receivers settle on their own cycles)
    const settledShares = order.kind === 'split'
      ? new Set(this.db.prepare('SELECT receiver_id FROM settlement_order WHERE order_id = ?').pluck().all(order.id) as string[])
      : null;
    return receivers.map((r, i) => {
      const settled = settledShares ? settledShares.has(r.receiver_id) : order.settled_date !== null;
      const purpose = settled ? 'merchant_available' : 'merchant_pending';
      const amount = parts[i]!;
      const feeBack = amount === 0 ? 0 : proportionalShare({
        total: money(r.fee_minor, currency), whole: money(r.amount_minor, currency),
        before: money(r.refunded_minor, currency), now: money(amount, currency), rounding: 'HALF_UP',
      }).minor;
      const accountId = this.account(purpose, 'merchant', r.receiver_id, currency);
      const need = amount - feeBack;
      if (need > this.buffer.projectedBalance(accountId)) {
        fail('INSUFFICIENT_FUNDS',
          `merchant ${r.receiver_id} has ${formatMinor(this.buffer.projectedBalance(accountId), currency)} ${purpose === 'merchant_pending' ? 'pending settlement' : 'available'}, not enough for this refund (${formatMinor(need, currency)})`);
      }
      return { receiverId: r.receiver_id, amount, feeBack, accountId };
    });
  }

  /**
   * Refund all or part of a successful payment. The refund comes out of the merchant's pending
   * funds while unsettled, or its available balance once settled, and must be covered by it; the
   * platform fee comes back in proportion. Past the channel's refund window the refund goes out
   * through the payout channel instead (docs/domain.md#refunds).
   */
  refund(req: RefundRequest): RefundResult {
    const order = this.getOrder(req.orderNo);
    if (order.kind === 'combined') fail('BAD_INPUT', `order ${order.order_no} is a combined payment: refund each of its parts`);
    if (!REFUNDABLE_STATUSES.includes(order.status)) {
      fail('CONFLICT', `order ${order.order_no} is ${order.status}; only a successful payment can be refunded`);
    }
    if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor <= 0) fail('BAD_INPUT', `refund amount must be a positive whole number of fen, got ${req.amountMinor}`);
    const left = order.amount_minor - order.refunded_minor;
    if (req.amountMinor > left) {
      fail('BAD_INPUT', `refund ${formatMinor(req.amountMinor, order.currency)} exceeds what is left to refund on ${order.order_no}: ${formatMinor(left, order.currency)}`);
    }
    if (!req.reason.trim()) fail('BAD_INPUT', 'a refund needs a reason');
    const currency = order.currency;
    const original = this.channel(order.channel_code!);
    const age = daysBetween(order.paid_at!, req.at);
    const routeKind: RefundResult['route'] = original.code === 'balance' ? 'balance' : age > original.refundWindowDays ? 'payout' : 'original';
    const channel = routeKind === 'payout' ? this.channel('bank_payout') : original;
    const businessCode = routeKind === 'payout' ? BUSINESS_CODES.REFUND_PAYOUT : routeKind === 'balance' ? BUSINESS_CODES.REFUND_BALANCE : BUSINESS_CODES.REFUND;

    const shares = this.refundShares(order, req.amountMinor);
    const feeReturned = shares.reduce((s, x) => s + x.feeBack, 0);

    const id = this.nextRefundId++;
    const refundNo = `R${compactDate(req.at)}${String(id).padStart(9, '0')}`;
    const outcome = this.gateway.refund({ refundNo, orderNo: order.order_no, channel: channel.code, amountMinor: req.amountMinor, at: req.at });
    const date = this.accountingDate(req.at);
    this.db.prepare(
      `INSERT INTO refund_order (id, refund_no, order_id, amount_minor, fee_returned_minor, channel_code, route, status, reason, created_at, channel_time, channel_trade_no, accounting_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, refundNo, order.id, req.amountMinor, outcome.outcome === 'success' ? feeReturned : 0, channel.code, routeKind,
      outcome.outcome === 'success' ? 'succeeded' : 'failed', req.reason, req.at, outcome.channelTime, outcome.channelTradeNo, date);
    if (outcome.outcome !== 'success') {
      return { refundNo, status: 'failed', route: routeKind, channel: channel.code, amountMinor: req.amountMinor, feeReturnedMinor: 0, orderStatus: order.status };
    }

    const lines: { accountId: number; direction: 'D' | 'C'; amountMinor: number; summary?: string }[] = [];
    for (const s of shares) {
      if (s.amount === 0) continue;
      lines.push({ accountId: s.accountId, direction: 'D', amountMinor: s.amount });
      if (s.feeBack > 0) lines.push({ accountId: s.accountId, direction: 'C', amountMinor: s.feeBack, summary: `退还手续费 fee returned ${refundNo}` });
      if (order.kind === 'split') {
        this.db.prepare('UPDATE split_receiver SET refunded_minor = refunded_minor + ? WHERE order_id = ? AND receiver_id = ?').run(s.amount, order.id, s.receiverId);
        this.db.prepare('INSERT INTO refund_share (refund_id, receiver_id, amount_minor, fee_returned_minor) VALUES (?, ?, ?, ?)').run(id, s.receiverId, s.amount, s.feeBack);
      }
    }
    lines.push({ accountId: this.channelAccount(channel.code, currency), direction: 'C', amountMinor: req.amountMinor });
    if (feeReturned > 0) lines.push({ accountId: this.account('fee_income', 'internal', null, currency), direction: 'D', amountMinor: feeReturned, summary: `退还手续费 fee returned ${refundNo}` });
    this.buffer.add(
      { accountingDate: date, businessCode, summary: `退款 ${refundNo} of ${order.order_no}`, sourceRef: refundNo, lines },
      [{ channelCode: channel.code, businessCode, orderNo: refundNo, channelTradeNo: outcome.channelTradeNo, direction: 'out', amountMinor: req.amountMinor, currency, occurredAt: req.at, accountingDate: date }],
    );
    const refunded = order.refunded_minor + req.amountMinor;
    const orderStatus: OrderStatus = refunded === order.amount_minor ? 'refunded' : 'partially_refunded';
    this.db.prepare('UPDATE pay_order SET refunded_minor = ?, fee_returned_minor = fee_returned_minor + ?, status = ? WHERE id = ?')
      .run(refunded, feeReturned, orderStatus, order.id);
    return { refundNo, status: 'succeeded', route: routeKind, channel: channel.code, amountMinor: req.amountMinor, feeReturnedMinor: feeReturned, orderStatus };
  }

  /**
   * Combined payment (组合支付, S2): the prepaid card is short, so the third-party channel is
   * charged first, then the card. If the card part fails, the channel part is refunded and the
   * whole payment fails.
   */
  payCombined(req: PayRequest & { balanceMinor: number }): { orderNo: string; status: OrderStatus; parts: PayResult[] } {
    if (req.method === 'balance') fail('BAD_INPUT', 'a combined payment pairs a channel method with the prepaid balance');
    if (!Number.isSafeInteger(req.balanceMinor) || req.balanceMinor <= 0 || req.balanceMinor >= req.amountMinor) {
      fail('BAD_INPUT', 'the prepaid part must be more than 0 and less than the order amount');
    }
    this.termsOf(req.merchantId, 'balance');
    if (this.succeededOrderFor(req.merchantId, req.merchantOrderNo)) fail('CONFLICT', `business order ${req.merchantOrderNo} of ${req.merchantId} is already paid`);
    const id = this.nextOrderId++;
    const orderNo = `P${compactDate(req.at)}${String(id).padStart(9, '0')}`;
    this.insertOrder.run(id, orderNo, req.merchantId, req.merchantOrderNo, req.payerId, `${req.method}+balance`, 'combined', null, null, req.amountMinor, req.currency,
      0, 'pending', req.at, addSecondsLocal(req.at, 60 * (req.validMinutes ?? DEFAULT_VALID_MINUTES)), 'PASS', null, 'combined: channel part first, then prepaid card', null,
      null, null, null, null, 0, 'none', 0);
    const parent = { id, kind: 'combined_part' as const };
    const channelPart = this.pay({ ...req, amountMinor: req.amountMinor - req.balanceMinor, split: undefined }, parent);
    const parts = [channelPart];
    let status: OrderStatus = 'failed';
    let reason: string | null = channelPart.failureReason ?? (channelPart.status === 'pending' ? 'channel part has no result yet' : null);
    if (channelPart.status === 'succeeded') {
      const cardPart = this.pay({ ...req, method: 'balance', amountMinor: req.balanceMinor, split: undefined }, parent);
      parts.push(cardPart);
      if (cardPart.status === 'succeeded') {
        status = 'succeeded';
        reason = null;
      } else {
        reason = `prepaid part failed (${cardPart.failureReason ?? cardPart.status}); channel part refunded`;
        this.refund({ orderNo: channelPart.orderNo, amountMinor: req.amountMinor - req.balanceMinor, reason: 'combined payment: prepaid part failed', at: req.at });
      }
    }
    const fee = parts.filter((p) => p.status === 'succeeded').reduce((s, p) => s + p.feeMinor, 0);
    this.db.prepare('UPDATE pay_order SET status = ?, fee_minor = ?, failure_reason = ?, paid_at = ?, accounting_date = ? WHERE id = ?')
      .run(status, status === 'succeeded' ? fee : 0, reason, status === 'succeeded' ? req.at : null, status === 'succeeded' ? this.accountingDate(req.at) : null, id);
    if (status === 'succeeded') scheduleFirstNotification(this.db, id, req.at);
    return { orderNo, status, parts };
  }

  /** Refuse a payout of `amountMinor` that the merchant's available balance does not cover; its account id. */
  private availableFor(merchantId: string, amountMinor: number, currency: string): number {
    const available = this.account('merchant_available', 'merchant', merchantId, currency);
    if (amountMinor <= 0 || !Number.isSafeInteger(amountMinor)) fail('BAD_INPUT', 'payout amount must be a positive whole number of fen');
    if (amountMinor > this.buffer.projectedBalance(available)) {
      fail('INSUFFICIENT_FUNDS', `merchant ${merchantId} has ${formatMinor(this.buffer.projectedBalance(available), currency)} available, less than the payout ${formatMinor(amountMinor, currency)}`);
    }
    return available;
  }

  /** A payout order the bank will execute for `amountMinor`: its number and accounting date. */
  private openPayout(input: { merchantId: string; amountMinor: number; currency: string; bankAccount: string; at: string }): { payoutNo: string; date: string } {
    const date = this.accountingDate(input.at);
    const seq = (this.db.prepare('SELECT COALESCE(MAX(id), 0) + 1 FROM payout_order').pluck().get() as number);
    const payoutNo = `W${compactDate(input.at)}${String(seq).padStart(9, '0')}`;
    this.db.prepare(
      "INSERT INTO payout_order (payout_no, merchant_id, amount_minor, currency, bank_account, status, created_at, accounting_date) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?)",
    ).run(payoutNo, input.merchantId, input.amountMinor, input.currency, input.bankAccount, input.at, date);
    return { payoutNo, date };
  }

  /** One voucher between a merchant's available balance and the payout channel, with its entry flow. */
  private payoutPosting(p: { payoutNo: string; date: string; at: string; code: string; summary: string; available: number; amountMinor: number; currency: string; toMerchant: boolean }): void {
    const payable = this.channelAccount('bank_payout', p.currency);
    const [debit, credit] = p.toMerchant ? [payable, p.available] : [p.available, payable];
    this.buffer.add(
      {
        accountingDate: p.date, businessCode: p.code, summary: p.summary, sourceRef: p.payoutNo,
        lines: [{ accountId: debit, direction: 'D', amountMinor: p.amountMinor }, { accountId: credit, direction: 'C', amountMinor: p.amountMinor }],
      },
      [{ channelCode: 'bank_payout', businessCode: p.code, orderNo: p.payoutNo, channelTradeNo: null, direction: p.toMerchant ? 'in' : 'out', amountMinor: p.amountMinor, currency: p.currency, occurredAt: p.at, accountingDate: p.date }],
    );
  }

  /**
   * Withdrawal / payout to a merchant's bank account (500401), from its available balance through
   * the payout channel. A failed payout is refilled (500402) with the same number and amount, which
   * is what internal offsets (勾销) pair up.
   */
  withdraw(input: { merchantId: string; amountMinor: number; currency: string; bankAccount: string; at: string }): { payoutNo: string } {
    const available = this.availableFor(input.merchantId, input.amountMinor, input.currency);
    const { payoutNo, date } = this.openPayout(input);
    this.payoutPosting({ payoutNo, date, at: input.at, code: BUSINESS_CODES.WITHDRAW, summary: `提现 payout ${payoutNo}`, available, amountMinor: input.amountMinor, currency: input.currency, toMerchant: false });
    return { payoutNo };
  }

  /**
   * A cross-border payout (境外付汇): the bank buys the foreign amount and debits the payout account
   * once, at its dealt rate; the merchant is charged at the quoted rate (520101) and the difference
   * is put back (400319) or charged as a second 520101 (core/orders/fx-payout.ts). The payout order
   * carries what the bank debits; its entries sum to it.
   */
  exchangePayout(input: { merchantId: string; foreignMinor: number; foreignCurrency: string; quotedRate: string; dealtRate: string; bankAccount: string; at: string }): { payoutNo: string } & FxPurchaseAmounts {
    const amounts = fxPurchaseAmounts(input);
    const available = this.availableFor(input.merchantId, Math.max(amounts.quotedMinor, amounts.dealtMinor), 'CNY');
    const { payoutNo, date } = this.openPayout({ merchantId: input.merchantId, amountMinor: amounts.dealtMinor, currency: 'CNY', bankAccount: input.bankAccount, at: input.at });
    this.db.prepare('INSERT INTO fx_purchase (payout_no, foreign_currency, foreign_minor, quoted_rate, dealt_rate, quoted_minor, dealt_minor) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(payoutNo, input.foreignCurrency, input.foreignMinor, input.quotedRate, input.dealtRate, amounts.quotedMinor, amounts.dealtMinor);
    const posting = { payoutNo, date, at: input.at, available, currency: 'CNY' };
    const bought = `${formatMinor(input.foreignMinor, input.foreignCurrency)} ${input.foreignCurrency}`;
    this.payoutPosting({ ...posting, code: BUSINESS_CODES.FX_PURCHASE, summary: `境外收单购汇扣款 FX purchase ${bought} @${input.quotedRate} ${payoutNo}`, amountMinor: amounts.quotedMinor, toMerchant: false });
    if (amounts.gainMinor > 0) {
      this.payoutPosting({ ...posting, code: BUSINESS_CODES.FX_GAIN_REFILL, summary: `购汇益回补 FX gain @${input.dealtRate} ${payoutNo}`, amountMinor: amounts.gainMinor, toMerchant: true });
    }
    if (amounts.extraMinor > 0) {
      this.payoutPosting({ ...posting, code: BUSINESS_CODES.FX_PURCHASE, summary: `境外收单购汇扣款 FX rest @${input.dealtRate} ${payoutNo}`, amountMinor: amounts.extraMinor, toMerchant: false });
    }
    return { payoutNo, ...amounts };
  }

  /**
   * Give a payer back more than the payment (超额赔付, seed 002): what is left to refund goes by the
   * usual route, and the part above the original is paid from the merchant's available balance
   * through the dedicated payout channel (410501), never through the paying channel, which refuses
   * a refund above its payment (docs/domain.md#refunds).
   */
  compensate(req: RefundRequest & { payeeAccount: string }): CompensationResult {
    const order = this.getOrder(req.orderNo);
    if (order.kind !== 'pay') fail('BAD_INPUT', `order ${order.order_no} is a ${order.kind} payment: compensate a single payment (a split or combined order has no one merchant to pay it)`);
    if (!COMPENSABLE_STATUSES.includes(order.status)) fail('CONFLICT', `order ${order.order_no} is ${order.status}; only a successful payment can be compensated`);
    if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor <= 0) fail('BAD_INPUT', `compensation must be a positive whole number of fen, got ${req.amountMinor}`);
    const left = order.amount_minor - order.refunded_minor;
    if (req.amountMinor <= left) {
      fail('BAD_INPUT', `${formatMinor(req.amountMinor, order.currency)} is within what is left to refund on ${order.order_no} (${formatMinor(left, order.currency)}): refund it instead`);
    }
    if (!req.payeeAccount.trim()) fail('BAD_INPUT', 'a compensation needs the payee account it is paid to');
    const refund = left > 0 ? this.refund({ orderNo: order.order_no, amountMinor: left, reason: req.reason, at: req.at }) : null;
    if (refund && refund.status !== 'succeeded') fail('CONFLICT', `channel ${refund.channel} declined the refund of ${order.order_no}; nothing was paid`);
    const aboveMinor = req.amountMinor - left;
    const available = this.availableFor(order.merchant_id, aboveMinor, order.currency);
    const { payoutNo, date } = this.openPayout({ merchantId: order.merchant_id, amountMinor: aboveMinor, currency: order.currency, bankAccount: req.payeeAccount.trim(), at: req.at });
    this.db.prepare('INSERT INTO compensation (payout_no, order_no, refund_no, reason) VALUES (?, ?, ?, ?)').run(payoutNo, order.order_no, refund?.refundNo ?? null, req.reason);
    this.payoutPosting({ payoutNo, date, at: req.at, code: BUSINESS_CODES.COMPENSATION, summary: `超额赔付 compensation ${payoutNo} of ${order.order_no}`, available, amountMinor: aboveMinor, currency: order.currency, toMerchant: false });
    return { orderNo: order.order_no, refund, payoutNo, aboveMinor, totalMinor: req.amountMinor };
  }

  /** The bank returned a payout: put the money back (500402), same number, same amount. */
  refillPayout(payoutNo: string, at: string): void {
    const p = this.db.prepare('SELECT * FROM payout_order WHERE payout_no = ?').get(payoutNo) as
      | { merchant_id: string; amount_minor: number; currency: string; status: string } | undefined;
    if (!p) fail('NOT_FOUND', `no payout ${payoutNo}`);
    if (p.status === 'refilled') fail('CONFLICT', `payout ${payoutNo} was already refilled`);
    if (this.db.prepare('SELECT 1 FROM fx_purchase WHERE payout_no = ?').get(payoutNo)) {
      fail('CONFLICT', `payout ${payoutNo} is a cross-border payout: a returned purchase is settled with the bank, not refilled as 500402`);
    }
    if (this.db.prepare('SELECT 1 FROM compensation WHERE payout_no = ?').get(payoutNo)) {
      fail('CONFLICT', `payout ${payoutNo} is a compensation: a returned one is paid again to a corrected account, not refilled as 500402`);
    }
    const date = this.accountingDate(at);
    this.db.prepare("UPDATE payout_order SET status = 'refilled' WHERE payout_no = ?").run(payoutNo);
    const available = this.account('merchant_available', 'merchant', p.merchant_id, p.currency);
    this.payoutPosting({ payoutNo, date, at, code: BUSINESS_CODES.WITHDRAW_REFILL, summary: `提现失败退回 payout refilled ${payoutNo}`, available, amountMinor: p.amount_minor, currency: p.currency, toMerchant: true });
  }

}
