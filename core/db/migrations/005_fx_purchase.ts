// A cross-border payout's foreign-currency purchase (境外收单购汇, docs/domain.md#cross-border-payouts):
// the foreign amount, the rate quoted to the merchant and the rate the bank dealt at. Append-only:
// the books of the purchase are its vouchers, and these figures are what they were computed from.
import type { Migration } from '../migrate.js';

const SCHEMA = String.raw`
CREATE TABLE fx_purchase (
  payout_no text PRIMARY KEY REFERENCES payout_order (payout_no),
  foreign_currency text NOT NULL,
  foreign_minor integer NOT NULL CHECK (foreign_minor > 0),
  quoted_rate text NOT NULL,
  dealt_rate text NOT NULL,
  quoted_minor integer NOT NULL CHECK (quoted_minor > 0),
  dealt_minor integer NOT NULL CHECK (dealt_minor > 0)
);
CREATE TRIGGER fx_purchase_no_update BEFORE UPDATE ON fx_purchase
    BEGIN SELECT RAISE(ABORT, 'fx_purchase is append-only'); END;
CREATE TRIGGER fx_purchase_no_delete BEFORE DELETE ON fx_purchase
    BEGIN SELECT RAISE(ABORT, 'fx_purchase is append-only'); END;
`;

export const migration005FxPurchase: Migration = {
  id: 5,
  name: 'foreign-currency purchases of cross-border payouts',
  up(db) {
    db.sqlite.exec(SCHEMA);
  },
};
