import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { AT, ledgerFixture, tempDbFile, type LedgerFixture } from '../testing/ledger-fixture.js';
import { createUser, type User } from '../users/users.js';
import { registerBankAccount, type BankAccount } from './accounts.js';
import { columnHeader, REVIEW_COLUMNS } from './template.js';

export { AT };
/** AT is 10:00 on this day in Asia/Shanghai, the default time zone. */
export const TODAY = '2026-11-22';
export const YESTERDAY = '2026-11-21';
export const LATER = '2026-11-22T03:00:00.000Z';

export type Cell = string | number | Date | null;

export interface BalancesFixture extends LedgerFixture {
  operator2: User;
  reviewer2: User;
  icbc: BankAccount;
  boc: BankAccount;
  usd: BankAccount;
  /** write an .xlsx like the template (or with other headers) and return its path */
  writeReviewFile(rows: Cell[][], headers?: string[]): Promise<string>;
}

/** A real SQLite file with the ledger fixture's users plus a second operator and reviewer, and three bank accounts. */
export function balancesFixture(): BalancesFixture {
  const f = ledgerFixture(tempDbFile());
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-balances-'));
  let files = 0;
  return {
    ...f,
    operator2: createUser(f.db, { login: 'operator2', name: 'Operator Two', role: 'operator' }, AT),
    reviewer2: createUser(f.db, { login: 'reviewer2', name: 'Reviewer Two', role: 'reviewer' }, AT),
    icbc: registerBankAccount(f.db, { accountNo: '6222020200112233', bankName: '中国工商银行', accountName: 'PayDesk 备付金', currency: 'CNY' }, AT),
    boc: registerBankAccount(f.db, { accountNo: '6013820000000001', bankName: '中国银行', accountName: 'PayDesk 结算户', currency: 'CNY' }, AT),
    usd: registerBankAccount(f.db, { accountNo: 'HSBC-USD-0001', bankName: 'HSBC', accountName: 'PayDesk USD', currency: 'USD' }, AT),
    async writeReviewFile(rows, headers = REVIEW_COLUMNS.map(columnHeader)) {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('review');
      sheet.addRow(headers);
      for (const row of rows) sheet.addRow(row);
      const file = join(dir, `review-${++files}.xlsx`);
      await workbook.xlsx.writeFile(file);
      return file;
    },
  };
}
