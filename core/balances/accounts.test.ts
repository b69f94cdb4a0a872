import { describe, expect, it } from 'vitest';
import { findAccount, getAccount } from '../ledger/accounts.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { AT, balancesFixture } from './test-fixture.js';
import { listBankAccounts, registerBankAccount, requireBankAccount, setBankAccountStatus } from './accounts.js';

describe('bank accounts', () => {
  it('registering opens a bank deposit account in the ledger for it', () => {
    const f = balancesFixture();
    const ledger = findAccount(f.db, { ownerKind: 'internal', purpose: 'bank_deposit', ownerRef: '6222020200112233', currency: 'CNY' });
    expect(ledger).toBeDefined();
    expect(f.icbc.ledgerAccountId).toBe(ledger!.id);
    expect(ledger!.subjectCode).toBe('1002.01');
    expect(f.icbc.status).toBe('normal');
    expect(f.usd.currency).toBe('USD');
    expect(getAccount(f.db, f.usd.ledgerAccountId).currency).toBe('USD');
  });

  it('links the bank deposit account the ledger already has for that number', () => {
    const f = balancesFixture();
    const linked = registerBankAccount(f.db, { accountNo: 'ICBC-001', bankName: '中国工商银行', accountName: 'Fixture', currency: 'CNY' }, AT);
    expect(linked.ledgerAccountId).toBe(f.bank.id);
  });

  it('is idempotent for the same details and a conflict for other details under the same number', () => {
    const f = balancesFixture();
    const again = registerBankAccount(f.db, { accountNo: '6222 0202 0011 2233', bankName: '中国工商银行', accountName: 'PayDesk 备付金', currency: 'CNY' }, AT);
    expect(again).toEqual(f.icbc);
    expect(listBankAccounts(f.db)).toHaveLength(3);
    const e = payDeskErrorOf(() => registerBankAccount(f.db, { accountNo: '6222020200112233', bankName: '中国建设银行', accountName: 'PayDesk 备付金', currency: 'CNY' }, AT));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('bank name "中国工商银行"');
  });

  it('refuses a malformed number and an unknown currency', () => {
    const f = balancesFixture();
    expect(payDeskErrorOf(() => registerBankAccount(f.db, { accountNo: '12', bankName: 'B', accountName: 'A', currency: 'CNY' }, AT)).code).toBe('BAD_INPUT');
    expect(payDeskErrorOf(() => registerBankAccount(f.db, { accountNo: '12345678', bankName: 'B', accountName: 'A', currency: 'XXX' }, AT)).code).toBe('BAD_INPUT');
  });

  it('moves between normal and abolished; closed is final', () => {
    const f = balancesFixture();
    expect(setBankAccountStatus(f.db, f.boc.accountNo, 'abolished', AT, f.admin.id).status).toBe('abolished');
    expect(setBankAccountStatus(f.db, f.boc.accountNo, 'normal', AT, f.admin.id).status).toBe('normal');
    const closed = setBankAccountStatus(f.db, f.boc.accountNo, 'closed', AT, f.admin.id);
    expect(closed.status).toBe('closed');
    expect(closed.statusChangedAt).toBe(AT);
    expect(payDeskErrorOf(() => setBankAccountStatus(f.db, f.boc.accountNo, 'normal', AT)).code).toBe('CONFLICT');
    expect(payDeskErrorOf(() => requireBankAccount(f.db, 'NO-SUCH-1')).code).toBe('NOT_FOUND');
  });

  it('lists by part of the bank name, number and status', () => {
    const f = balancesFixture();
    setBankAccountStatus(f.db, f.boc.accountNo, 'abolished', AT);
    expect(listBankAccounts(f.db, { bankName: '工商' }).map((a) => a.accountNo)).toEqual([f.icbc.accountNo]);
    expect(listBankAccounts(f.db, { bankName: '中国' }).map((a) => a.accountNo)).toEqual([f.icbc.accountNo, f.boc.accountNo]) // by bank name: 中国工商银行 before 中国银行;
    expect(listBankAccounts(f.db, { status: 'abolished' }).map((a) => a.accountNo)).toEqual([f.boc.accountNo]);
    expect(listBankAccounts(f.db, { accountNo: 'HSBC-USD-0001' })).toHaveLength(1);
  });
});
