import { describe, expect, it } from 'vitest';
import { AT, ledgerFixture, type LedgerFixture } from '../testing/ledger-fixture.js';
import {
  addSubject, changeFrozen, checkLedgerIntegrity, closeAccount, closeAccountingDay, getAccount, getVoucher, listSubjects,
  listVouchers, openAccount, postVouchers, reverseVoucher, subjectBalance, trialBalance, type VoucherDraft,
} from './index.js';
import { payDeskErrorOf } from '../testing/errors.js';

const DATE = '2026-11-22';

function payment(f: LedgerFixture, amount: number, fee: number, date = DATE): VoucherDraft {
  return {
    accountingDate: date, businessCode: '400301', summary: 'payment',
    lines: [
      { accountId: f.receivable.id, direction: 'D', amountMinor: amount },
      { accountId: f.merchantPending.id, direction: 'C', amountMinor: amount },
      { accountId: f.merchantPending.id, direction: 'D', amountMinor: fee },
      { accountId: f.feeIncome.id, direction: 'C', amountMinor: fee },
    ],
  };
}


describe('chart of accounts', () => {
  it('seeds a tree whose leaves carry the balance direction of their root', () => {
    const f = ledgerFixture();
    const subjects = listSubjects(f.db);
    const bank = subjects.find((s) => s.code === '1002')!;
    const detail = subjects.find((s) => s.code === '1002.01')!;
    expect(bank).toMatchObject({ isLeaf: false, level: 1, balanceDirection: 'D', category: 'asset' });
    expect(detail).toMatchObject({ isLeaf: true, level: 2, parentCode: '1002', balanceDirection: 'D' });
    expect(subjects.find((s) => s.code === '2241.01')).toMatchObject({ balanceDirection: 'C', category: 'liability' });
    expect(subjects.find((s) => s.code === '6021.01')).toMatchObject({ balanceDirection: 'C' });
  });

  it('adds a detail subject, but not under a subject that already holds accounts', () => {
    const f = ledgerFixture();
    const added = addSubject(f.db, { code: '1012.02', name: '其他货币资金-微信', nameEn: 'WeChat balance', parent: '1012' });
    expect(added).toMatchObject({ code: '1012.02', level: 2, isLeaf: true, balanceDirection: 'D' });
    expect(payDeskErrorOf(() => addSubject(f.db, { code: '1002.01.01', name: 'x', nameEn: 'x', parent: '1002.01' })).code).toBe('CONFLICT');
    expect(payDeskErrorOf(() => addSubject(f.db, { code: '1013.01', name: 'x', nameEn: 'x', parent: '1012' })).code).toBe('BAD_INPUT');
  });
});

describe('accounts from templates', () => {
  it('opens a merchant pending account under 2241.01, idempotently', () => {
    const f = ledgerFixture();
    const again = openAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_pending', ownerRef: 'M001', currency: 'CNY' }, AT);
    expect(again.id).toBe(f.merchantPending.id);
    expect(f.merchantPending).toMatchObject({ subjectCode: '2241.01', balanceDirection: 'C', balanceMinor: 0, status: 'open' });
  });

  it('needs an owner reference for per-bank and per-channel accounts', () => {
    const f = ledgerFixture();
    expect(payDeskErrorOf(() => openAccount(f.db, { ownerKind: 'internal', purpose: 'bank_deposit', ownerRef: null, currency: 'CNY' }, AT)).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => openAccount(f.db, { ownerKind: 'internal', purpose: 'no_such', ownerRef: 'x', currency: 'CNY' }, AT)).code).toBe('BAD_INPUT');
  });

  it('freezes part of a balance, never more than the balance, and keeps it out of reach of postings', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [payment(f, 10_000, 60)]);
    expect(payDeskErrorOf(() => changeFrozen(f.db, f.merchantPending.id, 9_941)).code).toBe('INSUFFICIENT_FUNDS');
    const frozen = changeFrozen(f.db, f.merchantPending.id, 9_000);
    expect(frozen).toMatchObject({ balanceMinor: 9_940, frozenMinor: 9_000, availableMinor: 940 });
    const settle = (amount: number): VoucherDraft => ({
      accountingDate: DATE, businessCode: '600101', summary: 'settle',
      lines: [{ accountId: f.merchantPending.id, direction: 'D', amountMinor: amount }, { accountId: f.merchantAvailable.id, direction: 'C', amountMinor: amount }],
    });
    expect(payDeskErrorOf(() => postVouchers(f.post, [settle(941)])).code).toBe('INSUFFICIENT_FUNDS');
    postVouchers(f.post, [settle(940)]);
    expect(getAccount(f.db, f.merchantPending.id).availableMinor).toBe(0);
  });

  it('closes only at zero balance, and then refuses postings', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [payment(f, 500, 3)]);
    expect(payDeskErrorOf(() => closeAccount(f.db, f.merchantPending.id, AT)).code).toBe('CONFLICT');
    const spare = openAccount(f.db, { ownerKind: 'internal', purpose: 'channel_receivable', ownerRef: 'wechat', currency: 'CNY' }, AT);
    closeAccount(f.db, spare.id, AT);
    const e = payDeskErrorOf(() => postVouchers(f.post, [{
      accountingDate: DATE, businessCode: '400301', summary: 'to a closed account',
      lines: [{ accountId: spare.id, direction: 'D', amountMinor: 1 }, { accountId: f.feeIncome.id, direction: 'C', amountMinor: 1 }],
    }]));
    expect(e.code).toBe('ACCOUNT_CLOSED');
    expect(e.message).toContain(spare.accountNo);
  });
});

describe('posting', () => {
  it('posts a balanced voucher, numbers it per accounting date and moves balances on their normal side', () => {
    const f = ledgerFixture();
    const [v1, v2] = postVouchers(f.post, [payment(f, 12_345, 74), payment(f, 100, 1)]);
    expect(v1!.voucherNo).toBe('20261122-000001');
    expect(v2!.voucherNo).toBe('20261122-000002');
    const [v3] = postVouchers(f.post, [payment(f, 100, 1, '2026-11-23')]);
    expect(v3!.voucherNo).toBe('20261123-000001');
    expect(getAccount(f.db, f.receivable.id).balanceMinor).toBe(12_545);
    expect(getAccount(f.db, f.merchantPending.id).balanceMinor).toBe(12_545 - 76);
    expect(getAccount(f.db, f.feeIncome.id).balanceMinor).toBe(76);
    const stored = getVoucher(f.db, { voucherNo: '20261122-000001' });
    expect(stored.lines.map((l) => [l.direction, l.amountMinor, l.subjectCode])).toEqual([
      ['D', 12_345, '1122.01'], ['C', 12_345, '2241.01'], ['D', 74, '2241.01'], ['C', 74, '6021.01'],
    ]);
    expect(stored.createdBy).toBe('operator');
  });

  it('keeps a line summary that differs from the voucher, quotes and Chinese included, and reads lines back through the voucher_line view', () => {
    const f = ledgerFixture();
    const draft = payment(f, 1_000, 6);
    draft.lines[3]!.summary = '手续费 "0.6%", 商户\\M001';
    const [v] = postVouchers(f.post, [draft]);
    const stored = getVoucher(f.db, { id: v!.id });
    expect(stored.lines.map((l) => l.summary)).toEqual(['payment', 'payment', 'payment', '手续费 "0.6%", 商户\\M001']);
    const viaView = f.db.sqlite.prepare('SELECT line_no, account_id, direction, amount_minor FROM voucher_line WHERE voucher_id = ? ORDER BY line_no').raw().all(v!.id);
    expect(viaView).toEqual([[1, f.receivable.id, 'D', 1_000], [2, f.merchantPending.id, 'C', 1_000], [3, f.merchantPending.id, 'D', 6], [4, f.feeIncome.id, 'C', 6]]);
  });

  it('refuses an unbalanced voucher with both totals in the message and writes nothing', () => {
    const f = ledgerFixture();
    const bad = payment(f, 1_000, 6);
    bad.lines[3]!.amountMinor = 5;
    const e = payDeskErrorOf(() => postVouchers(f.post, [bad]));
    expect(e.code).toBe('UNBALANCED');
    expect(e.message).toContain('debits 10.06');
    expect(e.message).toContain('credits 10.05');
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(0);
  });

  it('refuses zero, negative, fractional and one-sided lines', () => {
    const f = ledgerFixture();
    const lines = (a: number, b: number): VoucherDraft => ({
      accountingDate: DATE, businessCode: '1', summary: 's',
      lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: a }, { accountId: f.capital.id, direction: 'C', amountMinor: b }],
    });
    expect(payDeskErrorOf(() => postVouchers(f.post, [lines(0, 0)])).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => postVouchers(f.post, [lines(-5, -5)])).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => postVouchers(f.post, [lines(1.5, 1.5)])).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => postVouchers(f.post, [{ ...lines(1, 1), lines: [lines(1, 1).lines[0]!] }])).code).toBe('UNBALANCED');
    expect(payDeskErrorOf(() => postVouchers(f.post, [{ ...lines(1, 1), accountingDate: '2026-02-30' }])).code).toBe('BAD_INPUT');
  });

  it('refuses a posting to a closed accounting day', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [payment(f, 1_000, 6)]);
    closeAccountingDay(f.post, DATE);
    const e = payDeskErrorOf(() => postVouchers(f.post, [payment(f, 1_000, 6)]));
    expect(e.code).toBe('DAY_CLOSED');
    expect(e.message).toContain(DATE);
    postVouchers(f.post, [payment(f, 1_000, 6, '2026-11-23')]);
  });

  it('rolls back the whole batch when one voucher in the middle fails', () => {
    const f = ledgerFixture();
    const bad = payment(f, 10, 1);
    bad.lines[0]!.amountMinor = 11;
    const e = payDeskErrorOf(() => postVouchers(f.post, [payment(f, 100, 1), payment(f, 200, 1), bad, payment(f, 300, 2)]));
    expect(e.message).toMatch(/^voucher 3 of 4/);
    expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM voucher_line').pluck().get()).toBe(0);
    expect(getAccount(f.db, f.receivable.id).debitMinor).toBe(0);
    expect(trialBalance(f.db, DATE).period.debit).toBe(0);
  });

  it('has no update or delete path: the database itself refuses to rewrite vouchers and lines', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [payment(f, 100, 1)]);
    expect(() => f.db.sqlite.exec(`UPDATE voucher SET lines = '[]'`)).toThrow(/append-only/);
    expect(() => f.db.sqlite.exec('UPDATE voucher_line SET amount_minor = 1')).toThrow(/cannot modify voucher_line/);
    expect(() => f.db.sqlite.exec('DELETE FROM voucher')).toThrow(/append-only/);
    expect(() => f.db.sqlite.exec('DELETE FROM audit_log')).toThrow(/append-only/);
  });
});

describe('reversal (红字冲销)', () => {
  it('posts the same lines with negative amounts and restores every balance', () => {
    const f = ledgerFixture();
    const [v] = postVouchers(f.post, [payment(f, 5_000, 30)]);
    const r = reverseVoucher(f.post, { id: v!.id }, { accountingDate: '2026-11-23', reason: 'duplicate' });
    const reversal = getVoucher(f.db, { id: r.id });
    expect(reversal.reversesId).toBe(v!.id);
    expect(reversal.lines.map((l) => [l.direction, l.amountMinor])).toEqual([['D', -5_000], ['C', -5_000], ['D', -30], ['C', -30]]);
    for (const a of [f.receivable, f.merchantPending, f.feeIncome]) expect(getAccount(f.db, a.id).balanceMinor).toBe(0);
    expect(getVoucher(f.db, { id: v!.id }).reversedById).toBe(r.id);
  });

  it('reverses a voucher only once, never a reversal, and not onto a closed day', () => {
    const f = ledgerFixture();
    const [v] = postVouchers(f.post, [payment(f, 5_000, 30)]);
    closeAccountingDay(f.post, DATE);
    expect(payDeskErrorOf(() => reverseVoucher(f.post, { id: v!.id }, { accountingDate: DATE, reason: 'x' })).code).toBe('DAY_CLOSED');
    const r = reverseVoucher(f.post, { id: v!.id }, { accountingDate: '2026-11-23', reason: 'x' });
    expect(payDeskErrorOf(() => reverseVoucher(f.post, { id: v!.id }, { accountingDate: '2026-11-23', reason: 'again' })).code).toBe('CONFLICT');
    expect(payDeskErrorOf(() => reverseVoucher(f.post, { id: r.id }, { accountingDate: '2026-11-23', reason: 'undo' })).code).toBe('CONFLICT');
  });
});

describe('trial balance', () => {
  it('carries closing balances into the next day as opening and rolls leaves up to general-ledger subjects', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [
      { accountingDate: DATE, businessCode: '100001', summary: 'capital', lines: [{ accountId: f.bank.id, direction: 'D', amountMinor: 1_000_000 }, { accountId: f.capital.id, direction: 'C', amountMinor: 1_000_000 }] },
      payment(f, 20_000, 120),
    ]);
    postVouchers(f.post, [{
      accountingDate: '2026-11-23', businessCode: '300101', summary: 'clearing',
      lines: [
        { accountId: f.bank.id, direction: 'D', amountMinor: 19_924 },
        { accountId: f.channelFee.id, direction: 'D', amountMinor: 76 },
        { accountId: f.receivable.id, direction: 'C', amountMinor: 20_000 },
      ],
    }]);
    const day1 = trialBalance(f.db, DATE);
    expect(day1.balanced).toBe(true);
    expect(day1.period).toEqual({ debit: 1_020_120, credit: 1_020_120 });
    const day2 = trialBalance(f.db, '2026-11-23');
    expect(day2.balanced).toBe(true);
    expect(day2.opening).toEqual(day1.closing);
    const bankGl = day2.rows.find((r) => r.code === '1002')!;
    expect(bankGl.opening.debit).toBe(1_000_000);
    expect(bankGl.period.debit).toBe(19_924);
    expect(bankGl.closing.debit).toBe(1_019_924);
    expect(subjectBalance(f.db, '1122', '2026-11-23')).toBe(0);
    expect(subjectBalance(f.db, '2241', '2026-11-23')).toBe(19_880);
    // GL = sum of its leaves
    for (const gl of day2.rows.filter((r) => !r.isLeaf)) {
      const leaves = day2.rows.filter((r) => r.code.startsWith(gl.code + '.'));
      expect(gl.period.debit).toBe(leaves.filter((l) => l.isLeaf).reduce((s, l) => s + l.period.debit, 0));
    }
    expect(checkLedgerIntegrity(f.db).ok).toBe(true);
  });

  it('refuses to close a day that does not balance', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [payment(f, 100, 1)]);
    // Break the books behind the API's back (what a corrupted file would look like).
    f.db.sqlite.prepare('UPDATE account_day_total SET debit_minor = debit_minor + 1 WHERE account_id = ?').run(f.receivable.id);
    const e = payDeskErrorOf(() => closeAccountingDay(f.post, DATE));
    expect(e.code).toBe('CHECK_FAILED');
    expect(e.message).toContain('1.01');
    expect(checkLedgerIntegrity(f.db).problems.map((p) => p.kind)).toContain('day_totals');
  });

  it('lists the vouchers of a day and of an account', () => {
    const f = ledgerFixture();
    postVouchers(f.post, [payment(f, 100, 1), payment(f, 200, 1), payment(f, 300, 2, '2026-11-23')]);
    expect(listVouchers(f.db, { date: DATE }).map((v) => v.voucherNo)).toEqual(['20261122-000001', '20261122-000002']);
    expect(listVouchers(f.db, { date: DATE, accountId: f.bank.id })).toHaveLength(0);
  });
});
