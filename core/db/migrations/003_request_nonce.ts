// The nonces of signed merchant requests seen lately, so a replayed request is refused
// (docs/domain.md#orders). A nonce need only be kept as long as its timestamp stays inside the
// accepted window; older ones are pruned as new ones arrive.
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE request_nonce (
  merchant_id text NOT NULL,
  nonce text NOT NULL,
  request_time text NOT NULL,
  seen_at text NOT NULL,
  PRIMARY KEY (merchant_id, nonce)
);
CREATE INDEX request_nonce_seen ON request_nonce (seen_at);
`;

export const migration003RequestNonce: Migration = {
  id: 3,
  name: 'request nonces',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
