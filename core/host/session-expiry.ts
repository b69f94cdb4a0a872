// When a sign-in ends by itself (docs/security.md#sessions): after 30 minutes without a call, or 12
// hours after it began, whatever the activity. The window's front keeps this — the transport
// session for in-process books, the books relay for books in their own process — because it sees
// every call, reads and writes alike.
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

export interface SessionLimits {
  idleMs: number;
  lifetimeMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: SESSION_IDLE_MS, lifetimeMs: SESSION_LIFETIME_MS };

export type ExpiredBecause = 'idle' | 'lifetime';

export class SessionExpiry {
  private startedAt: number | null = null;
  private lastCallAt = 0;

  constructor(private readonly limits: SessionLimits, private readonly now: () => number) {}

  begin(): void {
    this.startedAt = this.now();
    this.lastCallAt = this.startedAt;
  }

  end(): void {
    this.startedAt = null;
  }

  /** Why the sign-in has ended (null while it holds); a call that holds counts as activity. */
  touch(): ExpiredBecause | null {
    if (this.startedAt === null) return null;
    const at = this.now();
    const why = at - this.startedAt >= this.limits.lifetimeMs ? 'lifetime' : at - this.lastCallAt >= this.limits.idleMs ? 'idle' : null;
    if (why === null) this.lastCallAt = at;
    return why;
  }
}

/** The reply to the call that found the sign-in over, the same from every front. */
export function expiredResponse(why: ExpiredBecause): { ok: false; error: { code: 'FORBIDDEN'; message: string; reason: 'SESSION_EXPIRED'; params: { why: ExpiredBecause } } } {
  return { ok: false, error: { code: 'FORBIDDEN', message: expiredMessage(why), reason: 'SESSION_EXPIRED', params: { why } } };
}

function expiredMessage(why: ExpiredBecause): string {
  return why === 'idle'
    ? 'signed out after a while without activity: sign in again / 长时间未操作，已退出，请重新登录'
    : 'signed out: a sign-in lasts a working day at most; sign in again / 登录已超过时限，请重新登录';
}
