import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertDateTime, chineseDateTime, isDateTime, nextDay } from './dates.js';
import { ChunkedLineFile, encodeGbk, withLineFile } from './lineFile.js';
import { tempDir } from './testing.js';
import { pinZipEntryTimes } from './zipTimes.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

describe('chunked line files', () => {
  it('write every line once, CRLF-terminated, across chunk boundaries', async () => {
    const file = dir.path('lines.txt');
    const out = new ChunkedLineFile(file, encodeGbk, 3);
    for (let i = 0; i < 10; i++) await out.line(`第${i}行`);
    await out.close();
    const expected = Array.from({ length: 10 }, (_, i) => `第${i}行\r\n`).join('');
    expect((await readFile(file)).equals(encodeGbk(expected))).toBe(true);
  });

  it('report a file that cannot be opened instead of crashing', async () => {
    const file = dir.path('missing-dir/lines.txt');
    await expect(withLineFile(file, encodeGbk, async (out) => out.line('x'))).rejects.toThrow(/ENOENT/);
  });
});

describe('statement dates', () => {
  it('roll over month and year ends and print Alipay banner times', () => {
    expect(nextDay('2019-09-16')).toBe('2019-09-17');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
    expect(chineseDateTime('2019-09-17 05:46:49')).toBe('2019年09月17日 05:46:49');
    expect(chineseDateTime('2019-09-16')).toBe('2019年09月16日 00:00:00');
    expect(() => nextDay('2025-13-01')).toThrow(/real date/);
  });

  it('the fast date-time check accepts and refuses exactly what assertDateTime does', () => {
    const cases = [
      '2026-11-22 00:00:00', '2026-11-22 23:59:59', '2024-02-29 12:00:00', '2025-02-29 12:00:00', '2026-11-22 24:00:00',
      '2026-11-22 23:60:00', '2026-11-22 23:59:60', '2026-13-01 00:00:00', '2026-11-31 00:00:00', '0050-01-01 00:00:00',
      '2026-11-22T10:00:00', '2026-11-22 1:00:00', '2026-11-22 10:00:00 ', '２026-11-22 10:00:00', '2026/11/22 10:00:00', '2026-11-22',
    ];
    for (const value of cases) {
      let accepted = true;
      try {
        assertDateTime(value, 'value');
      } catch {
        accepted = false;
      }
      expect(isDateTime(value), value).toBe(accepted);
    }
  });
});

describe('zip time pinning', () => {
  it('refuses a file that is not a zip', async () => {
    const file = dir.path('not.zip');
    await writeFile(file, 'plain text, no central directory');
    await expect(pinZipEntryTimes(file, { time: 0, date: 0 })).rejects.toThrow(/not a zip/);
  });
});

describe('GBK encoding', () => {
  it('gives exactly iconv’s bytes: ASCII, Chinese, characters GBK lacks, lone and paired surrogates', async () => {
    const { default: iconv } = await import('iconv-lite');
    const samples = [
      '', 'plain ascii, 12.34\t', '商品购买', '2026112200001\t,商品购买\t,12.34,支付宝(中国)网络技术有限公司',
      '€ and \u0080', 'emoji 😀 here', 'lone \ud800 lead', 'lone \udc00 trail', '，＂￥é\u00ff', '丂龥〇\ue000\uffff', '商品购买'.repeat(40),
    ];
    for (const text of samples) expect(encodeGbk(text).equals(iconv.encode(text, 'gbk')), JSON.stringify(text)).toBe(true);
  });
});
