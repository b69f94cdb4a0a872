import type { Db } from '../db/index.js';
import { postVouchers, type VoucherDraft } from '../ledger/post.js';
import { getAccount } from '../ledger/accounts.js';

export interface EntryFlowDraft {
  channelCode: string;
  businessCode: string;
  orderNo: string;
  channelTradeNo: string | null;
  direction: 'in' | 'out';
  amountMinor: number;
  currency: string;
  occurredAt: string;
  accountingDate: string;
}

/**
 * One entry flow (入账流水), as every writer adds it: channel, business code, order no, channel
 * trade no, direction, amount, currency, occurred at, accounting date, voucher id.
 */
export const INSERT_ENTRY_FLOW = `INSERT INTO entry_flow (channel_code, business_code, order_no, channel_trade_no, direction, amount_minor, currency, occurred_at, accounting_date, voucher_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * A unit of work for the payment engine: each business event adds its voucher with the entry
 * flows that point at it. Nothing reaches the ledger until flush(), which posts every voucher in
 * one batch and then writes the entry flows with their voucher ids — all inside the caller's
 * transaction, so an event is booked whole or not at all.
 * Projected balances include what is buffered, so a refund sees the payments before it.
 */
export class LedgerBuffer {
  private vouchers: VoucherDraft[] = [];
  private entries: { voucherIndex: number; flow: EntryFlowDraft }[] = [];
  private readonly balances = new Map<number, number>();
  private readonly directions = new Map<number, 'D' | 'C'>();

  constructor(
    private readonly db: Db,
    private readonly post: { userId: number; at: string },
  ) {}

  add(voucher: VoucherDraft, entries: EntryFlowDraft[] = []): void {
    const index = this.vouchers.length;
    this.vouchers.push(voucher);
    for (const flow of entries) this.entries.push({ voucherIndex: index, flow });
    for (const line of voucher.lines) {
      const balance = this.projectedBalance(line.accountId);
      const normal = this.directions.get(line.accountId)!;
      this.balances.set(line.accountId, balance + (line.direction === normal ? line.amountMinor : -line.amountMinor));
    }
  }

  /** Account balance on its normal side including buffered vouchers, less its frozen part. */
  projectedBalance(accountId: number): number {
    let balance = this.balances.get(accountId);
    if (balance === undefined) {
      const account = getAccount(this.db, accountId);
      this.directions.set(accountId, account.balanceDirection);
      balance = account.availableMinor;
      this.balances.set(accountId, balance);
    }
    return balance;
  }

  get pending(): number {
    return this.vouchers.length;
  }

  flush(): void {
    if (this.vouchers.length === 0) return;
    const posted = postVouchers({ db: this.db, ...this.post }, this.vouchers, { auditAction: 'payments.post' });
    const insertEntry = this.db.prepare(INSERT_ENTRY_FLOW);
    for (const { voucherIndex, flow: f } of this.entries) {
      insertEntry.run(f.channelCode, f.businessCode, f.orderNo, f.channelTradeNo, f.direction, f.amountMinor, f.currency, f.occurredAt, f.accountingDate, posted[voucherIndex]!.id);
    }
    this.vouchers = [];
    this.entries = [];
    // Balances stay cached: they already include what was just posted.
  }
}
