// Passwords as memory-hard hashes (docs/security.md#passwords): Node's scrypt with parameters from
// OWASP's password-storage list (N=2^15, r=8, p=3: 32 MiB and about a quarter of a second here), a
// random salt per hash, and the parameters kept in the stored text so they can be raised later
// without locking anyone out. Never the password itself, never a fast hash.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { fail } from '../errors.js';

const SCRYPT = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes; Node's default ceiling is exactly that, so give it room */
const SCRYPT_MEMORY_MAX_BYTES = 128 * 1024 * 1024;

export const PASSWORD_LENGTH_MIN = 10;
export const PASSWORD_LENGTH_MAX = 256;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem: SCRYPT_MEMORY_MAX_BYTES }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Refuses a password too short or too long to be one, with the rule in both languages. */
export function checkPasswordRule(password: string): void {
  if (password.length < PASSWORD_LENGTH_MIN) {
    fail('BAD_INPUT', `a password has at least ${PASSWORD_LENGTH_MIN} characters / 密码至少 ${PASSWORD_LENGTH_MIN} 位`, { reason: 'PASSWORD_RULE', params: { min: PASSWORD_LENGTH_MIN } });
  }
  if (password.length > PASSWORD_LENGTH_MAX) {
    fail('BAD_INPUT', `a password has at most ${PASSWORD_LENGTH_MAX} characters / 密码至多 ${PASSWORD_LENGTH_MAX} 位`, { reason: 'PASSWORD_RULE', params: { max: PASSWORD_LENGTH_MAX } });
  }
}

/** The text stored for a password: `scrypt$N$r$p$salt$key`, salt and key in base64. */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordRule(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` is the one `stored` was made from; a malformed stored text is never a match. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || password.length > PASSWORD_LENGTH_MAX) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the login is unknown, so a wrong login takes as long as a wrong password. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(generatePassword());
  return decoy;
}

/** A password for a new desk or a demo, readable and strong: 24 characters from 18 random bytes. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
