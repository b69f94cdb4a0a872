import { describe, expect, it } from 'vitest';
import { settlementDueDate } from './cycles.js';

describe('settlement cycles', () => {
  it('D0 the same day, D1 the next, Dn n days on, T1 the next working day', () => {
    expect(settlementDueDate('2026-11-20', 'D0', 0)).toBe('2026-11-20');
    expect(settlementDueDate('2026-11-20', 'D1', 1)).toBe('2026-11-21');
    expect(settlementDueDate('2026-11-20', 'Dn', 3)).toBe('2026-11-23');
    // Friday → Monday; Saturday → Monday; Monday → Tuesday
    expect(settlementDueDate('2026-11-20', 'T1', 1)).toBe('2026-11-23');
    expect(settlementDueDate('2026-11-21', 'T1', 1)).toBe('2026-11-23');
    expect(settlementDueDate('2026-11-23', 'T1', 1)).toBe('2026-11-24');
  });
});
