import { fail } from '../errors.js';

/** Anomalies a real day contains, planted on purpose at rates the caller sets (docs/cli.md#simulate, `--plant`). */
export const PLANT_KINDS = ['bankExtra', 'platformExtra', 'amountMismatch', 'duplicate', 'timing', 'offset'] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];
export type PlantRates = Record<PlantKind, number>;

/** Default rates per order: a few per ten thousand, so a 100,000-order day has tens of each. */
export const DEFAULT_PLANT_RATES: PlantRates = {
  bankExtra: 0.0005, // dropped orders: the channel has them, we do not (多账)
  platformExtra: 0.0005, // we booked them, the channel file lacks them (少账)
  amountMismatch: 0.0005,
  duplicate: 0.0003, // a line repeated in the channel's file
  timing: 0.001, // paid after the channel's cut-off: in tomorrow's file (日切差异)
  offset: 0.0002, // withdrawal failed and refilled: a 500401/500402 pair that offsets internally (勾销)
};

/** `none` | `KEY=RATE,...` (unnamed kinds keep their default rate). */
export function parsePlant(text: string | undefined): PlantRates {
  if (text === undefined || text === '') return { ...DEFAULT_PLANT_RATES };
  if (text.trim() === 'none') return Object.fromEntries(PLANT_KINDS.map((k) => [k, 0])) as PlantRates;
  const rates = { ...DEFAULT_PLANT_RATES };
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((x) => x.trim());
    if (!key || !PLANT_KINDS.includes(key as PlantKind)) fail('BAD_INPUT', `--plant: unknown kind "${key}" (known: ${PLANT_KINDS.join(', ')}, or none)`);
    const rate = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) fail('BAD_INPUT', `--plant: ${key} needs a rate between 0 and 1, got "${value ?? ''}"`);
    rates[key as PlantKind] = rate;
  }
  return rates;
}

/** How many to plant: the rate times the order count, rounded half up, so a rate of 0.001 on 1,000 orders plants exactly 1. */
export function plantCount(rate: number, orders: number): number {
  return Math.floor(rate * orders + 0.5);
}
