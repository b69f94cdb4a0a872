import type { Migration } from '../migrate.js';

/** Tables of core/erp (schema types in core/erp/schema.ts): the subject mapping (科目对照) used by voucher export. */
export const migration009Erp: Migration = {
  id: 9,
  name: 'erp',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE erp_subject_map (
        erp text NOT NULL CHECK (erp IN ('kingdee', 'yonyou', 'generic')),
        subject_code text NOT NULL REFERENCES subject (code),
        erp_code text NOT NULL,
        erp_name text NOT NULL DEFAULT '',
        aux_kind text CHECK (aux_kind IN ('customer', 'supplier', 'department', 'employee', 'bank', 'bank_account', 'other_party', 'project')),
        aux_code text,
        aux_name text,
        updated_at text NOT NULL,
        updated_by integer REFERENCES app_user (id),
        PRIMARY KEY (erp, subject_code),
        CHECK (aux_kind IS NOT NULL OR (aux_code IS NULL AND aux_name IS NULL))
      );
    `);
  },
};
