// 反关账: a closed day is reopened only by an admin, with a reason, audited, and only while every
// later day is still open — through the API, so the roles are the registry's.
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { ledgerFixture } from '../testing/ledger-fixture.js';
import { closeAccountingDay } from './close.js';
import { postVouchers } from './post.js';
import { isDayClosed } from './days.js';
import type { PayDeskError } from '../errors.js';

const D1 = '2026-11-21';
const D2 = '2026-11-22';
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as PayDeskError);

describe('reopening a closed day', () => {
  it('is for an admin with a reason, latest closed day first; the day takes vouchers again', async () => {
    const f = ledgerFixture();
    const post = (date: string) => postVouchers(f.post, [{ accountingDate: date, businessCode: '990001', summary: 'entry', lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: 100 }, { accountId: f.capital.id, direction: 'C', amountMinor: 100 }] }]);
    post(D1);
    post(D2);
    closeAccountingDay({ db: f.db, userId: f.reviewer.id, at: '2026-11-22T10:00:00.000Z' }, D1);
    closeAccountingDay({ db: f.db, userId: f.reviewer.id, at: '2026-11-23T10:00:00.000Z' }, D2);

    expect(await failure(callApi(f.ctx(f.reviewer), 'day.reopen', { date: D2, reason: 'late bank file' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(callApi(f.ctx(f.admin), 'day.reopen', { date: D2, reason: '   ' }))).toMatchObject({ code: 'BAD_INPUT' });
    expect(await failure(callApi(f.ctx(f.admin), 'day.reopen', { date: D1, reason: 'late bank file' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`${D2} after ${D1} is closed`) });
    expect(() => post(D2)).toThrow(/closed/);

    expect(await callApi(f.ctx(f.admin), 'day.reopen', { date: D2, reason: 'late bank file' })).toEqual({ date: D2, reopened: true });
    expect(isDayClosed(f.db, D2)).toBe(false);
    expect(() => post(D2)).not.toThrow();
    const audit = f.db.sqlite.prepare("SELECT user_id, detail FROM audit_log WHERE action = 'day.reopen'").all() as { user_id: number; detail: string }[];
    expect(audit.map((a) => [a.user_id, JSON.parse(a.detail)])).toEqual([[f.admin.id, { reason: 'late bank file', closedAt: '2026-11-23T10:00:00.000Z', closedBy: f.reviewer.id }]]);
    expect(await failure(callApi(f.ctx(f.admin), 'day.reopen', { date: D2, reason: 'again' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is not closed') });
    // now D1 is the latest closed day
    expect(await callApi(f.ctx(f.admin), 'day.reopen', { date: D1, reason: 'late bank file' })).toMatchObject({ reopened: true });
  });
});
