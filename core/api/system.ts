import { z } from 'zod';
import { ADMINS, ANY, method, now } from './registry.js';
import { initDatabase } from '../system/init.js';
import { findUser } from '../users/users.js';
import { commitNow, hasPassword, setPassword } from '../users/sign-in.js';
import { getSetting, setSetting, SETTING_DEFAULTS, type SettingKey } from '../settings.js';
import { MIGRATIONS } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';

const settingKey = z.enum(Object.keys(SETTING_DEFAULTS) as [SettingKey, ...SettingKey[]]);

export const systemMethods = {
  'system.init': method({
    summary: 'seed a new database (chart of accounts, internal accounts, admin user); harmless on an existing one',
    // the admin's first password: used only while the admin has none, never to replace one
    input: z.object({ adminPassword: z.string().optional() }).default({}),
    roles: ANY,
    run: async (ctx, input) => {
      const result = initDatabase(ctx.db, now(ctx));
      const admin = findUser(ctx.db, 'admin');
      const needed = admin !== undefined && !hasPassword(ctx.db, admin.id);
      if (needed && input.adminPassword !== undefined) await setPassword(ctx.db, { user: admin, password: input.adminPassword, actor: admin, firstOnly: true }, ctx.clock.now(), commitNow(ctx.db));
      return { ...result, adminPasswordSet: needed && input.adminPassword !== undefined, adminHasPassword: admin !== undefined && hasPassword(ctx.db, admin.id) };
    },
  }),
  'system.info': method({
    summary: 'database file, schema version and the signed-in user',
    input: z.object({}).default({}),
    roles: ANY,
    reads: true,
    run: (ctx) => ({ file: ctx.db.file, schemaVersion: Math.max(...MIGRATIONS.map((m) => m.id)), user: ctx.user }),
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
