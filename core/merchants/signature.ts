import { createHash, timingSafeEqual } from 'node:crypto';

/** A request field's value as it is signed: text, a number, a flag, or a list/record of them. */
export type SignedValue = string | number | boolean | null | undefined | readonly unknown[] | { readonly [k: string]: unknown };
export type SignedParams = Record<string, SignedValue>;

/**
 * How a field's value is written into the signed text. Scalars as they print; a list or record
 * (split receivers) as JSON with its keys sorted at every level, so the merchant's side and ours
 * write the same bytes whatever order their JSON library keeps.
 */
export function canonicalValue(value: SignedValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  return JSON.stringify(sortedDeep(value));
}

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, sortedDeep(record[k])]));
  }
  return value;
}

/** The fields a signature covers: every one present and not empty, `sign` itself left out, by name. */
export function signedFieldNames(params: SignedParams): string[] {
  return Object.keys(params).filter((k) => k !== 'sign' && canonicalValue(params[k]) !== '').sort();
}

/**
 * Request signature as the seed documents describe (docs/domain.md#orders, WeChat Pay v2 style):
 * every non-empty parameter but `sign`, sorted by name, joined as `k=v&k=v`, then
 * `&key=<merchant key>`, MD5, upper-case hex.
 */
export function signParams(params: SignedParams, key: string): string {
  const text = signedFieldNames(params).map((k) => `${k}=${canonicalValue(params[k])}`).join('&');
  return createHash('md5').update(`${text}&key=${key}`, 'utf8').digest('hex').toUpperCase();
}

/** Constant-time check of `params.sign` against the merchant key, over every field present. */
export function verifySignature(params: SignedParams, key: string): boolean {
  const given = String(params.sign ?? '').toUpperCase();
  const expected = signParams(params, key);
  if (given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export type SignatureCheck =
  | { ok: true }
  /** the signature holds once this one field is taken away: it was added after signing */
  | { ok: false; unsignedField: string }
  /** a signed field was changed, or the key is wrong: one MD5 cannot say which field */
  | { ok: false; unsignedField: null; signedFields: string[] };

/**
 * Checks a request's signature and, when it fails, finds the field added after signing if there
 * is exactly one (the `"verified": true` an attacker slips in): the refusal can name it. The search
 * is one MD5 per field and runs only on a refused request.
 */
export function checkSignature(params: SignedParams, key: string): SignatureCheck {
  if (verifySignature(params, key)) return { ok: true };
  for (const field of signedFieldNames(params)) {
    const { [field]: _added, ...rest } = params;
    if (verifySignature(rest, key)) return { ok: false, unsignedField: field };
  }
  return { ok: false, unsignedField: null, signedFields: signedFieldNames(params) };
}
