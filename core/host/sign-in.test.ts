// Signing in through a window's session (the same TransportSession Electron and the HTTP host
// use): a new desk's first run, passwords, the lock after five wrong ones, and the sign-in that
// ends by itself — in-process here, and through the books relay, which keeps the time there.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { openDatabase, type Db } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { passwordOf, setUpDesk } from '../testing/credentials.js';
import { createUser, findUser } from '../users/users.js';
import { LOCKOUT_FAILURES, LOCKOUT_MINUTES } from '../users/sign-in.js';
import { BooksRelay, forkBooks } from './books-relay.js';
import { SESSION_IDLE_MS, SESSION_LIFETIME_MS } from './session-expiry.js';
import { TransportSession, type IpcResponse } from './transport-session.js';

const START = '2026-12-07T09:00:00.000Z';
let db: Db;
let dir: string;
let clock: ReturnType<typeof fixedClock>;
let session: TransportSession;

const call = (method: string, input?: unknown) => session.call(method, input);
const errorOf = (r: IpcResponse) => (r.ok ? null : r.error);
const actions = () => db.all(db.q.selectFrom('audit_log').select('action').where('action', 'like', 'session.%').orderBy('id')).map((a) => a.action);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-sign-in-'));
  db = openDatabase(':memory:');
  initDatabase(db, START);
  createUser(db, { login: 'operator', name: 'Operator', role: 'operator' }, START);
  createUser(db, { login: 'reviewer', name: 'Reviewer', role: 'reviewer' }, START);
  clock = fixedClock(START);
  session = new TransportSession({ mode: 'browser', db, dataDir: dir, version: 'test', clock });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a new desk', () => {
  it('lets the admin be given a password once, from the window, and never again that way', async () => {
    expect((await call('session.users')).ok && (await call('session.users') as { result: { login: string; hasPassword: boolean }[] }).result)
      .toEqual(expect.arrayContaining([expect.objectContaining({ login: 'admin', hasPassword: false })]));
    // nobody signs in before that, not even with a guess
    expect(errorOf(await call('session.signIn', { login: 'admin', password: 'anything-at-all' }))).toMatchObject({ reason: 'NO_PASSWORD' });
    expect(errorOf(await call('session.setUp', { password: 'short' }))).toMatchObject({ code: 'BAD_INPUT', reason: 'PASSWORD_RULE' });
    const setUp = await call('session.setUp', { password: passwordOf('admin') });
    expect(setUp).toMatchObject({ ok: true, result: { login: 'admin', role: 'admin' } });
    await call('session.signOut');
    expect(errorOf(await call('session.setUp', { password: 'taking-it-over-now' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call('session.signIn', { login: 'admin', password: passwordOf('admin') })).ok).toBe(true);
    // the admin gives the operator a password; the operator signs in with it
    expect((await call('users.setPassword', { login: 'operator', password: passwordOf('operator') })).ok).toBe(true);
    await call('session.signOut');
    expect(errorOf(await call('session.signIn', { login: 'reviewer', password: passwordOf('reviewer') }))).toMatchObject({ reason: 'NO_PASSWORD' });
    expect(await call('session.signIn', { login: 'operator', password: passwordOf('operator') })).toMatchObject({ ok: true, result: { login: 'operator' } });
  });
});

describe('a new desk set up from two windows at once', () => {
  it('gives the admin exactly one first password: the other attempt is refused, not written over it', async () => {
    const replies = await Promise.all([call('session.setUp', { password: 'first-window-password' }), call('session.setUp', { password: 'second-window-password' })]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(errorOf(replies.find((r) => !r.ok)!)).toMatchObject({ code: 'FORBIDDEN' });
    const winner = replies[0]!.ok ? 'first-window-password' : 'second-window-password';
    await call('session.signOut');
    expect((await call('session.signIn', { login: 'admin', password: winner })).ok).toBe(true);
  });
});

describe('passwords', () => {
  beforeEach(() => setUpDesk(call));

  it('locks an account after five wrong passwords in a row, for fifteen minutes, audited; a right one in between resets the count', async () => {
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) expect(errorOf(await call('session.signIn', { login: 'operator', password: `wrong-${i}-password` }))).toMatchObject({ reason: 'SIGN_IN_REFUSED' });
    expect((await call('session.signIn', { login: 'operator', password: passwordOf('operator') })).ok).toBe(true);
    await call('session.signOut');
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) await call('session.signIn', { login: 'operator', password: `wrong-${i}-password` });
    const locked = errorOf(await call('session.signIn', { login: 'operator', password: 'the-fifth-wrong-one' }));
    const until = new Date(Date.parse(START) + LOCKOUT_MINUTES * 60_000).toISOString();
    expect(locked).toMatchObject({ code: 'FORBIDDEN', reason: 'LOCKED_OUT', params: { until } });
    expect(errorOf(await call('session.signIn', { login: 'operator', password: passwordOf('operator') }))).toMatchObject({ reason: 'LOCKED_OUT' });
    // another user is not locked by it
    expect((await call('session.signIn', { login: 'reviewer', password: passwordOf('reviewer') })).ok).toBe(true);
    await call('session.signOut');
    clock.advance(LOCKOUT_MINUTES * 60_000);
    expect((await call('session.signIn', { login: 'operator', password: passwordOf('operator') })).ok).toBe(true);
    expect(actions().filter((a) => a === 'session.lockedOut')).toHaveLength(1);
    expect(actions().filter((a) => a === 'session.signInRefused')).toHaveLength(1);
    expect(actions().filter((a) => a === 'session.signInFailed')).toHaveLength(2 * (LOCKOUT_FAILURES - 1) + 1);
  });

  it('stores a memory-hard hash, never the password, with its own salt per user', async () => {
    const rows = db.all(db.q.selectFrom('user_credential').select('password_hash'));
    expect(rows).toHaveLength(3);
    for (const { password_hash } of rows) expect(password_hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const dump = JSON.stringify(db.all(db.q.selectFrom('user_credential').selectAll())) + JSON.stringify(db.all(db.q.selectFrom('audit_log').selectAll()));
    for (const login of ['admin', 'operator', 'reviewer']) expect(dump).not.toContain(passwordOf(login));
    expect(new Set(rows.map((r) => r.password_hash.split('$')[4])).size).toBe(3);
  });

  it('takes the role from the signed-in user, whatever the request says', async () => {
    await call('session.signIn', { login: 'operator', password: passwordOf('operator') });
    const asked = await call('users.create', { login: 'sneaky', name: 'S', role: 'admin', user: 'admin', login_as: 'admin' });
    expect(errorOf(asked)).toMatchObject({ code: 'FORBIDDEN' });
    expect(findUser(db, 'sneaky')).toBeUndefined();
  });
});

describe('a sign-in ends by itself', () => {
  beforeEach(() => setUpDesk(call));

  it('after 30 minutes without a call, audited, and the window is told why', async () => {
    await call('session.signIn', { login: 'operator', password: passwordOf('operator') });
    clock.advance(SESSION_IDLE_MS - 1000);
    expect((await call('ledger.trialBalance', {})).ok).toBe(true); // activity: the idle time starts again
    clock.advance(SESSION_IDLE_MS - 1000);
    expect((await call('ledger.trialBalance', {})).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS);
    expect(errorOf(await call('ledger.trialBalance', {}))).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_EXPIRED', params: { why: 'idle' } });
    expect((await call('session.current')).ok && (await call('session.current') as { result: unknown }).result).toBeNull();
    expect(errorOf(await call('ledger.trialBalance', {}))).toMatchObject({ code: 'FORBIDDEN', message: 'sign in first / 请先登录' });
    expect(actions().at(-1)).toBe('session.expired');
  });

  it('after 12 hours however busy', async () => {
    await call('session.signIn', { login: 'operator', password: passwordOf('operator') });
    for (let spent = 0; spent < SESSION_LIFETIME_MS - 20 * 60_000; spent += 20 * 60_000) {
      clock.advance(20 * 60_000);
      expect((await call('ledger.trialBalance', {})).ok).toBe(true);
    }
    clock.advance(20 * 60_000);
    expect(errorOf(await call('ledger.trialBalance', {}))).toMatchObject({ reason: 'SESSION_EXPIRED', params: { why: 'lifetime' } });
  });
});

describe('through the books relay (the books in their own process)', () => {
  it('ends an idle sign-in at the relay, which sees reads and writes alike, and signs the books process out', async () => {
    const relayDir = mkdtempSync(path.join(os.tmpdir(), 'paydesk-sign-in-relay-'));
    let now = Date.parse(START);
    const relay = await BooksRelay.start({
      spawn: () => forkBooks(),
      open: { mode: 'browser', dbFile: path.join(relayDir, 'paydesk.sqlite'), dataDir: relayDir, version: 'test', carryOver: false },
      sessionLimits: { idleMs: 60_000, lifetimeMs: 3_600_000 },
      now: () => now,
    });
    try {
      await setUpDesk((m, i) => relay.call(m, i));
      expect((await relay.call('session.signIn', { login: 'operator', password: passwordOf('operator') })).ok).toBe(true);
      now += 50_000;
      expect((await relay.call('ledger.days', {})).ok).toBe(true); // a read, answered by the reader, counts as activity
      now += 50_000;
      expect((await relay.call('ledger.trialBalance', {})).ok).toBe(true);
      now += 60_000;
      expect(errorOf(await relay.call('ledger.days', {}))).toMatchObject({ reason: 'SESSION_EXPIRED', params: { why: 'idle' } });
      expect(relay.user).toBeNull();
      expect(errorOf(await relay.call('ledger.trialBalance', {}))).toMatchObject({ code: 'FORBIDDEN', message: 'sign in first / 请先登录' });
      const audit = await relay.call('session.signIn', { login: 'admin', password: passwordOf('admin') }).then(() => relay.call('audit.list', { limit: 5 }));
      expect(audit.ok && (audit.result as { action: string }[]).map((a) => a.action)).toContain('session.expired');
    } finally {
      await relay.close();
      rmSync(relayDir, { recursive: true, force: true });
    }
  }, 60_000);
});
