import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { getAccount, requireAccount, trialBalance } from '../ledger/index.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { fxPurchaseAmounts } from './fx-payout.js';

const DAY = '2026-11-22';

describe('foreign-currency purchase figures (境外收单购汇)', () => {
  it('charges at the quoted rate and puts back what a better dealt rate leaves (400319), or charges the rest of a worse one (520101)', () => {
    // 100.00 USD at 7.1234 = 712.34 CNY; dealt at 7.1200 = 712.00 → 0.34 back
    expect(fxPurchaseAmounts({ foreignMinor: 10_000, foreignCurrency: 'USD', quotedRate: '7.1234', dealtRate: '7.12' }))
      .toEqual({ quotedMinor: 71_234, dealtMinor: 71_200, gainMinor: 34, extraMinor: 0 });
    expect(fxPurchaseAmounts({ foreignMinor: 10_000, foreignCurrency: 'USD', quotedRate: '7.1234', dealtRate: '7.1301' }))
      .toEqual({ quotedMinor: 71_234, dealtMinor: 71_301, gainMinor: 0, extraMinor: 67 });
  });

  it('rounds half up to the fen, exactly, and reads a currency without minor units right', () => {
    // 0.01 USD at 7.125 = 0.07125 CNY → 0.07; 0.02 USD at 7.125 = 0.1425 → 0.14; 0.07 USD at 7.5 = 0.525 → 0.53
    expect(fxPurchaseAmounts({ foreignMinor: 7, foreignCurrency: 'USD', quotedRate: '7.5', dealtRate: '7.5' }).quotedMinor).toBe(53);
    // 1,000 JPY (no minor unit) at 0.048321 = 48.321 CNY → 48.32
    expect(fxPurchaseAmounts({ foreignMinor: 1_000, foreignCurrency: 'JPY', quotedRate: '0.048321', dealtRate: '0.048325' }))
      .toEqual({ quotedMinor: 4_832, dealtMinor: 4_833, gainMinor: 0, extraMinor: 1 });
  });

  it('refuses a rate that is not a positive decimal, naming it, and a purchase of CNY', () => {
    expect(payDeskErrorOf(() => fxPurchaseAmounts({ foreignMinor: 100, foreignCurrency: 'USD', quotedRate: '7,12', dealtRate: '7.1' }))).toMatchObject({ code: 'BAD_INPUT', location: { column: 'quotedRate' } });
    expect(payDeskErrorOf(() => fxPurchaseAmounts({ foreignMinor: 100, foreignCurrency: 'USD', quotedRate: '7.1', dealtRate: '-1' }))).toMatchObject({ code: 'BAD_INPUT', location: { column: 'dealtRate' } });
    expect(payDeskErrorOf(() => fxPurchaseAmounts({ foreignMinor: 100, foreignCurrency: 'CNY', quotedRate: '1', dealtRate: '1' })).code).toBe('BAD_INPUT');
  });
});

describe('a cross-border payout in the books', () => {
  it('books 520101 at the quote and 400319 for the gain, both on the payout number; the bank debits the dealt amount; never refilled', () => {
    const f = paymentsFixture(['A']);
    const e = f.engine();
    const available = requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_available', ownerRef: 'A', currency: 'CNY' });
    const fx = { merchantId: 'A', foreignMinor: 10_000, foreignCurrency: 'USD', quotedRate: '7.1234', dealtRate: '7.12', bankAccount: '6222', at: `${DAY} 10:00:00` };
    expect(payDeskErrorOf(() => e.run((x) => x.exchangePayout(fx))).code).toBe('INSUFFICIENT_FUNDS');
    e.run((x) => x.buffer.add({ accountingDate: DAY, businessCode: '100001', summary: 'opening', lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: 100_000 }, { accountId: available.id, direction: 'C', amountMinor: 100_000 }] }));
    const r = e.run((x) => x.exchangePayout(fx));
    expect(f.db.sqlite.prepare('SELECT business_code, order_no, direction, amount_minor FROM entry_flow ORDER BY id').all()).toEqual([
      { business_code: '520101', order_no: r.payoutNo, direction: 'out', amount_minor: 71_234 },
      { business_code: '400319', order_no: r.payoutNo, direction: 'in', amount_minor: 34 },
    ]);
    expect(f.db.sqlite.prepare('SELECT amount_minor FROM payout_order WHERE payout_no = ?').pluck().get(r.payoutNo)).toBe(71_200);
    expect(getAccount(f.db, available.id).balanceMinor).toBe(100_000 - 71_200);
    expect(trialBalance(f.db, DAY).balanced).toBe(true);
    expect(payDeskErrorOf(() => e.run((x) => x.refillPayout(r.payoutNo, `${DAY} 15:00:00`))).message).toContain('cross-border');
    expect(() => f.db.sqlite.prepare('DELETE FROM fx_purchase').run()).toThrow(/append-only/);
  });
});
