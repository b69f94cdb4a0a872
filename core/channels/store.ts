import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { openAccount } from '../ledger/accounts.js';
import type { Channel, ChannelCode } from './types.js';

/**
 * Write channels into the database and open their ledger accounts: a receivable (应收渠道款) and a
 * fee expense per channel. The internal balance channel settles against prepaid card balances instead.
 */
export function seedChannels(db: Db, channels: readonly Channel[], currency: string, at: string): void {
  db.tx(() => {
    for (const c of channels) {
      db.run(
        db.q.insertInto('channel').values(toRow(c, at)).onConflict((oc) => oc.column('code').doNothing()),
      );
      if (c.code === 'balance') {
        openAccount(db, { ownerKind: 'internal', purpose: 'prepaid_balance', ownerRef: null, currency }, at);
      } else {
        openAccount(db, { ownerKind: 'internal', purpose: 'channel_receivable', ownerRef: c.code, currency, ownerName: c.name }, at);
        openAccount(db, { ownerKind: 'internal', purpose: 'channel_fee_expense', ownerRef: c.code, currency, ownerName: c.name }, at);
      }
    }
  });
}

function toRow(c: Channel, at: string) {
  return {
    code: c.code, name: c.name, name_en: c.nameEn, kind: c.kind, methods: JSON.stringify(c.methods), currencies: JSON.stringify(c.currencies),
    card_types: JSON.stringify(c.cardTypes), fee_rate: c.feeRate, fee_rounding: c.feeRounding, single_max_minor: c.singleMaxMinor,
    daily_max_minor: c.dailyMaxMinor, cutoff: c.cutoff, open_from: c.openFrom, open_to: c.openTo, refund_window_days: c.refundWindowDays,
    status: c.status, success_rate_bp: c.successRateBp, latency_ms: c.latencyMs, updated_at: at,
  };
}

export function loadChannels(db: Db): Channel[] {
  return db.all(db.q.selectFrom('channel').selectAll().orderBy('code')).map((r) => ({
    code: r.code as ChannelCode, name: r.name, nameEn: r.name_en, kind: r.kind as Channel['kind'], methods: JSON.parse(r.methods),
    currencies: JSON.parse(r.currencies), cardTypes: JSON.parse(r.card_types), feeRate: r.fee_rate, feeRounding: r.fee_rounding as Channel['feeRounding'],
    singleMaxMinor: r.single_max_minor, dailyMaxMinor: r.daily_max_minor, cutoff: r.cutoff, openFrom: r.open_from, openTo: r.open_to,
    refundWindowDays: r.refund_window_days, status: r.status, successRateBp: r.success_rate_bp, latencyMs: r.latency_ms,
  }));
}

/** Record a channel's live quality figures (the simulator moves them during the day). */
export function saveQuality(db: Db, c: Pick<Channel, 'code' | 'status' | 'successRateBp' | 'latencyMs'>, at: string): void {
  const { changes } = db.run(
    db.q.updateTable('channel').set({ status: c.status, success_rate_bp: c.successRateBp, latency_ms: c.latencyMs, updated_at: at }).where('code', '=', c.code),
  );
  if (changes !== 1) fail('NOT_FOUND', `no channel ${c.code}`);
}
