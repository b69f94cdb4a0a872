import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, channelByCode } from './defaults.js';
import { QUALITY_BOUNDS, moveQuality } from './quality.js';
import type { Channel } from './types.js';

/** mulberry32: a small seeded generator, so a run replays exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Replays the given draws, then 0.5 (no noise, no status change). */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => values[i++] ?? 0.5;
}

const calm = () => 0.5;

function run(channel: Channel, random: () => number, steps: number, hourOf: (step: number) => number): Channel[] {
  const path: Channel[] = [];
  let current = channel;
  for (let step = 0; step < steps; step++) {
    current = moveQuality(current, random, hourOf(step));
    path.push(current);
  }
  return path;
}

/** 12 steps of five minutes per hour, starting at midnight. */
const dayHour = (step: number) => Math.floor(step / 12) % 24;

describe('moveQuality', () => {
  it('replays exactly for a fixed random source', () => {
    for (const channel of DEFAULT_CHANNELS) {
      const first = run(channel, seeded(42), 1_000, dayHour);
      const second = run(channel, seeded(42), 1_000, dayHour);
      expect(second).toEqual(first);
      expect(run(channel, seeded(43), 1_000, dayHour)).not.toEqual(first);
    }
  });

  it('stays within bounds over 10,000 steps, whatever the random source returns', () => {
    const broken = [Number.NaN, 2, -1, Infinity, -0];
    let i = 0;
    const sources: (() => number)[] = [seeded(7), () => 0, () => 0.999_999_9, () => broken[i++ % broken.length]!];
    for (const random of sources) {
      for (const channel of DEFAULT_CHANNELS) {
        const path = run(channel, random, 10_000, dayHour);
        const rates = path.map((c) => c.successRateBp);
        const latencies = path.map((c) => c.latencyMs);
        // one expect per figure, not per step: 240,000 expect calls would dominate the run time
        expect(rates.every(Number.isInteger) && latencies.every(Number.isInteger)).toBe(true);
        expect(Math.min(...rates)).toBeGreaterThanOrEqual(QUALITY_BOUNDS.minSuccessRateBp);
        expect(Math.max(...rates)).toBeLessThanOrEqual(QUALITY_BOUNDS.maxSuccessRateBp);
        expect(Math.min(...latencies)).toBeGreaterThanOrEqual(QUALITY_BOUNDS.minLatencyMs);
        expect(Math.max(...latencies)).toBeLessThanOrEqual(QUALITY_BOUNDS.maxLatencyMs);
        expect(path.every((c) => ['up', 'degraded', 'down'].includes(c.status))).toBe(true);
      }
    }
  });

  it('keeps a seeded day realistic: mostly up, sometimes degraded or down, close to its defaults', () => {
    const path = run(channelByCode('unionpay'), seeded(2026), 10_000, dayHour);
    const up = path.filter((c) => c.status === 'up').length;
    expect(up / path.length).toBeGreaterThan(0.9);
    expect(path.some((c) => c.status !== 'up')).toBe(true);
    const upRates = path.filter((c) => c.status === 'up').map((c) => c.successRateBp);
    const mean = upRates.reduce((a, b) => a + b, 0) / upRates.length;
    expect(Math.abs(mean - 9800)).toBeLessThan(150);
  });

  it('settles on the hour target without noise: the evening peak is slower and a little worse', () => {
    const alipay = channelByCode('alipay');
    const evening = run(alipay, calm, 60, () => 20).at(-1)!;
    expect(evening).toMatchObject({ status: 'up', latencyMs: 525, successRateBp: 9920 }); // 350 × 1.5, 9950 − 30
    const night = run(evening, calm, 60, () => 3).at(-1)!;
    expect(night).toMatchObject({ status: 'up', latencyMs: 315, successRateBp: 9950 }); // 350 × 0.9
    const lunch = run(alipay, calm, 60, () => 12).at(-1)!;
    expect(lunch).toMatchObject({ latencyMs: 420, successRateBp: 9940 });
  });

  it('moves a quarter of the gap each step', () => {
    const alipay = channelByCode('alipay');
    // target at 20:00 is 525 ms: gap 175 → ceil(43.75) = 44
    expect(moveQuality(alipay, calm, 20).latencyMs).toBe(394);
    // the same step at 20.7 is still hour 20; hour 44 is 20:00 the next day
    expect(moveQuality(alipay, calm, 20.7).latencyMs).toBe(394);
    expect(moveQuality(alipay, calm, 44).latencyMs).toBe(394);
  });

  it('goes degraded or down on a rare draw and recovers through degraded', () => {
    const unionpay = channelByCode('unionpay');
    expect(moveQuality(unionpay, draws(0.001), 10).status).toBe('degraded');
    expect(moveQuality(unionpay, draws(0.0001), 10).status).toBe('down');
    expect(moveQuality(unionpay, draws(0.0025), 10).status).toBe('up');
    const down: Channel = { ...unionpay, status: 'down' };
    expect(moveQuality(down, draws(0.69), 10).status).toBe('degraded');
    expect(moveQuality(down, draws(0.71), 10).status).toBe('down');
    const degraded: Channel = { ...unionpay, status: 'degraded' };
    expect(moveQuality(degraded, draws(0.05), 10).status).toBe('up');
    expect(moveQuality(degraded, draws(0.001), 10).status).toBe('down');
    // a degraded channel heads for ×2 latency and −500bp
    expect(run(degraded, calm, 60, () => 10).at(-1)).toMatchObject({ latencyMs: 1200, successRateBp: 9300 });
  });

  it('adds bounded noise and leaves the input and the terms alone', () => {
    const alipay = channelByCode('alipay');
    const before = structuredClone(alipay);
    const high = moveQuality(alipay, draws(0.5, 0.999_999, 0.999_999), 9);
    const low = moveQuality(alipay, draws(0.5, 0, 0), 9);
    expect([high.successRateBp, high.latencyMs]).toEqual([9960, 367]); // +10bp, +5% of 350
    expect([low.successRateBp, low.latencyMs]).toEqual([9940, 333]);
    expect(alipay).toEqual(before);
    const { status: _s, successRateBp: _r, latencyMs: _l, ...terms } = high;
    const { status: _s2, successRateBp: _r2, latencyMs: _l2, ...original } = alipay;
    expect(terms).toEqual(original);
    expect(() => moveQuality(alipay, calm, Number.NaN)).toThrow(RangeError);
  });
});
