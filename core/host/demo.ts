import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { callApi, type Ctx } from '../api/index.js';
import { PayDeskError } from '../errors.js';
import { openForInit } from './session.js';
import { generatePassword } from '../users/passwords.js';
import { trialBalanceJson, trialBalanceText } from './trial-balance-report.js';
import { displayAmount, table } from './format.js';
import type { Io } from './cli.js';
import { addDays } from '../clock.js';
import { demoDayEnd } from './demo-day-end.js';
import { resolveRepeatsAndBankExtras } from '../recon/before-confirmation.js';

const DEMO_ORDERS = 5_000;
const DEMO_SEED = 2026;

/**
 * The headless demo day on an embedded SQLite file: a fresh database, a simulated business day
 * (orders routed and risk-checked, refunds, payouts, the anomalies a real day has, and every
 * channel's statement file), then what a trainer talks through: orders by state, the routing mix
 * and fees, one order's routing decision level by level; every statement imported and reconciled,
 * the error strategy applied, the summary confirmed, bank balances entered and reviewed, the day
 * closed with every check, the vouchers exported for Kingdee and Yonyou and read back.
 */
export async function runDemo(options: { db?: string; json: boolean; io: Io }) {
  const file = options.db ?? join(mkdtempSync(join(tmpdir(), 'paydesk-demo-')), 'demo.sqlite');
  if (options.db && existsSync(options.db)) throw new PayDeskError('CONFLICT', `demo needs a fresh database and ${options.db} already exists; pass a new path or none`);
  const say = (line = '') => {
    if (!options.json) options.io.out(line);
  };

  const boot = openForInit(file);
  try {
    // a throwaway demo file: its users get passwords made here, printed at the end to sign in with
    const passwords = Object.fromEntries(['admin', 'reviewer', 'trainer', 'operator'].map((login) => [login, generatePassword()]));
    await callApi(boot, 'system.init', { adminPassword: passwords['admin'] });
    const admin: Ctx = { ...boot, user: (await callApi(boot, 'users.list', {})).find((u) => u.login === 'admin')! };
    const reviewer: Ctx = { ...admin, user: await callApi(admin, 'users.create', { login: 'reviewer', name: '复核 Reviewer', role: 'reviewer', password: passwords['reviewer'] }) };
    const trainer: Ctx = { ...admin, user: await callApi(admin, 'users.create', { login: 'trainer', name: '培训 Trainer', role: 'trainer', password: passwords['trainer'] }) };
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

    // Reconciliation: import every statement file the channels delivered, match, apply the error strategy.
    const operator: Ctx = { ...admin, user: await callApi(admin, 'users.create', { login: 'operator', name: '对账员 Operator', role: 'operator', password: passwords['operator'] }) };
    const batches: string[][] = [];
    for (const file of sim.files) {
      const channel = file.includes('/bank_b2c/') ? 'bank_b2c' : file.includes('/bank_payout/') ? 'bank_payout' : undefined;
      const b = await callApi(operator, 'recon.import', { file, channel });
      batches.push([String(b.batch), b.channel, b.format, b.status, String(b.rows)]);
    }
    const recon = await callApi(operator, 'recon.reconcile', { date });
    const nextMorning = `${addDays(date, 1)} 09:00:00`;
    const applied = await callApi(operator, 'recon.applyStrategy', { date, localTime: nextMorning });
    say();
    say('导入批次 Import batches');
    say(table(['批次 Batch', '渠道 Channel', '格式 Format', '状态 Status', '>行 Rows'], batches));
    say();
    say('对账结果 Reconciliation');
    say(table(['结果 Outcome', '>笔数 Count', '>金额 Amount'], Object.entries(recon.counts).map(([k, v]) => [k, String(v.count), displayAmount(v.amountMinor)])));
    say(`差错处理 Error strategy: ${applied.supplemented.length} dropped orders supplemented (补单, booked ${nextMorning.slice(0, 10)}), ${applied.toDo.length} left for the error desk:`);
    for (const t of applied.toDo.slice(0, 8)) say(`  ${t.outcome} ${t.orderNo ?? ''} → ${t.action}: ${t.note}`);
    // as the operator would on the screens: repeated lines deleted, unknown bank extras hung up, reconciled again
    const resolved = resolveRepeatsAndBankExtras(operator.db, { date, localTime: nextMorning, userId: operator.user.id, at: operator.clock.now().toISOString() });
    say(`重复流水与多账 Repeats and bank extras: ${resolved.deleted} repeated line(s) deleted, ${resolved.hungUp} bank extra(s) hung up to suspense (700107/700108); reconciled again${resolved.run === null ? '' : ` (run ${resolved.run})`}`);

    const dayEnd = await demoDayEnd({ date, dir: out, operator, reviewer, say });

    const tb = await callApi(admin, 'ledger.trialBalance', { date });
    const integrity = await callApi(admin, 'ledger.integrity', {});
    const audit = await callApi(admin, 'audit.verify', {});
    const checks = [
      { name: 'trial balance balanced 试算平衡', ok: tb.balanced, detail: `debit ${displayAmount(tb.period.debit)} = credit ${displayAmount(tb.period.credit)}` },
      { name: 'accounts = sum of voucher lines 账户与分录一致', ok: integrity.ok, detail: integrity.ok ? 'all accounts agree' : `${integrity.problems.length} problems` },
      { name: 'audit chain intact 审计链完整', ok: audit.ok, detail: `${audit.records} records` },
    ];
    checks.push({
      name: 'reconciliation = planted 对账结果与埋点一致',
      ok: (['bankExtra', 'platformExtra', 'amountMismatch', 'duplicate', 'timing', 'offset'] as const).every((k) => recon.counts[k].count === sim.injected[k]),
      detail: `${recon.counts.matched.count} matched; every planted difference found`,
    });
    checks.push(...dayEnd.checks);
    say();
    say(trialBalanceText(tb));
    say();
    say(table(['检查 Check', '结果 Result', '说明 Detail'], checks.map((c) => [c.name, c.ok ? 'OK' : 'FAILED', c.detail])));
    say();
    say(`登录密码 Passwords to sign in to this demo file with: ${Object.entries(passwords).map(([login, pw]) => `${login} ${pw}`).join(', ')}`);
    return {
      file, date, orders: sim.orders, files: sim.files, injected: sim.injected,
      reconciliation: Object.fromEntries(Object.entries(recon.counts).map(([k, v]) => [k, v.count])), supplemented: applied.supplemented.length,
      trialBalance: trialBalanceJson(tb), closed: dayEnd.close.closed, exports: dayEnd.exports.map((e) => e.file), reports: dayEnd.reports, checks, passwords,
    };
  } finally {
    boot.db.close();
  }
}
