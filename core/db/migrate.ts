import type { Db } from './db.js';
import { migration001Ledger } from './migrations/001_ledger.js';
import { migration002Payments } from './migrations/002_payments.js';
import { migration003Simulator } from './migrations/003_simulator.js';
import { migration004Recon } from './migrations/004_recon.js';
import { migration005ReconActions } from './migrations/005_recon_actions.js';
import { migration006ReconHistory } from './migrations/006_recon_history.js';
import { migration007Suspense } from './migrations/007_suspense.js';
import { migration008Balances } from './migrations/008_balances.js';
import { migration009Erp } from './migrations/009_erp.js';
import { migration010Settlement } from './migrations/010_settlement.js';
import { migration011SimBank } from './migrations/011_sim_bank.js';
import { migration012MerchantRecovery } from './migrations/012_merchant_recovery.js';
import { migration013ReconResultPaging } from './migrations/013_recon_result_paging.js';
import { migration014ImportProfile } from './migrations/014_import_profile.js';
import { migration015ReconStreamIndexes } from './migrations/015_recon_stream_indexes.js';
import { migration016ReconRunResultRange } from './migrations/016_recon_run_result_range.js';
import { migration017DropUnreadReconIndexes } from './migrations/017_drop_unread_recon_indexes.js';
import { migration018CheapListChecks } from './migrations/018_cheap_list_checks.js';
import { migration019BatchLineRange } from './migrations/019_batch_line_range.js';
import { migration020ReconResultDifferencesIndex } from './migrations/020_recon_result_differences_index.js';

export interface Migration {
  id: number;
  name: string;
  up(db: Db): void;
  /**
   * It rebuilds tables (SQLite's way to change a constraint: new table, copy, drop, rename), so it
   * runs with foreign-key enforcement off, as SQLite's procedure requires, and every key in the
   * database is checked before it commits.
   */
  rebuildsTables?: boolean;
}

/** Every migration, in order. Append new ones; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001Ledger, migration002Payments, migration003Simulator, migration004Recon, migration005ReconActions, migration006ReconHistory,
  migration007Suspense, migration008Balances, migration009Erp, migration010Settlement, migration011SimBank, migration012MerchantRecovery, migration013ReconResultPaging,
  migration014ImportProfile, migration015ReconStreamIndexes, migration016ReconRunResultRange, migration017DropUnreadReconIndexes,
  migration018CheapListChecks, migration019BatchLineRange, migration020ReconResultDifferencesIndex];

/** Apply the migrations a database has not seen yet, each in its own transaction. Returns the ids applied. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, now = () => new Date().toISOString()): number[] {
  db.sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
  );
  const applied = new Set(db.all(db.q.selectFrom('schema_migration').select('id')).map((r) => r.id));
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied) {
    if (!known.has(id)) throw new Error(`database has migration ${id}, which this version of PayDesk does not know: it is newer than the app`);
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    // a table rebuild runs with enforcement off (turned back on after, if it was on)
    const keysOff = m.rebuildsTables === true && db.sqlite.pragma('foreign_keys', { simple: true }) === 1;
    if (keysOff) db.sqlite.pragma('foreign_keys = OFF');
    try {
      db.tx(() => {
        m.up(db);
        if (m.rebuildsTables) {
          const dangling = db.sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
          if (dangling.length > 0) throw new Error(`migration ${m.id} would leave ${dangling.length} dangling keys (first: ${dangling[0]!.table} row ${dangling[0]!.rowid} → ${dangling[0]!.parent})`);
        }
        db.run(db.q.insertInto('schema_migration').values({ id: m.id, name: m.name, applied_at: now() }));
      });
    } finally {
      if (keysOff) db.sqlite.pragma('foreign_keys = ON');
    }
    done.push(m.id);
  }
  return done;
}
