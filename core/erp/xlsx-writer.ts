import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { amountFormat, amountNumber } from './cells.js';
import { isMoneyCell } from './types.js';
import type { RowSink } from './sink.js';

/** Rows between pauses that let the zip and the file stream catch up. */
const ROWS_PER_PAUSE = 1000;

/**
 * An .xlsx written row by row with exceljs's streaming WorkbookWriter, so a big day is never held
 * as a workbook in memory. Amount cells are numbers with a two-decimal format (see amountNumber);
 * text stays text, so codes such as 1002.01 or 2241.10 are never turned into numbers.
 */
export function openXlsxSink(file: string, sheetName: string): RowSink {
  const output = createWriteStream(file);
  const outputFailed = new Promise<never>((_, reject) => output.on('error', reject));
  outputFailed.catch(() => undefined); // reported by the race, commit or `finished` below, never unhandled
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  let rows = 0;

  // exceljs works out a cell's style id from its style object, remembering objects it has seen: every
  // cell gets one shared object, or that work is done afresh for each cell (most of the write time).
  const plainStyle: Partial<ExcelJS.Style> = {};
  const amountStyles = new Map<string, { numFmt: string }>();
  const amountStyle = (currency: string) => {
    let style = amountStyles.get(currency);
    if (!style) amountStyles.set(currency, (style = { numFmt: amountFormat(currency) }));
    return style;
  };

  return {
    async add(cells) {
      // an empty cell is left out (undefined), not written as a null cell with a style of its own
      const row = sheet.addRow(cells.map((c) => (c === null ? undefined : isMoneyCell(c) ? amountNumber(c) : c)));
      cells.forEach((c, i) => {
        if (c !== null) row.getCell(i + 1).style = isMoneyCell(c) ? amountStyle(c.currency) : plainStyle;
      });
      row.commit();
      rows += 1;
      if (rows % ROWS_PER_PAUSE === 0) {
        // exceljs does not heed back-pressure itself: wait while the file stream is full, else just yield
        if (output.writableNeedDrain) await Promise.race([once(output, 'drain'), outputFailed]);
        else await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    async close() {
      sheet.commit();
      await Promise.race([workbook.commit(), outputFailed]);
      await finished(output);
    },
    async abandon() {
      output.destroy();
      await finished(output).catch(() => undefined);
    },
  };
}
