import { describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { openDatabase } from './index.js';
import { BackgroundCheckpoints, closeHandle } from './checkpoints.js';
import { tempDbFile } from '../testing/ledger-fixture.js';

const ready = async (cp: BackgroundCheckpoints) => {
  for (let i = 0; i < 200 && !cp.active; i++) await new Promise((r) => setTimeout(r, 10));
};

describe('WAL checkpoints on a second thread', () => {
  it('turns the writer\'s own checkpoints off, copies committed pages into the file from its thread, and hands back on stop', async () => {
    const file = tempDbFile();
    const db = openDatabase(file);
    const cp = BackgroundCheckpoints.start(db, { intervalMs: 60_000 })!;
    await ready(cp);
    expect(cp.active).toBe(true);
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    db.sqlite.exec('CREATE TABLE t (x text)');
    const sizeBefore = statSync(file).size;
    db.tx(() => {
      const insert = db.sqlite.prepare('INSERT INTO t VALUES (?)');
      for (let i = 0; i < 60_000; i++) insert.run(`row ${i} ${'x'.repeat(100)}`);
    });
    // the commit left its pages in the log: the writer did not checkpoint them
    expect(statSync(file).size).toBe(sizeBefore);
    const result = await cp.now();
    expect(result.log).toBeGreaterThan(AUTOCHECKPOINT_PAGES_FLOOR);
    expect(result.checkpointed).toBe(result.log);
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 60_000 * 100);

    await cp.stop();
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
    const again = openDatabase(file);
    expect(again.sqlite.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(60_000);
    again.close();
  });

  it('starts, and hears from its thread, while the writer walks a statement across an await', async () => {
    const db = openDatabase(tempDbFile());
    db.sqlite.exec('CREATE TABLE t (x integer); INSERT INTO t VALUES (1), (2), (3)');
    const rows = db.sqlite.prepare('SELECT x FROM t').iterate();
    rows.next(); // the connection is busy until the iterator is done
    const cp = BackgroundCheckpoints.start(db)!;
    await ready(cp); // its 'ready' arrives while the statement is still open
    await new Promise((r) => setTimeout(r, 30));
    rows.return!();
    await new Promise((r) => setTimeout(r, 50));
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await cp.stop();
    db.close();
  });

  it('closes a handle after its thread, so the handle is the last connection and the log is gone when it returns', async () => {
    const file = tempDbFile();
    const db = openDatabase(file);
    const cp = BackgroundCheckpoints.start(db, { intervalMs: 5 })!;
    await ready(cp);
    db.sqlite.exec('CREATE TABLE t (x text)');
    db.tx(() => {
      for (let i = 0; i < 5_000; i++) db.sqlite.prepare('INSERT INTO t VALUES (?)').run(`row ${i}`);
    });
    await closeHandle(db);
    expect(cp.stopped).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(cp.active).toBe(false);
  });

  it('stops with the handle, and is not started for an in-memory database', async () => {
    const db = openDatabase(tempDbFile());
    const cp = BackgroundCheckpoints.start(db)!;
    await ready(cp);
    db.close();
    await expect(cp.now()).rejects.toThrow(/stopped/);
    const memory = openDatabase(':memory:');
    expect(BackgroundCheckpoints.start(memory)).toBeNull();
    memory.close();
  });
});

/** More frames than SQLite's own threshold would have let the log hold. */
const AUTOCHECKPOINT_PAGES_FLOOR = 1000;
