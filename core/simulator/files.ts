import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Db } from '../db/index.js';
import { addDays } from '../clock.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { netBalanceAt } from '../ledger/index.js';
import { requireBankAccount } from '../balances/accounts.js';
import { channelFee } from '../channels/defaults.js';
import type { Channel } from '../channels/types.js';
import { writeAlipayBills } from './statements/alipay.js';
import { writeWechatAllBill } from './statements/wechat.js';
import { writeBankStatementXlsx } from './statements/bank.js';
import type { BankLine, ChannelTxn } from './statements/types.js';
import { writeUnionpayBill } from './unionpay-file.js';
import { SIM_BANK_ACCOUNTS, SIM_CHANNEL_ACCOUNTS } from './world.js';
import { attachSimulatorStore } from './store.js';

/** The channel's day for `date` under its own cut-off: [from, to) in local time. */
export function channelWindow(date: string, cutoff: string): { from: string; to: string } {
  if (cutoff === '00:00') return { from: `${date} 00:00:00`, to: `${addDays(date, 1)} 00:00:00` };
  return { from: `${addDays(date, -1)} ${cutoff}:00`, to: `${date} ${cutoff}:00` };
}

interface Plant {
  kind: string;
  delta: number;
}

function plantsFor(db: Db, channel: string): Map<string, Plant[]> {
  const rows = db.prepare("SELECT ref, kind, delta_minor FROM sim_plant WHERE channel_code = ? AND kind IN ('platformExtra', 'amountMismatch', 'duplicate')")
    .all(channel) as { ref: string; kind: string; delta_minor: number }[];
  const out = new Map<string, Plant[]>();
  for (const r of rows) out.set(r.ref, [...(out.get(r.ref) ?? []), { kind: r.kind, delta: r.delta_minor }]);
  return out;
}

function maskPayer(payerId: string): string {
  return `${payerId.slice(0, 2)}***${payerId.slice(-2)}`;
}

/**
 * What the channel recorded for its day: the payments it took (including dropped orders we never
 * heard of) and the refunds it paid, in channel time order, with the planted differences applied:
 * a platform-only payment left out, an amount changed, a line repeated.
 */
export function* channelTxns(db: Db, channel: Channel, date: string): Generator<ChannelTxn> {
  const { from, to } = channelWindow(date, channel.cutoff);
  const plants = plantsFor(db, channel.code);
  const pays = db.prepare(
    `SELECT order_no, channel_trade_no, created_at, channel_time, amount_minor, payer_id FROM pay_order
     WHERE channel_code = ? AND channel_time >= ? AND channel_time < ?
       AND (status IN ('succeeded', 'partially_refunded', 'refunded') OR (status = 'pending' AND channel_trade_no IS NOT NULL))
     ORDER BY channel_time, id`,
  ).iterate(channel.code, from, to) as IterableIterator<{ order_no: string; channel_trade_no: string; created_at: string; channel_time: string; amount_minor: number; payer_id: string }>;
  const refunds = db.prepare(
    `SELECT r.refund_no, r.channel_trade_no, r.created_at, r.channel_time, r.amount_minor, o.order_no, o.payer_id FROM refund_order r JOIN pay_order o ON o.id = r.order_id
     WHERE r.channel_code = ? AND r.status = 'succeeded' AND r.channel_time >= ? AND r.channel_time < ? ORDER BY r.channel_time, r.id`,
  ).all(channel.code, from, to) as { refund_no: string; channel_trade_no: string; created_at: string; channel_time: string; amount_minor: number; order_no: string; payer_id: string }[];
  let balance = 100_000_000;
  let r = 0;
  const refundTxn = (x: (typeof refunds)[number]): ChannelTxn => {
    const fee = channelFee(channel, x.amount_minor);
    balance += -x.amount_minor + fee;
    return {
      channelTradeNo: x.channel_trade_no, merchantOrderNo: x.order_no, kind: 'refund', refundNo: x.refund_no, createdAt: x.created_at, finishedAt: x.channel_time,
      amountMinor: x.amount_minor, feeMinor: fee, productName: '商品退款', payerAccount: maskPayer(x.payer_id), balanceAfterMinor: balance,
    };
  };
  for (const p of pays) {
    while (r < refunds.length && refunds[r]!.channel_time < p.channel_time) yield refundTxn(refunds[r++]!);
    const planted = plants.get(p.order_no) ?? [];
    if (planted.some((x) => x.kind === 'platformExtra')) continue;
    const amount = p.amount_minor + planted.filter((x) => x.kind === 'amountMismatch').reduce((s, x) => s + x.delta, 0);
    const fee = channelFee(channel, amount);
    balance += amount - fee;
    const txn: ChannelTxn = {
      channelTradeNo: p.channel_trade_no, merchantOrderNo: p.order_no, kind: 'pay', refundNo: null, createdAt: p.created_at, finishedAt: p.channel_time,
      amountMinor: amount, feeMinor: fee, productName: '商品购买', payerAccount: maskPayer(p.payer_id), balanceAfterMinor: balance,
    };
    yield txn;
    if (planted.some((x) => x.kind === 'duplicate')) yield txn;
  }
  while (r < refunds.length) yield refundTxn(refunds[r++]!);
}

/** The payout bank's view: payouts it executed (refilled ones never reached it; a cross-border one once, at its dealt amount) and refunds sent through it. */
function* payoutBankLines(db: Db, channel: Channel, date: string, openingMinor: number): Generator<BankLine> {
  const { from, to } = channelWindow(date, channel.cutoff);
  const rows = db.prepare(
    `SELECT created_at AS time, payout_no AS ref, amount_minor, merchant_id AS party, bank_account AS account,
            CASE WHEN payout_no IN (SELECT payout_no FROM fx_purchase) THEN '购汇付汇 FX payout'
                 WHEN payout_no IN (SELECT payout_no FROM compensation) THEN '赔付 compensation' ELSE '代付 payout' END AS summary FROM payout_order
       WHERE status <> 'refilled' AND created_at >= ? AND created_at < ?
     UNION ALL
     SELECT channel_time, refund_no, amount_minor, 'refund', '', '退款代付 refund payout' FROM refund_order
       WHERE channel_code = 'bank_payout' AND status = 'succeeded' AND channel_time >= ? AND channel_time < ?
     ORDER BY 1, 2`,
  ).all(from, to, from, to) as { time: string; ref: string; amount_minor: number; party: string; account: string; summary: string }[];
  let balance = openingMinor;
  for (const x of rows) {
    balance -= x.amount_minor;
    yield { time: x.time, summary: x.summary, counterpartyName: x.party, counterpartyAccount: x.account, debitMinor: x.amount_minor, creditMinor: 0, balanceMinor: balance, serialNo: `CMB${x.ref.replace(/\D/g, '')}`, purpose: x.ref };
  }
}

/** Channel withdrawals (渠道提现) arriving in the settlement bank on `date`, by time. */
function withdrawalsArriving(db: Db, date: string): { time: string; ref: string; channel: string; amount_minor: number }[] {
  // the channel paying is the owner of the voucher's credited account (its 1012.01 balance)
  return db.prepare(`SELECT e.occurred_at AS time, e.order_no AS ref, e.amount_minor,
                            (SELECT a.owner_ref FROM voucher_line l JOIN account a ON a.id = l.account_id WHERE l.voucher_id = e.voucher_id AND l.direction = 'C') AS channel
                       FROM entry_flow e WHERE e.business_code = ? AND e.accounting_date = ? ORDER BY e.occurred_at, e.id`)
    .all(BUSINESS_CODES.CHANNEL_WITHDRAWAL, date) as { time: string; ref: string; channel: string; amount_minor: number }[];
}

const CHANNEL_PAYERS: Record<string, string> = { alipay: '支付宝（中国）网络技术有限公司', wechat: '财付通支付科技有限公司', unionpay: '中国银联股份有限公司' };

/** The B2C gateway bank's view: each payment credited, each refund debited, and the channels' withdrawals credited, in the bank's day. */
function* b2cBankLines(txns: Iterable<ChannelTxn>, withdrawals: ReturnType<typeof withdrawalsArriving>, openingMinor: number): Generator<BankLine> {
  let balance = openingMinor;
  let w = 0;
  const arrived = function* (until: string): Generator<BankLine> {
    for (; w < withdrawals.length && withdrawals[w]!.time <= until; w++) {
      const x = withdrawals[w]!;
      balance += x.amount_minor;
      yield { time: x.time, summary: '渠道提现 channel withdrawal', counterpartyName: CHANNEL_PAYERS[x.channel] ?? x.channel, counterpartyAccount: '',
        debitMinor: 0, creditMinor: x.amount_minor, balanceMinor: balance, serialNo: `ICBCW${x.ref.replace(/\D/g, '')}`, purpose: x.ref };
    }
  };
  for (const t of txns) {
    yield* arrived(t.finishedAt);
    const pay = t.kind === 'pay';
    balance += pay ? t.amountMinor : -t.amountMinor;
    yield {
      time: t.finishedAt, summary: pay ? '网关支付 B2C payment' : '网关退款 B2C refund', counterpartyName: t.payerAccount, counterpartyAccount: '',
      debitMinor: pay ? 0 : t.amountMinor, creditMinor: pay ? t.amountMinor : 0, balanceMinor: balance, serialNo: t.channelTradeNo,
      purpose: pay ? t.merchantOrderNo : t.refundNo!,
    };
  }
  yield* arrived('9999');
}

/**
 * The simulated bank's balance at the start of `date`: where its last statement closed, or, on the
 * first simulated day, what the ledger holds for the account (the world's opening funds).
 */
function bankOpening(db: Db, accountNo: string, date: string): number {
  const last = db.prepare('SELECT closing_minor FROM sim_bank_day WHERE account_no = ? AND sim_date < ? ORDER BY sim_date DESC LIMIT 1').pluck().get(accountNo, date) as number | undefined;
  if (last !== undefined) return last;
  return netBalanceAt(db, requireBankAccount(db, accountNo).ledgerAccountId, addDays(date, -1));
}

/** Pass the lines through, remembering the bank's balance after the last one. */
function* tracking(lines: Iterable<BankLine>, last: { balanceMinor: number }): Generator<BankLine> {
  for (const line of lines) {
    last.balanceMinor = line.balanceMinor;
    yield line;
  }
}

function recordBankDay(db: Db, accountNo: string, date: string, opening: number, closing: number): void {
  db.prepare(`INSERT INTO sim_bank_day (account_no, sim_date, opening_minor, closing_minor) VALUES (?, ?, ?, ?)
              ON CONFLICT (account_no, sim_date) DO UPDATE SET opening_minor = excluded.opening_minor, closing_minor = excluded.closing_minor`).run(accountNo, date, opening, closing);
}

/** Write every statement file the channels deliver for `date`, each in its real layout. Returns the paths. */
export async function writeDayFiles(db: Db, date: string, outDir: string, channels: Channel[]): Promise<string[]> {
  attachSimulatorStore(db);
  const compact = date.replaceAll('-', '');
  const exportedAt = `${addDays(date, 1)} 05:30:00`;
  const files: string[] = [];
  const byCode = new Map(channels.map((c) => [c.code, c]));
  const dir = (name: string) => {
    const d = join(outDir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };

  const alipay = byCode.get('alipay')!;
  const alipayDir = dir('alipay');
  const trade = join(alipayDir, `${SIM_CHANNEL_ACCOUNTS.alipayPid}_${compact}_业务明细.csv`);
  const account = join(alipayDir, `${SIM_CHANNEL_ACCOUNTS.alipayPid}_${compact}_账务明细.csv`);
  // Both Alipay bills come from the same channel day: one pass over it writes both.
  await writeAlipayBills({ trade, account }, { account: SIM_CHANNEL_ACCOUNTS.alipayPid, date, exportedAt, openingBalanceMinor: 100_000_000 }, channelTxns(db, alipay, date));
  files.push(trade, account);

  const wechat = byCode.get('wechat')!;
  const wechatFile = join(dir('wechat'), `${SIM_CHANNEL_ACCOUNTS.wechatMchId}_${compact}_交易账单_ALL.csv`);
  await writeWechatAllBill(wechatFile, { appId: SIM_CHANNEL_ACCOUNTS.wechatAppId, mchId: SIM_CHANNEL_ACCOUNTS.wechatMchId, feeRatePercent: '0.38%' }, channelTxns(db, wechat, date));
  files.push(wechatFile);

  const unionpay = byCode.get('unionpay')!;
  const unionpayFile = join(dir('unionpay'), `unionpay_${compact}_交易明细.csv`);
  await writeUnionpayBill(unionpayFile, { date }, channelTxns(db, unionpay, date));
  files.push(unionpayFile);

  const b2c = byCode.get('bank_b2c')!;
  const b2cFile = join(dir('bank_b2c'), `bank_b2c_${compact}_对账单.xlsx`);
  const b2cOpening = bankOpening(db, SIM_BANK_ACCOUNTS.settlement.no, date);
  const b2cLast = { balanceMinor: b2cOpening };
  await writeBankStatementXlsx(b2cFile, {
    bankName: '中国工商银行 ICBC 网关', accountNo: SIM_BANK_ACCOUNTS.settlement.no, accountName: SIM_BANK_ACCOUNTS.settlement.name,
    currency: 'CNY', from: date, to: date, openingBalanceMinor: b2cOpening,
  }, tracking(b2cBankLines(channelTxns(db, b2c, date), withdrawalsArriving(db, date), b2cOpening), b2cLast));
  recordBankDay(db, SIM_BANK_ACCOUNTS.settlement.no, date, b2cOpening, b2cLast.balanceMinor);
  files.push(b2cFile);

  const payout = byCode.get('bank_payout')!;
  const payoutFile = join(dir('bank_payout'), `bank_payout_${compact}_对账单.xlsx`);
  const payoutOpening = bankOpening(db, SIM_BANK_ACCOUNTS.payout.no, date);
  const payoutLast = { balanceMinor: payoutOpening };
  await writeBankStatementXlsx(payoutFile, {
    bankName: SIM_BANK_ACCOUNTS.payout.bank, accountNo: SIM_BANK_ACCOUNTS.payout.no, accountName: SIM_BANK_ACCOUNTS.payout.name,
    currency: 'CNY', from: date, to: date, openingBalanceMinor: payoutOpening,
  }, tracking(payoutBankLines(db, payout, date, payoutOpening), payoutLast));
  recordBankDay(db, SIM_BANK_ACCOUNTS.payout.no, date, payoutOpening, payoutLast.balanceMinor);
  files.push(payoutFile);
  return files;
}
