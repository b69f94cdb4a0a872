import { formatBp, formatFeeRate } from '../channels/format.js';
import type { Channel, ChannelStatus } from '../channels/types.js';
import { Decimal } from '../money/index.js';
import { said, type Said } from '../words.js';

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

const STATUS_ZH: Record<ChannelStatus, string> = { up: '正常', degraded: '降级', down: '停用' };

/** What made the winner beat the runner-up, as the end of a sentence. */
export function whyBetter(winner: Channel, runnerUp: Channel): Said {
  if (winner.status !== runnerUp.status) {
    return said(`${winner.code} is ${winner.status}, ${runnerUp.code} is ${runnerUp.status}`,
      `${winner.code} ${STATUS_ZH[winner.status]}，${runnerUp.code} ${STATUS_ZH[runnerUp.status]}`);
  }
  const rates = `${formatBp(winner.successRateBp)} vs ${formatBp(runnerUp.successRateBp)}`;
  const ratesZh = `${formatBp(winner.successRateBp)} 对 ${formatBp(runnerUp.successRateBp)}`;
  // the runner-up is in the winner's tier or a lower one, whose rates are more than SUCCESS_TIE_BP below
  if (winner.successRateBp - runnerUp.successRateBp > SUCCESS_TIE_BP) return said(`higher success rate (${rates})`, `成功率更高（${ratesZh}）`);
  const tied = `success rates within ${formatBp(SUCCESS_TIE_BP)} count as equal (${rates})`;
  const tiedZh = `成功率相差 ${formatBp(SUCCESS_TIE_BP)} 以内视为相同（${ratesZh}）`;
  if (winner.latencyMs !== runnerUp.latencyMs) {
    return said(`${tied}, and latency is lower (${winner.latencyMs} ms vs ${runnerUp.latencyMs} ms)`,
      `${tiedZh}，响应更快（${winner.latencyMs} ms 对 ${runnerUp.latencyMs} ms）`);
  }
  if (compareFee(winner, runnerUp) !== 0) {
    const fees = [formatFeeRate(winner.feeRate), formatFeeRate(runnerUp.feeRate)];
    return said(`${tied} and latency is the same, so the cheaper fee wins (${fees[0]} vs ${fees[1]})`,
      `${tiedZh}，响应相同，费率更低者胜（${fees[0]} 对 ${fees[1]}）`);
  }
  return said(`${tied} and latency and fee are the same, so code order decides`, `${tiedZh}，响应与费率都相同，按渠道代码顺序`);
}
