import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/** Suspense cards (待查挂账卡片), their write-offs, and bank-extra classification (tables typed in core/suspense/schema.ts). */
export const migration007Suspense: Migration = {
  id: 7,
  name: 'suspense',
  up(db) {
    db.sqlite.exec(`
      -- one hang-up (挂账): its voucher number is the card every later write-off names
      CREATE TABLE suspense_item (
        id integer PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('income', 'expense')),
        voucher_id integer NOT NULL REFERENCES voucher (id),
        origin_item_id integer REFERENCES suspense_item (id),
        parent_item_id integer REFERENCES suspense_item (id),
        bank_account_id integer NOT NULL REFERENCES account (id),
        bank_name text NOT NULL,
        suspense_account_id integer NOT NULL REFERENCES account (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        suspense_code text,
        summary text NOT NULL,
        status text NOT NULL CHECK (status IN ('to_review', 'open', 'written_off')),
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        reviewed_at text,
        reviewed_by integer REFERENCES app_user (id)
      );
      CREATE INDEX suspense_item_status ON suspense_item (status, kind);
      CREATE TABLE suspense_writeoff (
        id integer PRIMARY KEY,
        item_id integer NOT NULL UNIQUE REFERENCES suspense_item (id),
        voucher_id integer NOT NULL REFERENCES voucher (id),
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        remainder_item_id integer REFERENCES suspense_item (id),
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id)
      );
      -- bank-extra lines: the classification (分类) a person gave them and the hang-up voucher
      ALTER TABLE clearing_flow ADD COLUMN business_code text;
      ALTER TABLE clearing_flow ADD COLUMN voucher_id integer REFERENCES voucher (id);
    `);
    appendOnly(db, 'suspense_writeoff', 'a write-off stands; reverse its voucher instead');
  },
};
