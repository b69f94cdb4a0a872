import { parseArgs } from 'node:util';
import { callApi, describeApi, isMethodName, refusalOf, type Ctx } from '../api/index.js';
import { PayDeskError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { openForInit, openSession, type Credentials } from './session.js';
import { generatePassword } from '../users/passwords.js';
import { trialBalanceJson, trialBalanceText } from './trial-balance-report.js';
import { runDemo } from './demo.js';
import { displayAmount, jsonAmount, table } from './format.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/**
 * The command ran but did not do what was asked (an ABNORMAL import, a day not closed): its fields
 * are printed with the error, so with --json the last line still says everything.
 */
class ReportedFailure extends Error {
  constructor(message: string, readonly fields: Record<string, unknown>) {
    super(message);
  }
}

const USAGE = `usage: paydesk <command> --db FILE [--json] [--user LOGIN]

signing in (every command but init, demo, methods and help):
  --user LOGIN with PAYDESK_PASSWORD or --password-file FILE   (LOGIN defaults to admin)
  or an API token an admin issued: PAYDESK_TOKEN or --token-file FILE
init sets the admin's first password from --admin-password-file FILE or PAYDESK_PASSWORD; without
either it makes one and prints it once.

commands:
  init                              create or migrate the database; seed chart of accounts and accounts
  simulate --date D --orders N --seed S --out DIR [--plant none|KEY=RATE,...]
                                    simulate a business day; write each channel's statement files into DIR
  import [--channel C] [--format F] [--profile NAME] [--force] FILE
                                    import a statement or bill as a batch (format detected; a bank layout
                                    PayDesk cannot map by itself: a column-mapping profile saved on the desk)
  reconcile --date D [--channel C]  match; print counts and amounts per outcome
  close-day --date D                clearing, settlement and every day-end check; closes the day only if all pass
  trial-balance [--date D]          debit/credit totals per subject; balanced: true|false
  export-vouchers --date D --format kingdee|kingdee-cloud|yonyou|csv --out FILE
                                    the day's vouchers in the ERP's import layout
  demo [--db FILE]                  a whole demo day on a fresh database, then a report
  call METHOD [--input JSON]        call any API method (see \`paydesk methods\`)
  methods                           list the API methods
  help                              this text

exit codes: 0 success, 1 user error (one-line message), 2 bad usage`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  'token-file': { type: 'string' },
  'admin-password-file': { type: 'string' },
  date: { type: 'string' },
  currency: { type: 'string', default: 'CNY' },
  input: { type: 'string' },
  orders: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  plant: { type: 'string' },
  channel: { type: 'string' },
  format: { type: 'string' },
  profile: { type: 'string' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function requireDb(values: Values): string {
  if (!values.db) throw new UsageError('--db FILE is required');
  return values.db;
}

/** Progress of long work on stderr, at most every 10% of a phase, so --json stdout stays clean. */
function progressPrinter(io: Io): NonNullable<Ctx['progress']> {
  let last = '';
  return ({ phase, done, total }) => {
    const pct = total ? Math.floor((100 * done) / total / 10) * 10 : 0;
    const key = `${phase}:${pct}`;
    if (key === last) return;
    last = key;
    io.err(total ? `${phase}: ${pct}% (${done}/${total})` : `${phase}: ${done}`);
  };
}

/** Print the result: human text, or with --json one JSON object as the last line. */
function emit(io: Io, json: boolean, value: unknown, text: string): void {
  if (json) io.out(JSON.stringify(value));
  else io.out(text);
}

/**
 * Print the result, or, when the command did not do what was asked (`failure` says why), end with
 * exit 1: people still see the result's text; with --json the fields and the error share one line.
 */
function emitOrFail(io: Io, json: boolean, fields: Record<string, unknown>, text: string, failure: string | null): void {
  if (failure === null) return emit(io, json, fields, text);
  if (!json) io.out(text);
  throw new ReportedFailure(failure, fields);
}

/** A secret from a file: its first line, without the line ending. */
function secretFrom(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PayDeskError('FILE_ERROR', `cannot read the ${what} file ${file}: ${(error as Error).message}`, { location: { file } });
  }
  const secret = text.split(/\r?\n/)[0] ?? '';
  if (!secret) throw new PayDeskError('BAD_INPUT', `the ${what} file ${file} is empty`, { location: { file } });
  return secret;
}

/** Who runs the command, proven: never a login alone. */
export function credentialsFrom(values: Values, env: NodeJS.ProcessEnv): Credentials {
  const token = values['token-file'] ? secretFrom(values['token-file'], 'token') : env.PAYDESK_TOKEN;
  if (token) {
    if (values.user !== undefined) throw new UsageError('--user goes with a password; an API token says whose it is');
    return { token };
  }
  const login = values.user ?? 'admin';
  const password = values['password-file'] ? secretFrom(values['password-file'], 'password') : env.PAYDESK_PASSWORD;
  if (!password) {
    throw new PayDeskError('FORBIDDEN', `sign in first: ${login}'s password in PAYDESK_PASSWORD or --password-file FILE, or an API token in PAYDESK_TOKEN or --token-file FILE / 请先登录`, { reason: 'SIGN_IN_REFUSED' });
  }
  return { login, password };
}

async function withSession<T>(values: Values, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = await openSession(requireDb(values), credentialsFrom(values, process.env));
  try {
    return await fn(ctx);
  } finally {
    ctx.db.close();
  }
}

async function dispatch(command: string, positionals: string[], values: Values, io: Io): Promise<void> {
  switch (command) {
    case 'init': {
      const given = values['admin-password-file'] ? secretFrom(values['admin-password-file'], 'admin password') : process.env.PAYDESK_PASSWORD;
      const ctx = openForInit(requireDb(values));
      try {
        const made = given ? undefined : generatePassword();
        const result = await callApi(ctx, 'system.init', { adminPassword: given ?? made });
        // a password PayDesk made is printed once, only when it was just set: nobody can read it back later
        const shown = result.adminPasswordSet && made ? made : undefined;
        emit(io, values.json, { file: ctx.db.file, ...result, ...(shown ? { adminPassword: shown } : {}) }, [
          `${result.created ? 'created' : 'already initialised'}: ${ctx.db.file} — ${result.subjects} subjects, ${result.accounts} accounts, users ${result.users.join(', ')}`,
          ...(shown ? [`admin's password (shown once; keep it, or change it with \`paydesk call users.changePassword\`): ${shown}`] : []),
          ...(result.adminPasswordSet && !shown ? ["admin's password set"] : []),
        ].join('\n'));
      } finally {
        ctx.db.close();
      }
      return;
    }
    case 'trial-balance':
      await withSession(values, async (ctx) => {
        const tb = await callApi(ctx, 'ledger.trialBalance', { date: values.date, currency: values.currency });
        emit(io, values.json, trialBalanceJson(tb), trialBalanceText(tb));
      });
      return;
    case 'simulate': {
      for (const name of ['date', 'orders', 'seed', 'out'] as const) if (!values[name]) throw new UsageError(`--${name} is required`);
      const orders = Number(values.orders);
      const seed = Number(values.seed);
      if (!Number.isInteger(orders) || orders < 1) throw new UsageError('--orders must be a whole number ≥ 1');
      if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number ≥ 0');
      await withSession(values, async (ctx) => {
        ctx.progress = progressPrinter(io);
        const r = await callApi(ctx, 'simulator.simulateDay', { date: values.date, orders, seed, out: values.out, plant: values.plant });
        const json = { date: r.date, orders: r.orders, files: r.files, injected: r.injected, stats: r.stats };
        emit(io, values.json, json, [
          `simulated ${r.orders} orders on ${r.date}: ${r.stats.succeeded} succeeded, ${r.stats.failed} failed, ${r.stats.pending} pending, ${r.stats.refunds} refunds, ${r.stats.payouts} payouts, ${r.stats.crossBorderPayouts} cross-border payouts`,
          `planted: ${Object.entries(r.injected).map(([k, v]) => `${k} ${v}`).join(', ')}`,
          'files:',
          ...r.files.map((f) => `  ${f}`),
        ].join('\n'));
      });
      return;
    }
    case 'import': {
      const file = positionals[0];
      if (!file) throw new UsageError('import needs a FILE');
      await withSession(values, async (ctx) => {
        ctx.progress = progressPrinter(io);
        const r = await callApi(ctx, 'recon.import', { file, channel: values.channel, format: values.format, force: values.force, profile: values.profile });
        const totals = Object.fromEntries(Object.entries(r.totals).map(([c, t]) => [c, { credit: jsonAmount(t.creditMinor, c), debit: jsonAmount(t.debitMinor, c) }]));
        const json = { batch: r.batch, status: r.status, format: r.format, channel: r.channel, rows: r.rows, totals, errors: r.errors, accountWarning: r.accountWarning };
        const abnormal = r.status === 'ABNORMAL'
          ? `${file} has ${r.errorCount} problem${r.errorCount === 1 ? '' : 's'}; batch ${r.batch} is ABNORMAL and nothing from it will be matched` : null;
        emitOrFail(io, values.json, json, [
          `batch ${r.batch}: ${r.status} — ${r.format} for ${r.channel}, ${r.rows} rows`,
          ...Object.entries(totals).map(([c, t]) => `  ${c}: in ${t.credit}, out ${t.debit}`),
          ...r.errors.slice(0, 20).map((e) => `  row ${e.row}, ${e.column}: ${e.reason}`),
          ...(r.errorCount > 20 ? [`  … ${r.errorCount - 20} more errors`] : []),
          ...(r.accountWarning ? [`  warning: ${r.accountWarning.message} / ${r.accountWarning.messageZh}`] : []),
        ].join('\n'), abnormal);
      });
      return;
    }
    case 'reconcile': {
      if (!values.date) throw new UsageError('--date is required');
      await withSession(values, async (ctx) => {
        const r = await callApi(ctx, 'recon.reconcile', { date: values.date, channel: values.channel });
        const json = { date: r.date, ...Object.fromEntries(Object.entries(r.counts).map(([k, v]) => [k, { count: v.count, amount: jsonAmount(v.amountMinor) }])) };
        emit(io, values.json, json, [
          `对账 Reconciliation ${r.date}${r.channel ? ` (${r.channel})` : ''}, run ${r.run}`,
          table(['结果 Outcome', '>笔数 Count', '>金额 Amount'], Object.entries(r.counts).map(([k, v]) => [k, String(v.count), displayAmount(v.amountMinor)])),
          '',
          '总额 Totals first (in − out)',
          table(['渠道 Channel', '>我方笔数 Ours', '>我方金额', '>对方笔数 Theirs', '>对方金额'], r.totals.map((t) => [t.channel, String(t.ours.count), displayAmount(t.ours.amountMinor), String(t.theirs.count), displayAmount(t.theirs.amountMinor)])),
        ].join('\n'));
      });
      return;
    }
    case 'close-day': {
      if (!values.date) throw new UsageError('--date is required');
      await withSession(values, async (ctx) => {
        const r = await callApi(ctx, 'day.close', { date: values.date });
        const json = { date: r.date, closed: r.closed, checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail })) };
        const failed = r.checks.filter((c) => !c.ok);
        const notClosed = r.closed ? null : `${r.date} is not closed — ${failed.map((c) => `${c.name}: ${c.detail}`).join(' | ')}`;
        emitOrFail(io, values.json, json, [
          `日终 Day end ${r.date}: ${r.closed ? 'closed 已关账' : 'NOT closed 未关账'}`,
          table(['渠道 Channel', '>收入 Gross', '>退款 Refunds', '>手续费 Fees', '>净额 Net', '凭证 Voucher'],
            r.clearing.map((c) => [c.channel, displayAmount(c.grossMinor), displayAmount(c.refundsMinor), displayAmount(c.feesMinor), displayAmount(c.netMinor), c.voucherNo ?? '—'])),
          `结算 Settlement: ${r.settlement.settled.length} merchant(s), ${displayAmount(r.settlement.settled.reduce((s, m) => s + m.amountMinor, 0))}; ${r.settlement.held.length} order(s) held`,
          table(['检查 Check', '结果 Result', '说明 Detail'], r.checks.map((c) => [c.name, c.ok ? 'OK' : 'FAILED', c.detail])),
        ].join('\n'), notClosed);
      });
      return;
    }
    case 'export-vouchers': {
      for (const name of ['date', 'format', 'out'] as const) if (!values[name]) throw new UsageError(`--${name} is required`);
      const format = values.format as string;
      if (!['kingdee', 'kingdee-cloud', 'yonyou', 'csv'].includes(format)) throw new UsageError('--format must be kingdee, kingdee-cloud, yonyou or csv');
      await withSession(values, async (ctx) => {
        const r = await callApi(ctx, 'erp.exportVouchers', { date: values.date, format: format as 'kingdee', out: values.out });
        const json = { date: values.date, format: r.format, file: r.file, vouchers: r.vouchers, lines: r.lines, debit: jsonAmount(r.debitMinor, r.currency), credit: jsonAmount(r.creditMinor, r.currency) };
        emit(io, values.json, json, `${r.vouchers} voucher(s), ${r.lines} line(s) → ${r.file} (${r.format}); debit ${displayAmount(r.debitMinor)} = credit ${displayAmount(r.creditMinor)}`);
      });
      return;
    }
    case 'demo': {
      const report = await runDemo({ db: values.db, json: values.json, io });
      if (values.json) io.out(JSON.stringify(report));
      return;
    }
    case 'call': {
      const name = positionals[0];
      if (!name) throw new UsageError('call needs a METHOD name');
      if (!isMethodName(name)) throw new UsageError(`unknown method "${name}" (see \`paydesk methods\`)`);
      let input: unknown = {};
      if (values.input !== undefined) {
        try {
          input = JSON.parse(values.input);
        } catch {
          throw new UsageError('--input must be JSON');
        }
      }
      await withSession(values, async (ctx) => {
        const result = await callApi(ctx, name, input);
        const refused = refusalOf(name, result);
        if (refused === null) emit(io, values.json, result ?? null, JSON.stringify(result, null, 2));
        else emitOrFail(io, values.json, typeof result === 'object' && result !== null ? result as Record<string, unknown> : { result }, JSON.stringify(result, null, 2), refused);
      });
      return;
    }
    case 'methods': {
      const list = describeApi();
      emit(io, values.json, { methods: list }, list.map((m) => `${m.name.padEnd(24)} ${m.summary}${m.roles === 'any' ? '' : ` [${m.roles.join(', ')}]`}`).join('\n'));
      return;
    }
    case 'help':
      io.out(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Run one CLI invocation; returns the exit code. Never calls process.exit, so tests can run it in-process. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'bad usage';
    io.err(`paydesk: ${message}`);
    io.err('run `paydesk help` for usage');
    if (argv.includes('--json')) io.out(JSON.stringify({ error: { code: 'USAGE', message } }));
    return EXIT_USAGE;
  }
  const [command, ...rest] = parsed.positionals;
  if (!command || parsed.values.help) {
    (command || parsed.values.help ? io.out : io.err)(USAGE);
    return command || parsed.values.help ? EXIT_OK : EXIT_USAGE;
  }
  try {
    await dispatch(command, rest, parsed.values, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ReportedFailure) {
      io.err(`paydesk ${command}: ${error.message}`);
      if (parsed.values.json) io.out(JSON.stringify({ ...error.fields, error: { code: 'CHECK_FAILED', message: error.message } }));
      return EXIT_USER_ERROR;
    }
    if (error instanceof UsageError) {
      io.err(`paydesk ${command}: ${error.message}`);
      io.err('run `paydesk help` for usage');
      if (parsed.values.json) io.out(JSON.stringify({ error: { code: 'USAGE', message: error.message } }));
      return EXIT_USAGE;
    }
    const known = error instanceof PayDeskError;
    const message = known ? error.message : `internal error: ${(error as Error).message}`;
    io.err(`paydesk ${command}: ${message}`);
    if (!known && process.env.PAYDESK_DEBUG) io.err(String((error as Error).stack));
    if (parsed.values.json) io.out(JSON.stringify({ error: known ? error.toJSON() : { code: 'INTERNAL', message } }));
    return EXIT_USER_ERROR;
  }
}
