// Where a desktop's books live (the data folder and the database file in it), and opening them:
// migrated, demo users seeded on a new file, background checkpoints started.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../audit/audit.js';
import { systemClock, type Clock } from '../clock.js';
import { BackgroundCheckpoints } from '../db/checkpoints.js';
import { openDatabase, type Db, type Role } from '../db/index.js';
import { initDatabase } from '../system/init.js';
import { createUser, findUser } from '../users/users.js';
import type { TransportLog } from './wire.js';

// ── Where the data lives ─────────────────────────────────────────────────────────────────────────

export const PRODUCT_NAME = 'PayDesk';
export const DB_FILE_NAME = 'paydesk.sqlite';

/**
 * The OS's per-user application data folder, as Electron's app.getPath('appData') gives it:
 * %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME or ~/.config elsewhere.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (platform === 'win32') return env['APPDATA'] || path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env['XDG_CONFIG_HOME'] || path.join(home, '.config');
}

/** PAYDESK_DATA_DIR, else `<appData>/PayDesk` — the folder electron/main.ts makes its userData. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const override = env['PAYDESK_DATA_DIR'];
  return path.resolve(override || path.join(appDataDir(env, platform, home), PRODUCT_NAME));
}

/** PAYDESK_DB, else `<dataDir>/paydesk.sqlite`. */
export function resolveDbFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env['PAYDESK_DB'];
  return path.resolve(override || path.join(dataDir, DB_FILE_NAME));
}

/** The users a new desktop database gets besides admin, so a new accountant can sign in at once. */
export const DEMO_USERS: readonly { login: string; name: string; role: Role }[] = [
  { login: 'operator', name: '操作员 Operator', role: 'operator' },
  { login: 'reviewer', name: '复核员 Reviewer', role: 'reviewer' },
];

/**
 * Open the desktop database, creating and initialising it when new (as `paydesk init` does: chart
 * of accounts, internal accounts, admin) and adding the demo users on that first init. An existing
 * database is migrated and left as it is.
 */
export function openDesktopDatabase(file: string, clock: Clock = systemClock, log?: Pick<TransportLog, 'warn'>): Db {
  const db = openDatabase(file);
  try {
    // a long-lived handle: big commits should not stop the window while the log is copied into the file
    BackgroundCheckpoints.start(db, { onError: (message) => log?.warn(`background checkpoints of ${file}: ${message}`) });
    const at = clock.now().toISOString();
    const init = initDatabase(db, at);
    if (init.created) {
      db.tx(() => {
        const admin = findUser(db, 'admin');
        for (const demo of DEMO_USERS) {
          if (findUser(db, demo.login)) continue;
          createUser(db, demo, at);
          appendAudit(db, { at, userId: admin?.id ?? null, action: 'user.create', entity: 'app_user', entityId: demo.login, detail: { role: demo.role, demo: true } });
        }
      });
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Is `file` inside `dir` (after resolving both; a sibling sharing the prefix is not)? */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
