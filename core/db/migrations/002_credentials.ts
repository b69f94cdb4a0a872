// Who may sign in, and how (docs/security.md): a password hash per user, the failed attempts that
// lock an account for a while, and personal API tokens for scripts. The first migration after the
// baseline, kept apart so a desk made before it gains the tables and its admin sets a password
// with `paydesk init` (docs/cli.md#init).
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE user_credential (
  user_id integer PRIMARY KEY REFERENCES app_user (id),
  password_hash text NOT NULL,
  set_at text NOT NULL,
  set_by integer REFERENCES app_user (id),
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until text
);

CREATE TABLE api_token (
  id integer PRIMARY KEY AUTOINCREMENT,
  user_id integer NOT NULL REFERENCES app_user (id),
  token_hash text NOT NULL UNIQUE,
  label text NOT NULL,
  created_at text NOT NULL,
  created_by integer NOT NULL REFERENCES app_user (id),
  expires_at text,
  revoked_at text,
  revoked_by integer REFERENCES app_user (id)
);

CREATE TRIGGER api_token_no_delete BEFORE DELETE ON api_token
    BEGIN SELECT RAISE(ABORT, 'api_token is kept: revoke a token, never delete it'); END;
`;

export const migration002Credentials: Migration = {
  id: 2,
  name: 'credentials',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
