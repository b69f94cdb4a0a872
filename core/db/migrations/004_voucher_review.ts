// The second person on a manual voucher or a reversal (制单 → 审核, docs/security.md#maker-checker):
// who reviewed it and when. Append-only, like the voucher it belongs to. And an index the bank
// balance check needs to find a statement line in history, and the summary an entry's actions.
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE voucher_review (
  voucher_id integer PRIMARY KEY REFERENCES voucher (id),
  reviewed_by integer NOT NULL REFERENCES app_user (id),
  reviewed_at text NOT NULL
);
CREATE TRIGGER voucher_review_no_update BEFORE UPDATE ON voucher_review
    BEGIN SELECT RAISE(ABORT, 'voucher_review is append-only'); END;
CREATE TRIGGER voucher_review_no_delete BEFORE DELETE ON voucher_review
    BEGIN SELECT RAISE(ABORT, 'voucher_review is append-only'); END;

-- the balance check asks whether a statement line reached history (confirmed by an earlier run)
CREATE INDEX recon_history_clearing ON recon_history (clearing_id);
-- the summary asks whether an entry was offset at a close-day
CREATE INDEX recon_action_entry ON recon_action (entry_id);
`;

export const migration004VoucherReview: Migration = {
  id: 4,
  name: 'voucher reviews, history by statement line',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
