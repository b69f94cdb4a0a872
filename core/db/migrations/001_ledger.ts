import { sql, type Compilable } from 'kysely';
import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/** Users, settings, chart of accounts, accounts, vouchers, day totals, audit log. */
export const migration001Ledger: Migration = {
  id: 1,
  name: 'ledger',
  up(db) {
    const s = db.q.schema;
    const run = (q: Compilable<unknown>) => db.run(q);

    run(s.createTable('app_setting').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()));

    run(
      s.createTable('app_user')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('operator','reviewer','admin','trainer')`))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull()),
    );

    run(
      s.createTable('subject')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('parent_code', 'text', (c) => c.references('subject.code'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('balance_direction', 'text', (c) => c.notNull().check(sql`balance_direction in ('D','C')`))
        .addColumn('is_leaf', 'integer', (c) => c.notNull()),
    );

    run(
      s.createTable('account')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('account_no', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('subject_code', 'text', (c) => c.notNull().references('subject.code'))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('owner_kind', 'text', (c) => c.notNull().check(sql`owner_kind in ('internal','merchant')`))
        .addColumn('owner_ref', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','closed')`))
        .addColumn('balance_direction', 'text', (c) => c.notNull().check(sql`balance_direction in ('D','C')`))
        .addColumn('debit_minor', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('credit_minor', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('frozen_minor', 'integer', (c) => c.notNull().defaultTo(0).check(sql`frozen_minor >= 0`))
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text'),
    );
    run(s.createIndex('account_owner_purpose').on('account').columns(['owner_kind', 'owner_ref', 'purpose', 'currency']).unique());
    run(s.createIndex('account_subject').on('account').column('subject_code'));

    run(
      s.createTable('accounting_day')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','closed')`))
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'integer', (c) => c.references('app_user.id')),
    );

    run(
      s.createTable('voucher_sequence')
        .addColumn('accounting_date', 'text', (c) => c.primaryKey())
        .addColumn('last_seq', 'integer', (c) => c.notNull()),
    );

    run(
      s.createTable('posting_batch')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('voucher_count', 'integer', (c) => c.notNull()),
    );

    run(
      s.createTable('voucher')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('accounting_date', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('business_code', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('source_ref', 'text')
        .addColumn('reverses_id', 'integer', (c) => c.references('voucher.id'))
        .addColumn('batch_id', 'integer', (c) => c.notNull().references('posting_batch.id'))
        .addColumn('line_count', 'integer', (c) => c.notNull().check(sql`line_count >= 2`))
        .addColumn('lines', 'text', (c) => c.notNull()),
    );
    run(s.createIndex('voucher_number').on('voucher').columns(['accounting_date', 'seq']).unique());
    // One reversal per voucher; partial, so the many vouchers that reverse nothing cost no index entry.
    run(s.createIndex('voucher_reverses').on('voucher').column('reverses_id').unique().where('reverses_id', 'is not', null));

    // Lines live inside their voucher (one row per voucher keeps posting at 100k+ vouchers/s; a row
    // per line plus a per-account index measured ~40k/s here). This view gives SQL one row per line.
    db.sqlite.exec(`
      CREATE VIEW voucher_line AS
      SELECT v.id AS voucher_id,
             CAST(j.key AS integer) + 1 AS line_no,
             CAST(j.value ->> 0 AS integer) AS account_id,
             j.value ->> 1 AS direction,
             CAST(j.value ->> 2 AS integer) AS amount_minor,
             j.value ->> 3 AS summary
      FROM voucher v, json_each(v.lines) j`);

    run(
      s.createTable('account_day_total')
        .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
        .addColumn('accounting_date', 'text', (c) => c.notNull())
        .addColumn('debit_minor', 'integer', (c) => c.notNull())
        .addColumn('credit_minor', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_day_total_pk', ['account_id', 'accounting_date']),
    );
    run(s.createIndex('account_day_total_date').on('account_day_total').column('accounting_date'));

    run(
      s.createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('app_user.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique()),
    );

    for (const table of ['posting_batch', 'voucher', 'audit_log']) appendOnly(db, table);
  },
};
