import { describe, expect, it } from 'vitest';
import { accountingDateOf, addDays, isIsoDate, localDate, localDateTime } from './clock.js';
import { ledgerFixture } from './testing/ledger-fixture.js';
import { accountingDateAt } from './ledger/days.js';
import { setSetting } from './settings.js';

describe('day cut (日切)', () => {
  it('puts events at or after the cut-off on the next accounting date; 00:00 means the calendar day', () => {
    expect(accountingDateOf('2026-11-22 22:59:59', '23:00')).toBe('2026-11-22');
    expect(accountingDateOf('2026-11-22 23:00:00', '23:00')).toBe('2026-11-23');
    expect(accountingDateOf('2026-12-31 23:30:00', '23:00')).toBe('2027-01-01');
    expect(accountingDateOf('2026-11-22 23:59:59', '00:00')).toBe('2026-11-22');
    expect(() => accountingDateOf('2026-11-22 10:00:00', '25')).toThrow(/HH:mm/);
  });

  it('reads the installation’s cut-off and time zone from its settings', () => {
    const f = ledgerFixture();
    const at = new Date('2026-11-22T15:30:00Z'); // 23:30 in Shanghai
    expect(accountingDateAt(f.db, at)).toBe('2026-11-22');
    setSetting(f.db, 'ledger.cutoff', '23:00');
    expect(accountingDateAt(f.db, at)).toBe('2026-11-23');
    setSetting(f.db, 'ledger.timeZone', 'UTC');
    expect(accountingDateAt(f.db, at)).toBe('2026-11-22');
  });
});

describe('calendar helpers', () => {
  it('formats local time in a zone and does date arithmetic without time-zone surprises', () => {
    expect(localDateTime(new Date('2026-11-22T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-23 00:00:00');
    expect(localDate(new Date('2026-11-22T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-1-5')).toBe(false);
  });
});
