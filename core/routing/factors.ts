import { formatAmount } from '../channels/format.js';
import { clockOf, inClockWindow } from '../channels/local-time.js';
import type { Channel, PayMethod } from '../channels/types.js';
import type { RouteRequest } from './types.js';
import { said, type Said } from '../words.js';

/** Wallets are switched by what the cashier shows, never rerouted by us (docs/domain.md#routing). */
export const WALLET_METHODS: readonly PayMethod[] = ['alipay', 'wechat'];
const CARD_METHODS: readonly PayMethod[] = ['unionpay', 'bank_card'];

export function isWalletMethod(method: PayMethod): boolean {
  return WALLET_METHODS.includes(method);
}

export interface CheckContext {
  request: RouteRequest;
  /** seconds since local midnight of request.localTime, parsed once */
  secondsOfDay: number;
}

/** A check returns why the channel cannot take the payment, or null when it can. */
export type Check = (channel: Channel, context: CheckContext) => Said | null;

function money(minor: number, { request }: CheckContext): string {
  return formatAmount(minor, request.currency);
}

/** The commonest reasons, one per pay method, made once: most payments of a day drop channels for them. */
const NOT_REROUTED = new Map<PayMethod, Said>();
const METHOD_NOT_TAKEN = new Map<PayMethod, Said>();

function onceFor(cache: Map<PayMethod, Said>, method: PayMethod, make: (method: PayMethod) => Said): Said {
  let words = cache.get(method);
  if (!words) cache.set(method, (words = make(method)));
  return words;
}

const notRerouted = (m: PayMethod) => said(`wallet payment ${m} is not rerouted to another channel`, `钱包支付 ${m} 不改路由到其他渠道`);
const methodNotTaken = (m: PayMethod) => said(`does not take method ${m}`, `不支持支付方式 ${m}`);

const methodSupported: Check = (channel, { request }) => {
  if (isWalletMethod(request.method) && channel.code !== request.method) return onceFor(NOT_REROUTED, request.method, notRerouted);
  return channel.methods.includes(request.method) ? null : onceFor(METHOD_NOT_TAKEN, request.method, methodNotTaken);
};

const currencySupported: Check = (channel, { request }) =>
  channel.currencies.includes(request.currency)
    ? null
    : said(`does not take currency ${request.currency} (takes ${channel.currencies.join(', ') || 'none'})`,
      `不支持币种 ${request.currency}（支持 ${channel.currencies.join(', ') || '无'}）`);

const withinSingleLimit: Check = (channel, context) =>
  context.request.amountMinor <= channel.singleMaxMinor
    ? null
    : said(`amount ${money(context.request.amountMinor, context)} exceeds single limit ${money(channel.singleMaxMinor, context)}`,
      `金额 ${money(context.request.amountMinor, context)} 超过单笔限额 ${money(channel.singleMaxMinor, context)}`);

const cardTypeAccepted: Check = (channel, { request }) => {
  // card type only matters for card payments, and an empty list takes any card
  if (!CARD_METHODS.includes(request.method) || channel.cardTypes.length === 0) return null;
  const accepted = `${channel.cardTypes.join(' or ')} only`;
  const acceptedZh = `仅支持 ${channel.cardTypes.join('或')}`;
  if (request.cardType === undefined) return said(`card type not given (takes ${accepted})`, `未提供卡类型（${acceptedZh}）`);
  return channel.cardTypes.includes(request.cardType) ? null : said(`does not take ${request.cardType} cards (${accepted})`, `不支持 ${request.cardType} 卡（${acceptedZh}）`);
};

const CHANNEL_DOWN = said('channel is down', '渠道已停用');
const notDown: Check = (channel) => (channel.status === 'down' ? CHANNEL_DOWN : null);

const notBlockedForMerchant: Check = (channel, { request }) =>
  request.merchantBlockedChannels.includes(channel.code) ? said(`blocked for merchant ${request.merchantId}`, `对商户 ${request.merchantId} 已屏蔽`) : null;

const openNow: Check = (channel, { request, secondsOfDay }) => {
  if (channel.openFrom === null && channel.openTo === null) return null;
  const from = channel.openFrom ?? '00:00';
  const to = channel.openTo ?? '24:00';
  if (inClockWindow(secondsOfDay, from, to)) return null;
  return said(`closed at ${clockOf(request.localTime)} (open ${from}–${to})`, `${clockOf(request.localTime)} 不在营业时间（${from}–${to}）`);
};

const withinDailyLimit: Check = (channel, context) => {
  const used = context.request.usedTodayMinor[channel.code] ?? 0;
  const amount = context.request.amountMinor;
  return used + amount <= channel.dailyMaxMinor
    ? null
    : said(`daily limit: ${money(used, context)} used today + ${money(amount, context)} exceeds ${money(channel.dailyMaxMinor, context)}`,
      `日限额：今日已用 ${money(used, context)} + 本笔 ${money(amount, context)} 超过 ${money(channel.dailyMaxMinor, context)}`);
};

/** Level 1, in the order docs/domain.md#routing lists them; the first failing check is the reason given. */
export const BASIC_CHECKS: readonly Check[] = [methodSupported, currencySupported, withinSingleLimit, cardTypeAccepted, notDown];

/** Level 2: channel specifics that depend on the merchant, the clock and today's traffic. */
export const FEATURE_CHECKS: readonly Check[] = [notBlockedForMerchant, openNow, withinDailyLimit];

export function firstFailure(checks: readonly Check[], channel: Channel, context: CheckContext): Said | null {
  for (const check of checks) {
    const reason = check(channel, context);
    if (reason !== null) return reason;
  }
  return null;
}
