import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addSecondsLocal, timeOfDay } from './localtime.js';

describe('addSecondsLocal', () => {
  it('shifts within a day, across midnight, month and year ends, and backwards', () => {
    expect(addSecondsLocal('2026-11-22 10:00:00', 90)).toBe('2026-11-22 10:01:30');
    expect(addSecondsLocal('2026-11-22 23:59:59', 1)).toBe('2026-11-23 00:00:00');
    expect(addSecondsLocal('2026-12-31 23:00:00', 7200)).toBe('2027-01-01 01:00:00');
    expect(addSecondsLocal('2028-02-28 23:59:00', 120)).toBe('2028-02-29 00:01:00');
    expect(addSecondsLocal('2026-11-22 00:00:10', -20)).toBe('2026-11-21 23:59:50');
  });

  it('agrees with Date arithmetic for any time and shift', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: -200_000, max: 200_000 }), (epoch, shift) => {
      const text = new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ');
      expect(addSecondsLocal(text, shift)).toBe(new Date((epoch + shift) * 1000).toISOString().slice(0, 19).replace('T', ' '));
    }));
  });
});

describe('timeOfDay', () => {
  it('writes a second of the day as local wall-clock time', () => {
    expect(timeOfDay('2026-11-22', 0)).toBe('2026-11-22 00:00:00');
    expect(timeOfDay('2026-11-22', 3_661)).toBe('2026-11-22 01:01:01');
    expect(timeOfDay('2026-11-22', 86_399)).toBe('2026-11-22 23:59:59');
  });
});
