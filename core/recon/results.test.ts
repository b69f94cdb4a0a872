import { describe, expect, it } from 'vitest';
import { ledgerFixture, tempDbFile, AT } from '../testing/ledger-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { reconcile } from './reconcile.js';
import { resultDetail, resultsPage } from './results.js';

const DAY = '2026-11-22';

describe('reconciliation rows for the desk', () => {
  it('pages through a run with filters, and shows one row in full', () => {
    const f = ledgerFixture(tempDbFile());
    const none = payDeskErrorOf(() => resultsPage(f.db, { date: DAY, offset: 0, limit: 10 }));
    expect(none.message).toMatch(/reconcile first/);
    expect([none.reason, none.params]).toEqual(['NOT_RECONCILED', { date: DAY, channel: null }]);
    const batch = f.db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, first_date, last_date, created_at, created_by)
                                VALUES ('wechat', 'test', 'w.csv', 1, 'h', 'DONE', ?, ?, ?, ?)`).run(DAY, DAY, AT, f.operator.id).lastInsertRowid;
    for (let i = 0; i < 5; i++) {
      f.db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, currency)
                    VALUES (?, ?, 'wechat', ?, ?, 'in', 'pay', ?, ?, 'CNY')`).run(batch, i + 1, DAY, `${DAY} 10:00:0${i}`, `P${i}`, 100 + i);
    }
    reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT });
    const all = resultsPage(f.db, { date: DAY, offset: 0, limit: 10 });
    expect(all.total).toBe(5);
    expect(all.rows.map((r) => [r.outcome, r.orderNo, r.theirAmountMinor])).toEqual([0, 1, 2, 3, 4].map((i) => ['bankExtra', `P${i}`, 100 + i]));
    expect(resultsPage(f.db, { date: DAY, offset: 3, limit: 1 }).rows.map((r) => r.orderNo)).toEqual(['P3']);
    expect(resultsPage(f.db, { date: DAY, outcome: 'matched', offset: 0, limit: 10 }).total).toBe(0);
    expect(resultsPage(f.db, { date: DAY, channel: 'alipay', offset: 0, limit: 10 }).total).toBe(0);
    expect(resultsPage(f.db, { date: DAY, offset: 4, limit: 10 }).rows.map((r) => r.orderNo)).toEqual(['P4']);
    expect(resultsPage(f.db, { date: DAY, offset: 5, limit: 10 }).rows).toEqual([]);
    // a second run supersedes the first: its rows are the next stretch of rowids, and only they are paged
    reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT });
    const again = resultsPage(f.db, { date: DAY, offset: 0, limit: 10 });
    expect(again.total).toBe(5);
    expect(again.rows.map((r) => r.resultId)).toEqual(all.rows.map((r) => r.resultId + 5));
    expect(resultsPage(f.db, { date: DAY, offset: 1, limit: 2 }).rows.map((r) => r.orderNo)).toEqual(['P1', 'P2']);
    const detail = resultDetail(f.db, { clearingId: all.rows[2]!.clearingId! });
    expect(detail.clearing).toMatchObject({ order_no: 'P2', amount_minor: 102, file_name: 'w.csv' });
    expect(detail.entry).toBeNull();
  });

  it('filters by outcome within the current run: the differences through their index, matched rows through the run\'s rowids', () => {
    const f = ledgerFixture(tempDbFile());
    const batch = f.db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, status, first_date, last_date, created_at, created_by)
                                VALUES ('wechat', 'test', 'w.csv', 1, 'h', 'DONE', ?, ?, ?, ?)`).run(DAY, DAY, AT, f.operator.id).lastInsertRowid;
    const line = f.db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, currency)
                               VALUES (?, ?, 'wechat', ?, ?, 'in', 'pay', ?, ?, 'CNY')`);
    const entry = f.db.prepare(`INSERT INTO entry_flow (channel_code, business_code, order_no, direction, amount_minor, currency, occurred_at, accounting_date, voucher_id)
                                VALUES ('wechat', '400301', ?, 'in', ?, 'CNY', ?, ?, 0)`);
    // P0..P5 match, P6 and P7 differ by a fen, P8 only they have, P9 only we have
    for (let i = 0; i < 10; i++) {
      if (i !== 9) line.run(batch, i + 1, DAY, `${DAY} 10:00:0${i}`, `P${i}`, 100 + i);
      if (i !== 8) entry.run(`P${i}`, i === 6 || i === 7 ? 101 + i : 100 + i, `${DAY} 10:00:0${i}`, DAY);
    }
    reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT });
    reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT }); // the first run's rows must not show
    const orders = (outcome: 'matched' | 'amountMismatch' | 'bankExtra' | 'platformExtra', offset = 0, limit = 10) => {
      const page = resultsPage(f.db, { date: DAY, outcome, offset, limit });
      return { total: page.total, orders: page.rows.map((r) => r.orderNo) };
    };
    expect(orders('matched')).toEqual({ total: 6, orders: ['P0', 'P1', 'P2', 'P3', 'P4', 'P5'] });
    expect(orders('matched', 2, 3)).toEqual({ total: 6, orders: ['P2', 'P3', 'P4'] });
    expect(orders('matched', 5, 3)).toEqual({ total: 6, orders: ['P5'] });
    expect(orders('amountMismatch')).toEqual({ total: 2, orders: ['P6', 'P7'] });
    expect(orders('amountMismatch', 1, 5)).toEqual({ total: 2, orders: ['P7'] });
    expect(orders('bankExtra')).toEqual({ total: 1, orders: ['P8'] });
    expect(orders('platformExtra')).toEqual({ total: 1, orders: ['P9'] });
  });
});

