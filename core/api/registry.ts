import { z } from 'zod';
import type { Db, Role } from '../db/index.js';
import type { Clock } from '../clock.js';
import { PayDeskError } from '../errors.js';
import type { User } from '../users/users.js';

/** What every method runs with: the open database, the signed-in user and the clock. */
export interface Ctx {
  db: Db;
  user: User;
  clock: Clock;
  /** progress of long work; the CLI prints it to stderr, Electron forwards it to the window */
  progress?: (event: { method: string; phase: string; done: number; total: number | null }) => void;
  /** the user's cancel: long work checks it where it can stop without keeping anything half done */
  signal?: AbortSignal;
}

export type Roles = readonly Role[] | 'any';

export type CancelMode = 'signal' | 'rollback';

export interface MethodDef<I extends z.ZodType, O> {
  /** one line, shown by `paydesk help` and the API list */
  summary: string;
  input: I;
  /** who may call it; the core refuses everyone else whatever the screen shows */
  roles: Roles;
  /**
   * How the user may cancel this long work, keeping nothing of it: 'signal' — it watches ctx.signal
   * and stops at a safe point; 'rollback' — its writes are one transaction, so the host stops the
   * books process, which rolls the transaction back whole (docs/architecture.md#progress-and-cancel).
   */
  cancellable?: CancelMode;
  /**
   * Only reads the books: the host may answer it from the books reader's read-only connection
   * while other work runs (a write there fails, so a wrong mark cannot change the books).
   */
  reads?: true;
  /**
   * The call ran but did none of what was asked (every row of a file refused): the sentence why,
   * else null. The CLI then exits 1 with the result and the error on its last line (docs/cli.md#json).
   */
  refusedWhen?: (output: Awaited<O>) => string | null;
  run(ctx: Ctx, input: z.output<I>): O;
}

export function method<I extends z.ZodType, O>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}

export const ANY: Roles = 'any';
export const WRITERS: Roles = ['operator', 'admin', 'trainer'];
export const REVIEWERS: Roles = ['reviewer', 'admin'];
export const ADMINS: Roles = ['admin'];

/** Turn a schema failure into the one-line message a user can act on. */
export function inputError(methodName: string, error: z.ZodError): PayDeskError {
  const first = error.issues[0];
  const where = first && first.path.length ? first.path.join('.') : 'input';
  return new PayDeskError('BAD_INPUT', `${methodName}: ${where}: ${first?.message ?? 'invalid input'}`, {
    details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export function now(ctx: Ctx): string {
  return ctx.clock.now().toISOString();
}
