import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { callApi, type Ctx } from '../api/index.js';
import { formatMinor } from '../money/index.js';
import { reviewTemplatePath } from '../balances/template.js';
import { readBackVoucherFile } from '../erp/read-back.js';
import { trialBalance } from '../ledger/index.js';
import { REPORT_KINDS } from '../reports/index.js';
import { SIM_BANK_ACCOUNTS } from '../simulator/world.js';
import { displayAmount, table } from './format.js';
import { HOLD_REASON_WORDS } from '../shared/settlement.js';
import { attachSimulatorStore } from '../simulator/store.js';

export interface DemoCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** The reviewer's side of the balance review: the shipped template, filled in with the banks' figures. */
async function fillReviewTemplate(file: string, date: string, rows: { accountNo: string; bankName: string; balanceMinor: number }[]): Promise<void> {
  copyFileSync(reviewTemplatePath(), file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  // typed as a person would: the amount as text keeps every fen exact whatever the cell format
  for (const r of rows) sheet.addRow([date, r.accountNo, r.bankName, 'CNY', formatMinor(r.balanceMinor, 'CNY')]);
  await workbook.xlsx.writeFile(file);
}

/**
 * The second half of the demo day: summary confirmation, bank balances entered and reviewed,
 * close-day with every check, and the ERP files exported and read back.
 */
export async function demoDayEnd(input: { date: string; dir: string; operator: Ctx; reviewer: Ctx; say: (line?: string) => void }) {
  const { date, dir, operator, reviewer, say } = input;
  const db = operator.db;

  const summary = await callApi(reviewer, 'recon.confirm', { date });
  say();
  say(`汇总确认 Summary confirmed by ${reviewer.user.login}: ${summary.moved} matched pairs to history; ${summary.refused.length} group(s) held back (their totals differ)`);
  for (const g of summary.refused.slice(0, 6)) say(`  ${g.channel} ${g.direction}: ${g.differences.join('; ')}`);

  // The operator reads each bank statement's closing balance and registers it (a temporary balance).
  attachSimulatorStore(db);
  const banks = db.sqlite.prepare(`SELECT a.account_no AS accountNo, a.bank_name AS bankName, d.closing_minor AS balanceMinor
                                   FROM bank_account a JOIN sim_bank_day d ON d.account_no = a.account_no AND d.sim_date = ? ORDER BY a.account_no`).all(date) as
    { accountNo: string; bankName: string; balanceMinor: number }[];
  for (const b of banks) await callApi(operator, 'balances.register', { date, accountNo: b.accountNo, amount: formatMinor(b.balanceMinor, 'CNY'), currency: 'CNY' });
  const reviewFile = join(dir, `bank-balance-review-${date}.xlsx`);
  await fillReviewTemplate(reviewFile, date, banks);
  const review = await callApi(reviewer, 'balances.review', { file: reviewFile });
  say();
  say(`银行余额 Bank balances: registered by ${operator.user.login}, reviewed by ${reviewer.user.login} from ${reviewFile}`);
  say(table(['行 Row', '账号 Account', '结果 Result'], review.rows.map((r) => [String(r.row), r.accountNo ?? '', r.message])));

  const close = await callApi(reviewer, 'day.close', { date });
  say();
  say('渠道清算 Channel clearing (轧差)');
  say(table(['渠道 Channel', '>笔数 Lines', '>收入 Gross', '>退款/付款 Out', '>手续费 Fees', '>净额 Net', '凭证 Voucher'],
    close.clearing.map((c) => [c.channel, String(c.entries), displayAmount(c.grossMinor), displayAmount(c.refundsMinor), displayAmount(c.feesMinor), displayAmount(c.netMinor), c.voucherNo ?? '—'])));
  say(`商户结算 Merchant settlement: ${close.settlement.settled.length} merchant(s) paid ${displayAmount(close.settlement.settled.reduce((s, m) => s + m.amountMinor, 0))} into available;`
    + ` ${close.settlement.held.length} order(s) held for errors; ${close.settlement.notDue.orders} not yet due under their cycle`);
  for (const h of close.settlement.held.slice(0, 5)) say(`  held ${h.orderNo} ${displayAmount(h.amountMinor)}: ${HOLD_REASON_WORDS[h.reason].join(' / ')}`);
  const payouts = await callApi(operator, 'settlement.payoutFile', { date, file: join(dir, `payouts-${date}.csv`), fromAccount: SIM_BANK_ACCOUNTS.payout.no });
  say(`代付批量文件 Payout batch file: ${payouts.payouts} payout(s), ${displayAmount(payouts.amountMinor)} → ${payouts.file}`);
  const balance = await callApi(reviewer, 'balances.check', { date });
  say();
  say('余额核对 Balance check: bank = ledger + outstanding items (未达款项)');
  say(table(['账号 Account', '>银行 Bank', '>账面 Ledger', '>未达 Outstanding', '>笔数 Items'],
    balance.map((b) => [b.accountNo, b.reviewedMinor === null ? '—' : displayAmount(b.reviewedMinor), displayAmount(b.ledgerMinor), displayAmount(b.outstandingMinor), String(b.outstandingCount)])));

  const exports: { format: 'kingdee' | 'kingdee-cloud' | 'yonyou' | 'csv'; file: string }[] = [
    { format: 'kingdee', file: join(dir, `vouchers-${date}-kingdee.xlsx`) },
    { format: 'kingdee-cloud', file: join(dir, `vouchers-${date}-kingdee-cloud.xlsx`) },
    { format: 'yonyou', file: join(dir, `vouchers-${date}-yonyou-u8.txt`) },
    { format: 'csv', file: join(dir, `vouchers-${date}.csv`) },
  ];
  const ledger = trialBalance(db, date).period;
  const checks: DemoCheck[] = close.checks.map((c) => ({ name: `day end: ${c.name}`, ok: c.ok, detail: c.detail }));
  checks.push({ name: 'day closed 已关账', ok: close.closed, detail: close.closed ? `${date} closed` : 'refused' });
  say();
  say('凭证导出 Vouchers for the ERP, each read back');
  const rows: string[][] = [];
  for (const e of exports) {
    // the 云星空 template names the customer's account book and organisation; the demo's are made up
    const cloudBook = e.format === 'kingdee-cloud' ? { accountBook: '001', accountBookName: '演示账簿 Demo book', org: '100' } : undefined;
    const written = await callApi(reviewer, 'erp.exportVouchers', { date, format: e.format, out: e.file, cloudBook });
    const back = await readBackVoucherFile(written.file, e.format);
    const debit = back.vouchers.reduce((s, v) => s + v.debitMinor, 0);
    const credit = back.vouchers.reduce((s, v) => s + v.creditMinor, 0);
    const ok = debit === credit && debit === ledger.debit && back.vouchers.every((v) => v.debitMinor === v.creditMinor) && back.vouchers.length === written.vouchers;
    rows.push([e.format, String(back.vouchers.length), displayAmount(debit), displayAmount(credit), ok ? 'balanced' : 'NOT BALANCED', written.file]);
    checks.push({ name: `export ${e.format} read back balanced`, ok, detail: `${back.vouchers.length} vouchers, debit ${displayAmount(debit)} = credit ${displayAmount(credit)} = ledger ${displayAmount(ledger.debit)}` });
  }
  say(table(['格式 Format', '>凭证 Vouchers', '>借方 Debit', '>贷方 Credit', '结果 Result', '文件 File'], rows));

  say();
  say('日终报表 Day-end reports (.xlsx)');
  const reports: string[][] = [];
  for (const kind of REPORT_KINDS) {
    const file = join(dir, `report-${kind}-${date}.xlsx`);
    const r = await callApi(reviewer, 'reports.export', { kind, date, file });
    reports.push([kind, String(r.sheets), String(r.rows), r.file]);
  }
  say(table(['报表 Report', '>表 Sheets', '>行 Rows', '文件 File'], reports));
  return { close, balance, review, exports, reports: reports.map((r) => r[3]!), checks };
}
