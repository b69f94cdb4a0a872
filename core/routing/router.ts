import { assertMinor } from '../money/index.js';
import { secondsOfDay } from '../channels/local-time.js';
import type { Channel } from '../channels/types.js';
import { BASIC_CHECKS, FEATURE_CHECKS, firstFailure, isWalletMethod, type Check, type CheckContext } from './factors.js';
import { rankByQuality, whyBetter } from './ranking.js';
import type { RouteDecision, RouteLevel, RouteRequest, RouteStep, Router } from './types.js';

/*
 * Three-level router (DOMAIN.md "Routing"): basic factors filter, feature factors narrow, quality
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
    const reason = firstFailure(checks, channel, context);
    if (reason === null) kept.push(channel);
    else dropped.push({ channel: channel.code, reason });
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

function explain(request: RouteRequest, ranked: readonly Channel[], steps: readonly RouteStep[]): string {
  const [winner, runnerUp] = ranked;
  if (!winner) {
    const drops = steps.flatMap((s) => s.dropped).map((d) => `${d.channel} — ${d.reason}`);
    return drops.length === 0
      ? 'No channel can take this payment: no channels are configured.'
      : `No channel can take this payment: ${drops.join('; ')}.`;
  }
  if (!runnerUp) {
    return isWalletMethod(request.method)
      ? `Wallet payment ${request.method} stays on its own channel ${winner.code} (the cashier chooses wallets), and it passed every check.`
      : `${winner.code} is the only channel that passed the basic and feature checks.`;
  }
  return `${winner.code} chosen over ${runnerUp.code}: ${whyBetter(winner, runnerUp)}.`;
}

export const route: Router = (request, channels): RouteDecision => {
  assertRequest(request, channels);
  const context: CheckContext = { request, secondsOfDay: secondsOfDay(request.localTime) };
  const basic = filterLevel('basic', channels, BASIC_CHECKS, context);
  const feature = filterLevel('feature', basic.kept, FEATURE_CHECKS, context);
  const ranked = rankByQuality(feature.kept);
  const steps: RouteStep[] = [basic.step, feature.step, { level: 'quality', kept: ranked.map((c) => c.code), dropped: [] }];
  return { channel: ranked[0]?.code ?? null, steps, reason: explain(request, ranked, steps) };
};
