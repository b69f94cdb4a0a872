import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAlipayAccountBill, writeAlipayTradeBill } from '../../simulator/statements/alipay.js';
import { writeBankStatementXlsx } from '../../simulator/statements/bank.js';
import { sampleBankLines, sampleChannelTxns } from '../../simulator/statements/fixtures.js';
import { tempDir } from '../../simulator/statements/testing.js';
import { writeWechatAllBill } from '../../simulator/statements/wechat.js';
import { writeUnionpayBill } from '../../simulator/unionpay-file.js';
import { detectFormat } from './cn-detect.js';
import { cnFixture, garbageBytes } from './cn-testing.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir.cleanup();
});

const txns = sampleChannelTxns(20);
const billHeader = { account: '2088000000000001', date: '2026-05-09', exportedAt: '2026-05-10 01:00:00' };

describe('detectFormat on files our simulator writes', () => {
  const cases: [string, (file: string) => Promise<unknown>, { format: string; channel: string | null; encoding: string }][] = [
    ['alipay trade', (f) => writeAlipayTradeBill(f, billHeader, txns), { format: 'alipay-trade', channel: 'alipay', encoding: 'gb18030' }],
    ['alipay account', (f) => writeAlipayAccountBill(f, { ...billHeader, openingBalanceMinor: 0 }, txns), { format: 'alipay-account', channel: 'alipay', encoding: 'gb18030' }],
    ['wechat ALL', (f) => writeWechatAllBill(f, { appId: 'wx1', mchId: '160', feeRatePercent: '0.60%' }, txns), { format: 'wechat-all', channel: 'wechat', encoding: 'utf-8' }],
    ['unionpay', (f) => writeUnionpayBill(f, { date: '2026-05-09' }, txns), { format: 'unionpay', channel: 'unionpay', encoding: 'gb18030' }],
    [
      'bank xlsx',
      (f) => writeBankStatementXlsx(f, { bankName: '招商银行', accountNo: '1', accountName: 'x', currency: 'CNY', from: '2026-05-09', to: '2026-05-09', openingBalanceMinor: 0 }, sampleBankLines(5, 0)),
      { format: 'bank-xlsx', channel: null, encoding: 'binary' },
    ],
  ];
  for (const [name, write, expected] of cases) {
    it(`recognises ${name} by content, whatever the file is called`, async () => {
      const file = dir.path(`${name}.bin`);
      await write(file);
      const bytes = await readFile(file);
      expect(detectFormat('statement.txt', bytes)).toEqual(expected);
    });
  }
});

describe('detectFormat on other content', () => {
  it('recognises bank CSVs by their header synonyms, in GBK and UTF-8 with BOM', () => {
    expect(detectFormat('a.csv', cnFixture('cmb-corporate-gbk.csv'))).toEqual({ format: 'bank-csv', channel: null, encoding: 'gb18030' });
    expect(detectFormat('a.csv', cnFixture('ccb-corporate-gbk.csv'))).toEqual({ format: 'bank-csv', channel: null, encoding: 'gb18030' });
    expect(detectFormat('a.csv', cnFixture('boc-signed-amount-utf8bom.csv'))).toEqual({ format: 'bank-csv', channel: null, encoding: 'utf-8-bom' });
  });

  it('recognises a WeChat 资金账单 and a TAB-separated 交易账单', () => {
    const fund = Buffer.from('记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）\r\n', 'utf8');
    expect(detectFormat('x', fund)).toEqual({ format: 'wechat-fund', channel: 'wechat', encoding: 'utf-8' });
    const tsv = Buffer.from('\ufeff交易时间\t公众账号ID\t商户号\r\n', 'utf8');
    expect(detectFormat('x', tsv)).toMatchObject({ format: 'wechat-all', encoding: 'utf-8-bom' });
  });

  it('recognises MT940 and camt.053', () => {
    expect(detectFormat('x', Buffer.from('{1:F01BANKBEBBAXXX0000000000}{2:I940}{4:\r\n:20:REF\r\n', 'ascii'))?.format).toBe('mt940');
    expect(detectFormat('x', Buffer.from(':20:STARTUMS\r\n:25:12345678/0001\r\n:28C:1\r\n', 'ascii'))?.format).toBe('mt940');
    const camt = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>';
    expect(detectFormat('x', Buffer.from(camt, 'utf8'))).toEqual({ format: 'camt053', channel: null, encoding: 'utf-8' });
    // a namespace-prefixed root, as many banks export it, is found without --format
    expect(detectFormat('x', readFileSync('fixtures/statements/camt053/icbc-v08-prefixed.xml'))).toMatchObject({ format: 'camt053', channel: null });
    const prefixed = '<?xml version="1.0"?><ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><ns2:BkToCstmrStmt/></ns2:Document>';
    expect(detectFormat('x', Buffer.from(prefixed, 'utf8'))?.format).toBe('camt053');
    // a camt.052 (intraday report) is not taken for a statement
    expect(detectFormat('x', Buffer.from('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>', 'utf8'))).toBeNull();
  });

  it('names personal wallet exports instead of taking them for bank statements', () => {
    const alipay = iconv.encode('------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\r\n交易时间,交易分类,交易对方,收/支,金额\r\n', 'gbk');
    expect(detectFormat('x', alipay)).toMatchObject({ format: 'alipay-personal', channel: 'alipay' });
    const wechat = Buffer.from('微信支付账单明细,,,,\r\n交易时间,交易类型,交易对方,收/支,金额(元)\r\n', 'utf8');
    expect(detectFormat('x', wechat)).toMatchObject({ format: 'wechat-personal', channel: 'wechat' });
  });

  it('returns null for an empty file, random bytes, a zip that is not a workbook, and a file named like a bill', () => {
    expect(detectFormat('x.csv', Buffer.alloc(0))).toBeNull();
    expect(detectFormat('x.csv', garbageBytes(1 << 20, 5))).toBeNull();
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('2088_20260509_业务明细.csv', 'utf8'), garbageBytes(512)]);
    expect(detectFormat('2088_20260509.csv.zip', zip)).toBeNull();
    expect(detectFormat('2088000000000001_20260509_业务明细.csv', Buffer.from('hello,world\r\n'))).toBeNull();
  });
});
