/** A failed call: the core's code (BAD_INPUT, FORBIDDEN, …, or the transport's), its message, and for file input where. */
export class CallError extends Error {
  readonly code: string;
  /** the message without the "[CODE] " prefix */
  readonly text: string;
  readonly location: { file?: string; row?: number; column?: string } | undefined;
  constructor(code: string, text: string, location?: { file?: string; row?: number; column?: string }) {
    super(`[${code}] ${text}`);
    this.name = 'CallError';
    this.code = code;
    this.text = text;
    this.location = location;
  }
}

/**
 * Any thrown thing as a CallError. Electron's contextBridge copies only an Error's message into the
 * page, so the code is read back from its "[CODE] " prefix.
 */
export function toCallError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const match = /^\[([A-Z_]+)\]\s*([\s\S]*)$/.exec(message);
  const fromElectron = error as { code?: unknown; location?: CallError['location'] } | null;
  if (match) return new CallError(match[1]!, match[2]!, fromElectron?.location);
  const code = typeof fromElectron?.code === 'string' ? fromElectron.code : 'INTERNAL';
  return new CallError(code, message);
}
