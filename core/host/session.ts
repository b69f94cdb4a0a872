import { existsSync } from 'node:fs';
import { openDatabase, type Db } from '../db/index.js';
import { systemClock, type Clock } from '../clock.js';
import { PayDeskError } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { authenticate, commitNow } from '../users/sign-in.js';
import { userForToken } from '../users/tokens.js';
import type { User } from '../users/users.js';
import type { Ctx } from '../api/index.js';

/** How a command proves who runs it (docs/security.md#the-cli): a login and its password, or an API token. */
export type Credentials = { login: string; password: string } | { token: string };

/**
 * Open an initialised database as the user the credentials prove. A missing file or an uninitialised
 * one is a user error with the command that fixes it; wrong credentials are refused and counted as
 * a sign-in would be.
 */
export async function openSession(file: string, credentials: Credentials, clock: Clock = systemClock): Promise<Ctx> {
  if (file !== ':memory:' && !existsSync(file)) {
    throw new PayDeskError('NOT_FOUND', `no database at ${file}: create it with \`paydesk init --db ${file}\``);
  }
  let db: Db;
  try {
    db = openDatabase(file, { mustExist: file !== ':memory:' });
  } catch (error) {
    throw new PayDeskError('FILE_ERROR', `cannot open ${file} as a PayDesk database: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (!db.first(db.q.selectFrom('app_user').select('id').limit(1))) {
      throw new PayDeskError('CONFLICT', `${file} is not initialised: run \`paydesk init --db ${file}\``);
    }
    const user = await signIn(db, credentials, clock);
    return { db, user, clock };
  } catch (error) {
    db.close();
    throw error;
  }
}

async function signIn(db: Db, credentials: Credentials, clock: Clock): Promise<User> {
  if ('login' in credentials) return authenticate(db, { ...credentials, via: 'cli' }, clock.now(), commitNow(db));
  const { user, tokenId } = userForToken(db, credentials.token, clock.now());
  db.tx(() => appendAudit(db, { at: clock.now().toISOString(), userId: user.id, action: 'session.signIn', entity: 'app_user', entityId: user.login, detail: { mode: 'cli', token: tokenId } }));
  return user;
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
