import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { fail } from '../errors.js';
import { parseAmount } from '../money/index.js';
import { readXlsxGrid } from '../recon/parsers/cn-grid.js';
import { csvRecords } from '../recon/parsers/cn-csv.js';
import { CSV_COLUMNS } from './csv.js';
import { KINGDEE_FIELDS } from './kingdee.js';
import { YONYOU_FIRST_LINE } from './yonyou.js';
import type { ExportFormat } from './types.js';

/**
 * Read a voucher file we wrote back into per-voucher totals, the way an ERP import would see it:
 * xlsx through exceljs, the U8 file decoded as GBK, the CSV as UTF-8 after its BOM. The export's
 * own check that the interchange kept every amount exact, and the tests' oracle.
 */
export interface ReadBackLine {
  /** the voucher number as the file has it (the ERP number; ours in the CSV) */
  voucher: string;
  date: string;
  subject: string;
  summary: string;
  auxCode: string | null;
  debitMinor: number;
  creditMinor: number;
}

export interface ReadBackVoucher {
  voucher: string;
  date: string;
  lines: number;
  debitMinor: number;
  creditMinor: number;
}

export interface ReadBack {
  format: ExportFormat;
  header: string[][];
  vouchers: ReadBackVoucher[];
  lines: ReadBackLine[];
  debitMinor: number;
  creditMinor: number;
}

const amount = (text: string | undefined, currency: string) => (text && text.trim() !== '' ? parseAmount(text, currency) : 0);

function columnsOf(header: readonly string[], names: readonly string[], file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const i = header.indexOf(name);
    if (i < 0) fail('FILE_ERROR', `${file} is not one of our voucher files: it has no ${name} column`, { location: { file } });
    out[name] = i;
  }
  return out;
}

function summarise(format: ExportFormat, header: string[][], lines: ReadBackLine[]): ReadBack {
  const byVoucher = new Map<string, ReadBackVoucher>();
  let debitMinor = 0;
  let creditMinor = 0;
  for (const l of lines) {
    const key = `${l.date}/${l.voucher}`;
    let v = byVoucher.get(key);
    if (!v) byVoucher.set(key, (v = { voucher: l.voucher, date: l.date, lines: 0, debitMinor: 0, creditMinor: 0 }));
    v.lines += 1;
    v.debitMinor += l.debitMinor;
    v.creditMinor += l.creditMinor;
    debitMinor += l.debitMinor;
    creditMinor += l.creditMinor;
  }
  return { format, header, vouchers: [...byVoucher.values()], lines, debitMinor, creditMinor };
}

async function readKingdee(file: string, currency: string): Promise<ReadBack> {
  const grid = await readXlsxGrid(file);
  const header = grid[0] ?? [];
  const c = columnsOf(header, KINGDEE_FIELDS, file);
  const lines = grid.slice(1).filter((r) => r.length > 0).map((r) => ({
    voucher: r[c.FNUM!] ?? '', date: r[c.FDATE!] ?? '', subject: r[c.FACCTID!] ?? '', summary: r[c.FEXP!] ?? '',
    auxCode: r[c.FOBJID1!] || null, debitMinor: amount(r[c.FDEBIT!], currency), creditMinor: amount(r[c.FCREDIT!], currency),
  }));
  return summarise('kingdee', [header], lines);
}

async function readKingdeeCloud(file: string, currency: string): Promise<ReadBack> {
  const grid = await readXlsxGrid(file);
  const keys = grid[0] ?? [];
  const c = columnsOf(keys, ['FBillHead(GL_VOUCHER)', 'FDate', 'FVOUCHERGROUPNO', 'FEntity', 'FEXPLANATION', 'FACCOUNTID', 'FDEBIT', 'FCREDIT'], file);
  const auxColumns = keys.map((k, i) => (/^FDetailID#[^#]+$/.test(k) ? i : -1)).filter((i) => i >= 0);
  let voucher = '';
  let date = '';
  const lines: ReadBackLine[] = [];
  for (const r of grid.slice(2)) {
    if (r.length === 0) continue;
    // only a voucher's first row carries the header fields
    if (r[c['FBillHead(GL_VOUCHER)']!]) {
      voucher = r[c.FVOUCHERGROUPNO!] ?? '';
      date = r[c.FDate!] ?? '';
    }
    const aux = auxColumns.map((i) => r[i]).find((v) => v);
    lines.push({
      voucher, date, subject: r[c.FACCOUNTID!] ?? '', summary: r[c.FEXPLANATION!] ?? '', auxCode: aux || null,
      debitMinor: amount(r[c.FDEBIT!], currency), creditMinor: amount(r[c.FCREDIT!], currency),
    });
  }
  return summarise('kingdee-cloud', grid.slice(0, 2), lines);
}

async function readYonyou(file: string, currency: string): Promise<ReadBack> {
  const text = iconv.decode(await readFile(file), 'gbk');
  const rows = text.split('\r\n');
  if (rows.at(-1) === '') rows.pop();
  if (rows[0] !== YONYOU_FIRST_LINE.join(',')) fail('FILE_ERROR', `${file} is not a U8 voucher file: it does not start with 填制凭证,V800`, { location: { file } });
  const lines = rows.slice(1).map((row) => {
    const f = row.split(',');
    const aux = [f[15], f[16], f[17], f[18], f[20]].find((v) => v);
    return {
      voucher: f[2] ?? '', date: f[0] ?? '', subject: f[5] ?? '', summary: f[4] ?? '', auxCode: aux || null,
      debitMinor: amount(f[6], currency), creditMinor: amount(f[7], currency),
    };
  });
  return summarise('yonyou', [rows[0]!.split(',')], lines);
}

async function readCsv(file: string): Promise<ReadBack> {
  const bytes = await readFile(file);
  if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) fail('FILE_ERROR', `${file} has no UTF-8 BOM, so Excel would garble its Chinese text`, { location: { file } });
  const records = csvRecords(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)).replace(/\r\n$/, ''));
  const header = records[0]?.cells ?? [];
  const c = columnsOf(header, CSV_COLUMNS, file);
  const lines = records.slice(1).map(({ cells: r }) => {
    const currency = r[c['币别']!] ?? '';
    return {
      voucher: r[c['凭证号']!] ?? '', date: r[c['日期']!] ?? '', subject: r[c['ERP科目代码']!] ?? '', summary: r[c['摘要']!] ?? '',
      auxCode: r[c['辅助核算代码']!] || null, debitMinor: amount(r[c['借方金额']!], currency), creditMinor: amount(r[c['贷方金额']!], currency),
    };
  });
  return summarise('csv', [header], lines);
}

/** `currency`: the base currency the ERP files are in (the CSV names its own on every row). */
export async function readBackVoucherFile(file: string, format: ExportFormat, currency = 'CNY'): Promise<ReadBack> {
  switch (format) {
    case 'kingdee':
      return readKingdee(file, currency);
    case 'kingdee-cloud':
      return readKingdeeCloud(file, currency);
    case 'yonyou':
      return readYonyou(file, currency);
    case 'csv':
      return readCsv(file);
    default:
      return fail('BAD_INPUT', `unknown voucher file format "${String(format)}"`);
  }
}
