import { z } from 'zod';
import { ANY, WRITERS, ADMINS, REVIEWERS, method, now } from './registry.js';
import { confirmDuplicate, listDuplicates, refundDuplicate } from '../orders/duplicates.js';
import { isoDate } from './ledger.js';
import { PaymentEngine } from '../orders/engine.js';
import { fundFlows, transFlows } from '../orders/flows.js';
import { currentLocalTime } from '../ledger/days.js';
import { acceptingGateway } from '../orders/gateway.js';
import { checkSignature, type SignedParams } from '../merchants/signature.js';
import { acceptOnce } from '../merchants/replay.js';
import { createMerchant, getMerchant, listMerchants, productTerms, PRODUCTS } from '../merchants/merchants.js';
import { loadChannels } from '../channels/store.js';
import { PAY_METHODS } from '../channels/types.js';
import { fail } from '../errors.js';
import { simulateDay } from '../simulator/day.js';
import { parsePlant } from '../simulator/plant.js';
import { updateChannelTerms } from '../channels/terms.js';
import { updateProductTerms } from '../merchants/terms.js';
import { CHANNEL_CODES } from '../channels/types.js';
import { ROUNDING_MODES } from '../shared/rules.js';
import { previewRoute, ROUTING_RULES } from '../routing/rules.js';

const ROUNDINGS = ROUNDING_MODES;
const clock = z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:mm');

const minor = z.number().int().positive();
const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be a local time YYYY-MM-DD HH:mm:ss');

/** Refuses a request whose signature does not cover every field as sent, naming the added field where it can. */
function refuseUnlessSigned(request: SignedParams & { merchantId: string }, signKey: string): void {
  const check = checkSignature(request, signKey);
  if (check.ok) return;
  if (check.unsignedField !== null) {
    fail('FORBIDDEN', `the request of merchant ${request.merchantId} carries ${check.unsignedField}, which its signature does not cover / 字段 ${check.unsignedField} 未签名`, {
      reason: 'UNSIGNED_FIELD', params: { field: check.unsignedField },
    });
  }
  fail('FORBIDDEN', `bad signature on the request of merchant ${request.merchantId}: one of its signed fields (${check.signedFields.join(', ')}) was changed, or the key is wrong / 签名不符`, {
    reason: 'BAD_SIGNATURE', params: { fields: check.signedFields.join(',') },
  });
}

function engineFor(ctx: Parameters<Parameters<typeof method>[0]['run']>[0]): PaymentEngine {
  return new PaymentEngine(ctx.db, acceptingGateway, { userId: ctx.user.id, at: now(ctx) });
}


export const paymentMethods = {
  'merchants.list': method({ summary: 'merchants with their products, fee rates and settlement cycles', input: z.object({}).default({}), roles: ANY, run: (ctx) => listMerchants(ctx.db) }),
  'merchants.get': method({ summary: 'one merchant', input: z.object({ id: z.string() }), roles: ANY, run: (ctx, input) => getMerchant(ctx.db, input.id) }),
  'merchants.create': method({
    summary: 'create a merchant with its customer, products and ledger accounts',
    input: z.object({
      id: z.string(), name: z.string().min(1), signKey: z.string().min(16), currency: z.string().default('CNY'),
      customer: z.object({ id: z.string(), name: z.string(), kind: z.enum(['company', 'person']) }),
      products: z.array(z.object({
        product: z.enum(PRODUCTS), feeRate: z.string(), feeRounding: z.enum(ROUNDING_MODES).default('HALF_UP'),
        settlementCycle: z.enum(['D0', 'D1', 'T1', 'Dn']), settlementDays: z.number().int().nonnegative(),
      })).min(1),
    }),
    roles: ADMINS,
    run: (ctx, input) => createMerchant(ctx.db, input, now(ctx)),
  }),
  'channels.list': method({ summary: 'channels with terms and live quality figures', input: z.object({}).default({}), roles: ANY, run: (ctx) => loadChannels(ctx.db) }),
  'channels.update': method({
    summary: 'change a channel’s terms: fee rate ("0.38%" or "0.0038"), single and daily limits, cut-off, opening hours, refund window, status (audited)',
    input: z.object({
      code: z.enum(CHANNEL_CODES), feeRate: z.string().optional(), feeRounding: z.enum(ROUNDINGS).optional(),
      singleMaxMinor: z.number().int().optional(), dailyMaxMinor: z.number().int().optional(), cutoff: clock.optional(),
      openFrom: clock.nullable().optional(), openTo: clock.nullable().optional(), refundWindowDays: z.number().int().optional(),
      status: z.enum(['up', 'degraded', 'down']).optional(),
    }),
    roles: ADMINS,
    run: (ctx, input) => updateChannelTerms(ctx.db, input, ctx.user, now(ctx)),
  }),
  'merchants.setProduct': method({
    summary: 'change a merchant product’s fee rate ("0.6%" or "0.006"), settlement cycle (D0/D1/T1/Dn) or status (audited)',
    input: z.object({
      merchantId: z.string().min(1), product: z.enum(PRODUCTS), feeRate: z.string().optional(), feeRounding: z.enum(ROUNDINGS).optional(),
      settlementCycle: z.enum(['D0', 'D1', 'T1', 'Dn']).optional(), settlementDays: z.number().int().optional(), status: z.enum(['open', 'closed']).optional(),
    }),
    roles: ADMINS,
    run: (ctx, input) => updateProductTerms(ctx.db, input, ctx.user, now(ctx)),
  }),
  'routing.rules': method({ summary: 'the router’s rules level by level (basic → feature → quality), in both languages', input: z.object({}).default({}), roles: ANY, run: () => ROUTING_RULES }),
  'routing.preview': method({
    summary: 'where a payment would be routed now, with each level’s kept and dropped channels and why (writes nothing)',
    input: z.object({ method: z.enum(PAY_METHODS), amountMinor: minor, currency: z.string().default('CNY'), cardType: z.enum(['debit', 'credit']).optional(), localTime }),
    roles: ANY,
    run: (ctx, input) => previewRoute(ctx.db, input),
  }),
  'orders.pay': method({
    summary: 'a merchant payment request, signed with the merchant key over every field (docs/domain.md#request-signatures): validate, route, risk, charge, post',
    // strict: a field we do not know is refused, never dropped unseen
    input: z.object({
      merchantId: z.string(), merchantOrderNo: z.string().min(1), payerId: z.string().min(1), method: z.enum(PAY_METHODS),
      amountMinor: minor, currency: z.string().optional(), at: localTime.optional(), cardType: z.enum(['debit', 'credit']).optional(),
      split: z.array(z.object({ receiverId: z.string(), amountMinor: minor }).strict()).optional(), verified: z.boolean().optional(),
      // 组合支付: this much from the payer's prepaid balance, the rest through the channel method
      balanceMinor: minor.optional(),
      nonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, _ or -'), timestamp: z.number().int().positive(), sign: z.string(),
    }).strict(),
    roles: WRITERS,
    run: (ctx, input) => {
      const { signKey } = productTerms(ctx.db, input.merchantId, input.method);
      refuseUnlessSigned(input, signKey);
      const { nonce, timestamp, sign: _sign, ...request } = input;
      const engine = engineFor(ctx);
      return engine.run((e) => {
        acceptOnce(ctx.db, { merchantId: input.merchantId, nonce, timestamp }, ctx.clock.now());
        const { balanceMinor, ...payment } = request;
        const req = { ...payment, currency: payment.currency ?? 'CNY', at: payment.at ?? currentLocalTime(ctx.db, ctx.clock) };
        if (balanceMinor === undefined) return e.pay(req);
        const combined = e.payCombined({ ...req, balanceMinor });
        return { ...combined, channel: combined.parts[0]?.channel ?? null, feeMinor: combined.parts.reduce((sum, p) => sum + (p.status === 'succeeded' ? p.feeMinor : 0), 0) };
      });
    },
  }),
  'orders.refund': method({
    summary: 'refund all or part of a successful payment',
    input: z.object({ orderNo: z.string(), amountMinor: minor, reason: z.string().min(1), at: localTime.optional() }),
    roles: WRITERS,
    run: (ctx, input) => engineFor(ctx).run((e) => e.refund({ ...input, at: input.at ?? currentLocalTime(ctx.db, ctx.clock) })),
  }),
  'orders.compensate': method({
    summary: 'give a payer back more than the payment (超额赔付): what is left to refund by the usual route, the part above the original from the merchant’s available balance through the payout channel',
    input: z.object({ orderNo: z.string(), amountMinor: minor, reason: z.string().trim().min(1), payeeAccount: z.string().trim().min(4).max(40), at: localTime.optional() }),
    roles: WRITERS,
    run: (ctx, input) => engineFor(ctx).run((e) => e.compensate({ ...input, at: input.at ?? currentLocalTime(ctx.db, ctx.clock) })),
  }),
  'orders.duplicates': method({
    summary: 'the daily list of duplicate payments (重复支付): one business order paid twice, with its state (open / confirmed / refunded)',
    input: z.object({ status: z.enum(['open', 'confirmed', 'refunded']).optional() }).default({}),
    roles: ANY,
    reads: true,
    run: (ctx, input) => listDuplicates(ctx.db, input),
  }),
  'orders.confirmDuplicate': method({
    summary: 'finance confirms a duplicate payment is to be given back (audited)',
    input: z.object({ id: z.number().int().positive() }),
    roles: REVIEWERS,
    run: (ctx, input) => confirmDuplicate(ctx.db, { id: input.id, userId: ctx.user.id, at: now(ctx) }),
  }),
  'orders.refundDuplicate': method({
    summary: 'refund a confirmed duplicate payment in full by the original route (an ordinary refund: fee returned, vouchers, entry flows)',
    input: z.object({ id: z.number().int().positive() }),
    roles: WRITERS,
    run: (ctx, input) => refundDuplicate(engineFor(ctx), ctx.db, { id: input.id, userId: ctx.user.id, at: now(ctx), localTime: currentLocalTime(ctx.db, ctx.clock) }),
  }),
  'orders.callback': method({
    summary: 'a channel’s late success callback for a pending order (掉单): booked on the day we learn of it, once; a second payment of its business order is listed as a duplicate',
    input: z.object({ orderNo: z.string().min(1), channelTradeNo: z.string().min(1), channelTime: localTime }),
    roles: WRITERS,
    run: (ctx, input) => engineFor(ctx).run((e) => e.callback({ ...input, at: currentLocalTime(ctx.db, ctx.clock) })),
  }),
  'orders.cancel': method({
    summary: 'cancel a pending payment',
    input: z.object({ orderNo: z.string() }),
    roles: WRITERS,
    run: (ctx, input) => engineFor(ctx).run((e) => e.cancel(input.orderNo, currentLocalTime(ctx.db, ctx.clock))),
  }),
  'orders.get': method({
    summary: 'one order with its refunds and flows',
    input: z.object({ orderNo: z.string() }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => {
      const order = engineFor(ctx).getOrder(input.orderNo);
      const refunds = ctx.db.all(ctx.db.q.selectFrom('refund_order').selectAll().where('order_id', '=', order.id).orderBy('id'));
      const compensations = ctx.db.prepare(
        'SELECT c.payout_no, c.refund_no, c.reason, p.amount_minor, p.bank_account, p.status, p.created_at FROM compensation c JOIN payout_order p ON p.payout_no = c.payout_no WHERE c.order_no = ? ORDER BY p.id',
      ).all(order.order_no) as { payout_no: string; refund_no: string | null; reason: string; amount_minor: number; bank_account: string; status: string; created_at: string }[];
      return { order, refunds, compensations, transFlows: transFlows(ctx.db, { orderId: order.id }), fundFlows: fundFlows(ctx.db, { orderId: order.id }) };
    },
  }),
  'orders.summary': method({
    summary: 'orders of an accounting date by state and channel',
    input: z.object({ date: isoDate }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => ({
      byStatus: ctx.db.sqlite.prepare(
        "SELECT status, COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS amountMinor FROM pay_order WHERE kind <> 'combined_part' AND substr(created_at, 1, 10) = ? GROUP BY status ORDER BY status",
      ).all(input.date) as { status: string; count: number; amountMinor: number }[],
      byChannel: ctx.db.sqlite.prepare(
        `SELECT channel_code AS channel, COUNT(*) AS count, SUM(amount_minor) AS amountMinor, SUM(fee_minor) AS feeMinor, SUM(channel_fee_minor) AS channelFeeMinor
         FROM pay_order WHERE accounting_date = ? AND kind <> 'combined' AND status IN ('succeeded', 'partially_refunded', 'refunded') GROUP BY channel_code ORDER BY channel_code`,
      ).all(input.date) as { channel: string; count: number; amountMinor: number; feeMinor: number; channelFeeMinor: number }[],
      refunds: ctx.db.sqlite.prepare("SELECT COUNT(*) AS count, COALESCE(SUM(amount_minor), 0) AS amountMinor, COALESCE(SUM(fee_returned_minor), 0) AS feeReturnedMinor FROM refund_order WHERE accounting_date = ? AND status = 'succeeded'")
        .get(input.date) as { count: number; amountMinor: number; feeReturnedMinor: number },
    }),
  }),
  'simulator.simulateDay': method({
    summary: 'simulate a business day and write each channel’s statement files',
    input: z.object({ date: isoDate, orders: z.number().int().positive().max(5_000_000), seed: z.number().int().nonnegative(), out: z.string().min(1), plant: z.string().optional() }),
    roles: WRITERS,
    // the whole day is one transaction and its files move in after the commit: a cancel keeps nothing
    cancellable: 'rollback',
    run: (ctx, input) => simulateDay(ctx.db, {
      date: input.date, orders: input.orders, seed: input.seed, outDir: input.out, plant: parsePlant(input.plant), userId: ctx.user.id,
      onProgress: (phase, done, total) => ctx.progress?.({ method: 'simulator.simulateDay', phase, done, total }),
    }),
  }),
};
