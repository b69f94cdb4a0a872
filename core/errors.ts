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

export interface ErrorLocation {
  file?: string;
  row?: number;
  column?: string;
}

/** A failure the user can act on: a code, one human sentence, and where it happened for file input. */
export class PayDeskError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, options: { location?: ErrorLocation; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PayDeskError';
    this.code = code;
    this.location = options.location;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; location?: ErrorLocation; details?: unknown } {
    return {
      code: this.code,
      message: this.message,
      ...(this.location ? { location: this.location } : {}),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function fail(code: ErrorCode, message: string, options?: ConstructorParameters<typeof PayDeskError>[2]): never {
  throw new PayDeskError(code, message, options);
}

export function cancelledError(what: string): PayDeskError {
  return new PayDeskError('CANCELLED', `${what}: cancelled; nothing of it was kept / 已取消，未保留任何结果`);
}

/** Throws CANCELLED if the user has cancelled; long work calls it between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}
