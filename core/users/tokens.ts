// Personal API tokens (docs/security.md#api-tokens): what a script signs in with instead of a
// password. An admin issues one for a user and may revoke it; the token is shown once and only its
// SHA-256 is kept (a token is 256 random bits, so a fast hash is enough, unlike a password).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import { appendAudit } from '../audit/audit.js';
import { fail, PayDeskError } from '../errors.js';
import { getUser, type User } from './users.js';

const TOKEN_PREFIX = 'pdt_';
export const TOKEN_DAYS_MAX = 366;

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedToken {
  id: number;
  login: string;
  label: string;
  /** shown once; PayDesk keeps only its hash */
  token: string;
  expiresAt: string;
}

export function issueToken(db: Db, input: { login: string; label: string; days: number }, actor: User, at: Date): IssuedToken {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > TOKEN_DAYS_MAX) fail('BAD_INPUT', `a token lasts 1–${TOKEN_DAYS_MAX} days`);
  return db.tx(() => {
    const user = getUser(db, input.login);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const atText = at.toISOString();
    const expiresAt = new Date(at.getTime() + input.days * 86_400_000).toISOString();
    const { lastInsertRowid: id } = db.run(db.q.insertInto('api_token').values({
      user_id: user.id, token_hash: digest(token), label: input.label, created_at: atText, created_by: actor.id, expires_at: expiresAt, revoked_at: null, revoked_by: null,
    }));
    appendAudit(db, { at: atText, userId: actor.id, action: 'token.issue', entity: 'api_token', entityId: String(id), detail: { login: user.login, label: input.label, expiresAt } });
    return { id, login: user.login, label: input.label, token, expiresAt };
  });
}

export function revokeToken(db: Db, id: number, actor: User, at: Date): { id: number; revokedAt: string } {
  return db.tx(() => {
    const row = db.first(db.q.selectFrom('api_token').select(['id', 'revoked_at']).where('id', '=', id)) ?? fail('NOT_FOUND', `no API token ${id}`);
    if (row.revoked_at) fail('CONFLICT', `API token ${id} was revoked at ${row.revoked_at}`);
    const atText = at.toISOString();
    db.prepare('UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ?').run(atText, actor.id, id);
    appendAudit(db, { at: atText, userId: actor.id, action: 'token.revoke', entity: 'api_token', entityId: String(id), detail: {} });
    return { id, revokedAt: atText };
  });
}

export function listTokens(db: Db) {
  return db.all(db.q.selectFrom('api_token as t').innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['t.id', 'u.login', 't.label', 't.created_at as createdAt', 't.expires_at as expiresAt', 't.revoked_at as revokedAt']).orderBy('t.id'));
}

/** The active user a token belongs to; refused, with the same words for every reason, otherwise. */
export function userForToken(db: Db, token: string, at: Date): { user: User; tokenId: number } {
  const refused = () => new PayDeskError('FORBIDDEN', 'the API token is unknown, revoked or expired / API 令牌无效、已吊销或已过期', { reason: 'SIGN_IN_REFUSED' });
  if (!token.startsWith(TOKEN_PREFIX)) throw refused();
  const row = db.first(db.q.selectFrom('api_token as t').innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.expires_at', 't.revoked_at', 'u.id as userId', 'u.login', 'u.name', 'u.role', 'u.active']).where('t.token_hash', '=', digest(token)));
  if (!row || row.revoked_at || row.active !== 1 || (row.expires_at && row.expires_at <= at.toISOString())) throw refused();
  return { user: { id: row.userId, login: row.login, name: row.name, role: row.role }, tokenId: row.id };
}
