import type { Generated } from 'kysely';

/** Kysely table types of core/suspense, merged into the database Schema in core/db/schema.ts. */
export interface SuspenseItemTable {
  id: Generated<number>; kind: 'income' | 'expense'; voucher_id: number; origin_item_id: number | null; parent_item_id: number | null;
  bank_account_id: number; bank_name: string; suspense_account_id: number; amount_minor: number; currency: string;
  suspense_code: string | null; summary: string; status: 'to_review' | 'open' | 'written_off';
  created_at: string; created_by: number; reviewed_at: string | null; reviewed_by: number | null;
}
export interface SuspenseWriteoffTable {
  id: Generated<number>; item_id: number; voucher_id: number; amount_minor: number; remainder_item_id: number | null; created_at: string; created_by: number;
}
export interface SuspenseSchema {
  suspense_item: SuspenseItemTable;
  suspense_writeoff: SuspenseWriteoffTable;
}
