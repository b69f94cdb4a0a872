import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { writeWechatAllBill } from '../simulator/statements/wechat.js';
import { writeAlipayBills } from '../simulator/statements/alipay.js';
import type { ChannelTxn } from '../simulator/statements/types.js';
import { importStatement } from './import.js';
import { DEFAULT_REGISTRY } from './registry.js';
import { LineRows, lineInsertSql, VALUES_PER_LINE } from './line-rows.js';
import type { ParsedStatement, StatementLine } from './parsers/types.js';
import { PayDeskError } from '../errors.js';
import { tempDbFile } from '../testing/ledger-fixture.js';

const AT = '2026-11-23T01:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'paydesk-feed-'));

function freshDb(): { db: Db; userId: number } {
  const db = openDatabase(tempDbFile());
  initDatabase(db, AT);
  return { db, userId: findUser(db, 'admin')!.id };
}

/** A WeChat bill of `count` lines, payments and some refunds, spread over the day. */
async function wechatBill(name: string, count: number): Promise<string> {
  const file = join(dir, name);
  function* txns(): Generator<ChannelTxn> {
    for (let i = 0; i < count; i++) {
      const no = `P${String(i).padStart(12, '0')}`;
      const time = `2026-11-22 ${String(Math.floor((i / count) * 24)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07`;
      const refund = i % 37 === 5;
      yield {
        channelTradeNo: `4200${no.slice(1)}`, merchantOrderNo: no, kind: refund ? 'refund' : 'pay', refundNo: refund ? `R${no}` : null,
        createdAt: time, finishedAt: time, amountMinor: 100 + ((i * 7919) % 500_000), feeMinor: i % 3, productName: i % 2 ? '商品' : 'Goods, "quoted"',
        payerAccount: 'o***x', balanceAfterMinor: 0,
      };
    }
  }
  await writeWechatAllBill(file, { appId: 'wx00000000000000', mchId: '1601959334', feeRatePercent: '0.38%' }, txns());
  return file;
}

const LINE_FIELDS = 'row_no, channel_code, bank_date, booked_at, value_date, direction, kind, order_no, channel_trade_no, amount_minor, fee_minor, currency, counterparty, summary, status';
const storedLines = (db: Db) => db.prepare(`SELECT ${LINE_FIELDS} FROM clearing_flow ORDER BY id`).all();
const storedBatch = (db: Db) => db.prepare('SELECT status, rows, totals, errors, error_count, account, first_date, last_date FROM import_batch').all();

describe('a large statement parsed on a parse thread while its lines are written', () => {
  it('stores exactly the lines and batch that parsing on the import thread stores', async () => {
    const file = await wechatBill('same.csv', 30_000);
    const here = freshDb();
    const there = freshDb();
    const progress: [number, number][] = [];
    const a = await importStatement(here.db, { ...DEFAULT_REGISTRY, threadParsers: false }, { file, userId: here.userId, at: AT });
    const b = await importStatement(there.db, DEFAULT_REGISTRY, { file, userId: there.userId, at: AT, parseThreadFromBytes: 0, onProgress: (done, total) => progress.push([done, total]) });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ status: 'DONE', rows: 30_000 });
    expect(storedLines(there.db)).toEqual(storedLines(here.db));
    expect(storedBatch(there.db)).toEqual(storedBatch(here.db));
    // the batch records the stretch of rowids its lines hold
    expect(there.db.prepare('SELECT first_line, last_line FROM import_batch').get()).toEqual(
      there.db.prepare('SELECT MIN(id) AS first_line, MAX(id) AS last_line FROM clearing_flow').get());
    // progress came while the lines went in, and ends on the exact count
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual([30_000, 30_000]);
    expect(progress.every(([done, total]) => done <= total)).toBe(true);
  });

  it('a file whose summary does not add up keeps none of the lines already written, and says why', async () => {
    const file = await wechatBill('short.csv', 20_000);
    // take one payment row out: the summary still counts it
    const text = readFileSync(file, 'utf8').split('\r\n');
    const at = text.findIndex((l) => l.includes('`P000000010000'));
    text.splice(at, 1);
    const broken = join(dir, 'short-broken.csv');
    writeFileSync(broken, text.join('\r\n'));
    const { db, userId } = freshDb();
    const r = await importStatement(db, DEFAULT_REGISTRY, { file: broken, userId, at: AT, parseThreadFromBytes: 0 });
    expect(r.status).toBe('ABNORMAL');
    expect(r.errors).toEqual([expect.objectContaining({ row: 0, column: 'totals' })]);
    expect(db.prepare('SELECT COUNT(*) FROM clearing_flow').pluck().get()).toBe(0);
    expect(db.prepare('SELECT status, error_count, first_line, last_line FROM import_batch').get()).toEqual({ status: 'ABNORMAL', error_count: 1, first_line: 1, last_line: 0 });
  });

  it('a cancel while lines go in keeps none of them and ends the batch ABNORMAL', async () => {
    const file = await wechatBill('cancel.csv', 60_000);
    const { db, userId } = freshDb();
    const controller = new AbortController();
    const error = await importStatement(db, DEFAULT_REGISTRY, {
      file, userId, at: AT, parseThreadFromBytes: 0, signal: controller.signal,
      onProgress: (done) => {
        // the cancel comes as a later event, as the window's does (an HTTP request or IPC message)
        if (done > 0 && done < 60_000) setTimeout(() => controller.abort(), 0);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayDeskError);
    expect((error as PayDeskError).code).toBe('CANCELLED');
    expect(db.prepare('SELECT COUNT(*) FROM clearing_flow').pluck().get()).toBe(0);
    expect(db.prepare('SELECT status FROM import_batch').pluck().get()).toBe('ABNORMAL');
    // foreign-key checks are back on once the import's transaction is over
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('parsers that hand out lines while they read', () => {
  it('hand out only final lines, in order, that are the start of what they return', async () => {
    const txns = (count: number) => (function* (): Generator<ChannelTxn> {
      for (let i = 0; i < count; i++) {
        const no = `P${String(i).padStart(12, '0')}`;
        const refund = i % 29 === 3;
        yield { channelTradeNo: `2026${no.slice(1)}`, merchantOrderNo: no, kind: refund ? 'refund' : 'pay', refundNo: refund ? `R${no}` : null,
          createdAt: '2026-11-22 09:00:00', finishedAt: '2026-11-22 09:00:01', amountMinor: 500 + i, feeMinor: 2, productName: '商品', payerAccount: 'a***@x.com', balanceAfterMinor: 0 };
      }
    })();
    const alipay = { trade: join(dir, 'alipay_trade.csv'), account: join(dir, 'alipay_account.csv') };
    await writeAlipayBills(alipay, { account: '2088000000000001', date: '2026-11-22', exportedAt: '2026-11-23 01:00:00', openingBalanceMinor: 0 }, txns(9_000));
    const files: [string, string][] = [['alipay-trade', alipay.trade], ['alipay-account', alipay.account], ['wechat-all', await wechatBill('sink.csv', 9_000)]];
    for (const [format, file] of files) {
      const handedOut: StatementLine[][] = [];
      const [statement] = (await DEFAULT_REGISTRY.parsers[format]!(readFileSync(file), { onLines: (lines) => handedOut.push(lines.map((l) => ({ ...l }))) }) as ParsedStatement[]);
      expect(statement!.errors, format).toEqual([]);
      expect(handedOut.length, format).toBe(Math.floor(statement!.lines.length / 4096)); // every 4,096 lines
      expect(handedOut.length, format).toBeGreaterThanOrEqual(2);
      for (const lines of handedOut) expect(statement!.lines.slice(0, lines.length), format).toEqual(lines);
    }
  });
});

describe('lines as rows to bind', () => {
  const line = (over: Partial<StatementLine>): StatementLine => ({
    row: 1, bookedAt: '2026-11-22 10:00:00', valueDate: null, direction: 'credit', amountMinor: 100, currency: 'CNY',
    reference: 'P1', channelRef: 'C1', kind: 'pay', feeMinor: null, counterparty: null, summary: null, ...over,
  });

  it('store every kind, direction, currency and cut-off day as the line says', () => {
    const { db } = freshDb();
    db.sqlite.prepare(`INSERT INTO import_batch (id, channel_code, format, file_name, file_size, content_hash, status, rows, totals, errors, error_count, forced, created_at, created_by)
      VALUES (7, 'unionpay', 'x', 'x', 1, 'h', 'RUNNING', 0, '{}', '[]', 0, 0, ?, 1)`).run(AT);
    const lines = [
      line({ row: 1, kind: 'pay', direction: 'credit' }),
      line({ row: 2, kind: 'refund', direction: 'debit', currency: 'USD', bookedAt: '2026-11-22 23:30:00' }),
      line({ row: 3, kind: 'fee', direction: 'debit', valueDate: '2026-11-24', feeMinor: -3 }),
      line({ row: 4, kind: 'payout', direction: 'debit', counterparty: "O'Brien", summary: '摘要' }),
      line({ row: 5, kind: 'transfer', direction: 'credit', reference: null, channelRef: null }),
      line({ row: 6, kind: 'other', direction: 'credit', currency: 'JPY' }),
    ];
    const rows = new LineRows('23:00');
    rows.add(lines);
    const [part] = rows.take(true);
    expect(part!.length).toBe(lines.length * VALUES_PER_LINE);
    db.sqlite.prepare(lineInsertSql(7, 'unionpay', lines.length)).run(part);
    expect(db.prepare('SELECT row_no, bank_date, value_date, direction, kind, currency, fee_minor, counterparty, summary, order_no, channel_trade_no FROM clearing_flow ORDER BY id').all()).toEqual([
      { row_no: 1, bank_date: '2026-11-22', value_date: null, direction: 'in', kind: 'pay', currency: 'CNY', fee_minor: null, counterparty: null, summary: null, order_no: 'P1', channel_trade_no: 'C1' },
      // after the 23:00 cut-off the line belongs to the channel's next day
      { row_no: 2, bank_date: '2026-11-23', value_date: null, direction: 'out', kind: 'refund', currency: 'USD', fee_minor: null, counterparty: null, summary: null, order_no: 'P1', channel_trade_no: 'C1' },
      { row_no: 3, bank_date: '2026-11-22', value_date: '2026-11-24', direction: 'out', kind: 'fee', currency: 'CNY', fee_minor: -3, counterparty: null, summary: null, order_no: 'P1', channel_trade_no: 'C1' },
      { row_no: 4, bank_date: '2026-11-22', value_date: null, direction: 'out', kind: 'payout', currency: 'CNY', fee_minor: null, counterparty: "O'Brien", summary: '摘要', order_no: 'P1', channel_trade_no: 'C1' },
      { row_no: 5, bank_date: '2026-11-22', value_date: null, direction: 'in', kind: 'transfer', currency: 'CNY', fee_minor: null, counterparty: null, summary: null, order_no: null, channel_trade_no: null },
      { row_no: 6, bank_date: '2026-11-22', value_date: null, direction: 'in', kind: 'other', currency: 'JPY', fee_minor: null, counterparty: null, summary: null, order_no: 'P1', channel_trade_no: 'C1' },
    ]);
  });

  it('take no more lines after one that moves no money (that batch keeps none)', () => {
    const rows = new LineRows('00:00');
    rows.add([line({ row: 1 }), line({ row: 2, amountMinor: 0 }), line({ row: 3 })]);
    expect(rows.taken).toBe(1);
    expect(rows.take(true)).toEqual([[1, '2026-11-22 10:00:00', null, null, 0, 'P1', 'C1', 100, null, null, null, null]]);
  });
});
