import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { simulateDay, type SimulateResult } from './day.js';
import { parsePlant, plantCount, PLANT_KINDS } from './plant.js';
import { checkLedgerIntegrity, trialBalance } from '../ledger/index.js';
import { PayDeskError } from '../errors.js';
import Database from 'better-sqlite3';
import { simulatorFileFor } from './store.js';

const DAY = '2026-11-22';

async function simulate(orders: number, seed: number, plant?: string, db?: Db, date = DAY): Promise<{ db: Db; out: string; result: SimulateResult }> {
  const database = db ?? openDatabase(':memory:');
  if (!db) initDatabase(database, '2026-11-22T00:00:00.000Z');
  const out = mkdtempSync(join(tmpdir(), 'paydesk-sim-'));
  const result = await simulateDay(database, { date, orders, seed, outDir: out, plant: parsePlant(plant), userId: findUser(database, 'admin')!.id });
  return { db: database, out, result };
}

function gbkLines(file: string): string[] {
  return iconv.decode(readFileSync(file), 'gb18030').split('\r\n').filter((l) => l !== '');
}

/** Data rows of an Alipay bill: between the header row and the '#…列表结束' banner, cells stripped of their tabs. */
function alipayRows(file: string): string[][] {
  const lines = gbkLines(file);
  const header = lines.findIndex((l) => !l.startsWith('#'));
  const end = lines.findIndex((l) => l.startsWith('#') && l.includes('列表结束'));
  return lines.slice(header + 1, end).map((l) => l.split(',').map((c) => c.replace(/\t/g, '').trim()));
}

describe('simulate a business day', () => {
  it('the same seed gives the same day, byte for byte, in every file', async () => {
    const a = await simulate(3_000, 11);
    const b = await simulate(3_000, 11);
    expect(a.result.files.map((f) => f.slice(a.out.length))).toEqual(b.result.files.map((f) => f.slice(b.out.length)));
    for (let i = 0; i < a.result.files.length; i++) {
      expect(readFileSync(a.result.files[i]!).equals(readFileSync(b.result.files[i]!)), a.result.files[i]).toBe(true);
    }
    const c = await simulate(3_000, 12);
    expect(readFileSync(c.result.files[0]!).equals(readFileSync(a.result.files[0]!))).toBe(false);
  });

  it('writes each channel’s file in its real layout', async () => {
    const { result } = await simulate(4_000, 5);
    const [trade, account, wechat, unionpay, b2c, payout] = result.files as [string, string, string, string, string, string];
    // Alipay 业务明细: GBK, '#' header and footer lines, trailing tabs, 25 columns, footer totals equal the rows
    const tradeLines = gbkLines(trade);
    expect(tradeLines[0]).toBe('#支付宝业务明细查询');
    expect(tradeLines.at(-1)).toMatch(/^#导出时间：\[\d{4}年\d{2}月\d{2}日 05:30:00\]$/);
    expect(readFileSync(trade).includes(Buffer.from('\t,'))).toBe(true);
    const rows = alipayRows(trade);
    expect(rows.length).toBeGreaterThan(1_000);
    expect(rows.every((r) => r.length === 25)).toBe(true);
    const trades = rows.filter((r) => r[2] === '交易');
    const footer = tradeLines.find((l) => l.startsWith('#交易合计'))!;
    expect(footer).toContain(`#交易合计：${trades.length}笔`);
    // Alipay 账务明细: GBK, 12 columns
    const accountRows = alipayRows(account);
    expect(gbkLines(account)[0]).toBe('#支付宝账务明细查询');
    expect(accountRows.every((r) => r.length === 12)).toBe(true);
    // WeChat ALL: UTF-8, every value backticked, summary line counts the rows
    const wx = readFileSync(wechat, 'utf8').split('\r\n').filter((l) => l);
    expect(wx[0]!.startsWith('交易时间,公众账号ID,商户号')).toBe(true);
    const summaryAt = wx.findIndex((l) => l.startsWith('总交易单数'));
    const data = wx.slice(1, summaryAt);
    expect(data.every((l) => l.split(',').every((c) => c.startsWith('`')))).toBe(true);
    expect(wx[summaryAt + 1]!.split(',')[0]).toBe('`' + data.length);
    // UnionPay: GBK with its 合计 row
    const up = gbkLines(unionpay);
    expect(up[1]).toBe('清算日期,交易时间,商户订单号,银联流水号,交易类型,交易金额,手续费,清算金额');
    expect(up.at(-1)).toMatch(new RegExp(`^合计,${up.length - 3}笔,`));
    // Bank statements open in exceljs with the header row found by name
    for (const file of [b2c, payout]) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const sheet = book.worksheets[0]!;
      let headerRow = 0;
      sheet.eachRow((row, n) => {
        if (!headerRow && row.values && (row.values as unknown[]).includes('借方发生额')) headerRow = n;
      });
      expect(headerRow).toBeGreaterThan(1);
    }
  });

  it('plants exactly what the rates ask for, and none with --plant none', async () => {
    const orders = 10_000;
    const rates = 'bankExtra=0.001,platformExtra=0.002,amountMismatch=0.0015,duplicate=0.001,timing=0.003,offset=0.0005';
    const { result, db } = await simulate(orders, 21, rates);
    const parsed = parsePlant(rates);
    for (const kind of PLANT_KINDS) expect(result.injected[kind], kind).toBe(plantCount(parsed[kind], orders));
    // the files carry them: a platform-only order is missing, a duplicate appears twice, an amount differs
    const plants = db.prepare('SELECT kind, channel_code, ref, delta_minor FROM sim_plant').all() as { kind: string; channel_code: string; ref: string; delta_minor: number }[];
    const alipay = plants.filter((p) => p.channel_code === 'alipay');
    const lines = alipayRows(result.files[0]!).filter((r) => r[2] === '交易');
    const occurrences = (orderNo: string) => lines.filter((r) => r[1] === orderNo);
    for (const p of alipay) {
      const amount = db.prepare('SELECT amount_minor FROM pay_order WHERE order_no = ?').pluck().get(p.ref) as number;
      if (p.kind === 'platformExtra') expect(occurrences(p.ref)).toHaveLength(0);
      if (p.kind === 'duplicate') expect(occurrences(p.ref)).toHaveLength(2);
      if (p.kind === 'bankExtra') expect(occurrences(p.ref)).toHaveLength(1);
      if (p.kind === 'amountMismatch') expect(Math.round(Number(occurrences(p.ref)[0]![11]) * 100)).toBe(amount + p.delta_minor);
    }
    const none = await simulate(2_000, 21, 'none');
    expect(Object.values(none.result.injected)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('orders paid after UnionPay’s 23:00 cut-off are booked today and appear in tomorrow’s UnionPay file', async () => {
    const first = await simulate(5_000, 8, 'timing=0.002');
    const timing = (first.db.prepare("SELECT ref FROM sim_plant WHERE kind = 'timing'").pluck().all() as string[]);
    expect(timing).toHaveLength(10);
    const orderNos = (file: string) => new Set(gbkLines(file).slice(2, -1).map((l) => l.split(',')[2]));
    expect(timing.some((no) => orderNos(first.result.files[3]!).has(no))).toBe(false);
    const booked = first.db.prepare(`SELECT accounting_date FROM pay_order WHERE order_no IN (${timing.map(() => '?').join(',')})`).pluck().all(...timing);
    expect(new Set(booked)).toEqual(new Set([DAY]));
    const next = await simulate(5_000, 8, 'none', first.db, '2026-11-23');
    const tomorrow = orderNos(next.result.files[3]!);
    expect(timing.every((no) => tomorrow.has(no))).toBe(true);
  });

  it('keeps its own records out of the books: the sim tables live in a file beside them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paydesk-simstore-'));
    const file = join(dir, 'books.sqlite');
    const books = openDatabase(file);
    initDatabase(books, '2026-11-22T00:00:00.000Z');
    await simulate(300, 4, undefined, books);
    books.close();
    const tables = (f: string) => new Database(f, { readonly: true }).prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sim%' ORDER BY name").pluck().all();
    expect(tables(file)).toEqual([]);
    expect(simulatorFileFor(file)).toBe(join(dir, 'books.simulator.sqlite'));
    expect(tables(simulatorFileFor(file))).toEqual(['sim_bank_day', 'sim_day', 'sim_plant']);
    const days = new Database(simulatorFileFor(file), { readonly: true }).prepare('SELECT sim_date, status FROM sim_day').all();
    expect(days).toEqual([{ sim_date: DAY, status: 'done' }]);
  });

  it('refuses to simulate the same date twice in one database, and names an interrupted day as such', async () => {
    const { db } = await simulate(500, 1, 'none');
    const again = () => simulateDay(db, { date: DAY, orders: 500, seed: 1, outDir: mkdtempSync(join(tmpdir(), 'x-')), plant: parsePlant('none'), userId: 1 });
    await expect(again()).rejects.toThrow(/already been simulated/);
    db.prepare("UPDATE sim_day SET status = 'running'").run(); // as a crash mid-day leaves it
    await expect(again()).rejects.toThrow(PayDeskError);
    await expect(again()).rejects.toThrow(/was interrupted and left a partial day/);
  });

  it('a 100,000-order day leaves the trial balance balanced and every account equal to its lines', async () => {
    const { db, result } = await simulate(100_000, 2026);
    expect(result.stats.succeeded).toBeGreaterThan(95_000);
    const tb = trialBalance(db, DAY);
    expect(tb.balanced).toBe(true);
    expect(tb.period.debit).toBeGreaterThan(0);
    expect(checkLedgerIntegrity(db)).toEqual({ ok: true, problems: [] });
    // entry flows of the day add up to what the channels' receivable accounts moved (the prepaid balance channel books elsewhere)
    const entries = db.prepare("SELECT SUM(CASE direction WHEN 'in' THEN amount_minor ELSE -amount_minor END) FROM entry_flow WHERE accounting_date = ? AND channel_code <> 'balance'").pluck().get(DAY) as number;
    const receivables = tb.rows.find((r) => r.code === '1122.01')!;
    expect(receivables.period.debit - receivables.period.credit).toBe(entries);
  }, 120_000);
});

describe('--plant', () => {
  it('reads none, KEY=RATE lists, and refuses unknown kinds and bad rates', () => {
    expect(parsePlant('none').timing).toBe(0);
    expect(parsePlant('timing=0.5').timing).toBe(0.5);
    expect(() => parsePlant('bogus=0.1')).toThrow(/unknown kind "bogus"/);
    expect(() => parsePlant('timing=2')).toThrow(/between 0 and 1/);
    expect(() => parsePlant('timing=')).toThrow(/between 0 and 1/);
  });
});

describe('output folder', () => {
  it('groups files per channel', async () => {
    const { out } = await simulate(300, 3, 'none');
    expect(readdirSync(out).sort()).toEqual(['alipay', 'bank_b2c', 'bank_payout', 'unionpay', 'wechat']);
  });
});

describe('the default day', () => {
  it('routes payments to every paying channel at realistic shares, and the bank gateway’s statement carries its payments', async () => {
    const { db, result } = await simulate(20_000, 7);
    const rows = db.prepare('SELECT channel_code AS channel, COUNT(*) AS n FROM pay_order WHERE channel_code IS NOT NULL GROUP BY 1').all() as { channel: string; n: number }[];
    const total = rows.reduce((s, r) => s + r.n, 0);
    const share = Object.fromEntries(rows.map((r) => [r.channel, r.n / total]));
    // wallets take most of the day; both card channels and the prepaid balance take a real part
    expect(share.alipay).toBeGreaterThan(0.35);
    expect(share.wechat).toBeGreaterThan(0.25);
    for (const channel of ['unionpay', 'bank_b2c', 'balance']) {
      expect(share[channel], channel).toBeGreaterThan(0.02);
      expect(share[channel], channel).toBeLessThan(0.15);
    }
    const statement = result.files.find((f) => f.includes(join('bank_b2c', 'bank_b2c_')))!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(statement);
    const text = book.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join('\n');
    const orderNos = new Set(text.match(/P\d{17}/g) ?? []);
    // the gateway's paid orders are on its statement by order number (a few fall past its 23:30 cut, or are planted out)
    const paid = db.prepare("SELECT order_no FROM pay_order WHERE channel_code = 'bank_b2c' AND status IN ('succeeded', 'partially_refunded', 'refunded')").pluck().all() as string[];
    expect(paid.length).toBeGreaterThan(500);
    expect(paid.filter((o) => orderNos.has(o)).length).toBeGreaterThan(paid.length * 0.9);
  }, 120_000);
});
