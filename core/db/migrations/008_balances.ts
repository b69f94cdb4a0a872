import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/**
 * Tables of core/balances (schema types in core/balances/schema.ts): bank accounts, the temporary
 * balances operators enter (临时余额), the reviewed balances (实际余额) and the carry-over runs.
 */
export const migration008Balances: Migration = {
  id: 8,
  name: 'balances',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE bank_account (
        id integer PRIMARY KEY,
        account_no text NOT NULL UNIQUE,
        bank_name text NOT NULL,
        account_name text NOT NULL,
        currency text NOT NULL,
        status text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'abolished', 'closed')),
        ledger_account_id integer NOT NULL UNIQUE REFERENCES account (id),
        opened_at text NOT NULL,
        status_changed_at text
      );

      -- no unique key on (account, date): a second entry for a day is kept so review can flag it
      CREATE TABLE bank_balance_temporary (
        id integer PRIMARY KEY,
        bank_account_id integer NOT NULL REFERENCES bank_account (id),
        balance_date text NOT NULL,
        balance_minor integer NOT NULL,
        source text NOT NULL CHECK (source IN ('registered', 'carried_over')),
        carried_from_date text,
        registered_by integer REFERENCES app_user (id),
        registered_at text NOT NULL
      );
      CREATE INDEX bank_balance_temporary_day ON bank_balance_temporary (bank_account_id, balance_date);
      CREATE INDEX bank_balance_temporary_date ON bank_balance_temporary (balance_date);

      CREATE TABLE bank_balance (
        id integer PRIMARY KEY,
        bank_account_id integer NOT NULL REFERENCES bank_account (id),
        balance_date text NOT NULL,
        balance_minor integer NOT NULL,
        currency text NOT NULL,
        source text NOT NULL CHECK (source IN ('registered', 'carried_over')),
        registered_by integer REFERENCES app_user (id),
        registered_at text NOT NULL,
        reviewed_by integer NOT NULL REFERENCES app_user (id),
        reviewed_at text NOT NULL,
        review_file text,
        review_row integer,
        UNIQUE (bank_account_id, balance_date)
      );
      CREATE INDEX bank_balance_date ON bank_balance (balance_date);

      CREATE TABLE bank_balance_carry_run (
        run_date text PRIMARY KEY,
        ran_at text NOT NULL,
        carried integer NOT NULL,
        skipped integer NOT NULL
      );
    `);
    appendOnly(db, 'bank_balance', 'a reviewed bank balance is final');
  },
};
