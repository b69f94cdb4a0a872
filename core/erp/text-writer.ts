import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { cellText } from './cells.js';
import type { Cell } from './types.js';
import type { RowSink } from './sink.js';

const CRLF = '\r\n';
/** Lines gathered before one encode and write: cheap per line, never the whole file in memory. */
const LINES_PER_CHUNK = 4096;
const UTF8_BOM = '\ufeff';

/** RFC 4180: quote a cell holding the delimiter, a quote or a line break; double its quotes. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CRLF text file written in encoded chunks with back-pressure.
 * 'csv': UTF-8 with a BOM, RFC 4180 quoting. 'gbk-text': GBK, cells joined by commas as they are —
 * the layout has already made them comma-free, since U8's format has no quoting. A character GBK
 * lacks becomes '?', as in every GBK export.
 */
export function openTextSink(file: string, kind: 'csv' | 'gbk-text'): RowSink {
  const output = createWriteStream(file);
  let failure: unknown = null;
  output.on('error', (error) => {
    failure ??= error;
  });
  const encode = kind === 'csv' ? (text: string) => Buffer.from(text, 'utf8') : (text: string) => iconv.encode(text, 'gbk');
  const line = kind === 'csv' ? (cells: Cell[]) => cells.map((c) => csvCell(cellText(c))).join(',') : (cells: Cell[]) => cells.map(cellText).join(',');
  let pending: string[] = [];
  let started = false;

  const flush = async () => {
    if (failure) throw failure;
    if (pending.length === 0) return;
    const text = (started || kind !== 'csv' ? '' : UTF8_BOM) + pending.join(CRLF) + CRLF;
    started = true;
    pending = [];
    if (!output.write(encode(text))) await once(output, 'drain');
  };

  return {
    async add(cells) {
      pending.push(line(cells));
      if (pending.length >= LINES_PER_CHUNK) await flush();
    },
    async close() {
      await flush();
      output.end();
      await finished(output);
    },
    async abandon() {
      output.destroy();
      await finished(output).catch(() => undefined);
    },
  };
}
