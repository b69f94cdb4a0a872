// What travels between a window and the books, over Electron IPC and the local HTTP host alike: the
// reply envelope, errors as data, progress events, the signed-in user, the transport's own methods,
// and the mapping of any failure to a reply. Types and small values only; nothing here runs a call.
import type { MethodName } from '../api/index.js';
import type { Role } from '../db/index.js';
import { PayDeskError, type ErrorCode, type ErrorLocation, type ErrorParams, type ErrorReason } from '../errors.js';
import type { User } from '../users/users.js';

// ── Wire types (re-exported to the renderer by electron/bridge-types.ts) ─────────────────────────

/** The core's codes, INTERNAL for a bug, and what a browser's bridge reports of the HTTP link itself. */
export type IpcErrorCode = ErrorCode | 'INTERNAL' | 'NETWORK' | 'UNAUTHORIZED';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** what callers act on (core/shared/errors.ts); the message is only shown */
  reason?: ErrorReason;
  params?: ErrorParams;
  location?: ErrorLocation;
}

/** Every call's reply, over IPC and over HTTP alike: a result or an error, never a rejection. */
export type IpcResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: IpcError };

/** One progress report of a long-running method. */
export interface PayDeskProgress {
  /** the API method doing the work, e.g. 'recon.import' */
  method: string;
  /** the method stops, keeping nothing, on host.cancel: the window offers a Cancel button */
  cancellable: boolean;
  /** what it is doing now, in a few words */
  phase: string;
  done: number;
  /** null while the total is not known yet */
  total: number | null;
}

/**
 * The signed-in user as the window sees them: who, and the API methods their role may call, worked
 * out by the core from the registry it enforces (the window keeps no role table of its own).
 */
export interface SignedInUser extends User {
  methods: MethodName[];
}

/** A user as the sign-in screen lists them. */
export interface SessionUser {
  login: string;
  name: string;
  role: Role;
  /** false: they cannot sign in yet (an admin sets a password; the admin's own on a new desk's first run) */
  hasPassword: boolean;
}

export type HostMode = 'browser' | 'electron';

export interface HostInfo {
  mode: HostMode;
  /** the open database file (the About box shows it) */
  dbFile: string;
  dataDir: string;
  /** where exports go: in browser mode only files under it can be downloaded (bridge.downloadUrl) */
  exportsDir: string;
  version: string;
}

/** The methods a transport answers itself, before the API registry. */
export interface TransportMethods {
  /** no sign-in needed: the active users, for the sign-in screen */
  'session.users': { input: Record<string, never> | undefined; output: SessionUser[] };
  /** no sign-in needed */
  'session.signIn': { input: { login: string; password: string }; output: SignedInUser };
  /** no sign-in needed, and only on a new desk: gives the admin a first password and signs them in */
  'session.setUp': { input: { password: string }; output: SignedInUser };
  /** no sign-in needed: the signed-in user, or null */
  'session.current': { input: Record<string, never> | undefined; output: SignedInUser | null };
  /** no sign-in needed (harmless when nobody is signed in) */
  'session.signOut': { input: { expired?: 'idle' | 'lifetime' } | undefined; output: null };
  /** no sign-in needed */
  'host.info': { input: Record<string, never> | undefined; output: HostInfo };
  /** Electron: shows the file in the system file manager; browser mode: does nothing ({revealed:false}) */
  'host.revealFile': { input: { path: string }; output: { revealed: boolean } };
  /**
   * Cancel the signed-in user's running calls (of one method, if given). Long work stops at its next
   * safe point and keeps nothing half done; the call itself then fails with CANCELLED.
   */
  'host.cancel': { input: { method?: string } | undefined; output: { cancelled: number } };
}

export type TransportMethodName = keyof TransportMethods;

export const TRANSPORT_METHODS: readonly TransportMethodName[] = [
  'session.users', 'session.signIn', 'session.setUp', 'session.current', 'session.signOut', 'host.info', 'host.revealFile', 'host.cancel',
];

/** The methods callable before anyone signs in. */
export const PUBLIC_METHODS: ReadonlySet<string> = new Set<TransportMethodName>(['session.users', 'session.signIn', 'session.setUp', 'session.current', 'session.signOut', 'host.info']);

/** The policy every page of the app runs under, in Electron and in browser mode alike. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const NOT_SIGNED_IN_MESSAGE = 'sign in first / 请先登录';

// ── Error mapping ────────────────────────────────────────────────────────────────────────────────

export interface TransportLog {
  info?(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function failure(code: IpcErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** A PayDeskError keeps its code, message, reason, params and location; anything else is INTERNAL (and logged). */
export function errorResponse(error: unknown, method: string, log?: TransportLog): { ok: false; error: IpcError } {
  if (error instanceof PayDeskError) {
    const { code, message, reason, params, location } = error;
    return { ok: false, error: { code, message, ...(reason ? { reason, params } : {}), ...(location ? { location } : {}) } };
  }
  log?.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return failure('INTERNAL', error instanceof Error ? error.message : String(error));
}

export const METHOD_NAME_SHOWN_MAX = 80;
