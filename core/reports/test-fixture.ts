import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser } from '../users/users.js';
import { callApi, type Ctx } from '../api/index.js';
import { fixedClock } from '../clock.js';
import { tempDbFile } from '../testing/ledger-fixture.js';
import { formatMinor, parseAmount } from '../money/index.js';
import { reviewBalances } from '../balances/review.js';
import { SIM_BANK_ACCOUNTS } from '../simulator/world.js';
import { writeBankStatementXlsx } from '../simulator/statements/bank.js';
import { addDays } from '../clock.js';

export const REPORT_DAY = '2026-11-22';
const PLANT = 'bankExtra=0.01,platformExtra=0.01,amountMismatch=0.01,timing=0.01';

/** The day after: the bank books lines the ledger has never heard of (未达款项). */
export const NEXT_DAY = addDays(REPORT_DAY, 1);

export const BANK_ONLY_LINES = [
  { orderNo: 'P20261123990000001', creditMinor: 1_234_56, debitMinor: 0 },
  { orderNo: 'P20261123990000002', creditMinor: 0, debitMinor: 50_00 },
] as const;

export interface ClosedDay {
  db: Db;
  dir: string;
  admin: Ctx;
  operator: Ctx;
  reviewer: Ctx;
}

/**
 * A simulated day taken through the real day end, so every report has content: statements
 * imported and reconciled, the strategy applied, the summary confirmed (history), bank balances
 * registered and reviewed, and the day closed.
 */
export async function simulatedClosedDay(orders = 600): Promise<ClosedDay> {
  const file = tempDbFile();
  const dir = dirname(file);
  const db = openDatabase(file);
  initDatabase(db, '2026-11-22T00:00:00.000Z');
  const clock = fixedClock('2026-11-23T02:00:00.000Z');
  const ctx = (user: Ctx['user']): Ctx => ({ db, user, clock });
  const admin = ctx(findUser(db, 'admin')!);
  const operator = ctx(createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, '2026-11-22T00:00:00.000Z'));
  const reviewer = ctx(createUser(db, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }, '2026-11-22T00:00:00.000Z'));
  const sim = await callApi(admin, 'simulator.simulateDay', { date: REPORT_DAY, orders, seed: 11, out: join(dir, 'statements'), plant: PLANT });
  for (const f of sim.files) {
    const channel = f.includes('/bank_b2c/') ? 'bank_b2c' : f.includes('/bank_payout/') ? 'bank_payout' : undefined;
    const batch = await callApi(operator, 'recon.import', { file: f, channel });
    if (batch.status !== 'DONE') throw new Error(`import of ${f} ended ${batch.status}`);
  }
  await callApi(operator, 'recon.reconcile', { date: REPORT_DAY });
  await callApi(operator, 'recon.applyStrategy', { date: REPORT_DAY, localTime: '2026-11-23 09:00:00' });
  await callApi(reviewer, 'recon.confirm', { date: REPORT_DAY });
  const accounts = [SIM_BANK_ACCOUNTS.settlement.no, SIM_BANK_ACCOUNTS.payout.no];
  const bankClosing = (accountNo: string) => db.prepare('SELECT closing_minor FROM sim_bank_day WHERE account_no = ? AND sim_date = ?').pluck().get(accountNo, REPORT_DAY) as number;
  for (const accountNo of accounts) {
    await callApi(operator, 'balances.register', { date: REPORT_DAY, accountNo, amount: formatMinor(bankClosing(accountNo), 'CNY'), currency: 'CNY' });
  }
  const reviewed = await reviewBalances(db, { rows: accounts.map((a) => ({ date: REPORT_DAY, accountNo: a, currency: 'CNY', amount: formatMinor(bankClosing(a), 'CNY') })) }, reviewer.user, '2026-11-23T03:00:00.000Z');
  if (reviewed.failed !== 0) throw new Error('the balance review failed');
  await callApi(reviewer, 'day.close', { date: REPORT_DAY });
  await importBankOnlyLines({ db, dir, admin, operator, reviewer }, bankClosing(SIM_BANK_ACCOUNTS.settlement.no));
  return { db, dir, admin, operator, reviewer };
}

/**
 * The next day's gateway bank statement holds two lines no order of ours explains; imported and
 * reconciled they are bank extra, the bank's side of the outstanding items.
 */
async function importBankOnlyLines(day: ClosedDay, openingMinor: number): Promise<void> {
  const file = join(day.dir, 'statements', `bank_b2c_next_day.xlsx`);
  let balance = openingMinor;
  const lines = BANK_ONLY_LINES.map((l, i) => {
    balance += l.creditMinor - l.debitMinor;
    return { time: `${NEXT_DAY} 10:0${i}:00`, summary: '网关支付 B2C payment', counterpartyName: '某客户', counterpartyAccount: '', debitMinor: l.debitMinor, creditMinor: l.creditMinor,
      balanceMinor: balance, serialNo: `B2CX${i}`, purpose: l.orderNo };
  });
  await writeBankStatementXlsx(file, { bankName: '中国工商银行 ICBC 网关', accountNo: SIM_BANK_ACCOUNTS.settlement.no, accountName: SIM_BANK_ACCOUNTS.settlement.name,
    currency: 'CNY', from: NEXT_DAY, to: NEXT_DAY, openingBalanceMinor: openingMinor }, lines);
  const batch = await callApi(day.operator, 'recon.import', { file, channel: 'bank_b2c' });
  if (batch.status !== 'DONE' || batch.rows !== lines.length) throw new Error(`the next day's statement imported ${batch.status} with ${batch.rows} rows`);
  await callApi(day.operator, 'recon.reconcile', { date: NEXT_DAY, channel: 'bank_b2c' });
}

export interface ReadSheet {
  name: string;
  title: string;
  /** the parameter rows under the title: label → value */
  params: Map<string, string>;
  /** the frozen rows (ySplit): the header row's number */
  frozenRows: number;
  header: string[];
  /** the rows between the header and the first totals row */
  rows: ExcelJS.CellValue[][];
  totals: ExcelJS.CellValue[][];
  /** text after the totals */
  notes: string[];
  /** the number format of a data cell, by 0-based row and column */
  numFmt(row: number, column: number): string | undefined;
}

/** Read a report back the way a person opening it would see it. */
export async function readReport(file: string): Promise<ReadSheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((ws) => {
    const values: ExcelJS.CellValue[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      values.push(Array.from({ length: Math.max(row.cellCount, 0) }, (_, c) => row.getCell(c + 1).value));
    }
    const frozenRows = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
    const header = (values[frozenRows - 1] ?? []).map((v) => String(v ?? ''));
    const params = new Map<string, string>();
    for (const row of values.slice(1, frozenRows - 2)) params.set(String(row[0]), String(row[1]));
    const after = values.slice(frozenRows);
    const firstTotal = after.findIndex((row) => String(row[0] ?? '').startsWith('合计'));
    const rows = firstTotal < 0 ? after : after.slice(0, firstTotal);
    const rest = firstTotal < 0 ? [] : after.slice(firstTotal);
    const totals = rest.filter((row) => String(row[0] ?? '').startsWith('合计'));
    const notes = rest.filter((row) => !String(row[0] ?? '').startsWith('合计')).map((row) => String(row[0] ?? ''));
    return {
      name: ws.name, title: String(values[0]?.[0] ?? ''), params, frozenRows, header, rows, totals, notes,
      numFmt: (row, column) => ws.getRow(frozenRows + 1 + row).getCell(column + 1).numFmt,
    };
  });
}

/** An amount cell back in minor units, read from its decimal text (no float arithmetic). */
export function minorOf(value: ExcelJS.CellValue, currency = 'CNY'): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new Error(`not an amount cell: ${JSON.stringify(value)}`);
  return parseAmount(String(value), currency);
}

export function column(sheet: ReadSheet, en: string): number {
  const i = sheet.header.findIndex((h) => h.endsWith(` ${en}`));
  if (i < 0) throw new Error(`${sheet.name} has no column "${en}": ${sheet.header.join(' | ')}`);
  return i;
}

export function sheetNamed(sheets: ReadSheet[], en: string): ReadSheet {
  const s = sheets.find((x) => x.name.endsWith(en));
  if (!s) throw new Error(`no sheet "${en}" in ${sheets.map((x) => x.name).join(', ')}`);
  return s;
}
