import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, type Ctx } from '../api/index.js';
import { PayDeskError } from '../errors.js';
import { applyRate, money, rate, proportionalShare } from '../money/index.js';
import { openForInit } from './session.js';
import { trialBalanceJson, trialBalanceText } from './trial-balance-report.js';
import { displayAmount, table } from './format.js';
import type { Io } from './cli.js';

/**
 * The headless demo day on an embedded SQLite file: set up a platform (bank account, two channels,
 * two merchants), take payments with a 0.6% fee, refund part of one, clear the channels to the
 * bank, settle the merchants, reverse a mistaken voucher, then print the trial balance and every
 * check. The business-day simulator (orders, routing, statements) grows this in later issues.
 */
export async function runDemo(options: { db?: string; json: boolean; io: Io }) {
  const file = options.db ?? join(mkdtempSync(join(tmpdir(), 'paydesk-demo-')), 'demo.sqlite');
  if (options.db && existsSync(options.db)) throw new PayDeskError('CONFLICT', `demo needs a fresh database and ${options.db} already exists; pass a new path or none`);
  const say = (line: string) => { if (!options.json) options.io.out(line); };

  const boot = openForInit(file);
  const db = boot.db;
  try {
    await callApi(boot, 'system.init', {});
    const admin: Ctx = { ...boot, user: (await callApi({ ...boot }, 'users.list', {})).find((u) => u.login === 'admin')! };
    const operator: Ctx = { ...admin, user: await callApi(admin, 'users.create', { login: 'operator', name: '出纳 Operator', role: 'operator' }) };
    const reviewer: Ctx = { ...admin, user: await callApi(admin, 'users.create', { login: 'reviewer', name: '复核 Reviewer', role: 'reviewer' }) };
    const date = (await callApi(admin, 'ledger.trialBalance', {})).date;
    say(`PayDesk demo — database ${file}, accounting date ${date}`);

    const open = (ownerKind: 'internal' | 'merchant', purpose: string, ownerRef: string | null, ownerName?: string) =>
      callApi(admin, 'ledger.openAccount', { ownerKind, purpose, ownerRef, currency: 'CNY', ownerName });
    const bank = await open('internal', 'bank_deposit', 'ICBC-6222001', '工商银行结算户');
    const channels = {
      alipay: { receivable: await open('internal', 'channel_receivable', 'alipay', '支付宝'), fee: await open('internal', 'channel_fee_expense', 'alipay', '支付宝'), feeRate: rate('0.38%', 'HALF_UP') },
      wechat: { receivable: await open('internal', 'channel_receivable', 'wechat', '微信支付'), fee: await open('internal', 'channel_fee_expense', 'wechat', '微信支付'), feeRate: rate('0.38%', 'HALF_UP') },
    };
    const capital = (await callApi(admin, 'ledger.accounts', { subjectCode: '4001' }))[0]!;
    const feeIncome = (await callApi(admin, 'ledger.accounts', { subjectCode: '6021.01' }))[0]!;
    const merchants = {
      M001: { pending: await open('merchant', 'merchant_pending', 'M001', '杭州茶叶铺'), available: await open('merchant', 'merchant_available', 'M001', '杭州茶叶铺') },
      M002: { pending: await open('merchant', 'merchant_pending', 'M002', '深圳数码城'), available: await open('merchant', 'merchant_available', 'M002', '深圳数码城') },
    };
    const merchantFee = rate('0.6%', 'HALF_UP');
    const post = (ctx: Ctx, businessCode: string, summary: string, lines: { accountId: number; direction: 'D' | 'C'; amountMinor: number }[]) =>
      callApi(ctx, 'ledger.postVoucher', { accountingDate: date, businessCode, summary, lines });

    await post(operator, '100001', '注册资本到账 Paid-in capital', [
      { accountId: bank.id, direction: 'D', amountMinor: 50_000_000 },
      { accountId: capital.id, direction: 'C', amountMinor: 50_000_000 },
    ]);

    // Payments: channel receivable up, merchant pending up, platform fee out of the merchant's pending funds.
    const orders = [
      { no: 'P0001', merchant: 'M001', channel: 'alipay', amount: 12_800 },
      { no: 'P0002', merchant: 'M001', channel: 'wechat', amount: 3_550 },
      { no: 'P0003', merchant: 'M002', channel: 'alipay', amount: 499_900 },
      { no: 'P0004', merchant: 'M002', channel: 'wechat', amount: 129_900 },
      { no: 'P0005', merchant: 'M001', channel: 'alipay', amount: 8_888 },
    ] as const;
    let platformFees = 0;
    for (const o of orders) {
      const m = merchants[o.merchant];
      const fee = applyRate(money(o.amount, 'CNY'), merchantFee).minor;
      platformFees += fee;
      await post(operator, '400301', `支付成功 ${o.no} Payment`, [
        { accountId: channels[o.channel].receivable.id, direction: 'D', amountMinor: o.amount },
        { accountId: m.pending.id, direction: 'C', amountMinor: o.amount },
        { accountId: m.pending.id, direction: 'D', amountMinor: fee },
        { accountId: feeIncome.id, direction: 'C', amountMinor: fee },
      ]);
    }
    // Partial refund of P0003: the fee comes back in proportion.
    const refund = 200_000;
    const p3 = orders[2];
    const feeBack = proportionalShare({
      total: applyRate(money(p3.amount, 'CNY'), merchantFee), whole: money(p3.amount, 'CNY'),
      before: money(0, 'CNY'), now: money(refund, 'CNY'), rounding: 'HALF_UP',
    }).minor;
    platformFees -= feeBack;
    await post(operator, '410401', '部分退款 P0003 Partial refund', [
      { accountId: merchants.M002.pending.id, direction: 'D', amountMinor: refund },
      { accountId: channels.alipay.receivable.id, direction: 'C', amountMinor: refund },
      { accountId: feeIncome.id, direction: 'D', amountMinor: feeBack },
      { accountId: merchants.M002.pending.id, direction: 'C', amountMinor: feeBack },
    ]);

    // A mistaken voucher, reversed by the reviewer (红字冲销): posted vouchers are never edited.
    const mistake = await post(operator, '900001', '误记 Mistaken entry', [
      { accountId: bank.id, direction: 'D', amountMinor: 1_000 },
      { accountId: feeIncome.id, direction: 'C', amountMinor: 1_000 },
    ]);
    const reversal = await callApi(reviewer, 'ledger.reverseVoucher', { voucher: { id: mistake.id }, accountingDate: date, reason: '重复录入 entered twice' });

    // Channel clearing: the channel pays the day's net into the bank, keeping its fee.
    const clearing: string[][] = [];
    for (const [code, ch] of Object.entries(channels)) {
      const receivable = (await callApi(admin, 'ledger.account', { id: ch.receivable.id })).balanceMinor;
      const channelFee = applyRate(money(receivable, 'CNY'), ch.feeRate).minor;
      await post(operator, '300101', `渠道清算 ${code} Channel clearing`, [
        { accountId: bank.id, direction: 'D', amountMinor: receivable - channelFee },
        { accountId: ch.fee.id, direction: 'D', amountMinor: channelFee },
        { accountId: ch.receivable.id, direction: 'C', amountMinor: receivable },
      ]);
      clearing.push([code, displayAmount(receivable), displayAmount(channelFee), displayAmount(receivable - channelFee)]);
    }
    // Settlement D1: pending → available for each merchant.
    const settlement: string[][] = [];
    for (const [id, m] of Object.entries(merchants)) {
      const pending = (await callApi(admin, 'ledger.account', { id: m.pending.id })).balanceMinor;
      await post(operator, '600101', `商户结算 ${id} Settlement`, [
        { accountId: m.pending.id, direction: 'D', amountMinor: pending },
        { accountId: m.available.id, direction: 'C', amountMinor: pending },
      ]);
      settlement.push([id, displayAmount(pending)]);
    }

    const tb = await callApi(admin, 'ledger.trialBalance', { date });
    const integrity = await callApi(admin, 'ledger.integrity', {});
    await callApi(reviewer, 'ledger.closeDay', { date });
    const audit = await callApi(admin, 'audit.verify', {});
    const checks = [
      { name: 'trial balance balanced 试算平衡', ok: tb.balanced, detail: `debit ${displayAmount(tb.period.debit)} = credit ${displayAmount(tb.period.credit)}` },
      { name: 'accounts = sum of voucher lines 账户与流水一致', ok: integrity.ok, detail: integrity.ok ? 'all accounts agree' : `${integrity.problems.length} problems` },
      { name: 'audit chain intact 审计链完整', ok: audit.ok, detail: `${audit.records} records` },
      { name: 'day closed 日终关账', ok: true, detail: date },
    ];

    say('');
    say(`订单 Payments: ${orders.length}, platform fee income 手续费收入 ${displayAmount(platformFees)} (after ${displayAmount(feeBack)} returned on the refund)`);
    say(`冲销 Reversal: ${mistake.voucherNo} reversed by ${reversal.voucherNo}`);
    say('');
    say(table(['渠道 Channel', '>应收 Receivable', '>渠道费 Fee', '>入账 Net to bank'], clearing));
    say('');
    say(table(['商户 Merchant', '>结算 Settled'], settlement));
    say('');
    say(trialBalanceText(tb));
    say('');
    say(table(['检查 Check', '结果 Result', '说明 Detail'], checks.map((c) => [c.name, c.ok ? 'OK' : 'FAILED', c.detail])));
    return { file, date, trialBalance: trialBalanceJson(tb), checks };
  } finally {
    db.close();
  }
}
