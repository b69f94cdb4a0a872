import { describe, expect, it } from 'vitest';
import { ledgerFixture, tempDbFile, AT, type LedgerFixture } from '../testing/ledger-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { getAccount, openAccount, postVouchers, trialBalance } from '../ledger/index.js';
import { hangUp, internalPosting, listSuspenseItems, reviewSuspenseItem, writeOff } from './suspense.js';
import { suspenseKindOf } from './codes.js';

const DAY = '2026-11-22';

function world(): LedgerFixture & { suspenseExpense: number; other: number; interest: number } {
  const f = ledgerFixture(tempDbFile());
  postVouchers(f.post, [{ accountingDate: DAY, businessCode: '100001', summary: 'capital', lines: [
    { accountId: f.bank.id, direction: 'D', amountMinor: 1_000_000 }, { accountId: f.capital.id, direction: 'C', amountMinor: 1_000_000 },
  ] }]);
  const suspenseExpense = openAccount(f.db, { ownerKind: 'internal', purpose: 'suspense_expense', ownerRef: null, currency: 'CNY' }, AT).id;
  return { ...f, suspenseExpense, other: f.feeIncome.id, interest: f.channelFee.id };
}

function incomeCard(f: ReturnType<typeof world>, amountMinor = 10_000) {
  return hangUp(f.db, { kind: 'income', debitAccountId: f.bank.id, creditAccountId: f.suspenseIncome.id, amountMinor, summary: '不明来款 unknown receipt', accountingDate: DAY }, f.operator, AT);
}

describe('suspense income and expense (待查收支挂账)', () => {
  it('an income hang-up debits the bank and credits suspense income, and waits for a reviewer', () => {
    const f = world();
    const card = incomeCard(f);
    expect(card).toMatchObject({ kind: 'income', status: 'to_review', amountMinor: 10_000, bankAccountId: f.bank.id });
    expect(card.voucherNo).toBe(card.originVoucherNo);
    expect(getAccount(f.db, f.suspenseIncome.id).balanceMinor).toBe(10_000);
    expect(getAccount(f.db, f.bank.id).balanceMinor).toBe(1_010_000);
  });

  it('refuses each broken hang-up rule with its reason', () => {
    const f = world();
    const base = { kind: 'income' as const, debitAccountId: f.bank.id, creditAccountId: f.suspenseIncome.id, amountMinor: 100, summary: 's', accountingDate: DAY };
    expect(payDeskErrorOf(() => hangUp(f.db, { ...base, creditAccountId: f.bank.id }, f.operator, AT)).message).toMatch(/must differ/);
    expect(payDeskErrorOf(() => hangUp(f.db, { ...base, amountMinor: 0 }, f.operator, AT)).message).toMatch(/greater than 0/);
    expect(payDeskErrorOf(() => hangUp(f.db, { ...base, debitAccountId: f.capital.id }, f.operator, AT)).message).toMatch(/debit account must be a bank deposit/);
    expect(payDeskErrorOf(() => hangUp(f.db, { ...base, creditAccountId: f.capital.id }, f.operator, AT)).message).toMatch(/credit account must be the write-off account/);
    const expense = { kind: 'expense' as const, debitAccountId: f.suspenseExpense, creditAccountId: f.bank.id, amountMinor: 100, summary: 's', accountingDate: DAY };
    expect(payDeskErrorOf(() => hangUp(f.db, { ...expense, creditAccountId: f.capital.id }, f.operator, AT)).message).toMatch(/credit account must be a bank deposit/);
    expect(payDeskErrorOf(() => hangUp(f.db, { ...expense, debitAccountId: f.capital.id }, f.operator, AT)).message).toMatch(/debit account must be the write-off account/);
    expect(listSuspenseItems(f.db)).toHaveLength(0);
  });

  it('a card is written off only once reviewed, by someone other than its maker, and only once', () => {
    const f = world();
    const card = incomeCard(f);
    const full = { voucherNo: card.voucherNo, targets: [{ accountId: f.other, amountMinor: 10_000 }], summary: '查明 identified', accountingDate: DAY };
    expect(payDeskErrorOf(() => writeOff(f.db, full, f.operator, AT)).message).toMatch(/not been reviewed/);
    expect(payDeskErrorOf(() => reviewSuspenseItem(f.db, { id: card.id }, f.operator, AT)).code).toBe('FORBIDDEN');
    reviewSuspenseItem(f.db, { id: card.id }, f.reviewer, AT);
    const done = writeOff(f.db, full, f.operator, AT);
    expect(done.remainder).toBeNull();
    expect(getAccount(f.db, f.suspenseIncome.id).balanceMinor).toBe(0);
    expect(payDeskErrorOf(() => writeOff(f.db, full, f.operator, AT)).message).toMatch(/already written off/);
    expect(payDeskErrorOf(() => writeOff(f.db, { ...full, voucherNo: '20261122-999999' }, f.operator, AT)).code).toBe('NOT_FOUND');
  });

  it('a partial write-off re-hangs the remainder at once: reviewed, same bank name, linked to the original card', () => {
    const f = world();
    const card = incomeCard(f, 10_000);
    reviewSuspenseItem(f.db, { id: card.id }, f.reviewer, AT);
    const first = writeOff(f.db, { voucherNo: card.voucherNo, targets: [{ accountId: f.other, amountMinor: 3_000 }, { accountId: f.interest, amountMinor: 1_000 }], summary: 'part', accountingDate: DAY }, f.operator, AT);
    expect(first.writtenOffMinor).toBe(4_000);
    expect(first.remainder).toMatchObject({ status: 'open', amountMinor: 6_000, bankName: card.bankName, originVoucherNo: card.voucherNo, parentItemId: card.id, voucherNo: first.writeOffVoucherNo });
    // the remainder is itself a card: written off again, it carries the first card as its origin
    const second = writeOff(f.db, { voucherNo: first.remainder!.voucherNo, targets: [{ accountId: f.other, amountMinor: 6_000 }], summary: 'rest', accountingDate: DAY }, f.operator, AT);
    expect(second.remainder).toBeNull();
    expect(getAccount(f.db, f.suspenseIncome.id).balanceMinor).toBe(0);
    expect(listSuspenseItems(f.db, { status: 'open' })).toHaveLength(0);
    expect(trialBalance(f.db, DAY).balanced).toBe(true);
  });

  it('a remainder keeps its card’s maker and reviewer: the one who writes off never becomes its checker; an admin cannot review his own card', () => {
    const f = world();
    const card = hangUp(f.db, { kind: 'income', debitAccountId: f.bank.id, creditAccountId: f.suspenseIncome.id, amountMinor: 10_000, summary: '不明来款', accountingDate: DAY }, f.admin, AT);
    const own = payDeskErrorOf(() => reviewSuspenseItem(f.db, { id: card.id }, f.admin, AT));
    expect(own).toMatchObject({ code: 'FORBIDDEN', reason: 'MAKER_IS_CHECKER' });
    const reviewed = reviewSuspenseItem(f.db, { id: card.id }, f.reviewer, '2026-11-23T03:00:00.000Z');
    const part = writeOff(f.db, { voucherNo: card.voucherNo, targets: [{ accountId: f.other, amountMinor: 4_000 }], summary: 'part', accountingDate: DAY }, f.operator, '2026-11-24T03:00:00.000Z');
    expect(part.remainder).toMatchObject({ createdBy: f.admin.id, reviewedBy: f.reviewer.id, reviewedAt: reviewed.reviewedAt });
    expect(part.remainder!.reviewedBy).not.toBe(f.operator.id);
  });

  it('a remainder re-hung on a later day ages from its original card', () => {
    const f = world();
    const card = incomeCard(f, 10_000);
    reviewSuspenseItem(f.db, { id: card.id }, f.reviewer, AT);
    const part = writeOff(f.db, { voucherNo: card.voucherNo, targets: [{ accountId: f.other, amountMinor: 2_500 }], summary: 'part', accountingDate: '2026-11-25' }, f.operator, AT);
    const [open] = listSuspenseItems(f.db, { status: 'open', asOf: '2026-11-30' });
    expect(open).toMatchObject({ voucherNo: part.writeOffVoucherNo, hungUpOn: '2026-11-25', originHungUpOn: DAY, ageDays: 8, amountMinor: 7_500 });
  });

  it('refuses a write-off above the card, of nothing, or to a write-off or merchant account', () => {
    const f = world();
    const card = incomeCard(f, 5_000);
    reviewSuspenseItem(f.db, { id: card.id }, f.reviewer, AT);
    const to = (accountId: number, amountMinor: number) => ({ voucherNo: card.voucherNo, targets: [{ accountId, amountMinor }], summary: 'x', accountingDate: DAY });
    expect(payDeskErrorOf(() => writeOff(f.db, to(f.other, 5_001), f.operator, AT)).message).toMatch(/exceeds the card/);
    expect(payDeskErrorOf(() => writeOff(f.db, to(f.other, 0), f.operator, AT)).message).toMatch(/greater than 0/);
    expect(payDeskErrorOf(() => writeOff(f.db, to(f.suspenseIncome.id, 100), f.operator, AT)).message).toMatch(/internal account other than a write-off/);
    expect(payDeskErrorOf(() => writeOff(f.db, to(f.merchantAvailable.id, 100), f.operator, AT)).message).toMatch(/internal account/);
    expect(getAccount(f.db, f.suspenseIncome.id).balanceMinor).toBe(5_000);
  });

  it('an expense card mirrors it: the write-off debits an internal account and credits suspense expense', () => {
    const f = world();
    const card = hangUp(f.db, { kind: 'expense', debitAccountId: f.suspenseExpense, creditAccountId: f.bank.id, amountMinor: 2_500, summary: '不明扣款 unknown debit', accountingDate: DAY }, f.operator, AT);
    expect(getAccount(f.db, f.bank.id).balanceMinor).toBe(997_500);
    reviewSuspenseItem(f.db, { voucherNo: card.voucherNo }, f.reviewer, AT);
    const r = writeOff(f.db, { voucherNo: card.voucherNo, targets: [{ accountId: f.interest, amountMinor: 2_000 }], summary: '银行手续费 bank fee', accountingDate: DAY }, f.operator, AT);
    expect(r.remainder?.amountMinor).toBe(500);
    expect(getAccount(f.db, f.suspenseExpense).balanceMinor).toBe(500);
    expect(getAccount(f.db, f.interest).balanceMinor).toBe(2_000);
  });
});

describe('internal account posting (内部账户登账)', () => {
  it('posts one debit and one credit between internal accounts', () => {
    const f = world();
    const v = internalPosting(f.db, { debitAccountId: f.interest, creditAccountId: f.bank.id, amountMinor: 1_234, summary: '银行手续费 bank charges', accountingDate: DAY }, f.operator, AT);
    expect(v.voucherNo).toMatch(/^20261122-/);
    expect(getAccount(f.db, f.bank.id).balanceMinor).toBe(998_766);
  });

  it('refuses the same account twice, nothing, a write-off account on either side, and customer accounts', () => {
    const f = world();
    const p = (debitAccountId: number, creditAccountId: number, amountMinor = 100) => () => internalPosting(f.db, { debitAccountId, creditAccountId, amountMinor, summary: 's', accountingDate: DAY }, f.operator, AT);
    expect(payDeskErrorOf(p(f.bank.id, f.bank.id)).message).toMatch(/must differ/);
    expect(payDeskErrorOf(p(f.interest, f.bank.id, -5)).message).toMatch(/greater than 0/);
    expect(payDeskErrorOf(p(f.suspenseIncome.id, f.bank.id)).message).toMatch(/write-off/);
    expect(payDeskErrorOf(p(f.bank.id, f.suspenseExpense)).message).toMatch(/write-off/);
    expect(payDeskErrorOf(p(f.merchantAvailable.id, f.bank.id)).message).toMatch(/internal accounts only/);
  });
});

describe('suspense codes', () => {
  it('income or expense follows the code; bank error follows the money', () => {
    expect(suspenseKindOf('700101', 'in')).toBe('income');
    expect(suspenseKindOf('700101', 'out')).toBeUndefined();
    expect(suspenseKindOf('700108', 'out')).toBe('expense');
    expect(suspenseKindOf('700103', 'out')).toBe('expense');
    expect(suspenseKindOf('700103', 'in')).toBe('income');
  });
});
