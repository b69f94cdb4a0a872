import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { formatMinor } from '../../money/money.js';
import { assertDateTime, assertDay, dateTimeParts, isDateTime } from './dates.js';
import { dosStamp, pinZipEntryTimes } from './zipTimes.js';
import type { BankLine, StatementSummary } from './types.js';

export interface BankStatementHeader {
  bankName: string;
  accountNo: string;
  accountName: string;
  /** ISO 4217 code ('CNY'): it decides the decimals of every amount */
  currency: string;
  /** statement period, 'YYYY-MM-DD' */
  from: string;
  to: string;
  openingBalanceMinor: number;
}

export const BANK_STATEMENT_COLUMNS = [
  '交易日期', '交易时间', '摘要', '对方户名', '对方账号', '借方发生额', '贷方发生额', '余额', '流水号', '用途',
] as const;

const COLUMN_WIDTHS = [12, 10, 16, 28, 24, 16, 16, 18, 24, 32];

/** Rows added between checks that the zip has caught up. */
const ROWS_PER_CHECK = 2000;

/** archiver's input for a stream entry: a readable-stream v2 PassThrough (no `writableNeedDrain` there). */
interface ZipEntryInput {
  _writableState?: { needDrain?: boolean };
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * exceljs's sheet buffer writes into archiver's PassThrough without heeding back-pressure, so a fast
 * producer would queue the whole sheet XML in memory. We wait for that PassThrough (sheet.stream.pipes[0],
 * exceljs/archiver internals) to drain; if it is not where we expect, we only yield to the event loop.
 */
async function letZipCatchUp(sheet: ExcelJS.Worksheet, outputFailed: Promise<never>): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const entry = pipes?.[0] as ZipEntryInput | undefined;
  if (entry?._writableState?.needDrain && typeof entry.once === 'function') {
    // a failed file stream would stall the zip, and this drain with it
    await Promise.race([new Promise<void>((resolve) => entry.once('drain', resolve)), outputFailed]);
  } else {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * A corporate bank statement .xlsx (customer view: 借方 = money out, 贷方 = money in), streamed with
 * exceljs's WorkbookWriter. Amounts are text cells ('1234.56' from formatMinor): exact with no float
 * anywhere, and what many bank exports do; the empty side of a line is a blank cell, as in real exports.
 * Byte-for-byte deterministic: the document times and every zip entry time come from `header.to`.
 */
export async function writeBankStatementXlsx(
  file: string,
  header: BankStatementHeader,
  lines: Iterable<BankLine>,
): Promise<StatementSummary> {
  assertDay(header.from, 'header.from');
  assertDay(header.to, 'header.to');
  const amount = (minor: number) => formatMinor(minor, header.currency);
  amount(header.openingBalanceMinor); // checks the currency and the opening balance up front

  const stamp = dateTimeParts(header.to, 'header.to');
  const fixedTime = new Date(Date.UTC(stamp.year, stamp.month - 1, stamp.day));
  const output = createWriteStream(file);
  const outputFailed = new Promise<never>((_, reject) => output.on('error', reject));
  outputFailed.catch(() => undefined); // reported through the race/commit/`finished` below, never unhandled
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  workbook.creator = header.bankName;
  workbook.lastModifiedBy = header.bankName;
  workbook.created = fixedTime;
  workbook.modified = fixedTime;

  try {
    const sheet = workbook.addWorksheet('交易明细');
    sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
    const add = (values: Array<string | null>) => sheet.addRow(values).commit();

    add([`${header.bankName}账户交易明细`]);
    add(['户名', header.accountName]);
    add(['账号', header.accountNo]);
    add(['币种', header.currency]);
    add(['起止日期', `${header.from} 至 ${header.to}`]);
    add(['期初余额', amount(header.openingBalanceMinor)]);
    add([...BANK_STATEMENT_COLUMNS]);

    let rows = 0;
    let debitMinor = 0;
    let creditMinor = 0;
    for (const line of lines) {
      checkBankLine(line);
      add([
        line.time.slice(0, 10),
        line.time.slice(11),
        line.summary,
        line.counterpartyName,
        line.counterpartyAccount,
        line.debitMinor === 0 ? null : amount(line.debitMinor),
        line.creditMinor === 0 ? null : amount(line.creditMinor),
        amount(line.balanceMinor),
        line.serialNo,
        line.purpose,
      ]);
      rows += 1;
      debitMinor += line.debitMinor;
      creditMinor += line.creditMinor;
      if (rows % ROWS_PER_CHECK === 0) await letZipCatchUp(sheet, outputFailed);
    }
    add(['合计', null, null, null, null, amount(debitMinor), amount(creditMinor), null, null, null]);

    sheet.commit();
    await workbook.commit();
    await finished(output);
    await pinZipEntryTimes(file, dosStamp(stamp));
    return { file, rows, creditMinor, debitMinor };
  } catch (error) {
    output.destroy();
    await finished(output).catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }
}

function checkBankLine(line: BankLine): void {
  if (!isDateTime(line.time)) assertDateTime(line.time, `bank line ${line.serialNo} time`);
  if (!Number.isSafeInteger(line.debitMinor) || line.debitMinor < 0 || !Number.isSafeInteger(line.creditMinor) || line.creditMinor < 0) {
    throw new RangeError(`bank line ${line.serialNo}: debit and credit must be non-negative integer minor units`);
  }
}
