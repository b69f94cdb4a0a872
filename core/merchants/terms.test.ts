import { describe, expect, it } from 'vitest';
import { paymentsFixture } from '../testing/payments-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { callApi } from '../api/index.js';
import { AT } from '../testing/ledger-fixture.js';
import { getMerchant, productTerms } from './merchants.js';
import { updateProductTerms } from './terms.js';
import { applyRate, money } from '../money/index.js';

describe('merchant product terms', () => {
  it('an admin changes a fee rate and a cycle; new payments use the rate; the change is audited with before and after', async () => {
    const f = paymentsFixture(['A']);
    const m = await callApi(f.ctx(f.admin), 'merchants.setProduct', { merchantId: 'A', product: 'alipay', feeRate: '0.45%', settlementCycle: 'Dn', settlementDays: 3 });
    expect(m.products.find((p) => p.product === 'alipay')).toMatchObject({ feeRate: '0.0045', settlementCycle: 'Dn', settlementDays: 3, status: 'open' });
    // other products keep their terms
    expect(m.products.find((p) => p.product === 'wechat')).toMatchObject({ feeRate: '0.006', settlementCycle: 'D1', settlementDays: 1 });
    expect(applyRate(money(100_000, 'CNY'), productTerms(f.db, 'A', 'alipay').feeRate).minor).toBe(450);
    const audit = f.db.prepare("SELECT entity_id AS id, detail FROM audit_log WHERE action = 'merchant.product.update'").all() as { id: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.id).toBe('A/alipay');
    expect(JSON.parse(audit[0]!.detail)).toEqual({
      before: { feeRate: '0.006', settlementCycle: 'D1', settlementDays: 1 },
      after: { feeRate: '0.0045', settlementCycle: 'Dn', settlementDays: 3 },
    });
    // back to T1: its one day is implied
    const t1 = updateProductTerms(f.db, { merchantId: 'A', product: 'alipay', settlementCycle: 'T1' }, f.admin, AT);
    expect(t1.products.find((p) => p.product === 'alipay')).toMatchObject({ settlementCycle: 'T1', settlementDays: 1 });
  });

  it('a closed product refuses payments (CRM check)', () => {
    const f = paymentsFixture(['A']);
    updateProductTerms(f.db, { merchantId: 'A', product: 'wechat', status: 'closed' }, f.admin, AT);
    expect(payDeskErrorOf(() => productTerms(f.db, 'A', 'wechat')).message).toMatch(/has not opened the product "wechat"/);
  });

  it('refuses broken terms with the reason, writing nothing', async () => {
    const f = paymentsFixture(['A']);
    const change = (c: Partial<Parameters<typeof updateProductTerms>[1]>) =>
      payDeskErrorOf(() => updateProductTerms(f.db, { merchantId: 'A', product: 'alipay', ...c }, f.admin, AT)).message;
    expect(change({ feeRate: '30%' })).toBe('merchant A alipay: fee rate 30% must be between 0 and 20%');
    expect(change({ settlementCycle: 'Dn', settlementDays: 1 })).toMatch(/Dn needs a number of days from 2 to 90/);
    expect(change({ settlementCycle: 'D0', settlementDays: 2 })).toMatch(/D0 settles after 0 day\(s\); choose Dn for 2 days/);
    expect(change({ merchantId: 'Z' })).toMatch(/no merchant Z/);
    expect(getMerchant(f.db, 'A').products.find((p) => p.product === 'alipay')).toMatchObject({ feeRate: '0.006', settlementCycle: 'D1' });
    await expect(callApi(f.ctx(f.operator), 'merchants.setProduct', { merchantId: 'A', product: 'alipay', feeRate: '1%' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
