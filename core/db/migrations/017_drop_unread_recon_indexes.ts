import type { Migration } from '../migrate.js';

/**
 * Two indexes nothing reads any more, each costing a million entries per million-line day:
 * - recon_result (entry_id): no query looks result rows up by entry (an entry's standing is
 *   entry_recon_state, its history recon_history, its actions recon_action);
 * - clearing_flow (channel_code, order_no): matching now reads lines by (channel, bank date,
 *   order number), clearing_flow_date (migration 015), and nothing else looks a line up by number.
 */
export const migration017DropUnreadReconIndexes: Migration = {
  id: 17,
  name: 'drop unread recon indexes',
  up(db) {
    db.sqlite.exec('DROP INDEX recon_result_entry; DROP INDEX clearing_flow_match;');
  },
};
