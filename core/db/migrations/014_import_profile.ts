import type { Migration } from '../migrate.js';

/**
 * Column-mapping profiles (导入模板): a bank layout PayDesk cannot map by itself is mapped once by a
 * person and kept under a name, for the desk and the CLI (`import --profile NAME`) alike.
 */
export const migration014ImportProfile: Migration = {
  id: 14,
  name: 'import profile',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE import_profile (
        id integer PRIMARY KEY,
        name text NOT NULL UNIQUE,
        format text CHECK (format IS NULL OR format IN ('bank-csv', 'bank-xlsx')),
        channel_code text,
        mapping text NOT NULL,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        updated_at text NOT NULL,
        updated_by integer NOT NULL REFERENCES app_user (id)
      );
    `);
  },
};
