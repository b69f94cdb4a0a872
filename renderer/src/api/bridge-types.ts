// The types of `window.paydesk` come from electron/bridge-types.ts (type-only: nothing of the core
// or of Electron reaches the bundle). A few renderer-side names and row shapes are added here.
import type { BridgeMethod, BridgeInput, BridgeOutput } from '../../../electron/bridge-types.js';

export type {
  PayDeskBridge, HostInfo, IpcError, IpcResponse, MethodName, PayDeskProgress, SessionUser, SignedInUser,
} from '../../../electron/bridge-types.js';
// The core's own definitions (core/shared/rules.ts), never copies.
export { OUTCOMES, type Outcome, type Role } from '../../../core/shared/rules.js';

export type AppMethod = BridgeMethod;
export type AppInput<M extends AppMethod> = BridgeInput<M>;
export type AppOutput<M extends AppMethod> = BridgeOutput<M>;

/** One row of recon.results. */
export type ResultRow = AppOutput<'recon.results'>['rows'][number];

/** recon.resultDetail's statement line: the clearing_flow row with its batch's file. */
export interface ClearingDetail {
  id: number; batch_id: number; row_no: number; channel_code: string; bank_date: string; booked_at: string; value_date: string | null;
  direction: 'in' | 'out'; kind: string; order_no: string | null; channel_trade_no: string | null; amount_minor: number; fee_minor: number | null;
  currency: string; counterparty: string | null; summary: string | null; status: string; business_code: string | null; voucher_id: number | null;
  file_name: string; format: string; account: string | null;
}

/** recon.resultDetail's platform record: the entry_flow row with its voucher number. */
export interface EntryDetail {
  id: number; channel_code: string; business_code: string; order_no: string; channel_trade_no: string | null; direction: 'in' | 'out';
  amount_minor: number; currency: string; occurred_at: string; accounting_date: string; voucher_id: number; voucher_no: string | null;
}

export interface OrderDetail {
  order_no: string; merchant_id: string; method: string; channel_code: string; amount_minor: number; fee_minor: number | null;
  status: string; created_at: string; paid_at: string | null; accounting_date: string | null; settled_date: string | null;
}

export interface ActionDetail {
  action: string; status: 'done' | 'to_do'; detail: string; at: string; user_id: number;
}

export interface RowDetail {
  clearing: ClearingDetail | null;
  entry: EntryDetail | null;
  order: OrderDetail | null;
  actions: ActionDetail[];
}
