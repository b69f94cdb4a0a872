// A compensation above the original payment (超额赔付, docs/domain.md#refunds): the payout that paid
// the part above the original, tied to its order and to the refund of what was left. Append-only:
// the money is in the payout's voucher; this row says why it was paid.
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE compensation (
  payout_no text PRIMARY KEY REFERENCES payout_order (payout_no),
  order_no text NOT NULL REFERENCES pay_order (order_no),
  refund_no text REFERENCES refund_order (refund_no),
  reason text NOT NULL CHECK (length(trim(reason)) > 0)
);
CREATE INDEX compensation_by_order ON compensation (order_no);
CREATE TRIGGER compensation_no_update BEFORE UPDATE ON compensation
    BEGIN SELECT RAISE(ABORT, 'compensation is append-only'); END;
CREATE TRIGGER compensation_no_delete BEFORE DELETE ON compensation
    BEGIN SELECT RAISE(ABORT, 'compensation is append-only'); END;
`;

export const migration007Compensation: Migration = {
  id: 7,
  name: 'compensations above the original payment',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
