import { z } from 'zod';
import { ADMINS, ANY, method, now } from './registry.js';
import { initDatabase } from '../system/init.js';
import { createUser, listUsers, ROLES } from '../users/users.js';
import { getSetting, setSetting, SETTING_DEFAULTS, type SettingKey } from '../settings.js';
import { MIGRATIONS } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { setUserRole } from '../users/roles.js';

const settingKey = z.enum(Object.keys(SETTING_DEFAULTS) as [SettingKey, ...SettingKey[]]);

export const systemMethods = {
  'system.init': method({
    summary: 'seed a new database (chart of accounts, internal accounts, admin user); harmless on an existing one',
    input: z.object({}).default({}),
    roles: ANY,
    run: (ctx) => initDatabase(ctx.db, now(ctx)),
  }),
  'system.info': method({
    summary: 'database file, schema version and the signed-in user',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => ({ file: ctx.db.file, schemaVersion: Math.max(...MIGRATIONS.map((m) => m.id)), user: ctx.user }),
  }),
  'users.list': method({
    summary: 'active users and their roles',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => listUsers(ctx.db),
  }),
  'users.create': method({
    summary: 'create a user with a role',
    input: z.object({ login: z.string(), name: z.string().min(1), role: z.enum(ROLES as ['operator', 'reviewer', 'admin', 'trainer']) }),
    roles: ADMINS,
    run: (ctx, input) => ctx.db.tx(() => {
      const user = createUser(ctx.db, input, now(ctx));
      appendAudit(ctx.db, { at: now(ctx), userId: ctx.user.id, action: 'user.create', entity: 'app_user', entityId: user.login, detail: { role: user.role } });
      return user;
    }),
  }),
  'users.setRole': method({
    summary: 'give a user another role (not your own; the last admin stays admin)',
    input: z.object({ login: z.string().min(1), role: z.enum(ROLES as ['operator', 'reviewer', 'admin', 'trainer']) }),
    roles: ADMINS,
    run: (ctx, input) => setUserRole(ctx.db, input, ctx.user, now(ctx)),
  }),
  'settings.get': method({
    summary: 'read a setting',
    input: z.object({ key: settingKey }),
    roles: ANY,
    reads: true,
    run: (ctx, input) => ({ key: input.key, value: getSetting(ctx.db, input.key) }),
  }),
  'settings.set': method({
    summary: 'change a setting',
    input: z.object({ key: settingKey, value: z.string() }),
    roles: ADMINS,
    run: (ctx, input) => {
      if (input.key === 'ledger.cutoff' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(input.value)) fail('BAD_INPUT', `cut-off must be HH:mm, got "${input.value}"`);
      ctx.db.tx(() => {
        const before = getSetting(ctx.db, input.key);
        setSetting(ctx.db, input.key, input.value);
        appendAudit(ctx.db, { at: now(ctx), userId: ctx.user.id, action: 'setting.set', entity: 'app_setting', entityId: input.key, detail: { before, after: input.value } });
      });
      return { key: input.key, value: input.value };
    },
  }),
};
