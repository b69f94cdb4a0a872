import { describe, expect, it } from 'vitest';
import { ledgerFixture, tempDbFile, AT } from '../testing/ledger-fixture.js';
import { postVouchers } from '../ledger/index.js';
import { reconcile } from './reconcile.js';
import { summary } from './confirm.js';

const DAY = '2026-11-22';

/** Cross-border entries (境外收单购汇扣款 520101, 购汇益回补 400319) and the bank's one line per order. */
function crossBorder(entries: { order: string; code: string; dir: 'in' | 'out'; amt: number }[], lines: { order: string; dir: 'in' | 'out'; amt: number }[]) {
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
  return { ...f, run: reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT }) };
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
