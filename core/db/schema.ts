import type { Generated } from 'kysely';
import type { SuspenseSchema } from '../suspense/schema.js';
import type { BalancesSchema } from '../balances/schema.js';
import type { ErpSchema } from '../erp/schema.js';
import type { SettlementSchema } from '../settlement/schema.js';

/**
 * The database schema, declared once. Money columns are integer minor units (`*_minor`);
 * dates are ISO text ('YYYY-MM-DD'), times local wall-clock text ('YYYY-MM-DD HH:mm:ss');
 * booleans are 0/1 integers so the same schema runs on SQLite and PostgreSQL.
 */
export interface AppSettingTable {
  key: string;
  value: string;
}

import type { ProfileFormat, Role } from '../shared/rules.js';

export type { Role };

export interface AppUserTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: Role;
  active: number;
  created_at: string;
}

/** A user's password (a scrypt hash, never the password) and the failures that lock them out for a while. */
export interface UserCredentialTable {
  user_id: number;
  password_hash: string;
  set_at: string;
  set_by: number | null;
  failed_attempts: Generated<number>;
  locked_until: string | null;
}

/** A personal API token for scripts (its SHA-256; the token itself is shown once, when issued). */
export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  label: string;
  created_at: string;
  created_by: number;
  expires_at: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
}

/** A signed merchant request's nonce, kept while its timestamp is inside the accepted window (replays refused). */
export interface RequestNonceTable {
  merchant_id: string;
  nonce: string;
  request_time: string;
  seen_at: string;
}

export type Direction = 'D' | 'C';
export type SubjectCategory = 'asset' | 'liability' | 'common' | 'equity' | 'cost' | 'profit_loss';

/** 会计科目: a node of the chart of accounts; roots are general-ledger subjects, leaves detail subjects. */
export interface SubjectTable {
  code: string;
  name: string;
  name_en: string;
  parent_code: string | null;
  level: number;
  category: SubjectCategory;
  balance_direction: Direction;
  is_leaf: number;
}

export type AccountStatus = 'open' | 'closed';
export type OwnerKind = 'internal' | 'merchant';

/** 账户: holds money under one leaf subject; running debit/credit totals kept in step with its lines. */
export interface AccountTable {
  id: Generated<number>;
  account_no: string;
  name: string;
  subject_code: string;
  currency: string;
  owner_kind: OwnerKind;
  owner_ref: string | null;
  purpose: string;
  status: AccountStatus;
  balance_direction: Direction;
  debit_minor: number;
  credit_minor: number;
  frozen_minor: number;
  opened_at: string;
  closed_at: string | null;
}

export interface AccountingDayTable {
  date: string;
  status: 'open' | 'closed';
  closed_at: string | null;
  closed_by: number | null;
}

export interface VoucherSequenceTable {
  accounting_date: string;
  last_seq: number;
}

/** One posting call: who posted, when. Vouchers point here instead of repeating it on every row. */
export interface PostingBatchTable {
  id: Generated<number>;
  created_at: string;
  created_by: number;
  action: string;
  voucher_count: number;
}

/**
 * 凭证: append-only. Its number is (accounting_date, seq), shown as 'YYYYMMDD-NNNNNN'.
 * A voucher is an immutable document, so its lines are stored inside it (`lines`, a JSON array of
 * [account_id, direction, amount_minor, summary?]); the `voucher_line` view unpacks them for SQL.
 * A correction is a new voucher whose reverses_id names the one it reverses.
 */
export interface VoucherTable {
  id: number;
  accounting_date: string;
  seq: number;
  business_code: string;
  summary: string;
  source_ref: string | null;
  reverses_id: number | null;
  batch_id: number;
  line_count: number;
  lines: string;
}

/** 凭证审核: the second person on a manual voucher or a reversal; append-only. */
export interface VoucherReviewTable {
  voucher_id: number;
  reviewed_by: number;
  reviewed_at: string;
}

/** View over voucher.lines: one row per 分录; subject and currency come from the account. */
export interface VoucherLineView {
  voucher_id: number;
  line_no: number;
  account_id: number;
  direction: Direction;
  amount_minor: number;
  /** null: the voucher's own summary */
  summary: string | null;
}

/** Per account per accounting date debit/credit totals: what the trial balance reads. */
export interface AccountDayTotalTable {
  account_id: number;
  accounting_date: string;
  debit_minor: number;
  credit_minor: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface SchemaMigrationTable {
  id: number;
  name: string;
  applied_at: string;
}

export interface CustomerTable { id: string; name: string; kind: 'company' | 'person'; created_at: string }
export interface CustomerUserTable { id: Generated<number>; customer_id: string; login: string; role: 'merchant_admin' | 'merchant_operator' | 'payer'; created_at: string }
export interface MerchantTable { id: string; customer_id: string; name: string; sign_key: string; status: 'active' | 'suspended'; created_at: string }
export type SettlementCycle = 'D0' | 'D1' | 'T1' | 'Dn';
export interface MerchantProductTable {
  merchant_id: string; product: string; fee_rate: string; fee_rounding: string;
  settlement_cycle: SettlementCycle; settlement_days: number; status: 'open' | 'closed';
}
export interface ChannelTable {
  code: string; name: string; name_en: string; kind: string; methods: string; currencies: string; card_types: string;
  fee_rate: string; fee_rounding: string; single_max_minor: number; daily_max_minor: number; cutoff: string;
  open_from: string | null; open_to: string | null; refund_window_days: number; status: 'up' | 'degraded' | 'down';
  success_rate_bp: number; latency_ms: number; updated_at: string;
}
export type OrderStatus = 'pending' | 'failed' | 'succeeded' | 'partially_refunded' | 'refunded' | 'cancelled';
export type OrderKind = 'pay' | 'split' | 'combined' | 'combined_part';
export interface PayOrderTable {
  id: number; order_no: string; merchant_id: string; merchant_order_no: string; payer_id: string; method: string;
  kind: OrderKind; parent_id: number | null; channel_code: string | null; amount_minor: number; currency: string;
  fee_minor: number; channel_fee_minor: number; status: OrderStatus; refunded_minor: number; fee_returned_minor: number;
  created_at: string; expires_at: string; paid_at: string | null; channel_time: string | null; channel_trade_no: string | null;
  accounting_date: string | null; settled_date: string | null; risk_decision: string; risk_rule: string | null; route_reason: string;
  failure_reason: string | null; business_synced: number; notify_status: 'none' | 'pending' | 'delivered' | 'gave_up';
}
export interface SplitReceiverTable { order_id: number; receiver_id: string; amount_minor: number; fee_minor: number; refunded_minor: number }
export interface RefundOrderTable {
  id: number; refund_no: string; order_id: number; amount_minor: number; fee_returned_minor: number; channel_code: string;
  route: 'original' | 'payout' | 'balance'; status: 'succeeded' | 'failed'; reason: string; created_at: string;
  channel_time: string | null; channel_trade_no: string | null; accounting_date: string;
}
export interface RefundShareTable { refund_id: number; receiver_id: string; amount_minor: number; fee_returned_minor: number }
/** View: derived from successful payments, split shares and refunds. */
export interface TransFlowTable {
  merchant_id: string; type: '1' | '2'; order_id: number; refund_id: number | null;
  amount_minor: number; currency: string; occurred_at: string; accounting_date: string;
}
/** View: the transaction flow with fees. */
export interface FundFlowTable {
  merchant_id: string; item: 'pay' | 'fee' | 'refund' | 'fee_return'; order_id: number; refund_id: number | null;
  amount_minor: number; currency: string; occurred_at: string; accounting_date: string;
}
export interface EntryFlowTable {
  id: Generated<number>; channel_code: string; business_code: string; order_no: string; channel_trade_no: string | null;
  direction: 'in' | 'out'; amount_minor: number; currency: string; occurred_at: string; accounting_date: string; voucher_id: number;
}
export interface NotificationTable { id: Generated<number>; order_id: number; attempt: number; due_at: string; sent_at: string | null; outcome: 'due' | 'delivered' | 'failed' }
export interface DuplicatePaymentTable {
  id: Generated<number>; order_id: number; first_order_id: number; merchant_id: string; merchant_order_no: string;
  amount_minor: number; detected_at: string; status: 'open' | 'confirmed' | 'refunded';
}
export interface PayoutOrderTable {
  id: Generated<number>; payout_no: string; merchant_id: string; amount_minor: number; currency: string; bank_account: string;
  status: 'sent' | 'succeeded' | 'refilled'; created_at: string; accounting_date: string;
}

export interface SimPlantTable { id: Generated<number>; sim_date: string; kind: string; channel_code: string; ref: string; delta_minor: number }
export interface MerchantRecoveryTable {
  id: Generated<number>; merchant_id: string; business_date: string; theirs: number; ours: number; recovered: string; theirs_only: string; ours_only: string;
  created_at: string; created_by: number;
}
export interface SimBankDayTable { account_no: string; sim_date: string; opening_minor: number; closing_minor: number }
export interface SimDayTable { sim_date: string; seed: number; orders: number; plant: string; status: 'running' | 'done'; created_at: string }

export type BatchStatus = 'RUNNING' | 'DONE' | 'ABNORMAL';
export interface ImportBatchTable {
  id: Generated<number>; channel_code: string; format: string; file_name: string; file_size: number; content_hash: string;
  encoding: string | null; account: string | null; status: BatchStatus; rows: number; totals: string; errors: string; error_count: number;
  forced: number; first_date: string | null; last_date: string | null; created_at: string; created_by: number; finished_at: string | null;
  /** its lines are rowids first_line..last_line of clearing_flow (null: no lines, or a batch still writing) */
  first_line: number | null; last_line: number | null;
}
export interface ClearingFlowTable {
  id: Generated<number>; batch_id: number; row_no: number; channel_code: string; bank_date: string; booked_at: string; value_date: string | null;
  direction: 'in' | 'out'; kind: string; order_no: string | null; channel_trade_no: string | null; amount_minor: number; fee_minor: number | null;
  currency: string; counterparty: string | null; summary: string | null; status: string;
  /** a person's classification of a bank-extra line (7001xx), and the voucher that hung it up */
  business_code: string | null; voucher_id: number | null;
}

export interface ReconRunTable {
  id: Generated<number>; recon_date: string; channel_code: string | null; created_at: string; created_by: number; counts: string; superseded_by: number | null;
  /** the run's result rows are rowids first_result..last_result (none when last < first); null only for a run still writing */
  first_result: number | null; last_result: number | null;
}

export type StrategyAction = 'supplement' | 'refund' | 'hang_up' | 'manual' | 'wait';
export interface ErrorStrategyTable {
  id: Generated<number>; channel_code: string | null; txn_type: 'pay' | 'refund' | 'payout';
  our_result: 'missing' | 'pending' | 'failed' | 'succeeded'; their_result: 'success' | 'missing' | 'amount_differs';
  action: StrategyAction; automatic: number; note: string; updated_at: string; updated_by: number | null;
}

export interface ReconConfirmationTable {
  id: Generated<number>; run_id: number; recon_date: string; groups: string; confirmed_by: number; confirmed_at: string;
}

export interface ImportProfileTable {
  id: Generated<number>; name: string; format: ProfileFormat | null; channel_code: string | null; mapping: string;
  created_at: string; created_by: number; updated_at: string; updated_by: number;
}

/** Every table; later modules declare theirs beside their code and are merged here. */
export interface Schema extends SuspenseSchema, BalancesSchema, ErpSchema, SettlementSchema {
  import_profile: ImportProfileTable;
  recon_confirmation: ReconConfirmationTable;
  error_strategy: ErrorStrategyTable;
  recon_run: ReconRunTable;
  import_batch: ImportBatchTable;
  clearing_flow: ClearingFlowTable;
  sim_plant: SimPlantTable;
  sim_day: SimDayTable;
  sim_bank_day: SimBankDayTable;
  merchant_recovery: MerchantRecoveryTable;
  customer: CustomerTable;
  customer_user: CustomerUserTable;
  merchant: MerchantTable;
  merchant_product: MerchantProductTable;
  channel: ChannelTable;
  pay_order: PayOrderTable;
  split_receiver: SplitReceiverTable;
  refund_order: RefundOrderTable;
  refund_share: RefundShareTable;
  trans_flow: TransFlowTable;
  fund_flow: FundFlowTable;
  entry_flow: EntryFlowTable;
  notification: NotificationTable;
  duplicate_payment: DuplicatePaymentTable;
  payout_order: PayoutOrderTable;
  app_setting: AppSettingTable;
  app_user: AppUserTable;
  user_credential: UserCredentialTable;
  api_token: ApiTokenTable;
  request_nonce: RequestNonceTable;
  subject: SubjectTable;
  account: AccountTable;
  accounting_day: AccountingDayTable;
  voucher_sequence: VoucherSequenceTable;
  posting_batch: PostingBatchTable;
  voucher: VoucherTable;
  voucher_line: VoucherLineView;
  voucher_review: VoucherReviewTable;
  account_day_total: AccountDayTotalTable;
  audit_log: AuditLogTable;
  schema_migration: SchemaMigrationTable;
}
