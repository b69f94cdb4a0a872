import type { Db } from '../db/index.js';
import { seedChart } from '../ledger/chart.js';
import { openAccount } from '../ledger/accounts.js';
import { createUser, findUser, type User } from '../users/users.js';
import { appendAudit } from '../audit/audit.js';
import { getSetting } from '../settings.js';
import { seedStrategies } from '../recon/strategy.js';

/** Internal accounts every installation has from the start (per-bank and per-channel ones are opened with their bank account or channel). */
const SINGLE_INTERNAL_ACCOUNTS = ['fee_income', 'suspense_income', 'suspense_expense', 'capital'] as const;

export interface InitResult {
  created: boolean;
  subjects: number;
  accounts: number;
  users: string[];
}

/**
 * Seed a new database: chart of accounts, the single internal accounts, and the first admin.
 * Safe to run again on an existing database: it then changes nothing.
 */
export function initDatabase(db: Db, at: string): InitResult {
  return db.tx(() => {
    const hasChart = db.first(db.q.selectFrom('subject').select('code').limit(1)) !== undefined;
    const created = !hasChart;
    if (created) {
      seedChart(db);
      const currency = getSetting(db, 'ledger.currency');
      for (const purpose of SINGLE_INTERNAL_ACCOUNTS) openAccount(db, { ownerKind: 'internal', purpose, ownerRef: null, currency }, at);
    }
    seedStrategies(db, at);
    let admin: User | undefined = findUser(db, 'admin');
    if (!admin) admin = createUser(db, { login: 'admin', name: '系统管理员 Administrator', role: 'admin' }, at);
    if (created) appendAudit(db, { at, userId: admin.id, action: 'system.init', entity: 'database', entityId: null, detail: { file: db.file } });
    const subjects = db.all(db.q.selectFrom('subject').select('code')).length;
    const accounts = db.all(db.q.selectFrom('account').select('id')).length;
    const users = db.all(db.q.selectFrom('app_user').select('login').orderBy('id')).map((u) => u.login);
    return { created, subjects, accounts, users };
  });
}
