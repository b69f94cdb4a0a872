import { openDatabase } from '../db/index.js';
import { commitNow, setPassword } from '../users/sign-in.js';
import { getUser, type User } from '../users/users.js';
import type { Db } from '../db/index.js';

// The passwords the tests sign in with: one per login, made up here, never a product default.
// A test that creates a user gives it passwordOf(login); one that signs in as that user uses it too.
export function passwordOf(login: string): string {
  return `${login}-test-password`;
}

/** The environment a CLI child process signs in with as `login` (PAYDESK_PASSWORD, docs/security.md#the-cli). */
export function cliEnvAs(login = 'admin', base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PAYDESK_PASSWORD: passwordOf(login) };
}

/**
 * Give each login passwordOf(login) in the books at `file` (made by the demo or a fixture, whose
 * users have their own or no passwords), as an admin would in Settings.
 */
export async function givePasswords(file: string, logins: readonly string[]): Promise<void> {
  const db = openDatabase(file, { mustExist: true });
  try {
    for (const login of logins) {
      const user = getUser(db, login);
      await setPassword(db, { user, password: passwordOf(login), actor: user }, new Date(), commitNow(db));
    }
  } finally {
    db.close();
  }
}

/** The user, now with passwordOf(their login): for tests that made them with createUser. */
export async function withPassword(db: Db, user: User): Promise<User> {
  await setPassword(db, { user, password: passwordOf(user.login), actor: user }, new Date(), commitNow(db));
  return user;
}

type Call = (method: string, input?: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>;

/**
 * A new desk's first run as a person does it, through a window's calls: the admin's password set
 * (session.setUp), the demo users given theirs in Settings (users.setPassword), then signed out.
 */
export async function setUpDesk(call: Call, logins: readonly string[] = ['operator', 'reviewer']): Promise<void> {
  const must = async (method: string, input: unknown) => {
    const reply = await call(method, input);
    if (!reply.ok) throw new Error(`${method}: [${reply.error?.code}] ${reply.error?.message}`);
  };
  await must('session.setUp', { password: passwordOf('admin') });
  for (const login of logins) await must('users.setPassword', { login, password: passwordOf(login) });
  await must('session.signOut', {});
}

/** The environment a CLI child signs in with: as its `--user`, else as admin. */
export function cliEnvFor(args: readonly string[], base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const i = args.indexOf('--user');
  return cliEnvAs(i >= 0 ? args[i + 1] : 'admin', base);
}
