import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AT, TODAY, balancesFixture } from './test-fixture.js';
import { registerBalance } from './register.js';
import { reviewBalances } from './review.js';
import { readReviewFile, locateColumns } from './review-file.js';
import { REVIEW_SHEET_NAME, reviewTemplatePath, writeReviewTemplate } from './template.js';

/** Row 1 of the first worksheet, read with exceljs directly rather than through the reader under test. */
async function headerRow(file: string): Promise<{ sheet: string; headers: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const values = sheet.getRow(1).values as unknown[];
  return { sheet: sheet.name, headers: values.slice(1).map(String) };
}

const EXPECTED_HEADERS = ['日期 Date', '银行账号 Account no', '银行名称 Bank', '币种 Currency', '实际余额 Actual balance'];

describe('the shipped review template', () => {
  it('is in resources/templates with exactly the headers the reader expects', async () => {
    const shipped = reviewTemplatePath();
    expect(shipped.endsWith(join('resources', 'templates', 'bank-balance-review.xlsx'))).toBe(true);
    expect(existsSync(shipped)).toBe(true);
    expect(await headerRow(shipped)).toEqual({ sheet: REVIEW_SHEET_NAME, headers: EXPECTED_HEADERS });
    expect(locateColumns(EXPECTED_HEADERS)).toEqual({ date: 0, accountNo: 1, bankName: 2, currency: 3, amount: 4 });
    // the reader accepts its header and finds no rows yet
    await expect(readReviewFile(shipped)).rejects.toMatchObject({ code: 'FILE_ERROR', message: expect.stringContaining('no balance rows') });
  });

  it('is what the generator writes now (regenerate it when the columns change)', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'paydesk-template-')), 'fresh.xlsx');
    await writeReviewTemplate(fresh);
    expect(await headerRow(fresh)).toEqual(await headerRow(reviewTemplatePath()));
  });

  it('reviews a balance once filled in like a user would', async () => {
    const f = balancesFixture();
    registerBalance(f.db, { date: TODAY, accountNo: '6222020200112233', balanceMinor: 6_543_21, currency: 'CNY' }, f.operator, AT);
    const file = join(mkdtempSync(join(tmpdir(), 'paydesk-template-')), 'filled.xlsx');
    copyFileSync(reviewTemplatePath(), file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    workbook.worksheets[0]!.addRow([new Date(`${TODAY}T00:00:00Z`), '6222 0202 0011 2233', '中国工商银行', 'CNY', 6543.21]);
    await workbook.xlsx.writeFile(file);
    const result = await reviewBalances(f.db, { file }, f.reviewer, AT);
    expect(result.rows).toMatchObject([{ row: 2, outcome: 'reviewed' }]);
  });

  it('accepts a header in one language only, and refuses one without a column', () => {
    expect(locateColumns(['Currency', '日期', 'ACCOUNT NO', '银行名称', 'actual  balance'])).toEqual({ date: 1, accountNo: 2, bankName: 3, currency: 0, amount: 4 });
    expect(() => locateColumns(['日期 Date', '银行账号 Account no', '银行名称 Bank', '币种 Currency'])).toThrow(/missing column\(s\) 实际余额 Actual balance/);
  });
});
