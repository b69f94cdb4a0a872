import type { z } from 'zod';
import { PayDeskError } from '../errors.js';
import { inputError, type CancelMode, type Ctx, type MethodDef, type Roles } from './registry.js';
import type { Role } from '../shared/rules.js';
import { ledgerMethods } from './ledger.js';
import { systemMethods } from './system.js';
import { userMethods } from './users.js';
import { paymentMethods } from './payments.js';
import { importMethods, reconMethods } from './recon.js';
import { suspenseMethods } from './suspense.js';
import { balancesMethods } from './balances.js';
import { settlementMethods } from './settlement.js';
import { erpMethods } from './erp.js';
import { reportsMethods } from './reports.js';
import { trainerMethods } from './trainer.js';
import { chartsMethods } from './charts.js';

export type { Ctx } from './registry.js';

/** THE service surface: Electron IPC, the HTTP host and the CLI all call through this one registry. */
export const api = {
  ...systemMethods,
  ...userMethods,
  ...ledgerMethods,
  ...paymentMethods,
  ...reconMethods,
  ...importMethods,
  ...suspenseMethods,
  ...balancesMethods,
  ...settlementMethods,
  ...erpMethods,
  ...reportsMethods,
  ...trainerMethods,
  ...chartsMethods,
};

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = Awaited<ReturnType<Api[M]['run']>>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

// One call at a time per database: better-sqlite3 is synchronous, and later async methods
// (streaming imports) must not interleave with another caller's transaction.
const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Validate the input, check the caller's role, run the method. Every failure comes back as a
 * PayDeskError with a code and one human sentence.
 */
export function callApi<M extends MethodName>(ctx: Ctx, name: M, rawInput: unknown): Promise<MethodOutput<M>>;
export function callApi(ctx: Ctx, name: string, rawInput: unknown): Promise<unknown>;
export function callApi(ctx: Ctx, name: string, rawInput: unknown): Promise<unknown> {
  return serialized(ctx.db, () => runMethod(ctx, name, rawInput));
}

/**
 * Run `work` when every earlier call on this database has finished. Whatever writes outside the API
 * (sign-in audit, the carry-over timer) goes through here too, so it never lands inside an import's
 * open transaction, where a cancel would roll it back.
 */
export function serialized<T>(db: object, work: () => T | Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues.set(db, next);
  return next;
}

async function runMethod(ctx: Ctx, name: string, rawInput: unknown): Promise<unknown> {
  if (!isMethodName(name)) throw new PayDeskError('NOT_FOUND', `unknown method "${name}"`);
  const def = api[name] as MethodDef<z.ZodType, unknown>;
  if (def.roles !== 'any' && !def.roles.includes(ctx.user.role)) {
    throw new PayDeskError('FORBIDDEN', `${name} needs the role ${def.roles.join(' or ')}; ${ctx.user.login} is ${ctx.user.role}`);
  }
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw inputError(name, parsed.error);
  return await def.run(ctx, parsed.data);
}

/**
 * The methods a role may call, from the same definitions the core enforces: the window shows a
 * user only the actions these allow (and the core checks again on every call).
 */
export function methodsFor(role: Role): MethodName[] {
  return (Object.keys(api) as MethodName[]).filter((name) => {
    const roles: Roles = api[name].roles;
    return roles === 'any' || roles.includes(role);
  });
}

export function cancelModeOf(name: string): CancelMode | undefined {
  return isMethodName(name) ? (api[name] as MethodDef<z.ZodType, unknown>).cancellable : undefined;
}

/** Why a call that ran did none of what was asked, or null (MethodDef.refusedWhen). */
export function refusalOf(name: string, output: unknown): string | null {
  if (!isMethodName(name)) return null;
  const def = api[name] as MethodDef<z.ZodType, unknown>;
  return def.refusedWhen ? def.refusedWhen(output) : null;
}

export function readsOnly(name: string): boolean {
  return isMethodName(name) && (api[name] as MethodDef<z.ZodType, unknown>).reads === true;
}

export function isCancellable(name: string): boolean {
  return cancelModeOf(name) !== undefined;
}

/** The method list with summaries and roles, for `paydesk help` and the renderer. */
export function describeApi(): { name: string; summary: string; roles: readonly string[] | 'any' }[] {
  return Object.entries(api).map(([name, def]) => ({ name, summary: def.summary, roles: def.roles }));
}
