// Month end (期末结账, docs/domain.md#month-end): a closed month, who closed it and the figures it
// closed on. Append-only: a closed period is never reopened, so a month's statements stay as filed.
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE accounting_period (
  month text PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  closed_at text NOT NULL,
  closed_by integer NOT NULL REFERENCES app_user (id),
  figures text NOT NULL
);
CREATE TRIGGER accounting_period_no_update BEFORE UPDATE ON accounting_period
    BEGIN SELECT RAISE(ABORT, 'accounting_period is append-only'); END;
CREATE TRIGGER accounting_period_no_delete BEFORE DELETE ON accounting_period
    BEGIN SELECT RAISE(ABORT, 'accounting_period is append-only'); END;
`;

export const migration006AccountingPeriod: Migration = {
  id: 6,
  name: 'closed accounting periods (months)',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
