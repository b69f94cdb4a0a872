import type { Generated } from 'kysely';

/**
 * The database schema, declared once. Money columns are integer minor units (`*_minor`);
 * dates are ISO text ('YYYY-MM-DD'), times local wall-clock text ('YYYY-MM-DD HH:mm:ss');
 * booleans are 0/1 integers so the same schema runs on SQLite and PostgreSQL.
 */
export interface AppSettingTable {
  key: string;
  value: string;
}

export type Role = 'operator' | 'reviewer' | 'admin' | 'trainer';

export interface AppUserTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: Role;
  active: number;
  created_at: string;
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

export interface Schema {
  app_setting: AppSettingTable;
  app_user: AppUserTable;
  subject: SubjectTable;
  account: AccountTable;
  accounting_day: AccountingDayTable;
  voucher_sequence: VoucherSequenceTable;
  posting_batch: PostingBatchTable;
  voucher: VoucherTable;
  voucher_line: VoucherLineView;
  account_day_total: AccountDayTotalTable;
  audit_log: AuditLogTable;
  schema_migration: SchemaMigrationTable;
}
