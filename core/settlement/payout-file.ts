import { writeFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { isIsoDate } from '../clock.js';
import { formatMinor } from '../money/index.js';
import { writeAtomically } from '../files/write-atomically.js';

export const PAYOUT_FILE_HEADER = ['序号', '业务参考号', '付款账号', '收款账号', '收款户名', '金额', '币种', '用途'] as const;

export interface PayoutFileResult {
  file: string;
  date: string;
  payouts: number;
  amountMinor: number;
  currency: string;
}

/**
 * The payout batch file (代付批量文件) the bank's corporate banking takes: one line per payout of
 * the day, from the reserve/payout account, then a totals line the bank checks the file against.
 * GBK CSV, since that is what Chinese corporate banking uploads read. Payouts already refilled
 * (returned by the bank) are left out. Written to a temporary name and renamed: never half a file.
 */
export async function writePayoutBatchFile(db: Db, input: { date: string; file: string; fromAccount: string }): Promise<PayoutFileResult> {
  if (!isIsoDate(input.date)) fail('BAD_INPUT', `date must be YYYY-MM-DD, got "${input.date}"`);
  const rows = db.prepare(`SELECT p.payout_no, p.bank_account, COALESCE(m.name, p.merchant_id) AS payee, p.amount_minor, p.currency
                           FROM payout_order p LEFT JOIN merchant m ON m.id = p.merchant_id
                           WHERE p.accounting_date = ? AND p.status <> 'refilled' ORDER BY p.id`).all(input.date) as
    { payout_no: string; bank_account: string; payee: string; amount_minor: number; currency: string }[];
  const currencies = new Set(rows.map((r) => r.currency));
  if (currencies.size > 1) fail('BAD_INPUT', `payouts of ${input.date} are in ${[...currencies].join(', ')}: one file per currency`);
  const currency = rows[0]?.currency ?? 'CNY';
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [PAYOUT_FILE_HEADER.join(',')];
  let total = 0;
  rows.forEach((r, i) => {
    total += r.amount_minor;
    lines.push([String(i + 1), r.payout_no, input.fromAccount, r.bank_account, r.payee, formatMinor(r.amount_minor, currency), currency, '商户提现 merchant payout'].map(cell).join(','));
  });
  lines.push(`合计,${rows.length}笔,,,,${formatMinor(total, currency)},${currency},`);
  await writeAtomically(input.file, (temp) => writeFile(temp, iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk')));
  return { file: input.file, date: input.date, payouts: rows.length, amountMinor: total, currency };
}
