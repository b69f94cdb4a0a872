import type { Cell, VoucherLayout } from './types.js';
import { openXlsxSink } from './xlsx-writer.js';
import { openTextSink } from './text-writer.js';

/** Where a layout's rows go: one file, written row by row. */
export interface RowSink {
  add(row: Cell[]): Promise<void>;
  /** finish the file; it is complete once this resolves */
  close(): Promise<void>;
  /** stop writing after a failure; the caller removes the file */
  abandon(): Promise<void>;
}

export function openSink(file: string, layout: VoucherLayout): RowSink {
  return layout.container === 'xlsx' ? openXlsxSink(file, layout.sheetName ?? 'Sheet1') : openTextSink(file, layout.container);
}
