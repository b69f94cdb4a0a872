import type { ChannelCode } from '../channels/types.js';

export interface ChargeOutcome {
  /** success; fail (declined); no_callback: the channel took the money but we never heard (掉单) */
  outcome: 'success' | 'fail' | 'no_callback';
  channelTradeNo: string;
  /** when the channel booked it, local time: decides which day's statement file it is in */
  channelTime: string;
  /** when our system learned of it (the callback), local time: decides our accounting date */
  notifiedAt: string;
  failureReason?: string;
}

export interface RefundOutcome {
  outcome: 'success' | 'fail';
  channelTradeNo: string;
  channelTime: string;
}

/** The channel side of a payment. Offline, channels are simulated; the simulator supplies one with its own random source. */
export interface Gateway {
  charge(request: { orderNo: string; channel: ChannelCode; amountMinor: number; at: string }): ChargeOutcome;
  refund(request: { refundNo: string; orderNo: string; channel: string; amountMinor: number; at: string }): RefundOutcome;
}

/**
 * A gateway whose channels accept every request at once, with trade numbers derived from ours:
 * what a trainer driving single payments from the API or CLI expects.
 */
export const acceptingGateway: Gateway = {
  charge: ({ orderNo, channel, at }) => ({ outcome: 'success', channelTradeNo: `${channel.toUpperCase()}-${orderNo}`, channelTime: at, notifiedAt: at }),
  refund: ({ refundNo, channel, at }) => ({ outcome: 'success', channelTradeNo: `${channel.toUpperCase()}-${refundNo}`, channelTime: at }),
};
