import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { getAccount, requireAccount, trialBalance, checkLedgerIntegrity } from '../ledger/index.js';
import { fundFlows, transFlows } from './flows.js';

/**
 * The worked example of seed 003 (order flow, transaction flow, fund flow kept apart), with fee 0.6%:
 * merchant A paid; B's order split to C and D; E paid, then refunded. The seed gives the flow counts
 * (A: 2 fund flows; B: none; C and D: 2 each; E: 4); the amounts are ours.
 */
describe('seed 003 worked example: three flows from one set of events', () => {
  const DAY = '2026-11-22';
  function run() {
    const f = paymentsFixture(['A', 'B', 'C', 'D', 'E']);
    const engine = f.engine();
    const result = engine.run((e) => {
      const a = e.pay({ merchantId: 'A', merchantOrderNo: 'A-1', payerId: 'u1', method: 'alipay', amountMinor: 10_000, currency: 'CNY', at: `${DAY} 10:00:00` });
      const b = e.pay({
        merchantId: 'B', merchantOrderNo: 'B-1', payerId: 'u2', method: 'alipay', amountMinor: 20_000, currency: 'CNY', at: `${DAY} 10:05:00`,
        split: [{ receiverId: 'C', amountMinor: 12_000 }, { receiverId: 'D', amountMinor: 8_000 }],
      });
      const ePay = e.pay({ merchantId: 'E', merchantOrderNo: 'E-1', payerId: 'u3', method: 'alipay', amountMinor: 5_000, currency: 'CNY', at: `${DAY} 10:10:00` });
      const eRefund = e.refund({ orderNo: ePay.orderNo, amountMinor: 5_000, reason: 'customer returned goods', at: `${DAY} 15:00:00` });
      return { a, b, ePay, eRefund };
    });
    return { f, ...result };
  }

  it('order flow: A and B succeeded, E refunded', () => {
    const { f } = run();
    const orders = f.db.sqlite.prepare('SELECT merchant_id, kind, status, amount_minor, fee_minor FROM pay_order ORDER BY id').all();
    expect(orders).toEqual([
      { merchant_id: 'A', kind: 'pay', status: 'succeeded', amount_minor: 10_000, fee_minor: 60 },
      { merchant_id: 'B', kind: 'split', status: 'succeeded', amount_minor: 20_000, fee_minor: 120 },
      { merchant_id: 'E', kind: 'pay', status: 'refunded', amount_minor: 5_000, fee_minor: 30 },
    ]);
  });

  it('transaction flow: A one, B none (split away), C and D one each, E two; no fees', () => {
    const { f } = run();
    const flows = transFlows(f.db).map(({ merchant_id, type, amount_minor }) => ({ merchant_id, type, amount_minor }));
    expect(flows).toEqual([
      { merchant_id: 'A', type: '1', amount_minor: 10_000 },
      { merchant_id: 'C', type: '1', amount_minor: 12_000 },
      { merchant_id: 'D', type: '1', amount_minor: 8_000 },
      { merchant_id: 'E', type: '1', amount_minor: 5_000 },
      { merchant_id: 'E', type: '2', amount_minor: 5_000 },
    ]);
  });

  it('fund flow: with fees at 0.6%; A two, B none, C and D two each, E four with the fee returned on the refund', () => {
    const { f } = run();
    const flows = fundFlows(f.db).map(({ merchant_id, item, amount_minor }) => ({ merchant_id, item, amount_minor }));
    expect(flows).toEqual([
      { merchant_id: 'A', item: 'pay', amount_minor: 10_000 },
      { merchant_id: 'A', item: 'fee', amount_minor: -60 },
      { merchant_id: 'C', item: 'pay', amount_minor: 12_000 },
      { merchant_id: 'C', item: 'fee', amount_minor: -72 },
      { merchant_id: 'D', item: 'pay', amount_minor: 8_000 },
      { merchant_id: 'D', item: 'fee', amount_minor: -48 },
      { merchant_id: 'E', item: 'pay', amount_minor: 5_000 },
      { merchant_id: 'E', item: 'fee', amount_minor: -30 },
      { merchant_id: 'E', item: 'refund', amount_minor: -5_000 },
      { merchant_id: 'E', item: 'fee_return', amount_minor: 30 },
    ]);
    // 应结算金额 = 收入 − 支出, per merchant
    const due = f.db.sqlite.prepare('SELECT merchant_id, SUM(amount_minor) AS due FROM fund_flow GROUP BY merchant_id ORDER BY merchant_id').all();
    expect(due).toEqual([
      { merchant_id: 'A', due: 9_940 }, { merchant_id: 'C', due: 11_928 }, { merchant_id: 'D', due: 7_952 }, { merchant_id: 'E', due: 0 },
    ]);
  });

  it('the ledger agrees with the fund flow to the fen and balances', () => {
    const { f, eRefund } = run();
    expect(eRefund).toMatchObject({ status: 'succeeded', route: 'original', feeReturnedMinor: 30, orderStatus: 'refunded' });
    const pending = (id: string) => getAccount(f.db, requireAccount(f.db, { ownerKind: 'merchant', purpose: 'merchant_pending', ownerRef: id, currency: 'CNY' }).id).balanceMinor;
    expect(['A', 'B', 'C', 'D', 'E'].map(pending)).toEqual([9_940, 0, 11_928, 7_952, 0]);
    const receivable = requireAccount(f.db, { ownerKind: 'internal', purpose: 'channel_receivable', ownerRef: 'alipay', currency: 'CNY' });
    expect(receivable.balanceMinor).toBe(30_000);
    expect(f.feeIncome.id && getAccount(f.db, f.feeIncome.id).balanceMinor).toBe(180);
    const tb = trialBalance(f.db, DAY);
    expect(tb.balanced).toBe(true);
    // debits: receivable 350.00 + fees off the merchants 0.60+0.72+0.48+0.30 + refund 50.00 + fee returned 0.30
    expect(tb.period.debit).toBe(35_000 + 210 + 5_000 + 30);
    expect(checkLedgerIntegrity(f.db).ok).toBe(true);
    const entries = f.db.sqlite.prepare('SELECT business_code, direction, amount_minor FROM entry_flow ORDER BY id').all();
    expect(entries).toEqual([
      { business_code: '400301', direction: 'in', amount_minor: 10_000 },
      { business_code: '400301', direction: 'in', amount_minor: 20_000 },
      { business_code: '400301', direction: 'in', amount_minor: 5_000 },
      { business_code: '410401', direction: 'out', amount_minor: 5_000 },
    ]);
  });
});
