import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvRecords, splitCsvLine, splitLines } from './cn-csv.js';
import { decodeText, leadingBytes } from './cn-encoding.js';
import { cleanCell, headerKey } from './cn-headers.js';

describe('decodeText', () => {
  const text = '交易日期,摘要\r\n2026-05-09,货款\r\n';

  it('reads UTF-8 strictly, with and without a BOM', () => {
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(decodeText(withBom)).toEqual({ text, encoding: 'utf-8-bom' });
  });

  it('falls back to GB18030 for GBK bytes (Alipay bills, many bank CSVs)', () => {
    expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
    // a character outside GBK but inside GB18030
    expect(decodeText(iconv.encode('𠮷', 'gb18030'))).toEqual({ text: '𠮷', encoding: 'gb18030' });
  });

  it('reads UTF-16LE with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(bytes)).toEqual({ text, encoding: 'utf-16le' });
  });

  it('reads an empty buffer as empty UTF-8 text', () => {
    expect(decodeText(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('cuts a sniffing prefix after a line feed, never inside a character', () => {
    const lines = Buffer.from('汉字,金额\n'.repeat(20_000), 'utf8');
    const head = leadingBytes(lines, 100_000);
    expect(head.length).toBeLessThanOrEqual(100_000);
    expect(head.at(-1)).toBe(0x0a);
    expect(decodeText(head).encoding).toBe('utf-8');
    const oneLine = Buffer.from('汉字,'.repeat(30_000), 'utf8');
    expect(decodeText(leadingBytes(oneLine, 100_000)).encoding).toBe('utf-8');
  });
});

describe('CSV splitting', () => {
  it('splits lines on CRLF, LF and CR without an empty last line', () => {
    expect(splitLines('a\r\nb\nc\rd\r\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('')).toEqual([]);
  });

  it('honours double quotes and doubled quotes in a line', () => {
    expect(splitCsvLine('a,"1,234.50","say ""hi""",')).toEqual(['a', '1,234.50', 'say "hi"', '']);
    expect(splitCsvLine('x\ty', '\t')).toEqual(['x', 'y']);
  });

  it('takes a quote left open in a line literally (bills never quote)', () => {
    expect(splitCsvLine('"洗衣订单,加急,0.01')).toEqual(['"洗衣订单', '加急', '0.01']);
  });

  it('keeps line breaks inside quoted cells and reports where each record starts', () => {
    const records = csvRecords('h1,h2\r\n"two\r\nlines",x\r\nlast,y');
    expect(records).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['two\r\nlines', 'x'] },
      { line: 4, cells: ['last', 'y'] },
    ]);
  });

  it('survives an unterminated quote', () => {
    expect(csvRecords('a,"b\nc')).toEqual([{ line: 1, cells: ['a', 'b\nc'] }]);
  });
});

describe('cells and header names', () => {
  it('strips backticks, TABs and padding from cells', () => {
    expect(cleanCell('`2021-01-28 17:07:11')).toBe('2021-01-28 17:07:11');
    expect(cleanCell('2019091622001458860515315453\t')).toBe('2019091622001458860515315453');
    expect(cleanCell(' \u3000 1,234.56\u00a0\t ')).toBe('1,234.56');
  });

  it('compares header names without spaces, bracket width or unit suffix', () => {
    expect(headerKey('订单金额（元）')).toBe(headerKey('订单金额'));
    expect(headerKey('收支金额(元)')).toBe(headerKey('收支金额（元）'));
    expect(headerKey('日 志 号')).toBe('日志号');
    expect(headerKey('借方发生额（支取）')).toBe('借方发生额(支取)');
  });
});
