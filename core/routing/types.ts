import type { CardType, Channel, ChannelCode, PayMethod } from '../channels/types.js';

export interface RouteRequest {
  merchantId: string;
  method: PayMethod;
  amountMinor: number;
  currency: string;
  cardType?: CardType;
  /** local wall-clock time of the payment, 'YYYY-MM-DD HH:mm:ss' */
  localTime: string;
  /** channels this merchant may not use (merchant restrictions, a feature factor) */
  merchantBlockedChannels: ChannelCode[];
  /** amount already taken per channel today, for daily limits */
  usedTodayMinor: Partial<Record<ChannelCode, number>>;
}

export type RouteLevel = 'basic' | 'feature' | 'quality';

export interface RouteStep {
  level: RouteLevel;
  /** candidates that passed this level, in the order of preference after it */
  kept: ChannelCode[];
  /** candidates dropped at this level and why, in words a trainer can read out */
  dropped: { channel: ChannelCode; reason: string; reasonZh: string }[];
}

export interface RouteDecision {
  /** null when no channel can take the payment */
  channel: ChannelCode | null;
  steps: RouteStep[];
  /** one sentence: why this channel (or why none) */
  reason: string;
  /** the same sentence in Chinese */
  reasonZh: string;
}

export type Router = (request: RouteRequest, channels: readonly Channel[]) => RouteDecision;
