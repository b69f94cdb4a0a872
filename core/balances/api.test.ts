import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callApi } from '../api/index.js';
import { TODAY, YESTERDAY, balancesFixture } from './test-fixture.js';

describe('balances API', () => {
  it('lets each role do its part of register → review → query, and nothing else', async () => {
    const f = balancesFixture();
    await expect(callApi(f.ctx(f.operator), 'balances.registerAccount', { accountNo: '1234567890', bankName: '招商银行', accountName: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const account = await callApi(f.ctx(f.admin), 'balances.registerAccount', { accountNo: '1234567890', bankName: '招商银行', accountName: 'X' });
    expect(account).toMatchObject({ accountNo: '1234567890', currency: 'CNY', status: 'normal' });

    await expect(callApi(f.ctx(f.reviewer), 'balances.register', { date: TODAY, accountNo: '1234567890', amount: '1.00' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const entered = await callApi(f.ctx(f.operator), 'balances.register', { date: TODAY, accountNo: '1234567890', amount: '¥1,234.50' });
    expect(f.db.prepare('SELECT balance_minor FROM bank_balance_temporary WHERE id = ?').pluck().get(entered.id)).toBe(1234_50);
    await expect(callApi(f.ctx(f.operator), 'balances.register', { date: TODAY, accountNo: '1234567890', amount: '1.234' })).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const file = await f.writeReviewFile([[TODAY, '1234567890', '招商银行', 'CNY', '1234.50']]);
    await expect(callApi(f.ctx(f.operator), 'balances.review', { file })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const review = await callApi(f.ctx(f.reviewer), 'balances.review', { file });
    expect(review.reviewed).toBe(1);

    const rows = await callApi(f.ctx(f.operator), 'balances.query', { date: TODAY, accountNo: '1234567890' });
    expect(rows).toMatchObject([{ balanceStatus: 'Y', balance: '1234.50' }]);
    expect(await callApi(f.ctx(f.operator), 'balances.accounts', { bankName: '招商' })).toHaveLength(1);
  });

  it('closes accounts and runs the carry-over for admins only; names the template', async () => {
    const f = balancesFixture();
    await expect(callApi(f.ctx(f.reviewer), 'balances.setAccountStatus', { accountNo: f.boc.accountNo, status: 'closed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await callApi(f.ctx(f.admin), 'balances.setAccountStatus', { accountNo: f.boc.accountNo, status: 'closed' })).toMatchObject({ status: 'closed' });
    await expect(callApi(f.ctx(f.operator), 'balances.carryOver', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const runs = await callApi(f.ctx(f.admin), 'balances.carryOver', { date: YESTERDAY });
    expect(runs.map((r) => r.date)).toEqual([YESTERDAY]);
    // without a date: what the fixture clock (10:00 on TODAY, Shanghai) makes due after the last run
    expect((await callApi(f.ctx(f.admin), 'balances.carryOver', {})).map((r) => r.date)).toEqual([TODAY]);
    const { path } = await callApi(f.ctx(f.operator), 'balances.templatePath', {});
    expect(existsSync(path)).toBe(true);
  });
});
