// The users of the books and how they sign in (docs/security.md): create, roles, passwords, API tokens.
import { z } from 'zod';
import { ADMINS, ANY, method, now } from './registry.js';
import { createUser, getUser, listUsers, ROLES } from '../users/users.js';
import { appendAudit } from '../audit/audit.js';
import { setUserRole } from '../users/roles.js';
import { fail } from '../errors.js';
import { changeOwnPassword, commitNow, hasPassword, setPassword } from '../users/sign-in.js';
import { checkPasswordRule } from '../users/passwords.js';
import { issueToken, listTokens, revokeToken } from '../users/tokens.js';

const role = z.enum(ROLES as ['operator', 'reviewer', 'admin', 'trainer']);

export const userMethods = {
  'users.list': method({
    summary: 'active users, their roles, and whether each has a password',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => listUsers(ctx.db).map((u) => ({ ...u, hasPassword: hasPassword(ctx.db, u.id) })),
  }),
  'users.create': method({
    summary: 'create a user with a role (and a first password; without one they cannot sign in until an admin sets it)',
    input: z.object({ login: z.string(), name: z.string().min(1), role, password: z.string().optional() }),
    roles: ADMINS,
    run: async (ctx, input) => {
      if (input.password !== undefined) checkPasswordRule(input.password); // before the user exists, so a bad one leaves nothing
      const user = ctx.db.tx(() => {
        const created = createUser(ctx.db, input, now(ctx));
        appendAudit(ctx.db, { at: now(ctx), userId: ctx.user.id, action: 'user.create', entity: 'app_user', entityId: created.login, detail: { role: created.role } });
        return created;
      });
      if (input.password !== undefined) await setPassword(ctx.db, { user, password: input.password, actor: ctx.user }, ctx.clock.now(), commitNow(ctx.db));
      return user;
    },
  }),
  'users.setRole': method({
    summary: 'give a user another role (not your own; the last admin stays admin)',
    input: z.object({ login: z.string().min(1), role }),
    roles: ADMINS,
    run: (ctx, input) => setUserRole(ctx.db, input, ctx.user, now(ctx)),
  }),
  'users.setPassword': method({
    summary: "set another user's password (ends a lock-out); your own you change with users.changePassword",
    input: z.object({ login: z.string().min(1), password: z.string() }),
    roles: ADMINS,
    run: async (ctx, input) => {
      const user = getUser(ctx.db, input.login);
      if (user.id === ctx.user.id) fail('FORBIDDEN', 'change your own password with users.changePassword, which asks for the current one / 修改本人密码须提供原密码');
      await setPassword(ctx.db, { user, password: input.password, actor: ctx.user }, ctx.clock.now(), commitNow(ctx.db));
      return { login: user.login };
    },
  }),
  'users.changePassword': method({
    summary: 'change your own password (the current one first)',
    input: z.object({ current: z.string(), next: z.string() }),
    roles: ANY,
    run: async (ctx, input) => {
      await changeOwnPassword(ctx.db, { user: ctx.user, current: input.current, next: input.next }, ctx.clock.now(), commitNow(ctx.db));
      return { login: ctx.user.login };
    },
  }),
  'users.issueToken': method({
    summary: 'issue a personal API token for a user (shown once) for scripts and the CLI',
    input: z.object({ login: z.string().min(1), label: z.string().min(1).max(80), days: z.number().int().default(90) }),
    roles: ADMINS,
    run: (ctx, input) => issueToken(ctx.db, input, ctx.user, ctx.clock.now()),
  }),
  'users.revokeToken': method({
    summary: 'revoke an API token: it signs nobody in from now on',
    input: z.object({ id: z.number().int() }),
    roles: ADMINS,
    run: (ctx, input) => revokeToken(ctx.db, input.id, ctx.user, ctx.clock.now()),
  }),
  'users.tokens': method({
    summary: 'the API tokens issued (never the tokens themselves)',
    input: z.object({}).default({}),
    roles: ADMINS,
    reads: true,
    run: (ctx) => listTokens(ctx.db),
  }),
};
