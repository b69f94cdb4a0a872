import type { ErrorCode, ErrorLocation, ErrorParams, ErrorReason } from './shared/errors.js';

export type { ErrorCode, ErrorLocation, ErrorParams, ErrorReason } from './shared/errors.js';
export { ERROR_REASONS, isErrorReason } from './shared/errors.js';

export interface PayDeskErrorOptions {
  location?: ErrorLocation;
  details?: unknown;
  cause?: unknown;
  /** set where a caller acts on this one failure (core/shared/errors.ts) */
  reason?: ErrorReason;
  params?: ErrorParams;
}

/** A failure the user can act on: a code, one human sentence, and where it happened for file input. */
export class PayDeskError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly details: unknown;
  readonly reason: ErrorReason | undefined;
  readonly params: ErrorParams | undefined;
  constructor(code: ErrorCode, message: string, options: PayDeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PayDeskError';
    this.code = code;
    this.location = options.location;
    this.details = options.details;
    this.reason = options.reason;
    this.params = options.params;
  }

  toJSON(): { code: ErrorCode; message: string; reason?: ErrorReason; params?: ErrorParams; location?: ErrorLocation; details?: unknown } {
    return {
      code: this.code,
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.params ? { params: this.params } : {}),
      ...(this.location ? { location: this.location } : {}),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function fail(code: ErrorCode, message: string, options?: PayDeskErrorOptions): never {
  throw new PayDeskError(code, message, options);
}

export function cancelledError(what: string): PayDeskError {
  return new PayDeskError('CANCELLED', `${what}: cancelled; nothing of it was kept / 已取消，未保留任何结果`);
}

/** Throws CANCELLED if the user has cancelled; long work calls it between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}
