// What an error means, as data: the code (its category, and how every transport maps it) and, where
// a screen or the desktop shell acts on one particular failure, a stable reason with its parameters.
// This file imports nothing, so the renderer may import its values (docs/architecture.md).

/** Error codes every transport maps the same way (CLI exit 1, HTTP 4xx, IPC rejection). */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'UNBALANCED'
  | 'ACCOUNT_CLOSED'
  | 'DAY_CLOSED'
  | 'INSUFFICIENT_FUNDS'
  | 'FILE_ERROR'
  | 'CHECK_FAILED'
  /** the user stopped long work; nothing of it was kept */
  | 'CANCELLED';

/**
 * Failures a caller acts on, not only shows. The message is for people and may change; the reason
 * and its parameters are the contract.
 */
export const ERROR_REASONS = [
  /** the file's format does not say whose statement it is; params: file, format */
  'CHANNEL_NOT_NAMED',
  /** the same content was imported before; params: file, batchId, importedOn */
  'ALREADY_IMPORTED',
  /** no known statement layout; the user maps its columns; params: file */
  'FORMAT_UNKNOWN',
  /** the header row lacks columns the mapping needs (a CellError kind too); params: file, columns */
  'COLUMNS_UNMAPPED',
  /** the day (and channel) has no reconciliation run yet; params: date, channel */
  'NOT_RECONCILED',
  /** wrong login or password, or an unknown, revoked or expired API token; params: none (nothing that helps a guesser) */
  'SIGN_IN_REFUSED',
  /** too many wrong passwords in a row: the account is locked for a while; params: until */
  'LOCKED_OUT',
  /** the user has no password yet: an admin sets one (the first admin: the desk's first run); params: login */
  'NO_PASSWORD',
  /** a password that breaks the rule (too short or too long); params: min or max */
  'PASSWORD_RULE',
  /** the sign-in ended: idle too long or signed in too long ago; params: why ('idle' | 'lifetime') */
  'SESSION_EXPIRED',
  /** a two-person step where the checker is the maker; params: step */
  'MAKER_IS_CHECKER',
  /** a signed request carries a field its signature does not cover; params: field */
  'UNSIGNED_FIELD',
  /** a signed request whose signature does not match: a signed field changed or the key is wrong; params: fields (the signed ones, comma-separated) */
  'BAD_SIGNATURE',
  /** a signed request stamped too far from now; params: field, timestamp, windowSeconds */
  'REQUEST_EXPIRED',
  /** a signed request whose nonce was used before; params: field, nonce */
  'REPLAYED_REQUEST',
  /** a reconciliation stopped: our entry flows repeat a key of a one-to-one business code; params: date, count, channel, orderNo, entries (the first key's) */
  'REPEATED_ENTRY_KEY',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

/** Figures and names an error is about; flat, so every transport carries them unchanged. */
export type ErrorParams = Record<string, string | number | boolean | null>;

export interface ErrorLocation {
  file?: string;
  row?: number;
  column?: string;
}

export function isErrorReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && (ERROR_REASONS as readonly string[]).includes(value);
}
