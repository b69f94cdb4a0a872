import type { Migration } from '../migrate.js';

/**
 * Reconciliation: import batches (对账批次) and the clearing flows (清算流水) each batch brings:
 * the channel's or bank's lines, normalised, with the row they came from.
 */
export const migration004Recon: Migration = {
  id: 4,
  name: 'recon',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE import_batch (
        id integer PRIMARY KEY,
        channel_code text NOT NULL,
        format text NOT NULL,
        file_name text NOT NULL,
        file_size integer NOT NULL,
        content_hash text NOT NULL,
        encoding text,
        account text,
        status text NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'ABNORMAL')),
        rows integer NOT NULL DEFAULT 0,
        totals text NOT NULL DEFAULT '{}',
        errors text NOT NULL DEFAULT '[]',
        error_count integer NOT NULL DEFAULT 0,
        forced integer NOT NULL DEFAULT 0,
        first_date text,
        last_date text,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        finished_at text
      );
      CREATE INDEX import_batch_hash ON import_batch (content_hash);

      CREATE TABLE clearing_flow (
        id integer PRIMARY KEY,
        batch_id integer NOT NULL REFERENCES import_batch (id),
        row_no integer NOT NULL,
        channel_code text NOT NULL,
        bank_date text NOT NULL,
        booked_at text NOT NULL,
        value_date text,
        direction text NOT NULL CHECK (direction IN ('in', 'out')),
        kind text NOT NULL,
        order_no text,
        channel_trade_no text,
        amount_minor integer NOT NULL CHECK (amount_minor > 0),
        fee_minor integer,
        currency text NOT NULL,
        counterparty text,
        summary text,
        status text NOT NULL DEFAULT 'initial'
      );
      CREATE INDEX clearing_flow_batch ON clearing_flow (batch_id);
      CREATE INDEX clearing_flow_match ON clearing_flow (channel_code, order_no);
      CREATE INDEX clearing_flow_date ON clearing_flow (channel_code, bank_date);

      -- one matching run for a date (and channel); a later run of the same scope supersedes it
      CREATE TABLE recon_run (
        id integer PRIMARY KEY,
        recon_date text NOT NULL,
        channel_code text,
        created_at text NOT NULL,
        created_by integer NOT NULL REFERENCES app_user (id),
        counts text NOT NULL,
        superseded_by integer REFERENCES recon_run (id)
      );
      -- every joined row, with both sides where there are two
      CREATE TABLE recon_result (
        run_id integer NOT NULL REFERENCES recon_run (id),
        outcome text NOT NULL CHECK (outcome IN ('matched', 'amountMismatch', 'bankExtra', 'platformExtra', 'offset', 'timing', 'duplicate')),
        entry_id integer REFERENCES entry_flow (id),
        pair_entry_id integer REFERENCES entry_flow (id),
        clearing_id integer REFERENCES clearing_flow (id),
        our_amount_minor integer,
        their_amount_minor integer
      );
      CREATE INDEX recon_result_run ON recon_result (run_id, outcome);
      CREATE INDEX recon_result_entry ON recon_result (entry_id);
      CREATE INDEX recon_result_clearing ON recon_result (clearing_id);
      -- where each entry flow stands now (entry flows themselves never change)
      CREATE TABLE entry_recon_state (
        entry_id integer PRIMARY KEY REFERENCES entry_flow (id),
        outcome text NOT NULL,
        run_id integer NOT NULL REFERENCES recon_run (id)
      );
    `);
  },
};
