import { beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi } from '../api/index.js';
import { addDays } from '../clock.js';
import { trialBalance } from '../ledger/index.js';
import { batchStatistics } from '../recon/statistics.js';
import { balanceCheck, outstandingItems } from '../balances/check.js';
import { listBankAccounts } from '../balances/accounts.js';
import { listClearings } from '../clearing/clear.js';
import { settlementOf } from '../settlement/reports.js';
import { writeReport, REPORT_KINDS } from './index.js';
import { ReportSheet } from './workbook.js';
import type { SettledMerchantRow } from './settlement.js';
import { BANK_ONLY_LINES, column, minorOf, NEXT_DAY, readReport, REPORT_DAY as DAY, sheetNamed, simulatedClosedDay, type ClosedDay, type ReadSheet } from './test-fixture.js';

let day: ClosedDay;
let out: string;

beforeAll(async () => {
  day = await simulatedClosedDay(600);
  out = mkdtempSync(join(tmpdir(), 'paydesk-reports-out-'));
}, 300_000);

const target = (name: string) => join(out, name);
/** The amounts of one column, in minor units. */
const amounts = (sheet: ReadSheet, en: string) => sheet.rows.map((r) => minorOf(r[column(sheet, en)] ?? null));
const total = (sheet: ReadSheet, en: string, row = 0) => minorOf(sheet.totals[row]![column(sheet, en)] ?? null);
const sum = (values: readonly (number | null)[]) => values.reduce<number>((s, v) => s + (v ?? 0), 0);

describe('reports of a simulated, closed day', () => {
  it('batch statistics: one row per batch of the day with the figures batchStatistics gives', async () => {
    const { db } = day;
    const result = await writeReport(db, { kind: 'batchStatistics', date: DAY, file: target('batches.xlsx') });
    const [sheet] = await readReport(result.file);
    const ids = db.prepare('SELECT id FROM import_batch WHERE first_date <= ? AND last_date >= ? ORDER BY id').pluck().all(DAY, DAY) as number[];
    expect(ids.length).toBeGreaterThan(3);
    expect(result.rows).toBe(ids.length);
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Batch')])).toEqual(ids);
    const stats = ids.map((id) => batchStatistics(db, id));
    expect(amounts(sheet!, 'Receipts amount')).toEqual(stats.map((s) => s.receipts.amountMinor));
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Bank extra count')])).toEqual(stats.map((s) => s.bankExtra.count));
    expect(total(sheet!, 'Receipts amount')).toBe(sum(stats.map((s) => s.receipts.amountMinor)));
    expect(total(sheet!, 'Payments amount')).toBe(sum(stats.map((s) => s.payments.amountMinor)));
    expect(sheet!.totals[0]![column(sheet!, 'Bank extra count')]).toBe(sum(stats.map((s) => s.bankExtra.count)));
    expect(sum(stats.map((s) => s.bankExtra.count))).toBeGreaterThan(0);
    // platform extra counts on one batch of its channel, so it adds up like the rest; each amount says whose it is
    expect(total(sheet!, 'Platform extra amount (ours)')).toBe(sum(stats.map((s) => s.platformExtra.amountMinor)));
    expect(amounts(sheet!, 'Amount mismatch difference (theirs − ours)')).toEqual(stats.map((s) => s.amountMismatch.differenceMinor));
    expect(amounts(sheet!, 'Bank extra amount (theirs)')).toEqual(stats.map((s) => s.bankExtra.amountMinor));

    const one = await writeReport(db, { kind: 'batchStatistics', date: DAY, batchId: ids[1]!, file: target('batch-one.xlsx') });
    const [single] = await readReport(one.file);
    expect(single!.rows.map((r) => r[0])).toEqual([ids[1]]);
    expect(single!.params.get('批次 Batch')).toBe(String(ids[1]));
  });

  it('flows: a summary first, then every entry flow, clearing flow and history row of the day, with exact totals', async () => {
    const { db } = day;
    const result = await writeReport(db, { kind: 'flows', date: DAY, file: target('flows.xlsx') });
    const sheets = await readReport(result.file);
    expect(sheets.map((s) => s.name)).toEqual(['汇总 Summary', '入账流水 Entry flows', '清算流水 Clearing flows', '对账历史 History']);
    const count = (sql: string) => db.prepare(sql).pluck().get(DAY) as number;
    const entries = sheetNamed(sheets, 'Entry flows');
    const clearing = sheetNamed(sheets, 'Clearing flows');
    const history = sheetNamed(sheets, 'History');
    expect(entries.rows.length).toBe(count('SELECT COUNT(*) FROM entry_flow WHERE accounting_date = ?'));
    expect(clearing.rows.length).toBe(count('SELECT COUNT(*) FROM clearing_flow WHERE bank_date = ?'));
    expect(history.rows.length).toBe(count('SELECT COUNT(*) FROM recon_history WHERE clearing_date = ?'));
    expect(history.rows.length).toBeGreaterThan(0);
    expect(result.rows).toBe(sheets.reduce((n, s) => n + s.rows.length, 0));

    expect(total(entries, 'Amount')).toBe(count('SELECT SUM(amount_minor) FROM entry_flow WHERE accounting_date = ?'));
    expect(total(clearing, 'Amount')).toBe(count('SELECT SUM(amount_minor) FROM clearing_flow WHERE bank_date = ?'));
    expect(total(clearing, 'Fee')).toBe(count('SELECT COALESCE(SUM(fee_minor), 0) FROM clearing_flow WHERE bank_date = ?'));
    expect(total(history, 'Amount')).toBe(count('SELECT SUM(amount_minor) FROM recon_history WHERE clearing_date = ?'));
    expect(entries.numFmt(0, column(entries, 'Amount'))).toBe('#,##0.00');
    expect(entries.frozenRows).toBe(entries.params.size + 3);

    // the summary's groups add up to the detail sheets, and split by channel and direction as SQL does
    const summary = sheets[0]!;
    expect(total(summary, 'Entry flows amount')).toBe(total(entries, 'Amount'));
    expect(total(summary, 'Clearing flows amount')).toBe(total(clearing, 'Amount'));
    expect(summary.totals[0]![column(summary, 'History count')]).toBe(history.rows.length);
    const alipayIn = summary.rows.find((r) => r[column(summary, 'Channel')] === 'alipay' && r[column(summary, 'Direction')] === '收 In')!;
    expect(alipayIn[column(summary, 'Entry flows count')]).toBe(db.prepare("SELECT COUNT(*) FROM entry_flow WHERE accounting_date = ? AND channel_code = 'alipay' AND direction = 'in'").pluck().get(DAY));
  });

  it('flows by one basis: the summary and that sheet only', async () => {
    const result = await writeReport(day.db, { kind: 'flows', date: DAY, by: 'bank', file: target('flows-bank.xlsx') });
    const sheets = await readReport(result.file);
    expect(sheets.map((s) => s.name)).toEqual(['汇总 Summary', '清算流水 Clearing flows']);
    expect(sheets[0]!.header.some((h) => h.includes('Entry flows'))).toBe(false);
  });

  it('refuses a flows span over 7 days, and an unknown kind, with a clear message and no file', async () => {
    const file = target('too-long.xlsx');
    await expect(writeReport(day.db, { kind: 'flows', date: DAY, to: addDays(DAY, 7), by: 'clearing', file })).rejects.toThrow(/at most 7 days/);
    await expect(writeReport(day.db, { kind: 'flows', date: DAY, to: addDays(DAY, -1), file })).rejects.toThrow(/before the date/);
    await expect(writeReport(day.db, { kind: 'profitAndLoss', date: DAY, file })).rejects.toThrow(/unknown report kind "profitAndLoss"/);
    expect(existsSync(file)).toBe(false);
    // seven days is allowed
    const week = await writeReport(day.db, { kind: 'flows', date: addDays(DAY, -6), to: DAY, by: 'clearing', file });
    expect(week.rows).toBeGreaterThan(0);
  });

  it('bank balances: per account the reviewed balance, the ledger, the outstanding items and the status', async () => {
    const { db } = day;
    const result = await writeReport(db, { kind: 'bankBalances', date: DAY, file: target('balances.xlsx') });
    const [sheet] = await readReport(result.file);
    const checks = balanceCheck(db, DAY);
    expect(checks.length).toBe(2);
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Account no')])).toEqual(checks.map((c) => c.accountNo));
    expect(amounts(sheet!, 'Bank balance')).toEqual(checks.map((c) => c.reviewedMinor));
    expect(amounts(sheet!, 'Ledger balance')).toEqual(checks.map((c) => c.ledgerMinor));
    expect(amounts(sheet!, 'Outstanding net')).toEqual(checks.map((c) => c.outstandingMinor));
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Outstanding items')])).toEqual(checks.map((c) => c.outstandingCount));
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Balance status')])).toEqual(['Y 已复核 reviewed', 'Y 已复核 reviewed']);
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Check')])).toEqual(checks.map((c) => (c.ok ? '相符 agrees' : '不符 differs')));
    expect(total(sheet!, 'Ledger balance')).toBe(sum(checks.map((c) => c.ledgerMinor)));
  });

  it('bank balances before any review: status N and no bank figure', async () => {
    const result = await writeReport(day.db, { kind: 'bankBalances', date: addDays(DAY, -1), file: target('balances-before.xlsx') });
    const [sheet] = await readReport(result.file);
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Balance status')])).toEqual(['N 未录入 not entered', 'N 未录入 not entered']);
    expect(amounts(sheet!, 'Bank balance')).toEqual([null, null]);
  });

  it('outstanding items: every item of every bank account with its reason, a summary per account', async () => {
    const { db } = day;
    const result = await writeReport(db, { kind: 'outstanding', date: NEXT_DAY, file: target('outstanding.xlsx') });
    const sheets = await readReport(result.file);
    expect(sheets.map((s) => s.name)).toEqual(['按账户 By account', '未达款项 Outstanding items']);
    const byAccount = sheetNamed(sheets, 'By account');
    const detail = sheetNamed(sheets, 'Outstanding items');
    const accounts = listBankAccounts(db);
    const items = accounts.flatMap((a) => outstandingItems(db, a.accountNo, NEXT_DAY));
    expect(items.map((i) => i.orderNo)).toEqual(BANK_ONLY_LINES.map((l) => l.orderNo));
    expect(detail.rows.length).toBe(items.length);
    expect(detail.rows.map((r) => r[column(detail, 'Reason')])).toEqual(items.map((i) => i.reason));
    expect(detail.rows.map((r) => r[column(detail, 'Reason')])).toEqual(BANK_ONLY_LINES.map(() => expect.stringMatching(/booked by the bank only/)));
    expect(detail.rows.map((r) => r[column(detail, 'Clearing flow id')])).toEqual(items.map((i) => i.clearingId));
    expect(amounts(detail, 'In')).toEqual([123456, null]);
    expect(amounts(detail, 'Out')).toEqual([null, 5000]);
    expect(total(detail, 'In')).toBe(123456);
    expect(total(detail, 'Out')).toBe(5000);
    expect(byAccount.rows.map((r) => r[column(byAccount, 'Items')])).toEqual(accounts.map((a) => outstandingItems(db, a.accountNo, NEXT_DAY).length));
    // the net per account is what the balance check counts between bank and ledger
    expect(amounts(byAccount, 'Net (in − out)')).toEqual(balanceCheck(db, NEXT_DAY).map((c) => c.outstandingMinor));
    expect(total(byAccount, 'Net (in − out)')).toBe(123456 - 5000);

    // the closed day had every difference explained: the report says so with an empty list
    const closed = await writeReport(db, { kind: 'outstanding', date: DAY, file: target('outstanding-closed-day.xlsx') });
    const [, closedDetail] = await readReport(closed.file);
    expect(closedDetail!.rows.length).toBe(accounts.flatMap((a) => outstandingItems(db, a.accountNo, DAY)).length);

    const one = accounts.find((a) => outstandingItems(db, a.accountNo, NEXT_DAY).length === 0)!;
    const single = await writeReport(db, { kind: 'outstanding', date: NEXT_DAY, accountNo: one.accountNo, file: target('outstanding-one.xlsx') });
    const [summaryOne, detailOne] = await readReport(single.file);
    expect(summaryOne!.rows.map((r) => r[0])).toEqual([one.accountNo]);
    expect(detailOne!.rows).toEqual([]);
  });

  it('bank balances the next day: not entered, with the outstanding items counted', async () => {
    const result = await writeReport(day.db, { kind: 'bankBalances', date: NEXT_DAY, file: target('balances-next.xlsx') });
    const [sheet] = await readReport(result.file);
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Outstanding items')])).toEqual(balanceCheck(day.db, NEXT_DAY).map((c) => c.outstandingCount));
    expect(sheet!.totals[0]![column(sheet!, 'Outstanding items')]).toBe(2);
    expect(sheet!.rows.map((r) => r[column(sheet!, 'Check')])).toEqual(['未复核 not reviewed', '未复核 not reviewed']);
  });

  it('settlement: channel clearing, merchants settled with vouchers and held orders, totals equal to the settlement', async () => {
    const { db } = day;
    const result = await writeReport(db, { kind: 'settlement', date: DAY, file: target('settlement.xlsx') });
    const sheets = await readReport(result.file);
    const clearing = sheetNamed(sheets, 'Channel clearing');
    const merchants = sheetNamed(sheets, 'Merchant settlement');
    const held = sheetNamed(sheets, 'Held orders');
    const clearings = listClearings(db, DAY);
    const settlement = settlementOf(db, DAY);
    const settled = settlement.settled as SettledMerchantRow[];
    expect(clearings.length).toBeGreaterThan(3);
    expect(settled.length).toBeGreaterThan(0);
    expect(clearing.rows.map((r) => r[0])).toEqual(clearings.map((c) => c.channel));
    expect(amounts(clearing, 'Net')).toEqual(clearings.map((c) => c.netMinor));
    expect(total(clearing, 'Net')).toBe(sum(clearings.map((c) => c.netMinor)));
    expect(total(clearing, 'Fees')).toBe(sum(clearings.map((c) => c.feesMinor)));
    expect(clearing.rows.map((r) => r[column(clearing, 'Voucher no')])).toEqual(clearings.map((c) => c.voucherNo));
    expect(merchants.rows.length).toBe(settled.length);
    expect(total(merchants, 'Settled amount')).toBe(sum(settled.map((s) => s.amountMinor)));
    expect(merchants.rows.map((r) => r[column(merchants, 'Voucher no')])).toEqual(settled.map((s) => s.voucherNo));
    expect(merchants.totals[0]![column(merchants, 'Orders')]).toBe(sum(settled.map((s) => s.orders)));
    expect(held.rows.length).toBe(settlement.held.length);
  });

  it('trial balance: every subject indented by level, totals equal to the ledger’s, the balanced flag', async () => {
    const { db } = day;
    const result = await writeReport(db, { kind: 'trialBalance', date: DAY, file: target('trial-balance.xlsx') });
    const [sheet] = await readReport(result.file);
    const tb = trialBalance(db, DAY);
    expect(sheet!.rows.length).toBe(tb.rows.length);
    expect(sheet!.rows.map((r) => r[0])).toEqual(tb.rows.map((r) => r.code));
    expect(total(sheet!, 'Opening debit')).toBe(tb.opening.debit);
    expect(total(sheet!, 'Period debit')).toBe(tb.period.debit);
    expect(total(sheet!, 'Period credit')).toBe(tb.period.credit);
    expect(total(sheet!, 'Closing debit')).toBe(tb.closing.debit);
    expect(total(sheet!, 'Closing credit')).toBe(tb.closing.credit);
    expect(tb.period.debit).toBeGreaterThan(0);
    expect(tb.balanced).toBe(true);
    expect(sheet!.notes).toEqual(['试算平衡 Balanced: 是 yes — 借贷相等 debits equal credits']);
    // a leaf's closing as the ledger has it
    const leaf = tb.rows.find((r) => r.isLeaf && r.closing.debit > 0)!;
    const row = sheet!.rows.find((r) => r[0] === leaf.code)!;
    expect(minorOf(row[column(sheet!, 'Closing debit')] ?? null)).toBe(leaf.closing.debit);
  });

  it('through the API: the kinds, and an export by any role with the time it was made', async () => {
    const kinds = await callApi(day.operator, 'reports.kinds', {});
    expect(kinds.map((k) => k.kind)).toEqual([...REPORT_KINDS]);
    const file = target('api-trial-balance.xlsx');
    const result = await callApi(day.operator, 'reports.export', { kind: 'trialBalance', date: DAY, file });
    expect(result.file).toBe(file);
    const [sheet] = await readReport(file);
    expect(sheet!.params.get('制表时间 Generated at')).toBe('2026-11-23T02:00:00.000Z');
    await expect(callApi(day.reviewer, 'reports.export', { kind: 'nope', date: DAY, file })).rejects.toThrow(/kind/);
  });

  it('a failure part-way through a big sheet leaves the previous file in place, no temporary file, and the database usable', async () => {
    const { db } = day;
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-reports-fail-'));
    const file = join(dir, 'flows.xlsx');
    writeFileSync(file, 'yesterday’s report');
    const row = ReportSheet.prototype.row;
    let calls = 0;
    const spy = vi.spyOn(ReportSheet.prototype, 'row').mockImplementation(async function (this: ReportSheet, ...args) {
      if (++calls === 1500) throw new Error('disk full');
      return row.apply(this, args);
    });
    try {
      await expect(writeReport(db, { kind: 'flows', date: DAY, file })).rejects.toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(1500);
    expect(readFileSync(file, 'utf8')).toBe('yesterday’s report');
    expect(readdirSync(dir)).toEqual(['flows.xlsx']);
    // the streamed query was closed: a write on the same connection is not refused as busy
    expect(() => db.sqlite.exec('CREATE TEMP TABLE after_failure (x)')).not.toThrow();
  });
});
