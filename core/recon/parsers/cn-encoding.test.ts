import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cellBounds, csvRecords, detachedSlice, splitCsvLine, splitLines } from './cn-csv.js';
import { decodeText, leadingBytes } from './cn-encoding.js';
import { cleanCell, headerKey } from './cn-headers.js';
import { garbageBytes } from './cn-testing.js';

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

  it('decodes exactly as TextDecoder did: strict UTF-8 else GB18030, and after a BOM broken bytes as U+FFFD', () => {
    /** The decoding before isUtf8 and Buffer's decoder took over the UTF-8 paths. */
    const before = (bytes: Buffer) => {
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
      }
      if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
        return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
      }
      try {
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
      } catch {
        return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
      }
    };
    const bom = [0xef, 0xbb, 0xbf];
    const bodies: number[][] = [
      [...Buffer.from(text, 'utf8')],
      [...Buffer.from('𠮷 €', 'utf8')],
      [...iconv.encode(text, 'gbk')],
      [0xc0, 0xaf], // overlong '/'
      [0xed, 0xa0, 0x80], // a surrogate written as UTF-8
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0x61, 0xe6, 0xb1], // cut inside a character
      [0xe6, 0xb1, 0x89, 0xff, 0x62],
      [...bom, 0x61], // a second BOM: TextDecoder drops it after the first
      [...bom],
      [0xef, 0xbb],
      [],
      [...garbageBytes(4096, 3)],
    ];
    for (const body of bodies) {
      for (const bytes of [Buffer.from(body), Buffer.from([...bom, ...body])]) {
        expect(decodeText(bytes)).toEqual(before(bytes));
      }
    }
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

  it('finds the cells splitCsvLine gives, in place, and leaves quoted lines to it', () => {
    const lines = [
      '`a,`b,,`c d,`e', 'a,b,c', 'a,b,c,d,e,f', 'a,b', ',,,', 'a\tb\tc', 'x,"q,1",y', 'x,y,"q,1"', '"a",b,c',
      'a,b,c,"open', 'a,b"c,d', '汉字,`金额,备注', 'a,b,c,',
    ];
    const bounds = new Int32Array(8);
    for (const body of lines) {
      const delimiter = body.includes('\t') ? '\t' : ',';
      const line = `head\r\n${body}\r\ntail`;
      const start = line.indexOf(body);
      const end = start + body.length;
      const cells = splitCsvLine(body, delimiter);
      for (const last of [0, 1, 2, 3]) {
        // found unless the line is short, or one of the cells wanted starts a quote (splitCsvLine's to read)
        const plain = body.split(delimiter);
        const expected = plain.length > last && !plain.slice(0, last + 1).some((cell) => cell.startsWith('"'));
        const found = cellBounds(line, start, end, delimiter, last, bounds);
        expect([body, last, found]).toEqual([body, last, expected]);
        if (!found) continue;
        const cut = Array.from({ length: last + 1 }, (_, c) => line.slice(bounds[c], bounds[c + 1]! - 1));
        expect([body, last, cut]).toEqual([body, last, cells.slice(0, last + 1)]);
      }
    }
  });

  it('copies a value out of a text without changing it', () => {
    const text = 'P000000000000,4200000000000000000000000001,商品名称很长的商品名称很长,o***x,' + 'x'.repeat(2000);
    for (const [from, to] of [[0, 13], [14, 42], [43, 57], [58, 63], [64, 2064], [3, 3]] as const) {
      expect(detachedSlice(text, from, to)).toBe(text.slice(from, to));
    }
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
