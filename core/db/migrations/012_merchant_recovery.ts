import type { Migration } from '../migrate.js';
import { appendOnly } from './append-only.js';

/** Dropped-order recovery against a merchant's success list: one per merchant and business day. */
export const migration012MerchantRecovery: Migration = {
  id: 12,
  name: 'merchant recovery',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE merchant_recovery (
        id integer PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES merchant (id),
        business_date text NOT NULL,
        theirs integer NOT NULL,
        ours integer NOT NULL,
        recovered text NOT NULL,
        theirs_only text NOT NULL,
        ours_only text NOT NULL,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        UNIQUE (merchant_id, business_date)
      );
    `);
    appendOnly(db, 'merchant_recovery', 'a day is recovered once');
  },
};
