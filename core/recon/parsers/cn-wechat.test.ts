import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainCell } from '../../simulator/statements/cells.js';
import { sampleChannelTxns } from '../../simulator/statements/fixtures.js';
import { tempDir } from '../../simulator/statements/testing.js';
import { WECHAT_ALL_BILL_COLUMNS, writeWechatAllBill } from '../../simulator/statements/wechat.js';
import { decodeText } from './cn-encoding.js';
import { garbageBytes, expectWriterTotals } from './cn-testing.js';
import { parseWechatAllBill, parseWechatFundBill } from './cn-wechat.js';

const header = { appId: 'wx81be3101902f7cb2', mchId: '1601959334', feeRatePercent: '0.60%' };

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

/** One ALL-bill row by column name, backticked as WeChat writes it. */
function allRow(values: Partial<Record<(typeof WECHAT_ALL_BILL_COLUMNS)[number], string>>): string {
  return WECHAT_ALL_BILL_COLUMNS.map((column) => '`' + (values[column] ?? '')).join(',');
}

const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

describe('parseWechatAllBill on the simulator’s 交易账单', () => {
  it('parses every row back exactly, totals to the fen equal to the writer’s summary and the bill’s', async () => {
    const txns = sampleChannelTxns(6000);
    const file = dir.path('wechat.csv');
    const summary = await writeWechatAllBill(file, header, txns);
    const decoded = decodeText(await readFile(file));
    expect(decoded.encoding).toBe('utf-8');
    const parsed = parseWechatAllBill(decoded.text);

    expectWriterTotals(parsed, summary);
    expect(parsed).toMatchObject({ format: 'wechat-all', channel: 'wechat', account: header.mchId, currency: 'CNY' });

    parsed.lines.forEach((line, i) => {
      const txn = txns[i]!;
      const refund = txn.kind === 'refund';
      expect(line).toMatchObject({
        row: 2 + i,
        bookedAt: txn.finishedAt,
        direction: refund ? 'debit' : 'credit',
        amountMinor: txn.amountMinor,
        reference: refund ? txn.refundNo : txn.merchantOrderNo,
        kind: refund ? 'refund' : 'pay',
        feeMinor: refund ? 0 - txn.feeMinor : txn.feeMinor, // WeChat prints the returned fee negative
        counterparty: txn.payerAccount,
        summary: plainCell(txn.productName),
      });
      // a refund row carries its own 微信退款单号; a payment its 微信订单号
      expect(line.channelRef).toEqual(refund ? expect.stringMatching(/^503\d+$/) : txn.channelTradeNo);
    });
  });

  it('rounds 5-decimal 手续费 HALF_UP to the fen and nothing else', () => {
    const text = [
      WECHAT_ALL_BILL_COLUMNS.join(','),
      allRow({ 交易时间: '2026-05-09 10:00:00', 商户订单号: 'PD1', 交易状态: 'SUCCESS', 货币种类: 'CNY', 应结订单金额: '9.90', 退款金额: '0.00', 手续费: '0.05940' }),
      allRow({ 交易时间: '2026-05-09 10:00:01', 商户订单号: 'PD2', 交易状态: 'SUCCESS', 货币种类: 'CNY', 应结订单金额: '0.83', 退款金额: '0.00', 手续费: '0.00500' }),
      allRow({ 交易时间: '2026-05-09 10:00:02', 商户订单号: 'PD3', 交易状态: 'SUCCESS', 货币种类: 'CNY', 应结订单金额: '0.835', 退款金额: '0.00', 手续费: '0.00000' }),
      SUMMARY_HEADER,
      '`3,`11.565,`0.00,`0.00,`0.06440,`11.565,`0.00',
    ].join('\r\n');
    const parsed = parseWechatAllBill(text);
    expect(parsed.lines.map((l) => [l.reference, l.amountMinor, l.feeMinor])).toEqual([
      ['PD1', 990, 6],
      ['PD2', 83, 1],
    ]);
    // 应结订单金额 is never rounded: the row and the summary amount are errors
    expect(parsed.errors).toEqual([
      { row: 4, column: '应结订单金额', reason: 'more than 2 decimals for CNY and no rounding rule given' },
      { row: 6, column: '应结订单总金额', reason: 'more than 2 decimals for CNY and no rounding rule given' },
    ]);
    expect(parsed.declared).toBeNull();
  });

  it('skips REVOKED rows without an error and compares the summary without them', () => {
    const text = [
      WECHAT_ALL_BILL_COLUMNS.join(','),
      allRow({ 交易时间: '2026-05-09 10:00:00', 商户号: '1601959334', 商户订单号: 'PD1', 交易状态: 'SUCCESS', 货币种类: 'CNY', 应结订单金额: '1.00', 退款金额: '0.00', 手续费: '0.01000' }),
      allRow({ 交易时间: '2026-05-09 10:05:00', 商户号: '1601959334', 商户订单号: 'PD2', 交易状态: 'REVOKED', 货币种类: 'CNY', 应结订单金额: '2.00', 退款金额: '0.00', 手续费: '0.00000' }),
      SUMMARY_HEADER,
      '`2,`3.00,`0.00,`0.00,`0.01000,`3.00,`0.00',
    ].join('\r\n');
    const parsed = parseWechatAllBill(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => l.reference)).toEqual(['PD1']);
    expect(parsed.declared).toEqual({ totals: { CNY: { count: 1, creditMinor: 100, debitMinor: 0 } } });
    expect(parsed.declared?.totals).toEqual(parsed.totals);
  });

  it('reports an unknown 交易状态 and a bad time with row and column', () => {
    const text = [
      WECHAT_ALL_BILL_COLUMNS.join(','),
      allRow({ 交易时间: '2026-05-09 10:00:00', 商户订单号: 'PD1', 交易状态: 'CLOSED', 货币种类: 'CNY', 应结订单金额: '1.00', 退款金额: '0.00' }),
      allRow({ 交易时间: '2026-13-09 10:00:00', 商户订单号: 'PD2', 交易状态: 'SUCCESS', 货币种类: 'CNY', 应结订单金额: '1.00', 退款金额: '0.00' }),
      SUMMARY_HEADER,
      '`2,`2.00,`0.00,`0.00,`0.00000,`2.00,`0.00',
    ].join('\r\n');
    const parsed = parseWechatAllBill(text);
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toEqual([
      { row: 2, column: '交易状态', reason: 'unknown 交易状态 "CLOSED"' },
      { row: 3, column: '交易时间', reason: 'not a date' },
    ]);
  });

  it('says the summary is missing when the bill is cut off, and yields no lines', async () => {
    const file = dir.path('wechat.csv');
    await writeWechatAllBill(file, header, sampleChannelTxns(30));
    const text = (await readFile(file, 'utf8')).split('\r\n').slice(0, 20).join('\r\n');
    const parsed = parseWechatAllBill(text);
    expect(parsed.lines).toEqual([]);
    expect(parsed.errors).toEqual([{ row: 21, column: '总交易单数', reason: expect.stringMatching(/summary missing/) }]);
  });

  it('gives no lines and one error for an empty file or random bytes', () => {
    expect(parseWechatAllBill('')).toMatchObject({ lines: [], errors: [{ reason: 'empty file' }] });
    const garbage = parseWechatAllBill(decodeText(garbageBytes(1 << 20, 7)).text);
    expect(garbage.lines).toEqual([]);
    expect(garbage.errors).toHaveLength(1);
  });
});

describe('parseWechatAllBill reads a row in place exactly as the full splitter does', () => {
  /** Deterministic choices (xorshift32), so a failing bill can be replayed. */
  function chooser(seed: number) {
    let x = seed >>> 0 || 1;
    const next = () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x / 4294967296;
    };
    return { chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
  }

  const TIMES = ['2026-05-09 10:00:00', '2026-05-09 10:00:01', '2024-02-29 23:59:59', '2026-13-09 10:00:00', '2026/5/9 10:00', '2026-02-29 10:00:00', '', '2026-05-09 24:00:00', '20260509 100000'];
  const STATUSES = ['SUCCESS', 'REFUND', 'REVOKED', 'CLOSED', 'success', ''];
  const CURRENCIES = ['CNY', '', 'USD', 'XYZ'];
  const AMOUNTS = ['1.00', '0', '00012.30', '1234567890123.99', '9.9', '+2.5', '-0.00', '0.835', '-1.00', '1,234.50', '12.', '¥3.00', '', '-', '12345678901234.00', '１２.００'];
  const FEES = ['0.05940', '-0.00500', '0.00000', '', '-0.03000', '0.00499', '0.00500', '-0.00499', '1.23456', '+0.01000', '-', 'abc', 'N/A', '12345678901234.00500'];
  const IDS = ['P000000000001', '4200000000000000000000000001', '-', 'N/A', '', 'n/a', '—', 'nobody', '/', 'x y', 'a`b', '`'];
  const PRODUCTS = ['商品', '洗衣订单', '', '"x,y"', 'a"b', '—', 'N', '"open'];
  const PADS = ['', ' ', '\u00a0', '\u3000', '``', '\t'];

  function bill(seed: number): string {
    const { chance, pick } = chooser(seed);
    const tidy = chance(0.6); // mostly rows WeChat would write, so most are read in place
    const choose = (good: readonly string[], any: readonly string[]) => (tidy && chance(0.95) ? pick(good) : pick(any));
    const delimiter = chance(0.2) ? '\t' : ',';
    let columns: string[] = [...WECHAT_ALL_BILL_COLUMNS];
    if (chance(0.3)) columns = columns.filter((c) => !['商户号', '货币种类', '手续费', '微信退款单号', '用户标识', '商品名称'].includes(c) || chance(0.5));
    if (chance(0.3)) columns = [...columns].reverse();
    const eol = pick(['\r\n', '\n', '\r']);
    const lines = [columns.join(delimiter)];
    const rows = 40;
    for (let i = 0; i < rows; i++) {
      if (chance(0.03)) {
        lines.push(pick(['', '  ']));
        continue;
      }
      const values: Record<string, string> = {
        交易时间: choose(TIMES.slice(0, 3), TIMES),
        商户号: pick(['1601959334', '']),
        微信订单号: pick(IDS),
        商户订单号: pick(IDS),
        用户标识: pick(['o***x', '', '-']),
        交易状态: choose(['SUCCESS', 'REFUND'], STATUSES),
        货币种类: choose(['CNY', ''], CURRENCIES),
        应结订单金额: choose(AMOUNTS.slice(0, 7), AMOUNTS),
        微信退款单号: pick(IDS),
        商户退款单号: pick(IDS),
        退款金额: choose(AMOUNTS.slice(0, 7), AMOUNTS),
        商品名称: pick(PRODUCTS),
        手续费: choose(FEES.slice(0, 10), FEES),
      };
      let cells = columns.map((column) => {
        const value = (chance(0.9) ? '`' : '') + (values[column] ?? pick(['0.00', '', 'NATIVE', '"q,1"']));
        const padded = chance(0.05) ? pick(PADS) + value + pick(PADS.filter((pad) => pad !== '``')) : value;
        return delimiter === '\t' ? padded.replace(/\t/g, ' ') : padded;
      });
      if (chance(0.03)) cells = cells.slice(0, Math.floor(cells.length / 2));
      lines.push(cells.join(delimiter));
    }
    lines.push(SUMMARY_HEADER.split(',').join(delimiter));
    lines.push(['`' + rows, '`1.00', '`0.00', '`0.00', '`0.00000', '`1.00', '`0.00'].join(delimiter));
    return lines.join(eol) + eol;
  }

  it('gives the same lines, errors and totals on varied bills (TAB-separated, quoted, padded, bad and REVOKED rows)', () => {
    let lines = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const text = bill(seed);
      const inPlace = parseWechatAllBill(text);
      expect({ seed, parsed: inPlace }).toEqual({ seed, parsed: parseWechatAllBill(text, { plainRows: false }) });
      lines += inPlace.lines.length;
    }
    expect(lines).toBeGreaterThan(3000); // most rows were lines, not errors
  });

  it('gives the same result on the simulator’s bill', async () => {
    const file = dir.path('wechat.csv');
    await writeWechatAllBill(file, header, sampleChannelTxns(3000));
    const text = decodeText(await readFile(file)).text;
    expect(parseWechatAllBill(text)).toEqual(parseWechatAllBill(text, { plainRows: false }));
  });
});

describe('parseWechatFundBill (资金账单)', () => {
  const fund = (amountHeader: string) => [
    `记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,${amountHeader},账户结余（元）,资金变更提交申请人,备注,业务凭证号`,
    ' `2026-05-09 04:21:23,`4200000925202605094997714292,`1900009231202605095884652186,`交易,`交易,`收入,`100.00,`1100.00,`system,`,`PD0000000001',
    ' `2026-05-09 04:21:23,`4200000925202605094997714292,`1900009231202605095884652187,`扣除交易手续费,`扣除交易手续费,`支出,`0.60,`1099.40,`system,`,`PD0000000001',
    ' `2026-05-09 09:00:00,`50000305742026050903387128253,`1900009231202605095884652188,`退款,`退款,`支出,`30.00,`1069.40,`system,`缺货,`RF0000000001',
    ' 资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额',
    ' `3.0,`1.0,`100.00,`2.0,`30.60',
  ].join('\r\n');

  for (const amountHeader of ['收支金额（元）', '收支金额(元)']) {
    it(`reads 收入/支出, kinds, summary and balances (${amountHeader})`, () => {
      const parsed = parseWechatFundBill(fund(amountHeader));
      expect(parsed.errors).toEqual([]);
      expect(parsed.lines.map((l) => [l.row, l.kind, l.direction, l.amountMinor, l.reference, l.channelRef])).toEqual([
        [2, 'pay', 'credit', 10000, 'PD0000000001', '4200000925202605094997714292'],
        [3, 'fee', 'debit', 60, 'PD0000000001', '4200000925202605094997714292'],
        [4, 'refund', 'debit', 3000, 'RF0000000001', '50000305742026050903387128253'],
      ]);
      expect(parsed.declared).toEqual({
        totals: { CNY: { count: 3, creditMinor: 10000, debitMinor: 3060 } },
        openingBalanceMinor: 100000,
        closingBalanceMinor: 106940,
      });
      expect(parsed.declared?.totals).toEqual(parsed.totals);
    });
  }

  it('says the summary is missing when cut off', () => {
    const cut = fund('收支金额（元）').split('\r\n').slice(0, 3).join('\r\n');
    expect(parseWechatFundBill(cut)).toMatchObject({ lines: [], errors: [{ column: '资金流水总笔数' }] });
  });
});
