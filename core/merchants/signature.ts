import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Request signature as the seed documents describe (S1, WeChat Pay v2 style): parameters sorted by
 * name, empty values and `sign` itself left out, joined as `k=v&k=v`, then `&key=<merchant key>`,
 * MD5, upper-case hex.
 */
export function signParams(params: Record<string, string | number | null | undefined>, key: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== null && String(params[k]) !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createHash('md5').update(`${text}&key=${key}`, 'utf8').digest('hex').toUpperCase();
}

/** Constant-time check of `params.sign` against the merchant key. */
export function verifySignature(params: Record<string, string | number | null | undefined>, key: string): boolean {
  const given = String(params.sign ?? '');
  const expected = signParams(params, key);
  if (given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given.toUpperCase()), Buffer.from(expected));
}
