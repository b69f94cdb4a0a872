import type { Db, Role } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { getUser, ROLES, type User } from './users.js';

function activeAdmins(db: Db): number {
  return db.prepare("SELECT COUNT(*) FROM app_user WHERE role = 'admin' AND active = 1").pluck().get() as number;
}

/**
 * Give a user another role. Nobody changes their own role (an admin cannot lock themselves out by
 * a slip), and the last admin stays an admin, so the books always have someone who can manage users.
 */
export function setUserRole(db: Db, input: { login: string; role: Role }, actor: User, at: string): User {
  if (!ROLES.includes(input.role)) fail('BAD_INPUT', `unknown role "${input.role}"`);
  const user = getUser(db, input.login);
  if (user.id === actor.id) fail('FORBIDDEN', `${actor.login} cannot change their own role; another admin can`);
  if (user.role === input.role) return user;
  return db.tx(() => {
    if (user.role === 'admin' && activeAdmins(db) <= 1) fail('CONFLICT', `${user.login} is the last admin; make another admin first`);
    db.prepare('UPDATE app_user SET role = ? WHERE id = ?').run(input.role, user.id);
    appendAudit(db, { at, userId: actor.id, action: 'user.setRole', entity: 'app_user', entityId: user.login, detail: { before: user.role, after: input.role } });
    return { ...user, role: input.role };
  });
}
