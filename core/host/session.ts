import { existsSync } from 'node:fs';
import { openDatabase, type Db } from '../db/index.js';
import { systemClock, type Clock } from '../clock.js';
import { PayDeskError } from '../errors.js';
import { findUser } from '../users/users.js';
import type { Ctx } from '../api/index.js';

/** Open an initialised database as a user. A missing file or an uninitialised one is a user error with the command that fixes it. */
export function openSession(file: string, login: string, clock: Clock = systemClock): Ctx {
  if (file !== ':memory:' && !existsSync(file)) {
    throw new PayDeskError('NOT_FOUND', `no database at ${file}: create it with \`paydesk init --db ${file}\``);
  }
  let db: Db;
  try {
    db = openDatabase(file, { mustExist: file !== ':memory:' });
  } catch (error) {
    throw new PayDeskError('FILE_ERROR', `cannot open ${file} as a PayDesk database: ${(error as Error).message}`, { cause: error });
  }
  const user = findUser(db, login);
  if (!user) {
    const anyUser = db.first(db.q.selectFrom('app_user').select('id').limit(1));
    db.close();
    throw new PayDeskError(anyUser ? 'NOT_FOUND' : 'CONFLICT', anyUser
      ? `no active user "${login}" in ${file}`
      : `${file} is not initialised: run \`paydesk init --db ${file}\``);
  }
  return { db, user, clock };
}

/** For `init` only: the database may not have a user yet; init creates the admin it then acts as. */
export function openForInit(file: string, clock: Clock = systemClock): Ctx {
  let db: Db;
  try {
    db = openDatabase(file);
  } catch (error) {
    throw new PayDeskError('FILE_ERROR', `cannot open or create ${file}: ${(error as Error).message}`, { cause: error });
  }
  return { db, user: { id: 0, login: '(init)', name: 'init', role: 'admin' }, clock };
}
