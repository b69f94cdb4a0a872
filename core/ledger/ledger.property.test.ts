import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ledgerFixture, type LedgerFixture } from '../testing/ledger-fixture.js';
import { checkLedgerIntegrity, getAccount, listAccounts, postVouchers, reverseVoucher, trialBalance, type VoucherDraft } from './index.js';
import { PayDeskError } from '../errors.js';

const DATES = ['2026-11-20', '2026-11-21', '2026-11-22'];

/** Internal accounts only: they may go negative, so any random voucher is admissible if it balances. */
function internalAccounts(f: LedgerFixture): number[] {
  return [f.bank.id, f.receivable.id, f.channelFee.id, f.feeIncome.id, f.capital.id, f.suspenseIncome.id];
}

interface RawVoucher {
  date: number;
  debits: { account: number; amount: number }[];
  credits: { account: number; amount: number }[];
  /** when set, one credit is off by this much, so the voucher must be refused */
  skew: number;
}

const amount = fc.integer({ min: 1, max: 10_000_000_00 });
const side = fc.array(fc.record({ account: fc.nat(), amount }), { minLength: 1, maxLength: 3 });
const rawVoucher: fc.Arbitrary<RawVoucher> = fc.record({
  date: fc.nat({ max: DATES.length - 1 }),
  debits: side,
  credits: fc.array(fc.record({ account: fc.nat() }), { minLength: 1, maxLength: 3 }).map((c) => c.map((x) => ({ account: x.account, amount: 0 }))),
  skew: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -50, max: 50 }).filter((x) => x !== 0) }),
});

/** Build a voucher whose credits split the debit total (2–6 lines), then apply the skew. */
function toDraft(raw: RawVoucher, accounts: number[]): { draft: VoucherDraft; balanced: boolean } {
  const total = raw.debits.reduce((s, d) => s + d.amount, 0);
  const n = raw.credits.length;
  const credits = raw.credits.map((c, i) => ({ account: c.account, amount: Math.floor(total / n) + (i < total % n ? 1 : 0) }));
  const last = credits[credits.length - 1]!;
  let skew = raw.skew;
  if (last.amount + skew <= 0) skew = Math.abs(skew);
  last.amount += skew;
  const pick = (i: number) => accounts[i % accounts.length]!;
  const lines = [
    ...raw.debits.map((d) => ({ accountId: pick(d.account), direction: 'D' as const, amountMinor: d.amount })),
    ...credits.filter((c) => c.amount > 0).map((c) => ({ accountId: pick(c.account), direction: 'C' as const, amountMinor: c.amount })),
  ];
  return { draft: { accountingDate: DATES[raw.date]!, businessCode: '900001', summary: 'random', lines }, balanced: skew === 0 };
}

describe('ledger invariants (property tests on a real SQLite database)', () => {
  it('random voucher sequences never unbalance the ledger: unbalanced ones are refused, the rest keep every trial balance balanced', () => {
    fc.assert(
      fc.property(fc.array(rawVoucher, { minLength: 1, maxLength: 40 }), (raws) => {
        const f = ledgerFixture();
        const accounts = internalAccounts(f);
        let accepted = 0;
        for (const raw of raws) {
          const { draft, balanced } = toDraft(raw, accounts);
          try {
            postVouchers(f.post, [draft]);
            expect(balanced).toBe(true);
            accepted++;
          } catch (e) {
            expect(balanced).toBe(false);
            expect((e as PayDeskError).code).toBe('UNBALANCED');
          }
        }
        expect(f.db.sqlite.prepare('SELECT COUNT(*) FROM voucher').pluck().get()).toBe(accepted);
        for (const date of DATES) {
          const tb = trialBalance(f.db, date);
          expect(tb.balanced).toBe(true);
          expect(tb.period.debit).toBe(tb.period.credit);
        }
        expect(checkLedgerIntegrity(f.db)).toEqual({ ok: true, problems: [] });
        // Σ account balances signed by side = 0: the books balance at account level too.
        const net = listAccounts(f.db).reduce((s, a) => s + a.debitMinor - a.creditMinor, 0);
        expect(net).toBe(0);
        f.db.close();
      }),
      { numRuns: 60 },
    );
  });

  it('a batch with one bad voucher anywhere leaves nothing behind', () => {
    fc.assert(
      fc.property(fc.array(rawVoucher.map((r) => ({ ...r, skew: 0 })), { minLength: 1, maxLength: 20 }), fc.nat(), (raws, at) => {
        const f = ledgerFixture();
        const drafts = raws.map((r) => toDraft(r, internalAccounts(f)).draft);
        const bad = structuredClone(drafts[at % drafts.length]!);
        bad.lines[0]!.amountMinor += 1;
        drafts.splice(at % (drafts.length + 1), 0, bad);
        expect(() => postVouchers(f.post, drafts)).toThrow(PayDeskError);
        expect(f.db.sqlite.prepare('SELECT (SELECT COUNT(*) FROM voucher) + (SELECT COUNT(*) FROM voucher_line) + (SELECT COUNT(*) FROM account_day_total)').pluck().get()).toBe(0);
        expect(listAccounts(f.db).every((a) => a.debitMinor === 0 && a.creditMinor === 0)).toBe(true);
        f.db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('reversing any subset of vouchers restores every balance to what the others alone give', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(rawVoucher.map((r) => ({ ...r, skew: 0 })), fc.boolean()), { minLength: 1, maxLength: 25 }), (items) => {
        const withReversals = ledgerFixture();
        const withoutThem = ledgerFixture();
        for (const [raw, reverse] of items) {
          const { draft } = toDraft(raw, internalAccounts(withReversals));
          const [posted] = postVouchers(withReversals.post, [draft]);
          if (reverse) reverseVoucher(withReversals.post, { id: posted!.id }, { accountingDate: '2026-11-22', reason: 'property test' });
          else postVouchers(withoutThem.post, [toDraft(raw, internalAccounts(withoutThem)).draft]);
        }
        const balances = (f: LedgerFixture) => internalAccounts(f).map((id) => getAccount(f.db, id).balanceMinor);
        expect(balances(withReversals)).toEqual(balances(withoutThem));
        expect(trialBalance(withReversals.db, '2026-11-22').closing).toEqual(trialBalance(withoutThem.db, '2026-11-22').closing);
        expect(checkLedgerIntegrity(withReversals.db).ok).toBe(true);
        withReversals.db.close();
        withoutThem.db.close();
      }),
      { numRuns: 40 },
    );
  });
});
