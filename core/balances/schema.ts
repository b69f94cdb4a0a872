/** Kysely table types of core/balances, merged into the database Schema in core/db/schema.ts. */
import type { Generated } from 'kysely';

/** 账户状态: 正常 normal, 废除 abolished (out of service, still held at the bank), 销户 closed (final). */
export type BankAccountStatus = 'normal' | 'abolished' | 'closed';

/** How a temporary balance came to be: entered by an operator, or carried over from yesterday by the nightly job. */
export type TemporaryBalanceSource = 'registered' | 'carried_over';

/** A bank account the platform holds, linked to its bank deposit (银行存款) account in the ledger. */
export interface BankAccountTable {
  id: Generated<number>;
  account_no: string;
  bank_name: string;
  account_name: string;
  currency: string;
  status: BankAccountStatus;
  ledger_account_id: number;
  opened_at: string;
  status_changed_at: string | null;
}

/**
 * 临时余额: a balance entered (maker) and not yet reviewed (checker). Invisible in the query until
 * reviewed; deleted when a review succeeds or the operator withdraws it. Several may exist for one
 * (account, date): review flags that instead of the register guessing which one counts.
 */
export interface BankBalanceTemporaryTable {
  id: Generated<number>;
  bank_account_id: number;
  balance_date: string;
  balance_minor: number;
  source: TemporaryBalanceSource;
  /** the reviewed day it was carried from (carried_over only) */
  carried_from_date: string | null;
  /** null: the system (the nightly carry-over) */
  registered_by: number | null;
  registered_at: string;
}

/** 实际余额: the reviewed balance of one account on one day. Append-only, one per (account, date). */
export interface BankBalanceTable {
  id: Generated<number>;
  bank_account_id: number;
  balance_date: string;
  balance_minor: number;
  currency: string;
  /** maker side, copied from the temporary balance the review matched */
  source: TemporaryBalanceSource;
  registered_by: number | null;
  registered_at: string;
  /** checker side */
  reviewed_by: number;
  reviewed_at: string;
  review_file: string | null;
  review_row: number | null;
}

/** One run of the carry-over per balance date; the scheduler reads the latest to know what is due. */
export interface BankBalanceCarryRunTable {
  run_date: string;
  ran_at: string;
  carried: number;
  skipped: number;
}

export interface BalancesSchema {
  bank_account: BankAccountTable;
  bank_balance_temporary: BankBalanceTemporaryTable;
  bank_balance: BankBalanceTable;
  bank_balance_carry_run: BankBalanceCarryRunTable;
}
