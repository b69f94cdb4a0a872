import { describe, expect, it } from 'vitest';
import { clockOf, clockSeconds, inClockWindow, secondsOfDay } from './local-time.js';

describe('local time helpers', () => {
  it('reads wall-clock times and refuses malformed ones', () => {
    expect(secondsOfDay('2026-11-20 00:00:00')).toBe(0);
    expect(secondsOfDay('2026-11-20 23:45:10')).toBe(23 * 3600 + 45 * 60 + 10);
    expect(() => secondsOfDay('2026-11-20T23:45:10')).toThrow(RangeError);
    expect(() => secondsOfDay('2026-11-20 24:00:00')).toThrow(RangeError);
    expect(clockSeconds('24:00')).toBe(86_400);
    expect(() => clockSeconds('24:01')).toThrow(RangeError);
    expect(() => clockSeconds('9:00')).toThrow(RangeError);
    expect(clockOf('2026-11-20 23:45:10')).toBe('23:45');
  });

  it('opens at the start of a window and closes at its end', () => {
    const at = (t: string) => secondsOfDay(`2026-11-20 ${t}`);
    expect(inClockWindow(at('00:29:59'), '00:30', '23:30')).toBe(false);
    expect(inClockWindow(at('00:30:00'), '00:30', '23:30')).toBe(true);
    expect(inClockWindow(at('23:29:59'), '00:30', '23:30')).toBe(true);
    expect(inClockWindow(at('23:30:00'), '00:30', '23:30')).toBe(false);
  });

  it('wraps a window across midnight and treats from = to as all day', () => {
    const at = (t: string) => secondsOfDay(`2026-11-20 ${t}`);
    expect(inClockWindow(at('23:00:00'), '22:00', '06:00')).toBe(true);
    expect(inClockWindow(at('05:59:59'), '22:00', '06:00')).toBe(true);
    expect(inClockWindow(at('06:00:00'), '22:00', '06:00')).toBe(false);
    expect(inClockWindow(at('12:00:00'), '22:00', '06:00')).toBe(false);
    expect(inClockWindow(at('12:00:00'), '00:00', '00:00')).toBe(true);
  });
});
