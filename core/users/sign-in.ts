// Who is at the desk (docs/security.md#sign-in): a login and password checked against the stored
// hash, five wrong passwords in a row lock the account for fifteen minutes, and every failure,
// lock and success is in the audit log. Every transport signs in through here; the role a call
// runs with comes from the user found here, never from a name in the request.
import type { Db } from '../db/index.js';
import { appendAudit } from '../audit/audit.js';
import { fail, PayDeskError } from '../errors.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { findUser, type User } from './users.js';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

/** Runs a write after whatever else is writing these books (the transports' queue, or at once). */
export type Commit = <T>(work: () => T) => Promise<T>;

export const commitNow = (db: Db): Commit => (work) => Promise.resolve(db.tx(work));

export interface SignInAttempt {
  login: string;
  password: string;
  /** where it came from, for the audit log: 'browser', 'electron', 'cli' */
  via: string;
}

const REFUSED = 'wrong login or password / 用户名或密码错误';

function credentialOf(db: Db, userId: number) {
  return db.first(db.q.selectFrom('user_credential').selectAll().where('user_id', '=', userId));
}

export function hasPassword(db: Db, userId: number): boolean {
  return credentialOf(db, userId) !== undefined;
}

/** The user whose password this is; refused (and counted) otherwise. */
export async function authenticate(db: Db, attempt: SignInAttempt, at: Date, commit: Commit): Promise<User> {
  const user = findUser(db, attempt.login);
  const credential = user && credentialOf(db, user.id);
  const atText = at.toISOString();
  if (user && !credential) {
    throw new PayDeskError('FORBIDDEN', `${user.login} has no password yet: an admin sets one in Settings / 该用户尚未设置密码，请管理员设置`, { reason: 'NO_PASSWORD', params: { login: user.login } });
  }
  if (user && credential?.locked_until && credential.locked_until > atText) {
    await commit(() => appendAudit(db, { at: atText, userId: user.id, action: 'session.signInRefused', entity: 'app_user', entityId: user.login, detail: { via: attempt.via, why: 'locked' } }));
    throw lockedOut(credential.locked_until);
  }
  // an unknown login is checked against a decoy, so it takes as long as a wrong password
  const matches = await verifyPassword(credential?.password_hash ?? (await decoyHash()), attempt.password);
  if (!user || !credential || !matches) {
    const lockedUntil = await commit(() => recordFailure(db, attempt, user, atText));
    if (lockedUntil) throw lockedOut(lockedUntil);
    throw new PayDeskError('FORBIDDEN', REFUSED, { reason: 'SIGN_IN_REFUSED' });
  }
  await commit(() => {
    db.prepare('UPDATE user_credential SET failed_attempts = 0, locked_until = NULL WHERE user_id = ?').run(user.id);
    appendAudit(db, { at: atText, userId: user.id, action: 'session.signIn', entity: 'app_user', entityId: user.login, detail: { mode: attempt.via } });
  });
  return user;
}

/** Counts a wrong password; the fifth in a row locks the account. Returns the lock's end when it locks. */
function recordFailure(db: Db, attempt: SignInAttempt, user: User | undefined, at: string): string | null {
  const login = attempt.login.slice(0, 64);
  if (!user) {
    appendAudit(db, { at, userId: null, action: 'session.signInFailed', entity: 'app_user', entityId: login, detail: { via: attempt.via, known: false } });
    return null;
  }
  const failures = (db.prepare('UPDATE user_credential SET failed_attempts = failed_attempts + 1 WHERE user_id = ? RETURNING failed_attempts').pluck().get(user.id) as number);
  appendAudit(db, { at, userId: user.id, action: 'session.signInFailed', entity: 'app_user', entityId: user.login, detail: { via: attempt.via, failures } });
  if (failures < LOCKOUT_FAILURES) return null;
  const until = new Date(Date.parse(at) + LOCKOUT_MINUTES * 60_000).toISOString();
  db.prepare('UPDATE user_credential SET failed_attempts = 0, locked_until = ? WHERE user_id = ?').run(until, user.id);
  appendAudit(db, { at, userId: user.id, action: 'session.lockedOut', entity: 'app_user', entityId: user.login, detail: { via: attempt.via, failures, until } });
  return until;
}

function lockedOut(until: string): PayDeskError {
  return new PayDeskError('FORBIDDEN', `too many wrong passwords: this account is locked until ${until} / 密码错误次数过多，账户锁定至 ${until}`, { reason: 'LOCKED_OUT', params: { until } });
}

/**
 * Give `user` a new password (an admin for another user, or the user after proving the old one; the
 * callers check which). Ends any lock. The hash is made before the write, outside any transaction;
 * with `firstOnly` it is refused if the user has a password by the time it is written.
 */
export async function setPassword(db: Db, input: { user: User; password: string; actor: User; firstOnly?: boolean }, at: Date, commit: Commit): Promise<void> {
  const hash = await hashPassword(input.password);
  const atText = at.toISOString();
  await commit(() => {
    // a first password (a new desk's admin) is checked in the same transaction that writes it, so two at once cannot both win
    if (input.firstOnly && credentialOf(db, input.user.id)) fail('FORBIDDEN', `${input.user.login} has a password already: sign in / 已设置密码，请登录`);
    db.prepare(`INSERT INTO user_credential (user_id, password_hash, set_at, set_by, failed_attempts, locked_until) VALUES (?, ?, ?, ?, 0, NULL)
                ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, set_at = excluded.set_at, set_by = excluded.set_by, failed_attempts = 0, locked_until = NULL`)
      .run(input.user.id, hash, atText, input.actor.id);
    appendAudit(db, { at: atText, userId: input.actor.id, action: 'user.setPassword', entity: 'app_user', entityId: input.user.login, detail: { own: input.actor.id === input.user.id } });
  });
}

/** A user changes their own password: the current one first, counted like a sign-in. */
export async function changeOwnPassword(db: Db, input: { user: User; current: string; next: string }, at: Date, commit: Commit): Promise<void> {
  await authenticate(db, { login: input.user.login, password: input.current, via: 'change-password' }, at, commit);
  if (input.current === input.next) fail('BAD_INPUT', 'the new password is the old one / 新密码与旧密码相同', { reason: 'PASSWORD_RULE' });
  await setPassword(db, { user: input.user, password: input.next, actor: input.user }, at, commit);
}
