import type { Db } from '../db/index.js';
import { fail } from '../errors.js';

/**
 * How far a signed request's timestamp may be from our clock, either way (WeChat Pay's five
 * minutes): a captured request cannot be sent again later, and a nonce need only be remembered
 * this long.
 */
export const REQUEST_WINDOW_SECONDS = 300;

export interface SignedRequestStamp {
  merchantId: string;
  nonce: string;
  /** seconds since 1970-01-01 UTC, when the merchant signed the request */
  timestamp: number;
}

/**
 * Accepts a signed request's nonce once: refuses a timestamp outside the window and a nonce this
 * merchant has already used inside it. Runs inside the request's transaction, so a request that
 * fails later leaves its nonce unused.
 */
export function acceptOnce(db: Db, stamp: SignedRequestStamp, now: Date): void {
  const skewSeconds = Math.abs(Math.floor(now.getTime() / 1000) - stamp.timestamp);
  if (skewSeconds > REQUEST_WINDOW_SECONDS) {
    fail('FORBIDDEN', `the request of merchant ${stamp.merchantId} is stamped ${new Date(stamp.timestamp * 1000).toISOString()}, more than ${REQUEST_WINDOW_SECONDS} s from now: sign it again / 请求时间超出有效期，请重新签名`, {
      reason: 'REQUEST_EXPIRED', params: { field: 'timestamp', timestamp: stamp.timestamp, windowSeconds: REQUEST_WINDOW_SECONDS },
    });
  }
  const forgetBefore = new Date(now.getTime() - 2 * REQUEST_WINDOW_SECONDS * 1000).toISOString();
  db.sqlite.prepare('DELETE FROM request_nonce WHERE seen_at < ?').run(forgetBefore);
  const inserted = db.sqlite.prepare('INSERT INTO request_nonce (merchant_id, nonce, request_time, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(stamp.merchantId, stamp.nonce, new Date(stamp.timestamp * 1000).toISOString(), now.toISOString());
  if (inserted.changes === 0) {
    fail('FORBIDDEN', `merchant ${stamp.merchantId} already sent a request with nonce ${stamp.nonce}: a replay is refused / 重复的请求（nonce 已使用）`, {
      reason: 'REPLAYED_REQUEST', params: { field: 'nonce', nonce: stamp.nonce },
    });
  }
}
