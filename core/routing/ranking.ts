import { formatBp, formatFeeRate } from '../channels/format.js';
import type { Channel, ChannelStatus } from '../channels/types.js';
import { Decimal } from '../money/index.js';

/** Success rates this close count as equal: the figures are noisy, and a few bp should not flip routing. */
export const SUCCESS_TIE_BP = 50;

const STATUS_ORDER: readonly ChannelStatus[] = ['up', 'degraded', 'down'];

function compareFee(a: Channel, b: Channel): number {
  return new Decimal(a.feeRate).cmp(new Decimal(b.feeRate));
}

function compareCode(a: Channel, b: Channel): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Inside one success tier: lower latency, then the cheaper fee, then code so the order never depends on input order. */
function compareWithinTier(a: Channel, b: Channel): number {
  return a.latencyMs - b.latencyMs || compareFee(a, b) || compareCode(a, b);
}

/**
 * Best first: 'up' before 'degraded'; then success tiers, each led by the best remaining rate and holding
 * every rate within SUCCESS_TIE_BP of it (a tier per leader keeps "within 50bp" consistent when A~B, B~C
 * but not A~C); inside a tier, compareWithinTier.
 */
export function rankByQuality(channels: readonly Channel[]): Channel[] {
  const ranked: Channel[] = [];
  for (const status of STATUS_ORDER) {
    let rest = channels.filter((c) => c.status === status).sort((a, b) => b.successRateBp - a.successRateBp || compareCode(a, b));
    while (rest.length > 0) {
      const leaderRate = rest[0]!.successRateBp;
      const tier = rest.filter((c) => leaderRate - c.successRateBp <= SUCCESS_TIE_BP);
      rest = rest.slice(tier.length); // rest is sorted by rate, so the tier is its prefix
      ranked.push(...tier.sort(compareWithinTier));
    }
  }
  return ranked;
}

/** What made the winner beat the runner-up, as the end of a sentence. */
export function whyBetter(winner: Channel, runnerUp: Channel): string {
  if (winner.status !== runnerUp.status) return `${winner.code} is ${winner.status}, ${runnerUp.code} is ${runnerUp.status}`;
  const rates = `${formatBp(winner.successRateBp)} vs ${formatBp(runnerUp.successRateBp)}`;
  // the runner-up is in the winner's tier or a lower one, whose rates are more than SUCCESS_TIE_BP below
  if (winner.successRateBp - runnerUp.successRateBp > SUCCESS_TIE_BP) return `higher success rate (${rates})`;
  const tied = `success rates within ${formatBp(SUCCESS_TIE_BP)} count as equal (${rates})`;
  if (winner.latencyMs !== runnerUp.latencyMs) {
    return `${tied}, and latency is lower (${winner.latencyMs} ms vs ${runnerUp.latencyMs} ms)`;
  }
  if (compareFee(winner, runnerUp) !== 0) {
    return `${tied} and latency is the same, so the cheaper fee wins (${formatFeeRate(winner.feeRate)} vs ${formatFeeRate(runnerUp.feeRate)})`;
  }
  return `${tied} and latency and fee are the same, so code order decides`;
}
