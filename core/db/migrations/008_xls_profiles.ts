// Column-mapping profiles may name the old-style Excel format (bank-xls, docs/formats.md#bank-statements)
// beside bank-csv and bank-xlsx. SQLite changes a CHECK only by rebuilding the table.
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE import_profile_next (
  id integer PRIMARY KEY,
  name text NOT NULL UNIQUE,
  format text CHECK (format IS NULL OR format IN ('bank-csv', 'bank-xlsx', 'bank-xls')),
  channel_code text,
  mapping text NOT NULL,
  created_at text NOT NULL,
  created_by integer NOT NULL REFERENCES app_user (id),
  updated_at text NOT NULL,
  updated_by integer NOT NULL REFERENCES app_user (id)
);
INSERT INTO import_profile_next SELECT id, name, format, channel_code, mapping, created_at, created_by, updated_at, updated_by FROM import_profile;
DROP TABLE import_profile;
ALTER TABLE import_profile_next RENAME TO import_profile;
`;

export const migration008XlsProfiles: Migration = {
  id: 8,
  name: 'import profiles for .xls workbooks',
  rebuildsTables: true,
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
