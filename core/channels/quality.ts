import { DEFAULT_CHANNELS } from './defaults.js';
import type { Channel, ChannelStatus } from './types.js';

/*
 * Quality drift model, one call = one simulated step (about five minutes):
 * - Each channel pulls back toward a target: its default figures (DEFAULT_CHANNELS, same code) adjusted
 *   for the hour's load and for its status. So it wanders but never walks off.
 * - Load by hour: night 00–06 is quiet (latency ×0.9); lunch 11–13 (×1.2, −10bp); the evening peak
 *   19–22 (×1.5, −30bp); 23 is the late tail (×1.1).
 * - Status is a small Markov chain: up → degraded 0.2% / → down 0.05% a step; degraded → up 10% /
 *   → down 0.5%; down → degraded 70% (outages last about an hour; it recovers through degraded). degraded costs ×2 latency and
 *   −500bp; down ×3 and −2000bp.
 * - Each step moves a quarter of the gap to the target (at least 1), plus noise of ±10bp and ±5% of
 *   the default latency, then clamps to 50.00%–100.00% and 10 ms–30 s.
 * Exactly three draws per step, always in the order status, success, latency, so a seeded random
 * source replays the same day. random() = 0.5 means no noise and no status change.
 */

export const QUALITY_BOUNDS = {
  minSuccessRateBp: 5000,
  maxSuccessRateBp: 10000,
  minLatencyMs: 10,
  maxLatencyMs: 30000,
} as const;

interface HourLoad {
  latencyPct: number;
  successPenaltyBp: number;
}

function hourLoad(hour: number): HourLoad {
  if (hour < 7) return { latencyPct: 90, successPenaltyBp: 0 };
  if (hour >= 11 && hour <= 13) return { latencyPct: 120, successPenaltyBp: 10 };
  if (hour >= 19 && hour <= 22) return { latencyPct: 150, successPenaltyBp: 30 };
  if (hour === 23) return { latencyPct: 110, successPenaltyBp: 0 };
  return { latencyPct: 100, successPenaltyBp: 0 };
}

const STATUS_EFFECT: Record<ChannelStatus, { latencyFactor: number; successPenaltyBp: number }> = {
  up: { latencyFactor: 1, successPenaltyBp: 0 },
  degraded: { latencyFactor: 2, successPenaltyBp: 500 },
  down: { latencyFactor: 3, successPenaltyBp: 2000 },
};

function nextStatus(status: ChannelStatus, r: number): ChannelStatus {
  switch (status) {
    case 'up':
      return r < 0.0005 ? 'down' : r < 0.0025 ? 'degraded' : 'up';
    case 'degraded':
      return r < 0.005 ? 'down' : r < 0.105 ? 'up' : 'degraded';
    case 'down':
      return r < 0.7 ? 'degraded' : 'down';
  }
}

/** A draw in [0, 1), whatever the source returns, so a broken source cannot push figures out of range. */
function draw(random: () => number): number {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0.5;
}

/** A quarter of the way to the target, at least one unit, so an integer figure really reaches it. */
function approach(current: number, target: number): number {
  const gap = target - current;
  if (gap === 0) return current;
  return current + Math.sign(gap) * Math.ceil(Math.abs(gap) / 4);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** The channel one step later at this local hour (0–23); pure given the random source. */
export function moveQuality(channel: Channel, random: () => number, hour: number): Channel {
  if (!Number.isFinite(hour)) throw new RangeError(`hour must be a number 0–23, got ${hour}`);
  const h = ((Math.floor(hour) % 24) + 24) % 24;
  const base = DEFAULT_CHANNELS.find((c) => c.code === channel.code) ?? channel;
  const load = hourLoad(h);
  // a figure that is not a number (a bad import) restarts from the default rather than spreading NaN
  const success = Number.isFinite(channel.successRateBp) ? Math.round(channel.successRateBp) : base.successRateBp;
  const latency = Number.isFinite(channel.latencyMs) ? Math.round(channel.latencyMs) : base.latencyMs;

  const status = nextStatus(channel.status, draw(random));
  const effect = STATUS_EFFECT[status];

  const successTarget = base.successRateBp - load.successPenaltyBp - effect.successPenaltyBp;
  const successNoise = Math.round((draw(random) - 0.5) * 20);
  const successRateBp = clamp(
    Math.round(approach(success, successTarget) + successNoise),
    QUALITY_BOUNDS.minSuccessRateBp,
    QUALITY_BOUNDS.maxSuccessRateBp,
  );

  const latencyTarget = Math.round((base.latencyMs * load.latencyPct * effect.latencyFactor) / 100);
  const latencyNoise = Math.round((draw(random) - 0.5) * 2 * Math.max(1, base.latencyMs * 0.05));
  const latencyMs = clamp(
    Math.round(approach(latency, latencyTarget) + latencyNoise),
    QUALITY_BOUNDS.minLatencyMs,
    QUALITY_BOUNDS.maxLatencyMs,
  );

  return { ...channel, status, successRateBp, latencyMs };
}
