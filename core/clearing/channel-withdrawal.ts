// Channel withdrawal (渠道提现, docs/domain.md#clearing): money a wallet or card scheme holds for the
// platform (其他货币资金-渠道账户余额 1012.01) reaches the bank when the channel pays it out. The
// transfer is booked as an entry flow on the bank channel whose statements show that account, so
// the bank's incoming line is reconciled against it and the balance check covers the whole chain.
import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { formatMinor } from '../money/index.js';
import { netBalanceAt, postVouchers } from '../ledger/index.js';
import { requireBankAccount } from '../balances/accounts.js';
import { BUSINESS_CODES } from '../orders/business-codes.js';
import { settlementTarget } from './targets.js';
import { INSERT_ENTRY_FLOW } from '../orders/ledger-buffer.js';

export interface ChannelWithdrawalInput {
  channel: string;
  currency: string;
  amountMinor: number;
  /** the settlement bank account the channel pays into */
  toAccountNo: string;
  /** accounting date and local time of the transfer */
  date: string;
  occurredAt: string;
  userId: number;
  at: string;
}

export interface ChannelWithdrawal {
  withdrawalNo: string;
  channel: string;
  /** the bank channel whose statement shows the money arriving */
  bankChannel: string;
  toAccountNo: string;
  amountMinor: number;
  currency: string;
  voucherNo: string;
}

/** The bank channel that clears into this ledger account: its statements are the account's. */
function bankChannelOf(db: Db, ledgerAccountId: number, currency: string): string | undefined {
  return db.prepare('SELECT channel_code FROM channel_settlement_account WHERE account_id = ? AND currency = ? ORDER BY channel_code LIMIT 1').pluck().get(ledgerAccountId, currency) as string | undefined;
}

/** Withdraw part or all of a channel's balance to a settlement bank account: Dr bank deposit / Cr channel balance (300201). */
export function withdrawChannelBalance(db: Db, input: ChannelWithdrawalInput): ChannelWithdrawal {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) fail('BAD_INPUT', `a withdrawal is a positive whole number of fen, got ${input.amountMinor}`);
  return db.tx(() => {
    const held = settlementTarget(db, input.channel, input.currency, input.at).account;
    if (held.purpose !== 'channel_balance') {
      fail('CONFLICT', `channel ${input.channel} clears straight into ${held.accountNo}; nothing waits at the channel to be withdrawn`);
    }
    const balance = netBalanceAt(db, held.id, input.date);
    if (input.amountMinor > balance) {
      fail('INSUFFICIENT_FUNDS', `channel ${input.channel} holds ${formatMinor(balance, input.currency)} on ${input.date}, less than the withdrawal ${formatMinor(input.amountMinor, input.currency)}`);
    }
    const bank = requireBankAccount(db, input.toAccountNo);
    if (bank.kind !== 'settlement' || bank.status !== 'normal' || bank.currency !== input.currency) {
      fail('BAD_INPUT', `bank account ${bank.accountNo} is a ${bank.status} ${bank.kind} account in ${bank.currency}: a channel pays out to a normal ${input.currency} settlement account`);
    }
    const bankChannel = bankChannelOf(db, bank.ledgerAccountId, input.currency)
      ?? fail('CONFLICT', `no bank channel clears into ${bank.accountNo}, so no statement could show the withdrawal arriving: set one up first`);
    const seq = (db.prepare('SELECT COUNT(*) FROM entry_flow WHERE business_code = ? AND accounting_date = ?').pluck().get(BUSINESS_CODES.CHANNEL_WITHDRAWAL, input.date) as number) + 1;
    const withdrawalNo = `CW${input.date.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
    const [voucher] = postVouchers({ db, userId: input.userId, at: input.at }, [{
      accountingDate: input.date, businessCode: BUSINESS_CODES.CHANNEL_WITHDRAWAL, summary: `渠道提现 ${input.channel} withdrawal ${withdrawalNo}`, sourceRef: withdrawalNo,
      lines: [
        { accountId: bank.ledgerAccountId, direction: 'D', amountMinor: input.amountMinor },
        { accountId: held.id, direction: 'C', amountMinor: input.amountMinor },
      ],
    }], { auditAction: 'clearing.withdrawChannel' });
    db.prepare(INSERT_ENTRY_FLOW)
      .run(bankChannel, BUSINESS_CODES.CHANNEL_WITHDRAWAL, withdrawalNo, null, 'in', input.amountMinor, input.currency, input.occurredAt, input.date, voucher!.id);
    return { withdrawalNo, channel: input.channel, bankChannel, toAccountNo: bank.accountNo, amountMinor: input.amountMinor, currency: input.currency, voucherNo: voucher!.voucherNo };
  });
}
