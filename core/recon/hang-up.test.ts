import { describe, expect, it } from 'vitest';
import { ledgerFixture, tempDbFile, AT } from '../testing/ledger-fixture.js';
import { payDeskErrorOf } from '../testing/errors.js';
import { getAccount, trialBalance } from '../ledger/index.js';
import { reconcile } from './reconcile.js';
import { classifyBankExtras, hangUpBankExtras } from './hang-up.js';
import { editClearingFlow } from './clearing.js';
import { summary } from './confirm.js';
import { listSuspenseItems } from '../suspense/suspense.js';

const DAY = '2026-11-22';

/** A bank statement for the fixture's bank account with lines nobody on our side booked: bank extra. */
function withBankExtras(lines: { direction: 'in' | 'out'; amountMinor: number }[]) {
  const f = ledgerFixture(tempDbFile());
  const batch = f.db.prepare(`INSERT INTO import_batch (channel_code, format, file_name, file_size, content_hash, account, status, first_date, last_date, created_at, created_by)
                              VALUES ('bank_b2c', 'test', 'icbc.xlsx', 1, 'h1', 'ICBC-001', 'DONE', ?, ?, ?, ?)`).run(DAY, DAY, AT, f.operator.id).lastInsertRowid;
  const ids = lines.map((l, i) => Number(f.db.prepare(`INSERT INTO clearing_flow (batch_id, row_no, channel_code, bank_date, booked_at, direction, kind, order_no, amount_minor, currency)
      VALUES (?, ?, 'bank_b2c', ?, ?, ?, 'other', NULL, ?, 'CNY')`).run(batch, i + 1, DAY, `${DAY} 10:0${i}:00`, l.direction, l.amountMinor).lastInsertRowid));
  const run = reconcile(f.db, { date: DAY, userId: f.operator.id, at: AT });
  return { ...f, ids, run };
}

describe('bank-extra lines: classify, then bulk hang-up to suspense (分类汇总挂账)', () => {
  it('hangs classified lines up in one voucher per code and bank account; the lines are 已挂账 and carry the voucher', () => {
    const f = withBankExtras([{ direction: 'in', amountMinor: 5_000 }, { direction: 'in', amountMinor: 7_000 }, { direction: 'out', amountMinor: 1_500 }]);
    expect(f.run.counts.bankExtra.count).toBe(3);
    classifyBankExtras(f.db, { ids: f.ids.slice(0, 2), businessCode: '700105' }, f.operator, AT);
    classifyBankExtras(f.db, { ids: [f.ids[2]!], businessCode: '700108' }, f.operator, AT);
    // classification changes only the code; the lines stay bank extra
    expect(f.db.prepare('SELECT DISTINCT status FROM clearing_flow').pluck().all()).toEqual(['bankExtra']);

    const { groups } = hangUpBankExtras(f.db, { ids: f.ids, accountingDate: DAY, localTime: `${DAY} 18:00:00` }, f.operator, AT);
    expect(groups.map((g) => [g.code, g.kind, g.lines, g.amountMinor])).toEqual([['700105', 'income', 2, 12_000], ['700108', 'expense', 1, 1_500]]);
    expect(getAccount(f.db, f.bank.id).balanceMinor).toBe(12_000 - 1_500);
    expect(getAccount(f.db, f.suspenseIncome.id).balanceMinor).toBe(12_000);
    const rows = f.db.prepare('SELECT status, voucher_id FROM clearing_flow ORDER BY id').all() as { status: string; voucher_id: number }[];
    expect(rows.every((r) => r.status === 'hung_up' && r.voucher_id > 0)).toBe(true);
    expect(listSuspenseItems(f.db).map((i) => [i.suspenseCode, i.status])).toEqual([['700105', 'to_review'], ['700108', 'to_review']]);
    // the hang-up pairs with the lines themselves: the summary balances
    expect(summary(f.db, DAY).groups.every((g) => g.balanced)).toBe(true);
    expect(trialBalance(f.db, DAY).balanced).toBe(true);
  });

  it('only the person who reconciled may hang up, only classified bank-extra lines, with a code that fits the money', () => {
    const f = withBankExtras([{ direction: 'in', amountMinor: 5_000 }]);
    const hang = (user: { id: number }) => () => hangUpBankExtras(f.db, { ids: f.ids, accountingDate: DAY, localTime: `${DAY} 18:00:00` }, user, AT);
    expect(payDeskErrorOf(hang(f.operator)).message).toMatch(/classify it first/);
    expect(payDeskErrorOf(() => classifyBankExtras(f.db, { ids: f.ids, businessCode: '400301' }, f.operator, AT)).message).toMatch(/suspense code/);
    classifyBankExtras(f.db, { ids: f.ids, businessCode: '700108' }, f.operator, AT);
    expect(payDeskErrorOf(hang(f.operator)).message).toMatch(/went in/);
    classifyBankExtras(f.db, { ids: f.ids, businessCode: '700107', bankDate: '2026-11-21' }, f.operator, AT);
    expect(payDeskErrorOf(hang(f.reviewer)).code).toBe('FORBIDDEN');
    hang(f.operator)();
    // once hung up, the line can be neither classified, hung up again, nor edited
    expect(payDeskErrorOf(hang(f.operator)).message).toMatch(/not bank extra/);
    expect(payDeskErrorOf(() => classifyBankExtras(f.db, { ids: f.ids, businessCode: '700101' }, f.operator, AT)).code).toBe('CONFLICT');
    expect(payDeskErrorOf(() => editClearingFlow(f.db, { id: f.ids[0]!, amountMinor: 1, reason: 'x' }, f.operator, AT)).code).toBe('CONFLICT');
    expect(f.db.prepare('SELECT bank_date FROM clearing_flow').pluck().get()).toBe('2026-11-21');
  });
});
