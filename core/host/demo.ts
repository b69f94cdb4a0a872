import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { callApi, type Ctx } from '../api/index.js';
import { PayDeskError } from '../errors.js';
import { openForInit } from './session.js';
import { trialBalanceJson, trialBalanceText } from './trial-balance-report.js';
import { displayAmount, table } from './format.js';
import type { Io } from './cli.js';

const DEMO_ORDERS = 5_000;
const DEMO_SEED = 2026;

/**
 * The headless demo day on an embedded SQLite file: a fresh database, a simulated business day
 * (orders routed and risk-checked, refunds, payouts, the anomalies a real day has, and every
 * channel's statement file), then what a trainer talks through: orders by state, the routing mix
 * and fees, one order's routing decision level by level, and the trial balance with its checks.
 * Reconciliation and day end join as their issues land.
 */
export async function runDemo(options: { db?: string; json: boolean; io: Io }) {
  const file = options.db ?? join(mkdtempSync(join(tmpdir(), 'paydesk-demo-')), 'demo.sqlite');
  if (options.db && existsSync(options.db)) throw new PayDeskError('CONFLICT', `demo needs a fresh database and ${options.db} already exists; pass a new path or none`);
  const say = (line = '') => {
    if (!options.json) options.io.out(line);
  };

  const boot = openForInit(file);
  try {
    await callApi(boot, 'system.init', {});
    const admin: Ctx = { ...boot, user: (await callApi(boot, 'users.list', {})).find((u) => u.login === 'admin')! };
    await callApi(admin, 'users.create', { login: 'reviewer', name: '复核 Reviewer', role: 'reviewer' });
    const trainer: Ctx = { ...admin, user: await callApi(admin, 'users.create', { login: 'trainer', name: '培训 Trainer', role: 'trainer' }) };
    const date = (await callApi(admin, 'ledger.trialBalance', {})).date;
    const out = join(dirname(file), 'statements');
    say(`PayDesk demo — database ${file}`);
    say(`模拟营业日 Simulating ${date}: ${DEMO_ORDERS.toLocaleString('en-US')} orders, seed ${DEMO_SEED} …`);
    const sim = await callApi(trainer, 'simulator.simulateDay', { date, orders: DEMO_ORDERS, seed: DEMO_SEED, out });
    const summary = await callApi(admin, 'orders.summary', { date });

    say();
    say('订单状态 Orders by state');
    say(table(['状态 State', '>笔数 Count', '>金额 Amount'], summary.byStatus.map((s) => [s.status, String(s.count), displayAmount(s.amountMinor)])));
    say();
    say('路由与手续费 Routing mix and fees (successful payments)');
    say(table(
      ['渠道 Channel', '>笔数 Count', '>金额 Amount', '>商户手续费 Fee income', '>渠道成本 Channel cost'],
      summary.byChannel.map((c) => [c.channel, String(c.count), displayAmount(c.amountMinor), displayAmount(c.feeMinor), displayAmount(c.channelFeeMinor)]),
    ));
    say(`退款 Refunds: ${summary.refunds.count} for ${displayAmount(summary.refunds.amountMinor)}, fee returned ${displayAmount(summary.refunds.feeReturnedMinor)}`);

    // One card payment's routing decision, level by level: what a trainer explains first.
    const sample = boot.db.sqlite.prepare("SELECT order_no FROM pay_order WHERE method = 'bank_card' AND status = 'succeeded' ORDER BY id LIMIT 1").pluck().get() as string | undefined;
    if (sample) {
      const { order } = await callApi(admin, 'orders.get', { orderNo: sample });
      say();
      say(`一笔订单的路由 How order ${order.order_no} was routed (${order.method} ${displayAmount(order.amount_minor)}, risk ${order.risk_decision}):`);
      say(`  ${order.route_reason}`);
    }
    say();
    say(`埋点异常 Planted for reconciliation: ${Object.entries(sim.injected).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    say(`对账文件 Statement files in ${out}:`);
    for (const f of sim.files) say(`  ${f.slice(out.length + 1)}`);

    const tb = await callApi(admin, 'ledger.trialBalance', { date });
    const integrity = await callApi(admin, 'ledger.integrity', {});
    const audit = await callApi(admin, 'audit.verify', {});
    const checks = [
      { name: 'trial balance balanced 试算平衡', ok: tb.balanced, detail: `debit ${displayAmount(tb.period.debit)} = credit ${displayAmount(tb.period.credit)}` },
      { name: 'accounts = sum of voucher lines 账户与分录一致', ok: integrity.ok, detail: integrity.ok ? 'all accounts agree' : `${integrity.problems.length} problems` },
      { name: 'audit chain intact 审计链完整', ok: audit.ok, detail: `${audit.records} records` },
    ];
    say();
    say(trialBalanceText(tb));
    say();
    say(table(['检查 Check', '结果 Result', '说明 Detail'], checks.map((c) => [c.name, c.ok ? 'OK' : 'FAILED', c.detail])));
    return { file, date, orders: sim.orders, files: sim.files, injected: sim.injected, trialBalance: trialBalanceJson(tb), checks };
  } finally {
    boot.db.close();
  }
}
