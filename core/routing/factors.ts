import { formatAmount } from '../channels/format.js';
import { clockOf, inClockWindow } from '../channels/local-time.js';
import type { Channel, PayMethod } from '../channels/types.js';
import type { RouteRequest } from './types.js';

/** Wallets are switched by what the cashier shows, never rerouted by us (DOMAIN.md, S4). */
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
export type Check = (channel: Channel, context: CheckContext) => string | null;

function money(minor: number, { request }: CheckContext): string {
  return formatAmount(minor, request.currency);
}

const methodSupported: Check = (channel, { request }) => {
  if (isWalletMethod(request.method) && channel.code !== request.method) {
    return `wallet payment ${request.method} is not rerouted to another channel`;
  }
  return channel.methods.includes(request.method) ? null : `does not take method ${request.method}`;
};

const currencySupported: Check = (channel, { request }) =>
  channel.currencies.includes(request.currency)
    ? null
    : `does not take currency ${request.currency} (takes ${channel.currencies.join(', ') || 'none'})`;

const withinSingleLimit: Check = (channel, context) =>
  context.request.amountMinor <= channel.singleMaxMinor
    ? null
    : `amount ${money(context.request.amountMinor, context)} exceeds single limit ${money(channel.singleMaxMinor, context)}`;

const cardTypeAccepted: Check = (channel, { request }) => {
  // card type only matters for card payments, and an empty list takes any card
  if (!CARD_METHODS.includes(request.method) || channel.cardTypes.length === 0) return null;
  const accepted = `${channel.cardTypes.join(' or ')} only`;
  if (request.cardType === undefined) return `card type not given (takes ${accepted})`;
  return channel.cardTypes.includes(request.cardType) ? null : `does not take ${request.cardType} cards (${accepted})`;
};

const notDown: Check = (channel) => (channel.status === 'down' ? 'channel is down' : null);

const notBlockedForMerchant: Check = (channel, { request }) =>
  request.merchantBlockedChannels.includes(channel.code) ? `blocked for merchant ${request.merchantId}` : null;

const openNow: Check = (channel, { request, secondsOfDay }) => {
  if (channel.openFrom === null && channel.openTo === null) return null;
  const from = channel.openFrom ?? '00:00';
  const to = channel.openTo ?? '24:00';
  return inClockWindow(secondsOfDay, from, to) ? null : `closed at ${clockOf(request.localTime)} (open ${from}–${to})`;
};

const withinDailyLimit: Check = (channel, context) => {
  const used = context.request.usedTodayMinor[channel.code] ?? 0;
  const amount = context.request.amountMinor;
  return used + amount <= channel.dailyMaxMinor
    ? null
    : `daily limit: ${money(used, context)} used today + ${money(amount, context)} exceeds ${money(channel.dailyMaxMinor, context)}`;
};

/** Level 1, in the order DOMAIN.md lists them; the first failing check is the reason given. */
export const BASIC_CHECKS: readonly Check[] = [methodSupported, currencySupported, withinSingleLimit, cardTypeAccepted, notDown];

/** Level 2: channel specifics that depend on the merchant, the clock and today's traffic. */
export const FEATURE_CHECKS: readonly Check[] = [notBlockedForMerchant, openNow, withinDailyLimit];

export function firstFailure(checks: readonly Check[], channel: Channel, context: CheckContext): string | null {
  for (const check of checks) {
    const reason = check(channel, context);
    if (reason !== null) return reason;
  }
  return null;
}
