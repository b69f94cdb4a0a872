import type { Migration } from '../migrate.js';

/** What the simulator planted on purpose, so statement files can apply it and reconciliation can be checked against it. */
export const migration003Simulator: Migration = {
  id: 3,
  name: 'simulator',
  up(db) {
    db.sqlite.exec(`
      CREATE TABLE sim_plant (
        id integer PRIMARY KEY,
        sim_date text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('bankExtra', 'platformExtra', 'amountMismatch', 'duplicate', 'timing', 'offset')),
        channel_code text NOT NULL,
        ref text NOT NULL,
        delta_minor integer NOT NULL DEFAULT 0
      );
      CREATE INDEX sim_plant_ref ON sim_plant (channel_code, ref);
      -- statement files are cut by each channel's own day: read payments by channel and channel time
      CREATE INDEX pay_order_channel_time ON pay_order (channel_code, channel_time);
      CREATE INDEX refund_order_channel_time ON refund_order (channel_code, channel_time);
      CREATE TABLE sim_day (
        sim_date text PRIMARY KEY,
        seed integer NOT NULL,
        orders integer NOT NULL,
        plant text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'done')),
        created_at text NOT NULL
      );
    `);
  },
};
