import { describe, expect, it } from 'vitest';
import { ledgerFixture, tempDbFile, type LedgerFixture } from '../testing/ledger-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { callApi } from '../api/index.js';
import { appendAudit } from '../audit/audit.js';
import {
  accountLines, accountsAt, closeAccountingDay, getAccount, getVoucher, netBalanceAt, postVouchers, reverseVoucher, voucherAuditTrail,
  type AccountLine, type AccountLineCursor, type VoucherDraft,
} from './index.js';

const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22'];

/** A seeded mix of payments, fees and a voucher that hits the same account twice. */
function book(f: LedgerFixture): void {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (const date of DAYS) {
    const drafts: VoucherDraft[] = [];
    for (let i = 0; i < 40; i++) {
      const amount = 100 + rnd(100_000);
      const fee = 1 + rnd(90);
      drafts.push(i % 9 === 4
        ? { accountingDate: date, businessCode: '100001', summary: `capital ${i}`, lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: amount }, { accountId: f.capital.id, direction: 'C', amountMinor: amount }] }
        : {
          accountingDate: date, businessCode: '400301', summary: `payment ${i}`,
          lines: [
            { accountId: f.receivable.id, direction: 'D', amountMinor: amount },
            { accountId: f.merchantPending.id, direction: 'C', amountMinor: amount, summary: `order ${i}` },
            { accountId: f.merchantPending.id, direction: 'D', amountMinor: fee },
            { accountId: f.feeIncome.id, direction: 'C', amountMinor: fee },
          ],
        });
    }
    postVouchers(f.post, drafts.slice(0, 25));
    postVouchers(f.post, drafts.slice(25));
  }
  // A red-ink reversal on the last day: negative amounts in the account's lines.
  reverseVoucher(f.post, { voucherNo: '20261121-000002' }, { accountingDate: DAYS[2]!, reason: 'duplicate' });
}

/** Every line of an account from the vouchers themselves, in voucher order, with the running balance. */
function expectedLines(f: LedgerFixture, accountId: number, from: string, to: string): { opening: number; lines: Omit<AccountLine, 'reversesId'>[] } {
  const account = getAccount(f.db, accountId);
  const sign = account.balanceDirection === 'D' ? 1 : -1;
  const ids = f.db.prepare('SELECT id FROM voucher WHERE accounting_date BETWEEN ? AND ? ORDER BY accounting_date, seq').pluck().all(from, to) as number[];
  const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const opening = sign * netBalanceAt(f.db, accountId, dayBefore);
  let balance = opening;
  const lines: Omit<AccountLine, 'reversesId'>[] = [];
  for (const id of ids) {
    const v = getVoucher(f.db, { id });
    for (const l of v.lines) {
      if (l.accountId !== accountId) continue;
      balance += sign * (l.direction === 'D' ? l.amountMinor : -l.amountMinor);
      lines.push({ accountingDate: v.accountingDate, voucherId: v.id, voucherNo: v.voucherNo, lineNo: l.lineNo, businessCode: v.businessCode, summary: l.summary, direction: l.direction, amountMinor: l.amountMinor, balanceMinor: balance });
    }
  }
  return { opening, lines };
}

function allPages(f: LedgerFixture, accountId: number, from: string, to: string, limit: number): { pages: number; lines: AccountLine[]; closing: number; opening: number } {
  let after: AccountLineCursor | undefined;
  const lines: AccountLine[] = [];
  let pages = 0;
  for (;;) {
    const page = accountLines(f.db, { accountId, from, to, limit, ...(after ? { after } : {}) });
    pages++;
    expect(page.lines.length).toBeLessThanOrEqual(limit);
    lines.push(...page.lines);
    if (!page.next) return { pages, lines, closing: page.closingMinor, opening: page.openingMinor };
    expect(page.lines.length).toBe(limit);
    after = page.next;
  }
}

describe('account lines (明细账)', () => {
  it('pages through every line of an account with the running balance, whatever the page size', () => {
    const f = ledgerFixture();
    book(f);
    for (const account of [f.merchantPending, f.receivable, f.bank, f.feeIncome]) {
      for (const [from, to] of [[DAYS[0]!, DAYS[2]!], [DAYS[1]!, DAYS[2]!], [DAYS[1]!, DAYS[1]!]] as const) {
        const expected = expectedLines(f, account.id, from, to);
        expect(expected.lines.length).toBeGreaterThan(0);
        for (const limit of [1, 7, 1000]) {
          const got = allPages(f, account.id, from, to, limit);
          expect(got.opening).toBe(expected.opening);
          expect(got.lines.map(({ reversesId: _r, ...l }) => l)).toEqual(expected.lines);
          expect(got.closing).toBe(expected.lines.at(-1)!.balanceMinor);
          if (limit === 1) expect(got.pages).toBe(expected.lines.length);
        }
      }
    }
    // The merchant's pending account is hit twice by each payment voucher: both lines, in line order.
    const first = accountLines(f.db, { accountId: f.merchantPending.id, from: DAYS[0]!, to: DAYS[0]!, limit: 2 }).lines;
    expect(first.map((l) => [l.voucherNo, l.lineNo, l.direction, l.summary])).toEqual([['20261120-000001', 2, 'C', 'order 0'], ['20261120-000001', 3, 'D', 'payment 0']]);
  });

  it('shows a reversal with negative amounts and ends the range on the account balance at that date', () => {
    const f = ledgerFixture();
    book(f);
    const page = accountLines(f.db, { accountId: f.receivable.id, from: DAYS[2]!, to: DAYS[2]!, limit: 1000 });
    const red = page.lines.filter((l) => l.reversesId !== null);
    expect(red).toHaveLength(1);
    expect(red[0]!.amountMinor).toBeLessThan(0);
    expect(page.closingMinor).toBe(getAccount(f.db, f.receivable.id).balanceMinor);
    const range = accountLines(f.db, { accountId: f.receivable.id, from: DAYS[0]!, to: DAYS[1]!, limit: 1 });
    expect(range.closingMinor).toBe(netBalanceAt(f.db, f.receivable.id, DAYS[1]!));
    expect(range.openingMinor).toBe(0);
  });

  it('returns an empty page for a range without movement, and refuses a bad range or cursor', () => {
    const f = ledgerFixture();
    book(f);
    const empty = accountLines(f.db, { accountId: f.bank.id, from: '2026-12-01', to: '2026-12-31' });
    expect(empty.lines).toEqual([]);
    expect(empty.next).toBeNull();
    expect(empty.openingMinor).toBe(getAccount(f.db, f.bank.id).balanceMinor);
    expect(payDeskErrorOf(() => accountLines(f.db, { accountId: f.bank.id, from: DAYS[2]!, to: DAYS[0]! })).message).toContain('is after');
    expect(payDeskErrorOf(() => accountLines(f.db, { accountId: f.bank.id, from: DAYS[1]!, to: DAYS[2]!, after: { date: DAYS[0]!, seq: 1, lineNo: 1, balanceMinor: 0 } })).message).toContain('outside');
    expect(payDeskErrorOf(() => accountLines(f.db, { accountId: 999_999, from: DAYS[0]!, to: DAYS[0]! })).code).toBe('NOT_FOUND');
  });

  it('reads vouchers through the voucher number index and day totals through their key, never scanning a table', () => {
    const f = ledgerFixture();
    const plan = (sqlText: string, ...params: unknown[]) =>
      (f.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT id, seq, business_code, summary, reverses_id, lines FROM voucher WHERE accounting_date = ? AND seq >= ? AND instr(lines, ?) > 0 ORDER BY seq', DAYS[0], 0, '[1,"'))
      .toMatch(/SEARCH voucher USING INDEX voucher_number \(accounting_date=\? AND seq>\?\)/);
    const days = plan('SELECT accounting_date FROM account_day_total WHERE account_id = ? AND accounting_date BETWEEN ? AND ? ORDER BY accounting_date', 1, DAYS[0], DAYS[2]);
    expect(days).toMatch(/SEARCH account_day_total USING (COVERING )?INDEX sqlite_autoindex_account_day_total_1 \(account_id=\? AND accounting_date>\? AND accounting_date<\?\)/);
    expect(days).not.toMatch(/SCAN/);
  });

  it('stays fast on a big day: a page of a busy account and of one that moved ten times in 100,000 vouchers', () => {
    const f = ledgerFixture(tempDbFile());
    const drafts: VoucherDraft[] = [];
    for (let i = 0; i < 100_000; i++) {
      const sparse = i % 10_000 === 5_000;
      drafts.push({
        accountingDate: DAYS[0]!, businessCode: '400301', summary: `p${i}`,
        lines: [{ accountId: f.receivable.id, direction: 'D', amountMinor: 100 + (i % 50) }, { accountId: sparse ? f.suspenseIncome.id : f.feeIncome.id, direction: 'C', amountMinor: 100 + (i % 50) }],
      });
    }
    postVouchers(f.post, drafts);
    const time = (fn: () => unknown) => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    };
    let busy = accountLines(f.db, { accountId: f.receivable.id, from: DAYS[0]!, to: DAYS[0]!, limit: 200 });
    const deep = time(() => {
      for (let p = 0; p < 20; p++) busy = accountLines(f.db, { accountId: f.receivable.id, from: DAYS[0]!, to: DAYS[0]!, limit: 200, after: busy.next! });
    });
    expect(busy.lines[0]!.voucherNo).toBe('20261120-004001');
    expect(busy.lines[0]!.balanceMinor).toBe(drafts.slice(0, 4001).reduce((s, d) => s + d.lines[0]!.amountMinor, 0));
    let sparse!: ReturnType<typeof accountLines>;
    const sparseMs = time(() => (sparse = accountLines(f.db, { accountId: f.suspenseIncome.id, from: DAYS[0]!, to: DAYS[0]!, limit: 200 })));
    expect(sparse.lines.map((l) => l.voucherNo)).toEqual(Array.from({ length: 10 }, (_, k) => `20261120-${String(k * 10_000 + 5_001).padStart(6, '0')}`));
    expect(sparse.closingMinor).toBe(getAccount(f.db, f.suspenseIncome.id).balanceMinor);
    // eslint-disable-next-line no-console
    console.log(`account lines on a 100,000-voucher day: busy account, pages 2–21 of 200 lines ${(deep / 20).toFixed(1)} ms each; sparse account (10 lines) ${sparseMs.toFixed(0)} ms`);
    // Generous bounds: a full JSON parse of the day would take several seconds here.
    expect(deep / 20).toBeLessThan(250);
    expect(sparseMs).toBeLessThan(1500);
  });
});

describe('accounts at a date', () => {
  it('lists a subject\'s accounts (its children too) with the balance at the end of the date, filtered', () => {
    const f = ledgerFixture();
    book(f);
    const at = accountsAt(f.db, { subjectCode: '2241', date: DAYS[1]! });
    const pending = at.accounts.find((a) => a.id === f.merchantPending.id)!;
    expect(pending.balanceAtMinor).toBe(-netBalanceAt(f.db, f.merchantPending.id, DAYS[1]!));
    expect(pending.balanceAtMinor).not.toBe(pending.balanceMinor);
    const day = f.db.prepare('SELECT debit_minor, credit_minor FROM account_day_total WHERE account_id = ? AND accounting_date = ?').get(f.merchantPending.id, DAYS[1]) as { debit_minor: number; credit_minor: number };
    expect([pending.dayDebitMinor, pending.dayCreditMinor]).toEqual([day.debit_minor, day.credit_minor]);
    expect(at.accounts.map((a) => a.subjectCode).every((c) => c.startsWith('2241.'))).toBe(true);
    expect(at.total).toBe(at.accounts.length);
    expect(accountsAt(f.db, { subjectCode: '2241', date: DAYS[1]!, search: 'M001' }).accounts.map((a) => a.id).sort()).toEqual([f.merchantPending.id, f.merchantAvailable.id].sort());
    expect(accountsAt(f.db, { subjectCode: '2241', date: DAYS[1]!, search: '%' }).total).toBe(0);
    expect(payDeskErrorOf(() => accountsAt(f.db, { subjectCode: '9999', date: DAYS[1]! })).code).toBe('NOT_FOUND');
  });
});

describe('a voucher\'s audit trail', () => {
  it('names the posting batch, the reversal both ways, and the close of its day', async () => {
    const f = ledgerFixture();
    book(f);
    const original = getVoucher(f.db, { voucherNo: '20261121-000002' });
    const reversal = getVoucher(f.db, { id: original.reversedById! });
    closeAccountingDay({ db: f.db, userId: f.reviewer.id, at: '2026-11-23T01:00:00.000Z' }, DAYS[1]!);

    const trail = voucherAuditTrail(f.db, { id: original.id });
    expect(trail.records.map((r) => [r.relation, r.action, r.user])).toEqual([
      ['posted', 'voucher.post_batch', 'operator'],
      ['reversal', 'voucher.reverse', 'operator'],
      ['dayClosed', 'day.close', 'reviewer'],
    ]);
    expect(trail.records[0]!.entityId).toBe('20261121-000001..20261121-000025');
    expect(trail.records[1]!.entityId).toBe(reversal.voucherNo);

    const back = await callApi(f.ctx(f.operator), 'audit.voucher', { voucherNo: reversal.voucherNo });
    expect(back.records.map((r) => [r.relation, r.action])).toEqual([['original', 'voucher.post_batch'], ['posted', 'voucher.reverse']]);
    // Another day's close and another voucher's batch are not about it.
    const other = voucherAuditTrail(f.db, { voucherNo: '20261122-000030' });
    expect(other.records.map((r) => [r.relation, r.entityId])).toEqual([['posted', '20261122-000026..20261122-000040']]);
  });

  it('leaves out an export of the day made before the voucher was posted', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [{ accountingDate: DAYS[0]!, businessCode: '100001', summary: 'a', lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: 5 }, { accountId: f.capital.id, direction: 'C', amountMinor: 5 }] }]);
    appendAudit(f.db, { at: '2026-11-20T10:00:00.000Z', userId: f.operator.id, action: 'erp.export', entity: 'voucher_file', entityId: DAYS[0]!, detail: { format: 'csv' } });
    const [late] = postVouchers(f.post, [{ accountingDate: DAYS[0]!, businessCode: '100001', summary: 'b', lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: 5 }, { accountId: f.capital.id, direction: 'C', amountMinor: 5 }] }]);
    expect(voucherAuditTrail(f.db, { voucherNo: '20261120-000001' }).records.map((r) => r.relation)).toEqual(['posted', 'exported']);
    expect(voucherAuditTrail(f.db, { id: late!.id }).records.map((r) => r.relation)).toEqual(['posted']);
  });
});

describe('reversal through the API', () => {
  it('is refused to an operator and done for a reviewer, linked both ways', async () => {
    const f = ledgerFixture();
    book(f);
    const ref = { voucher: { voucherNo: '20261120-000003' }, accountingDate: DAYS[2]!, reason: 'wrong merchant' };
    await expect(callApi(f.ctx(f.operator), 'ledger.reverseVoucher', ref)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const red = await callApi(f.ctx(f.reviewer), 'ledger.reverseVoucher', ref);
    expect(getVoucher(f.db, { voucherNo: '20261120-000003' }).reversedById).toBe(red.id);
    expect(getVoucher(f.db, { id: red.id }).reversesId).toBe(getVoucher(f.db, { voucherNo: '20261120-000003' }).id);
  });
});
