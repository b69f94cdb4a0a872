import { describe, expect, it } from 'vitest';
import { ledgerFixture, tempDbFile, AT } from '../testing/ledger-fixture.js';
import { postVouchers } from '../ledger/index.js';
import { reconcile } from './reconcile.js';
import { summary } from './confirm.js';
import { callApi } from '../api/index.js';
import { payDeskErrorOf } from '../testing/errors.js';

const DAY = '2026-11-22';

/** Cross-border entries (境外收单购汇扣款 520101, 购汇益回补 400319) and the bank's one line per order. */
function crossBorder(entries: { order: string; code: string; dir: 'in' | 'out'; amt: number }[], lines: { order: string; dir: 'in' | 'out'; amt: number }[]) {
  const f = bookedDay(entries, lines);
  return { ...f, run: reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT }) };
}

/** Entry flows and statement lines of the payout channel for DAY, not yet reconciled. */
function bookedDay(entries: { order: string; code: string; dir: 'in' | 'out'; amt: number }[], lines: { order: string; dir: 'in' | 'out'; amt: number }[]) {
  const f = ledgerFixture(tempDbFile());
  const [v] = postVouchers(f.post, [{ accountingDate: DAY, businessCode: '520101', summary: 'fx', lines: [
    { accountId: f.bank.id, direction: 'D', amountMinor: 1 }, { accountId: f.capital.id, direction: 'C', amountMinor: 1 },
  ] }]);
  for (const e of entries) {
    f.db.prepare(`INSERT INTO entry_flow (channel_code, business_code, order_no, direction, amount_minor, currency, occurred_at, accounting_date, voucher_id)
                  VALUES ('bank_payout', ?, ?, ?, ?, 'CNY', ?, ?, ?)`).run(e.code, e.order, e.dir, e.amt, `${DAY} 10:00:00`, DAY, v!.id);
  }
  const batch = f.db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, first_date, last_date, created_at, created_by)
                              VALUES ('bank_payout', 'test', 'b.xlsx', 1, 'h', 'DONE', ?, ?, ?, ?)`).run(DAY, DAY, AT, f.operator.id).lastInsertRowid;
  lines.forEach((l, i) => f.db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, currency)
                                        VALUES (?, ?, 'bank_payout', ?, ?, ?, 'other', ?, ?, 'CNY')`).run(batch, i + 1, DAY, `${DAY} 11:00:00`, l.dir, l.order, l.amt));
  return f;
}

describe('one-to-many matching (cross-border)', () => {
  it('matches two 520101 entries summed against one line, and 520101 less 400319 against one line', () => {
    const f = crossBorder(
      [{ order: 'X1', code: '520101', dir: 'out', amt: 30_000 }, { order: 'X1', code: '520101', dir: 'out', amt: 20_000 },
        { order: 'X2', code: '520101', dir: 'out', amt: 100_000 }, { order: 'X2', code: '400319', dir: 'in', amt: 5_000 }],
      [{ order: 'X1', dir: 'out', amt: 50_000 }, { order: 'X2', dir: 'out', amt: 95_000 }],
    );
    expect(f.run.counts.matched.count).toBe(4);
    expect(f.run.counts.bankExtra.count + f.run.counts.platformExtra.count + f.run.counts.amountMismatch.count).toBe(0);
    // every entry of a group is tied to the one line, and the group's totals still compare
    const tied = f.db.prepare("SELECT clearing_id, COUNT(*) AS n FROM recon_result WHERE outcome = 'matched' GROUP BY clearing_id").all();
    expect(tied).toEqual([{ clearing_id: 1, n: 2 }, { clearing_id: 2, n: 2 }]);
    expect(summary(f.db, DAY).groups.every((g) => g.balanced)).toBe(true);
  });

  it('leaves a group whose sum differs from the line to the amount-mismatch and platform-extra steps', () => {
    const f = crossBorder(
      [{ order: 'X1', code: '520101', dir: 'out', amt: 30_000 }, { order: 'X1', code: '520101', dir: 'out', amt: 20_000 }],
      [{ order: 'X1', dir: 'out', amt: 49_999 }],
    );
    expect(f.run.counts.matched.count).toBe(0);
    expect(f.run.counts.amountMismatch.count).toBe(1);
    expect(f.run.counts.platformExtra.count).toBe(1);
  });
});

describe('matching by business code, through the API', () => {
  it('fails the run when our entries repeat a one-to-one key, naming it, and writes no result', async () => {
    const f = bookedDay(
      [{ order: 'W1', code: '500401', dir: 'out', amt: 5_000 }, { order: 'W1', code: '500401', dir: 'out', amt: 5_000 }, { order: 'W2', code: '500401', dir: 'out', amt: 7_000 }],
      [{ order: 'W1', dir: 'out', amt: 5_000 }, { order: 'W2', dir: 'out', amt: 7_000 }],
    );
    const error = await callApi(f.ctx(f.operator), 'recon.reconcile', { date: DAY }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'REPEATED_ENTRY_KEY', params: { date: DAY, count: 1, channel: 'bank_payout', orderNo: 'W1', entries: '1,2' } });
    expect(String((error as Error).message)).toContain('bank_payout order W1 out 50.00 (entries #1, #2)');
    expect(f.db.prepare('SELECT COUNT(*) FROM recon_run').pluck().get()).toBe(0);
    expect(f.db.prepare("SELECT COUNT(*) FROM clearing_flow WHERE status <> 'initial'").pluck().get()).toBe(0);
  });

  it('matches repeated refunds first come, first matched, and calls a third line a bank extra; a repeated payment line is a duplicate', async () => {
    const f = bookedDay(
      [{ order: 'R1', code: '410401', dir: 'out', amt: 2_000 }, { order: 'R1', code: '410401', dir: 'out', amt: 2_000 }, { order: 'P1', code: '400301', dir: 'in', amt: 9_000 }],
      [{ order: 'R1', dir: 'out', amt: 2_000 }, { order: 'R1', dir: 'out', amt: 2_000 }, { order: 'R1', dir: 'out', amt: 2_000 }, { order: 'P1', dir: 'in', amt: 9_000 }, { order: 'P1', dir: 'in', amt: 9_000 }],
    );
    const run = await callApi(f.ctx(f.operator), 'recon.reconcile', { date: DAY });
    expect([run.counts.matched.count, run.counts.bankExtra.count, run.counts.duplicate.count, run.counts.amountMismatch.count]).toEqual([3, 1, 1, 0]);
    expect(f.db.prepare("SELECT row_no FROM clearing_flow WHERE status = 'bankExtra'").pluck().all()).toEqual([3]);
    expect(f.db.prepare("SELECT row_no FROM clearing_flow WHERE status = 'duplicate'").pluck().all()).toEqual([5]);
  });

  it('never sums two payments against one line: only cross-border codes match one to many', async () => {
    const f = bookedDay(
      [{ order: 'P1', code: '400301', dir: 'in', amt: 6_000 }, { order: 'P1', code: '400302', dir: 'in', amt: 4_000 }],
      [{ order: 'P1', dir: 'in', amt: 10_000 }],
    );
    const run = await callApi(f.ctx(f.operator), 'recon.reconcile', { date: DAY });
    expect([run.counts.matched.count, run.counts.amountMismatch.count, run.counts.platformExtra.count]).toEqual([0, 1, 1]);
  });
});
