import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AT } from '../testing/ledger-fixture.js';
import { closeAccountingDay, openAccount, postVouchers } from '../ledger/index.js';
import { PayDeskError } from '../errors.js';
import { money } from '../money/index.js';
import { amountNumber } from './cells.js';
import { exportVouchers, previewExport, writeVoucherFile } from './export.js';
import { KINGDEE_FIELDS } from './kingdee.js';
import { setMapping } from './mapping.js';
import { readBackVoucherFile } from './read-back.js';
import { planExport, planVouchers } from './source.js';
import { EXPORT_FORMATS, type ErpVoucher, type ExportFormat } from './types.js';
import { YONYOU_FIELDS } from './yonyou.js';
import { DAY, DAY_BEFORE, FEE_LINE_SUMMARY, PAYMENT_SUMMARY, erpFixture, ledgerDayTotals, type ErpFixture } from './test-fixture.js';

const CLOUD_BOOK = { accountBook: '001', accountBookName: '支付平台主账簿', org: '100', orgName: '某某支付有限公司' };
const EXTENSION: Record<ExportFormat, string> = { kingdee: 'xlsx', 'kingdee-cloud': 'xlsx', yonyou: 'txt', csv: 'csv' };

function exportTo(f: ErpFixture, format: ExportFormat, name = `vouchers-${format}.${EXTENSION[format]}`, date = DAY) {
  return exportVouchers(f.db, { date, format, out: join(f.folder, name), cloudBook: format === 'kingdee-cloud' ? CLOUD_BOOK : undefined });
}

async function rejection(promise: Promise<unknown>): Promise<PayDeskError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof PayDeskError) return e;
    throw e;
  }
  throw new Error('expected a PayDeskError, but the promise resolved');
}

async function worksheet(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

describe.each(EXPORT_FORMATS)('%s export', (format) => {
  it('writes every voucher of the date, and the file reads back to the ledger’s totals', async () => {
    const f = erpFixture();
    const result = await exportTo(f, format);
    const ledger = ledgerDayTotals(f, DAY);
    expect(ledger.debit).toBe(123_456_789_012 + 99_999_99 + 60_00); // the reversal cancels the first payment
    expect(result).toMatchObject({ format, date: DAY, vouchers: 4, lines: 14, debitMinor: ledger.debit, creditMinor: ledger.credit, currency: 'CNY' });
    expect(result.debit).toBe('1234667950.11');

    const back = await readBackVoucherFile(result.file, format);
    expect(back.lines).toHaveLength(14);
    expect(back.vouchers).toHaveLength(4);
    expect(back.debitMinor).toBe(ledger.debit);
    expect(back.creditMinor).toBe(ledger.credit);
    for (const v of back.vouchers) expect(v.debitMinor).toBe(v.creditMinor);
    expect(back.vouchers.map((v) => v.debitMinor)).toEqual([12_345 + 74, 123_456_789_012, 99_999_99 + 60_00, -(12_345 + 74)]);
    expect(back.lines.filter((l) => l.summary.startsWith('支付宝收款')).length).toBe(4);
    expect(back.lines.some((l) => l.summary === FEE_LINE_SUMMARY)).toBe(true);
  });

  it('numbers vouchers through the month for the ERP, after the earlier days’ vouchers', async () => {
    const f = erpFixture();
    const back = await readBackVoucherFile((await exportTo(f, format)).file, format);
    const expected = format === 'csv' ? ['20261122-000001', '20261122-000002', '20261122-000003', '20261122-000004'] : ['3', '4', '5', '6'];
    expect(back.vouchers.map((v) => v.voucher)).toEqual(expected);
  });

  it('writes a valid file with only its header for a date without vouchers', async () => {
    const f = erpFixture();
    const result = await exportTo(f, format, `empty.${EXTENSION[format]}`, '2026-11-23');
    expect(result).toMatchObject({ vouchers: 0, lines: 0, debitMinor: 0, creditMinor: 0 });
    const back = await readBackVoucherFile(result.file, format);
    expect(back.lines).toEqual([]);
    expect(back.header.length).toBe(format === 'kingdee-cloud' ? 2 : 1);
  });

  it('never leaves part of a file at the target when writing fails midway', async () => {
    const f = erpFixture();
    const plan = planExport(f.db, { date: DAY, erp: format === 'yonyou' ? 'yonyou' : format === 'csv' ? 'generic' : 'kingdee' });
    const good = [...planVouchers(f.db, plan)];
    function* failing(): Generator<ErpVoucher> {
      yield good[0]!;
      yield good[1]!;
      throw new Error('disk gone');
    }
    const options = { currency: 'CNY', auxKinds: [], cloudBook: CLOUD_BOOK };
    const fresh = join(f.folder, `fresh.${EXTENSION[format]}`);
    await expect(writeVoucherFile(fresh, format, failing(), options)).rejects.toThrow('disk gone');
    expect(existsSync(fresh)).toBe(false);

    const previous = join(f.folder, `previous.${EXTENSION[format]}`);
    writeFileSync(previous, 'the previous export');
    await expect(writeVoucherFile(previous, format, failing(), options)).rejects.toThrow('disk gone');
    expect(readFileSync(previous, 'utf8')).toBe('the previous export');
    expect(readdirSync(f.folder).sort()).toEqual([`previous.${EXTENSION[format]}`]); // no temporary file left behind

    await writeVoucherFile(previous, format, good, options);
    expect((await readBackVoucherFile(previous, format)).vouchers).toHaveLength(4);
  });

  it('leaves no file when the check after writing fails', async () => {
    const f = erpFixture();
    const plan = planExport(f.db, { date: DAY, erp: format === 'yonyou' ? 'yonyou' : format === 'csv' ? 'generic' : 'kingdee' });
    const out = join(f.folder, `checked.${EXTENSION[format]}`);
    const seen: number[] = [];
    const check = (t: { vouchers: number; lines: number }) => {
      seen.push(t.vouchers, t.lines);
      throw new PayDeskError('CHECK_FAILED', 'counts differ');
    };
    await expect(writeVoucherFile(out, format, planVouchers(f.db, plan), { currency: 'CNY', auxKinds: [], cloudBook: CLOUD_BOOK }, check)).rejects.toThrow('counts differ');
    expect(seen).toEqual([4, 14]);
    expect(readdirSync(f.folder)).toEqual([]);
  });
});

describe('Kingdee KIS/K3 exchange file', () => {
  it('has the exchange fields in order and one row per entry with 0-based entry ids', async () => {
    const f = erpFixture();
    const sheet = await worksheet((await exportTo(f, 'kingdee')).file);
    expect(sheet.name).toBe('凭证');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...KINGDEE_FIELDS]);
    const col = (name: string) => KINGDEE_FIELDS.indexOf(name as (typeof KINGDEE_FIELDS)[number]) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(col('FDATE')).value).toBe('2026-11-22');
    expect(first.getCell(col('FPERIOD')).value).toBe(11);
    expect(first.getCell(col('FGROUP')).value).toBe('记');
    expect(first.getCell(col('FNUM')).value).toBe(3);
    expect([2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(col('FENTRYID')).value)).toEqual([0, 1, 2, 3]);
    expect(first.getCell(col('FACCTID')).value).toBe('1122.01'); // Kingdee keeps our dotted detail code
    expect(first.getCell(col('FDC')).value).toBe('D');
    expect(first.getCell(col('FCYID')).value).toBe('RMB');
    expect(first.getCell(col('FREFERENCE')).value).toBe('20261122-000001');
    expect(first.getCell(col('FPREPARE')).value).toBe('Operator');
    expect(first.getCell(col('FEXP')).value).toBe(PAYMENT_SUMMARY);
    const debit = first.getCell(col('FDEBIT'));
    expect(debit.value).toBe(123.45);
    expect(debit.numFmt).toBe('0.00');
    expect(first.getCell(col('FCREDIT')).value).toBe(0);
    // the red-ink reversal keeps its side with a negative amount
    expect(sheet.getRow(12).getCell(col('FDEBIT')).value).toBe(-123.45);
  });

  it('writes the preparer it is given instead of the poster', async () => {
    const f = erpFixture();
    const result = await exportVouchers(f.db, { date: DAY, format: 'kingdee', out: join(f.folder, 'k.xlsx'), preparer: '张会计' });
    const sheet = await worksheet(result.file);
    expect(sheet.getRow(5).getCell(KINGDEE_FIELDS.indexOf('FPREPARE') + 1).value).toBe('张会计');
  });
});

describe('Kingdee 云星空 GL_VOUCHER template', () => {
  it('has the keys and captions rows, and header fields on each voucher’s first entry only', async () => {
    const f = erpFixture();
    const sheet = await worksheet((await exportTo(f, 'kingdee-cloud')).file);
    expect(sheet.name).toBe('凭证#单据头(FBillHead)');
    const keys = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const captions = (sheet.getRow(2).values as unknown[]).slice(1) as string[];
    expect(keys.slice(0, 4)).toEqual(['FBillHead(GL_VOUCHER)', 'FAccountBookID', 'FAccountBookID#Name', 'FDate']);
    expect(captions[0]).toBe('*单据头(序号)');
    expect(keys.indexOf('*Split*1')).toBe(keys.indexOf('FEntity') - 1);
    expect(keys.some((k) => k.startsWith('FDetailID#'))).toBe(false); // no dimension used, no dimension columns
    for (const required of ['FAccountBookID', 'FDate', 'FVOUCHERGROUPID', 'FVOUCHERGROUPNO', 'FACCBOOKORGID', 'FEntity', 'FACCOUNTID', 'FCURRENCYID', 'FEXCHANGERATETYPE']) {
      expect(captions[keys.indexOf(required)]).toMatch(/^\*/);
    }
    const cell = (row: number, key: string) => sheet.getRow(row).getCell(keys.indexOf(key) + 1).value;
    expect([cell(3, 'FBillHead(GL_VOUCHER)'), cell(3, 'FAccountBookID'), cell(3, 'FVOUCHERGROUPID'), cell(3, 'FVOUCHERGROUPNO'), cell(3, 'FYEAR'), cell(3, 'FPERIOD')])
      .toEqual([1, '001', 'PRE001', 3, 2026, 11]);
    expect([cell(4, 'FBillHead(GL_VOUCHER)'), cell(4, 'FAccountBookID'), cell(4, 'FDate')]).toEqual([null, null, null]);
    expect([3, 4, 5, 6].map((r) => cell(r, 'FEntity'))).toEqual([1, 2, 3, 4]);
    expect(cell(7, 'FBillHead(GL_VOUCHER)')).toBe(2);
    expect([cell(3, 'FCURRENCYID'), cell(3, 'FEXCHANGERATETYPE'), cell(3, 'FAMOUNTFOR'), cell(3, 'FDEBIT'), cell(3, 'FCREDIT')]).toEqual(['PRE001', 'HLTX01_SYS', 123.45, 123.45, null]);
    expect(cell(3, 'FBUSNO')).toBe('20261122-000001');
  });

  it('refuses without the customer’s account book and organisation, before touching any file', async () => {
    const f = erpFixture();
    const out = join(f.folder, 'cloud.xlsx');
    const e = await rejection(exportVouchers(f.db, { date: DAY, format: 'kingdee-cloud', out }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain('账簿');
    expect(readdirSync(f.folder)).toEqual([]);
  });

  it('adds the dimension columns of the auxiliary items its lines carry', async () => {
    const f = erpFixture();
    setMapping(f.db, { erp: 'kingdee', subjectCode: '1122.01', erpCode: '1122.01', aux: { kind: 'customer' } }, f.admin, AT);
    const result = await exportTo(f, 'kingdee-cloud');
    const sheet = await worksheet(result.file);
    const keys = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(keys.filter((k) => k.startsWith('FDetailID#'))).toEqual(['FDetailID#FFlex6', 'FDetailID#FFlex6#Name']);
    expect(sheet.getRow(3).getCell(keys.indexOf('FDetailID#FFlex6') + 1).value).toBe('alipay');
    expect((await readBackVoucherFile(result.file, 'kingdee-cloud')).lines[0]!.auxCode).toBe('alipay');
  });
});

describe('Yonyou U8 填制凭证 text file', () => {
  it('is GBK with the V800 first line, CRLF, 21 comma-free fields per line', async () => {
    const f = erpFixture();
    const result = await exportTo(f, 'yonyou');
    const bytes = readFileSync(result.file);
    expect(bytes.subarray(0, 8).equals(iconv.encode('填制凭证', 'gbk'))).toBe(true);
    expect(bytes.includes(Buffer.from('填制凭证', 'utf8'))).toBe(false);
    const text = iconv.decode(bytes, 'gbk');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('填制凭证,V800');
    expect(lines).toHaveLength(15);
    for (const line of lines.slice(1)) expect(line.split(',')).toHaveLength(YONYOU_FIELDS.length);
    expect(lines[1]).toBe('2026-11-22,记,3,0,支付宝收款 订单A123， 含手续费,112201,123.45,0.00,,,,Operator,,,,,,,,,');
    expect(lines[3]!.split(',')[4]).toBe(FEE_LINE_SUMMARY);
    expect(lines[11]!.split(',').slice(6, 8)).toEqual(['-123.45', '0.00']);
  });

  it('puts a customer item in 客户编码 (field 18)', async () => {
    const f = erpFixture();
    setMapping(f.db, { erp: 'yonyou', subjectCode: '2241.01', erpCode: '224101', aux: { kind: 'customer' } }, f.admin, AT);
    const text = iconv.decode(readFileSync((await exportTo(f, 'yonyou')).file), 'gbk');
    const fields = text.split('\r\n')[2]!.split(',');
    expect([fields[5], fields[17]]).toEqual(['224101', 'M001']);
  });
});

describe('generic CSV', () => {
  it('starts with a UTF-8 BOM and quotes cells holding commas', async () => {
    const f = erpFixture();
    const result = await exportTo(f, 'csv');
    const bytes = readFileSync(result.file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('凭证号,日期,分录号,科目代码,科目名称,ERP科目代码,ERP科目名称,账户,辅助核算类别,辅助核算代码,辅助核算名称,摘要,借方金额,贷方金额,币别,制单人');
    expect(lines[1]).toContain(`,"${PAYMENT_SUMMARY}",123.45,0.00,CNY,Operator`);
    expect(lines[1]!.startsWith('20261122-000001,2026-11-22,1,1122.01,应收账款-应收渠道款,112201,')).toBe(true);
  });
});

describe('subject mapping in the export', () => {
  it('applies the mapping, and an edited mapping shows in the next export', async () => {
    const f = erpFixture();
    setMapping(f.db, { erp: 'kingdee', subjectCode: '1122.01', erpCode: '1122.02', erpName: '应收账款-支付宝', aux: { kind: 'customer' } }, f.admin, AT);
    let sheet = await worksheet((await exportTo(f, 'kingdee', 'first.xlsx')).file);
    const col = (name: string) => KINGDEE_FIELDS.indexOf(name as (typeof KINGDEE_FIELDS)[number]) + 1;
    expect([sheet.getRow(2).getCell(col('FACCTID')).value, sheet.getRow(2).getCell(col('FCLSNAME1')).value, sheet.getRow(2).getCell(col('FOBJID1')).value])
      .toEqual(['1122.02', '客户', 'alipay']);
    expect(sheet.getRow(3).getCell(col('FACCTID')).value).toBe('2241.01'); // unmapped subjects keep the default

    setMapping(f.db, { erp: 'kingdee', subjectCode: '1122.01', erpCode: '1122.09', aux: { kind: 'customer', code: 'C-ALI', name: '支付宝(中国)网络技术有限公司' } }, f.admin, AT);
    sheet = await worksheet((await exportTo(f, 'kingdee', 'second.xlsx')).file);
    expect([sheet.getRow(2).getCell(col('FACCTID')).value, sheet.getRow(2).getCell(col('FOBJID1')).value, sheet.getRow(2).getCell(col('FOBJNAME1')).value])
      .toEqual(['1122.09', 'C-ALI', '支付宝(中国)网络技术有限公司']);

    // a mapping for one ERP leaves the others alone
    const u8 = await readBackVoucherFile((await exportTo(f, 'yonyou')).file, 'yonyou');
    expect(u8.lines[0]!.subject).toBe('112201');
  });

  it('refuses to export, naming the subjects, when a subject was blanked for that ERP', async () => {
    const f = erpFixture();
    setMapping(f.db, { erp: 'yonyou', subjectCode: '6021.01', erpCode: '' }, f.admin, AT);
    setMapping(f.db, { erp: 'yonyou', subjectCode: '4001', erpCode: '' }, f.admin, AT);
    const out = join(f.folder, 'u8.txt');
    const e = await rejection(exportVouchers(f.db, { date: DAY, format: 'yonyou', out }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('cannot export 2026-11-22 for yonyou: subjects 4001 实收资本, 6021.01 手续费及佣金收入-支付手续费 have no yonyou subject code; map them first (erp.setMapping)');
    expect(existsSync(out)).toBe(false);
    await expect(exportTo(f, 'kingdee')).resolves.toMatchObject({ vouchers: 4 });
  });
});

describe('what an export refuses or pins', () => {
  it('refuses a date whose vouchers are not all in the base currency', async () => {
    const f = erpFixture();
    const usdBank = openAccount(f.db, { ownerKind: 'internal', purpose: 'bank_deposit', ownerRef: 'HSBC-USD', currency: 'USD' }, AT);
    const usdReceivable = openAccount(f.db, { ownerKind: 'internal', purpose: 'channel_receivable', ownerRef: 'paypal', currency: 'USD' }, AT);
    postVouchers(f.post, [{ accountingDate: DAY, businessCode: '500001', summary: 'USD settlement', lines: [
      { accountId: usdBank.id, direction: 'D', amountMinor: 100 }, { accountId: usdReceivable.id, direction: 'C', amountMinor: 100 },
    ] }]);
    const e = await rejection(exportTo(f, 'csv'));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain('hold USD lines');
  });

  it('leaves out vouchers posted after the export started', () => {
    const f = erpFixture();
    const plan = planExport(f.db, { date: DAY, erp: 'generic' });
    postVouchers(f.post, [{ accountingDate: DAY, businessCode: '100001', summary: 'late', lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: 1 }, { accountId: f.capital.id, direction: 'C', amountMinor: 1 },
    ] }]);
    expect([...planVouchers(f.db, plan)].map((v) => v.voucherNo)).toEqual(['20261122-000001', '20261122-000002', '20261122-000003', '20261122-000004']);
  });

  it('says whether the exported day was closed', async () => {
    const f = erpFixture();
    closeAccountingDay(f.post, DAY_BEFORE);
    await expect(exportTo(f, 'csv', 'before.csv', DAY_BEFORE)).resolves.toMatchObject({ vouchers: 2, dayClosed: true });
    await expect(exportTo(f, 'csv', 'day.csv', DAY)).resolves.toMatchObject({ vouchers: 4, dayClosed: false });
  });

  it('refuses an amount an Excel cell cannot hold exactly', () => {
    expect(amountNumber(money(123_456_789_012_345, 'CNY'))).toBe(1_234_567_890_123.45);
    expect(() => amountNumber(money(1_234_567_890_123_456, 'CNY'))).toThrow(/more digits than an Excel cell keeps/);
  });
});

describe('preview', () => {
  it('shows the header and the first rows as they will be written', () => {
    const f = erpFixture();
    const p = previewExport(f.db, { date: DAY, format: 'yonyou', limit: 3 });
    expect(p.header).toEqual([['填制凭证', 'V800']]);
    expect(p.rows).toHaveLength(3);
    expect(p.rows[0]!.join(',')).toBe('2026-11-22,记,3,0,支付宝收款 订单A123， 含手续费,112201,123.45,0.00,,,,Operator,,,,,,,,,');
    expect(p).toMatchObject({ vouchers: 4, lines: 14, truncated: true });
  });
});
