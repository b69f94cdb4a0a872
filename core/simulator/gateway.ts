import type { Gateway, ChargeOutcome } from '../orders/gateway.js';
import type { Channel, ChannelCode } from '../channels/types.js';
import type { Random } from './random.js';
import { addSecondsLocal } from '../localtime.js';

/** Whole seconds only: statement files carry times to the second. */
function plusMillis(localTime: string, ms: number): string {
  return addSecondsLocal(localTime, Math.floor(ms / 1000));
}

const TRADE_PREFIX: Partial<Record<ChannelCode, string>> = { alipay: '2026', wechat: '4200', unionpay: '6212', bank_b2c: 'B2C', bank_payout: 'PAY', balance: 'BAL' };

/**
 * The simulated channels: each charge succeeds with the channel's current success rate, takes its
 * latency, and returns a trade number in the channel's style. Orders the caller marked as dropped
 * succeed at the channel but their callback is lost (掉单).
 */
export class SimGateway implements Gateway {
  /** set by the day plan just before a planted order is charged: a dropped order, or one that must succeed */
  plantNext: 'drop' | 'succeed' | null = null;
  /** order numbers whose callback was dropped */
  readonly dropped: string[] = [];

  constructor(
    private readonly random: Random,
    private readonly channels: () => Map<ChannelCode, Channel>,
  ) {}

  private tradeNo(channel: string, ref: string): string {
    return `${TRADE_PREFIX[channel as ChannelCode] ?? 'T'}${ref.replace(/\D/g, '')}`;
  }

  charge({ orderNo, channel, at }: { orderNo: string; channel: ChannelCode; amountMinor: number; at: string }): ChargeOutcome {
    const c = this.channels().get(channel)!;
    const latency = Math.round(c.latencyMs * (0.5 + this.random.next()));
    const channelTime = plusMillis(at, latency);
    const notifiedAt = plusMillis(channelTime, 200 + this.random.int(0, 1800));
    const channelTradeNo = this.tradeNo(channel, orderNo);
    const plant = this.plantNext;
    this.plantNext = null;
    if (plant === 'drop') {
      this.dropped.push(orderNo);
      return { outcome: 'no_callback', channelTradeNo, channelTime, notifiedAt };
    }
    if (plant !== 'succeed' && this.random.next() * 10_000 >= c.successRateBp) {
      return { outcome: 'fail', channelTradeNo, channelTime, notifiedAt, failureReason: this.random.pick(['余额不足 insufficient balance', '支付超时 payer timed out', '银行卡受限 card restricted']) };
    }
    return { outcome: 'success', channelTradeNo, channelTime, notifiedAt };
  }

  refund({ refundNo, channel, at }: { refundNo: string; orderNo: string; channel: string; amountMinor: number; at: string }) {
    return { outcome: 'success' as const, channelTradeNo: this.tradeNo(channel, refundNo), channelTime: plusMillis(at, 800) };
  }
}
