import type { Db, Role } from '../db/index.js';
import { fail } from '../errors.js';

import { ROLES } from '../shared/rules.js';

export { ROLES };

export interface User {
  id: number;
  login: string;
  name: string;
  role: Role;
}

export function createUser(db: Db, input: { login: string; name: string; role: Role }, createdAt: string): User {
  if (!/^[A-Za-z0-9_.-]{2,32}$/.test(input.login)) fail('BAD_INPUT', `login "${input.login}" must be 2–32 letters, digits, "_", "." or "-"`);
  if (!ROLES.includes(input.role)) fail('BAD_INPUT', `unknown role "${input.role}"`);
  if (db.first(db.q.selectFrom('app_user').select('id').where('login', '=', input.login))) {
    fail('CONFLICT', `user "${input.login}" already exists`);
  }
  const { lastInsertRowid } = db.run(
    db.q.insertInto('app_user').values({ login: input.login, name: input.name, role: input.role, active: 1, created_at: createdAt }),
  );
  return { id: lastInsertRowid, login: input.login, name: input.name, role: input.role };
}

export function findUser(db: Db, login: string): User | undefined {
  return db.first(db.q.selectFrom('app_user').select(['id', 'login', 'name', 'role']).where('login', '=', login).where('active', '=', 1));
}

export function getUser(db: Db, login: string): User {
  return findUser(db, login) ?? fail('NOT_FOUND', `no active user "${login}"`);
}

export function listUsers(db: Db): User[] {
  return db.all(db.q.selectFrom('app_user').select(['id', 'login', 'name', 'role']).where('active', '=', 1).orderBy('id'));
}
