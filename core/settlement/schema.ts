import type { Generated } from 'kysely';

/** Kysely table types of core/clearing and core/settlement, merged into the database Schema in core/db/schema.ts. */
export interface ChannelSettlementAccountTable { channel_code: string; currency: string; account_id: number; fee_mode: 'deducted' | 'accrued' }
export interface ChannelClearingTable {
  id: Generated<number>; clearing_date: string; channel_code: string; currency: string; entry_count: number; gross_minor: number;
  refunds_minor: number; fees_minor: number; net_minor: number; fee_mode: string; voucher_id: number | null; created_at: string; created_by: number;
}
export interface ChannelClearingEntryTable { entry_id: number; clearing_id: number }
export interface SettlementRunTable { id: Generated<number>; settle_date: string; created_at: string; created_by: number }
export interface MerchantSettlementTable {
  id: Generated<number>; run_id: number; merchant_id: string; currency: string; order_count: number; amount_minor: number; voucher_id: number | null;
}
export interface SettlementOrderTable { order_id: number; receiver_id: string; settlement_id: number; amount_minor: number }
/** `reason`: the open error that holds the order, a HoldReason (core/shared/settlement.ts) */
export interface SettlementHoldTable { run_id: number; order_id: number; merchant_id: string; amount_minor: number; reason: string }
export interface DayCloseReportTable { id: Generated<number>; close_date: string; closed: number; checks: string; created_at: string; created_by: number }

export interface SettlementSchema {
  channel_settlement_account: ChannelSettlementAccountTable;
  channel_clearing: ChannelClearingTable;
  channel_clearing_entry: ChannelClearingEntryTable;
  settlement_run: SettlementRunTable;
  merchant_settlement: MerchantSettlementTable;
  settlement_order: SettlementOrderTable;
  settlement_hold: SettlementHoldTable;
  day_close_report: DayCloseReportTable;
}
