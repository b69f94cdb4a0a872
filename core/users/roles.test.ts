import { describe, expect, it } from 'vitest';
import { ledgerFixture } from '../testing/ledger-fixture.js';
import { callApi } from '../api/index.js';
import { findUser } from './users.js';

describe('users and roles', () => {
  it('an admin creates a user and changes a role; both audited; the new role applies to the next call', async () => {
    const f = ledgerFixture();
    const admin = f.ctx(f.admin);
    const lin = await callApi(admin, 'users.create', { login: 'lin', name: '林会计', role: 'operator' });
    expect(lin.role).toBe('operator');
    await expect(callApi(f.ctx(lin), 'day.close', { date: '2026-11-22' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await callApi(admin, 'users.setRole', { login: 'lin', role: 'reviewer' });
    expect(findUser(f.db, 'lin')!.role).toBe('reviewer');
    const audit = f.db.prepare("SELECT action, entity_id AS id, detail FROM audit_log WHERE entity = 'app_user' ORDER BY id").all() as { action: string; id: string; detail: string }[];
    expect(audit.map((a) => [a.action, a.id])).toEqual([['user.create', 'lin'], ['user.setRole', 'lin']]);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ before: 'operator', after: 'reviewer' });
  });

  it('refuses your own role, a duplicate login and a non-admin, each with its reason', async () => {
    const f = ledgerFixture();
    const admin = f.ctx(f.admin);
    await expect(callApi(admin, 'users.setRole', { login: 'admin', role: 'operator' })).rejects.toThrow(/cannot change their own role/);
    const second = await callApi(admin, 'users.create', { login: 'boss', name: 'Boss', role: 'admin' });
    await callApi(f.ctx(second), 'users.setRole', { login: 'admin', role: 'reviewer' });
    await expect(callApi(f.ctx(f.reviewer), 'users.setRole', { login: 'boss', role: 'operator' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // boss is now the only admin, and nobody else is left who could demote boss
    await expect(callApi(f.ctx(second), 'users.setRole', { login: 'boss', role: 'operator' })).rejects.toThrow(/own role/);
    await expect(callApi(f.ctx(findUser(f.db, 'admin')!), 'users.create', { login: 'x1', name: 'x', role: 'operator' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callApi(f.ctx(second), 'users.create', { login: 'boss', name: 'x', role: 'operator' })).rejects.toThrow(/already exists/);
    await expect(callApi(f.ctx(f.operator), 'users.create', { login: 'eve', name: 'Eve', role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
