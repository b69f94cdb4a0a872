import type { IpcError } from './bridge-types.js';

/** The short form's "[CODE] text": the one place a code is read from an Error's message (renderer/errors-as-data.test.ts allows only this). */
const CODE_PREFIX = /^\[([A-Z_]+)\]\s*([\s\S]*)$/;

type CallErrorLocation = { file?: string; row?: number; column?: string };

/**
 * A failed call: the core's code (BAD_INPUT, FORBIDDEN, …, or the transport's), its message, and
 * the data screens act on: the reason and its params (core/shared/errors.ts) and, for file input,
 * where. Screens choose what to say and do by code and reason, never by the message text.
 */
export class CallError extends Error {
  readonly code: string;
  /** the message without the "[CODE] " prefix; shown, never matched */
  readonly text: string;
  readonly reason: IpcError['reason'];
  readonly params: NonNullable<IpcError['params']>;
  readonly location: CallErrorLocation | undefined;
  constructor(code: string, text: string, location?: CallErrorLocation, data: Pick<IpcError, 'reason' | 'params'> = {}) {
    super(`[${code}] ${text}`);
    this.name = 'CallError';
    this.code = code;
    this.text = text;
    this.reason = data.reason;
    this.params = data.params ?? {};
    this.location = location;
  }

  static fromIpc(error: IpcError): CallError {
    return new CallError(error.code, error.message, error.location, { reason: error.reason, params: error.params });
  }
}

/**
 * Any thrown thing as a CallError. Only errors that never went through `invoke` land here (a file
 * pick, a bug); Electron's contextBridge keeps only an Error's message, so its "[CODE] " prefix is
 * read back.
 */
export function toCallError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const match = CODE_PREFIX.exec(message);
  const fromElectron = error as { code?: unknown; location?: CallError['location'] } | null;
  if (match) return new CallError(match[1]!, match[2]!, fromElectron?.location);
  const code = typeof fromElectron?.code === 'string' ? fromElectron.code : 'INTERNAL';
  return new CallError(code, message);
}
