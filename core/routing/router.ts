import { assertMinor } from '../money/index.js';
import { secondsOfDay } from '../channels/local-time.js';
import type { Channel } from '../channels/types.js';
import { BASIC_CHECKS, FEATURE_CHECKS, firstFailure, isWalletMethod, type Check, type CheckContext } from './factors.js';
import { rankByQuality, whyBetter } from './ranking.js';
import type { RouteDecision, RouteLevel, RouteRequest, RouteStep, Router } from './types.js';
import { said, type Said } from '../words.js';

/*
 * Three-level router (docs/domain.md#routing): basic factors filter, feature factors narrow, quality
 * factors order. The quality level drops nothing: its kept list is the full preference order, so a
 * caller can fall back to the next channel; the first one is the choice. Pure: no clock, no I/O.
 */

interface LevelResult {
  step: RouteStep;
  kept: Channel[];
}

function filterLevel(level: RouteLevel, candidates: readonly Channel[], checks: readonly Check[], context: CheckContext): LevelResult {
  const kept: Channel[] = [];
  const dropped: RouteStep['dropped'] = [];
  for (const channel of candidates) {
    const why = firstFailure(checks, channel, context);
    if (why === null) kept.push(channel);
    else dropped.push({ channel: channel.code, reason: why.en, reasonZh: why.zh });
  }
  return { step: { level, kept: kept.map((c) => c.code), dropped }, kept };
}

function assertRequest(request: RouteRequest, channels: readonly Channel[]): void {
  assertMinor(request.amountMinor, 'payment amount');
  if (request.amountMinor <= 0) throw new RangeError(`payment amount must be positive, got ${request.amountMinor}`);
  const codes = new Set<string>();
  for (const channel of channels) {
    // every step names channels by code, so two channels with one code would make the steps ambiguous
    if (codes.has(channel.code)) throw new RangeError(`channel "${channel.code}" is listed twice`);
    codes.add(channel.code);
  }
}

/** The sentence when one channel is left, per wallet method and channel: made once, not per payment. */
const ONLY_CHANNEL = new Map<string, Said>();
function onlyChannel(wallet: string | null, code: string): Said {
  const key = `${wallet ?? ''}|${code}`;
  let words = ONLY_CHANNEL.get(key);
  if (!words) {
    words = wallet
      ? said(`Wallet payment ${wallet} stays on its own channel ${code} (the cashier chooses wallets), and it passed every check.`,
        `钱包支付 ${wallet} 留在自己的渠道 ${code}（钱包由收银台选择），且通过了每项检查。`)
      : said(`${code} is the only channel that passed the basic and feature checks.`, `${code} 是唯一通过基础与特征检查的渠道。`);
    ONLY_CHANNEL.set(key, words);
  }
  return words;
}

const NO_CHANNELS = said('No channel can take this payment: no channels are configured.', '没有渠道可以处理这笔支付：未配置任何渠道。');

function explain(request: RouteRequest, ranked: readonly Channel[], steps: readonly RouteStep[]): Said {
  const [winner, runnerUp] = ranked;
  if (!winner) {
    const drops = steps.flatMap((s) => s.dropped);
    if (drops.length === 0) return NO_CHANNELS;
    return said(`No channel can take this payment: ${drops.map((d) => `${d.channel} — ${d.reason}`).join('; ')}.`,
      `没有渠道可以处理这笔支付：${drops.map((d) => `${d.channel} — ${d.reasonZh}`).join('；')}。`);
  }
  if (!runnerUp) return onlyChannel(isWalletMethod(request.method) ? request.method : null, winner.code);
  const why = whyBetter(winner, runnerUp);
  return said(`${winner.code} chosen over ${runnerUp.code}: ${why.en}.`, `选择 ${winner.code} 而不是 ${runnerUp.code}：${why.zh}。`);
}

export const route: Router = (request, channels): RouteDecision => {
  assertRequest(request, channels);
  const context: CheckContext = { request, secondsOfDay: secondsOfDay(request.localTime) };
  const basic = filterLevel('basic', channels, BASIC_CHECKS, context);
  const feature = filterLevel('feature', basic.kept, FEATURE_CHECKS, context);
  const ranked = rankByQuality(feature.kept);
  const steps: RouteStep[] = [basic.step, feature.step, { level: 'quality', kept: ranked.map((c) => c.code), dropped: [] }];
  const why = explain(request, ranked, steps);
  return { channel: ranked[0]?.code ?? null, steps, reason: why.en, reasonZh: why.zh };
};
