import type { RoundingRule } from '../money/index.js';

/** The channels a payment can execute on (docs/cli.md#channel-codes). */
import { CHANNEL_CODES, type ChannelCode } from '../shared/rules.js';

export { CHANNEL_CODES, type ChannelCode };

import { PAY_METHODS, type PayMethod } from '../shared/rules.js';

export { PAY_METHODS, type PayMethod };

export type ChannelKind = 'wallet' | 'card' | 'bank' | 'payout' | 'internal';
export type ChannelStatus = 'up' | 'degraded' | 'down';
export type CardType = 'debit' | 'credit';

/** A channel with its terms and its live quality figures. Amounts in minor units; rates as decimal strings. */
export interface Channel {
  code: ChannelCode;
  name: string;
  nameEn: string;
  kind: ChannelKind;
  /** payer methods this channel can execute */
  methods: PayMethod[];
  currencies: string[];
  /** card types accepted (card methods only); empty = any */
  cardTypes: CardType[];
  /** channel fee rate charged to the platform, e.g. '0.0038' */
  feeRate: string;
  feeRounding: RoundingRule;
  singleMaxMinor: number;
  dailyMaxMinor: number;
  /** the channel's own day cut (日切), 'HH:mm'; '00:00' = calendar day */
  cutoff: string;
  /** hours in which it takes payments, 'HH:mm'-'HH:mm'; null = always */
  openFrom: string | null;
  openTo: string | null;
  /** refunds older than this go through the payout channel instead (docs/domain.md#refunds: 90/180 days) */
  refundWindowDays: number;
  status: ChannelStatus;
  /** quality figures the simulator moves during the day */
  successRateBp: number;
  latencyMs: number;
}
