import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isIsoDate } from '../clock.js';
import { openAccount, postVouchers, voucherNoSql, type LineDraft } from '../ledger/index.js';
import { channelFee } from '../channels/defaults.js';
import { loadChannels } from '../channels/store.js';
import type { Channel } from '../channels/types.js';
import { BUSINESS_CODES, OFF_RECEIVABLE_SQL } from '../orders/business-codes.js';
import { settlementTarget } from './targets.js';

export interface ChannelClearing {
  channel: string;
  currency: string;
  entries: number;
  /** money in: payments the channel confirmed */
  grossMinor: number;
  /** money out: refunds (and, on the payout channel, payouts) the channel confirmed */
  refundsMinor: number;
  /** channel fees on those lines: charged on money in and on payouts, returned on refunds */
  feesMinor: number;
  /** what lands in the settlement account: gross − refunds − fees kept at source */
  netMinor: number;
  feeMode: 'deducted' | 'accrued';
  voucherNo: string | null;
}

/**
 * Entry flows ready to clear: matched by reconciliation (or supplemented from a statement line),
 * of a channel with a receivable (not the internal balance channel), not a suspense hang-up or a channel withdrawal,
 * not cleared before. Timing differences cleared by a later run are picked up by that day's clearing.
 */
const READY = `FROM entry_flow e JOIN entry_recon_state s ON s.entry_id = e.id
  WHERE s.outcome = 'matched' AND e.accounting_date <= ? AND e.channel_code <> 'balance' AND ${OFF_RECEIVABLE_SQL}
    AND NOT EXISTS (SELECT 1 FROM channel_clearing_entry x WHERE x.entry_id = e.id)`;

/** The fee a channel charges (+) or gives back (−) on one confirmed line. */
export function lineFee(channel: Channel, direction: 'in' | 'out', amountMinor: number): number {
  const fee = channelFee(channel, amountMinor);
  if (direction === 'in' || channel.kind === 'payout') return fee;
  return -fee;
}

/**
 * Channel clearing (渠道轧差) for a day, after reconciliation: per channel, net what the channel
 * confirmed and carry it from the channel receivable to the account the money lands in:
 *   Dr settlement account (net) + Dr channel fee expense (fees) / Cr channel receivable (gross − refunds)
 * with the fee either kept by the channel at source or accrued as payable to the bank. One
 * transaction; each entry flow is cleared once, so running it again clears only what is new.
 */
export function clearChannels(db: Db, options: { date: string; userId: number; at: string }): ChannelClearing[] {
  if (!isIsoDate(options.date)) fail('BAD_INPUT', `date must be YYYY-MM-DD, got "${options.date}"`);
  const channels = new Map<string, Channel>(loadChannels(db).map((c) => [c.code, c]));
  return db.tx(() => {
    const sums = new Map<string, { channel: string; currency: string; entries: number; gross: number; refunds: number; fees: number }>();
    const rows = db.prepare(`SELECT e.channel_code AS channel, e.currency, e.direction, e.amount_minor AS amount ${READY}`).raw().iterate(options.date) as IterableIterator<[string, string, 'in' | 'out', number]>;
    for (const [code, currency, direction, amount] of rows) {
      const key = `${code}|${currency}`;
      let s = sums.get(key);
      if (!s) sums.set(key, (s = { channel: code, currency, entries: 0, gross: 0, refunds: 0, fees: 0 }));
      s.entries++;
      if (direction === 'in') s.gross += amount;
      else s.refunds += amount;
      s.fees += lineFee(channels.get(code) ?? fail('NOT_FOUND', `entry flows name channel ${code}, which is not set up`), direction, amount);
    }
    const out: ChannelClearing[] = [];
    for (const s of [...sums.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.currency.localeCompare(b.currency))) {
      const target = settlementTarget(db, s.channel, s.currency, options.at);
      const receivable = openAccount(db, { ownerKind: 'internal', purpose: 'channel_receivable', ownerRef: s.channel, currency: s.currency }, options.at);
      const feeExpense = openAccount(db, { ownerKind: 'internal', purpose: 'channel_fee_expense', ownerRef: s.channel, currency: s.currency }, options.at);
      const deducted = target.feeMode === 'deducted' ? s.fees : 0;
      const net = s.gross - s.refunds - deducted;
      const lines: LineDraft[] = [];
      const add = (accountId: number, debitMinor: number, summary: string) => {
        if (debitMinor !== 0) lines.push({ accountId, direction: debitMinor > 0 ? 'D' : 'C', amountMinor: Math.abs(debitMinor), summary });
      };
      add(target.account.id, net, `渠道轧差 net ${s.channel}`);
      add(receivable.id, -(s.gross - s.refunds), `应收渠道款核销 receivable cleared ${s.channel}`);
      add(feeExpense.id, s.fees, `渠道手续费 channel fees ${s.channel}`);
      if (target.feeMode === 'accrued') {
        const payable = openAccount(db, { ownerKind: 'internal', purpose: 'channel_fee_payable', ownerRef: s.channel, currency: s.currency }, options.at);
        add(payable.id, -s.fees, `应付渠道手续费 fees payable ${s.channel}`);
      }
      const [voucher] = lines.length < 2 ? [] : postVouchers({ db, userId: options.userId, at: options.at }, [{
        accountingDate: options.date, businessCode: BUSINESS_CODES.CLEARING, summary: `渠道清算 ${s.channel} channel clearing ${options.date}`, sourceRef: s.channel, lines,
      }], { auditAction: 'clearing.channel' });
      const id = db.prepare(`INSERT INTO channel_clearing (clearing_date, channel_code, currency, entry_count, gross_minor, refunds_minor, fees_minor, net_minor, fee_mode, voucher_id, created_at, created_by)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(options.date, s.channel, s.currency, s.entries, s.gross, s.refunds, s.fees, net, target.feeMode, voucher?.id ?? null, options.at, options.userId).lastInsertRowid;
      db.prepare(`INSERT INTO channel_clearing_entry (entry_id, clearing_id) SELECT e.id, ? ${READY} AND e.channel_code = ? AND e.currency = ?`).run(id, options.date, s.channel, s.currency);
      out.push({ channel: s.channel, currency: s.currency, entries: s.entries, grossMinor: s.gross, refundsMinor: s.refunds, feesMinor: s.fees, netMinor: net, feeMode: target.feeMode, voucherNo: voucher?.voucherNo ?? null });
    }
    appendAudit(db, { at: options.at, userId: options.userId, action: 'clearing.run', entity: 'accounting_day', entityId: options.date, detail: { channels: out.length } });
    return out;
  });
}

/** Channel clearings booked for a date (the settlement screen's first table). */
export function listClearings(db: Db, date: string): (ChannelClearing & { id: number })[] {
  const rows = db.prepare(`SELECT c.*, ${voucherNoSql('v')} AS voucher_no
                           FROM channel_clearing c LEFT JOIN voucher v ON v.id = c.voucher_id WHERE c.clearing_date = ? ORDER BY c.id`).all(date) as {
    id: number; channel_code: string; currency: string; entry_count: number; gross_minor: number; refunds_minor: number; fees_minor: number; net_minor: number; fee_mode: 'deducted' | 'accrued'; voucher_no: string | null }[];
  return rows.map((r) => ({ id: r.id, channel: r.channel_code, currency: r.currency, entries: r.entry_count, grossMinor: r.gross_minor, refundsMinor: r.refunds_minor,
    feesMinor: r.fees_minor, netMinor: r.net_minor, feeMode: r.fee_mode, voucherNo: r.voucher_no }));
}
