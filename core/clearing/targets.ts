import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { openAccount, getAccount, type Account } from '../ledger/index.js';

export type FeeMode = 'deducted' | 'accrued';

export interface SettlementTarget {
  account: Account;
  /**
   * deducted: the channel keeps its fee out of each payment (wallets, card schemes), so clearing
   * books it as spent; accrued: the bank pays gross and bills its fee later, so clearing books it
   * as payable (应付渠道手续费).
   */
  feeMode: FeeMode;
}

/** Name the account a channel's cleared money lands in (a bank deposit account, usually). */
export function setSettlementTarget(db: Db, input: { channel: string; currency: string; accountId: number; feeMode: FeeMode }): void {
  const account = getAccount(db, input.accountId);
  if (account.currency !== input.currency) fail('BAD_INPUT', `account ${account.accountNo} is in ${account.currency}, not ${input.currency}`);
  if (!['bank_deposit', 'reserve', 'channel_balance'].includes(account.purpose)) {
    fail('BAD_INPUT', `account ${account.accountNo} is a ${account.purpose} account; cleared money lands in a bank deposit, reserve or channel balance account`);
  }
  db.prepare(`INSERT INTO channel_settlement_account (channel_code, currency, account_id, fee_mode) VALUES (?, ?, ?, ?)
              ON CONFLICT (channel_code, currency) DO UPDATE SET account_id = excluded.account_id, fee_mode = excluded.fee_mode`)
    .run(input.channel, input.currency, input.accountId, input.feeMode);
}

/**
 * Where a channel's money lands: the configured account, or else the channel's own balance
 * (其他货币资金-渠道账户余额: money held at Alipay or WeChat until withdrawn), fee deducted.
 */
export function settlementTarget(db: Db, channel: string, currency: string, at: string): SettlementTarget {
  const row = db.prepare('SELECT account_id, fee_mode FROM channel_settlement_account WHERE channel_code = ? AND currency = ?').get(channel, currency) as
    | { account_id: number; fee_mode: FeeMode } | undefined;
  if (row) return { account: getAccount(db, row.account_id), feeMode: row.fee_mode };
  return { account: openAccount(db, { ownerKind: 'internal', purpose: 'channel_balance', ownerRef: channel, currency }, at), feeMode: 'deducted' };
}

/** Accounts that stand for real money at a bank or channel (银存类): the debit of an income hang-up, the credit of an expense one. */
export const BANK_SIDE_PURPOSES: ReadonlySet<string> = new Set(['bank_deposit', 'reserve', 'channel_balance']);
/** Write-off accounts (销账账户): suspense income and suspense expense. */
export const WRITE_OFF_PURPOSES: ReadonlySet<string> = new Set(['suspense_income', 'suspense_expense']);
