// Each morning the simulated wallets and card schemes pay out what they held at the end of the day
// before (自动提现), into the settlement bank: 1012.01 reaches 1002.01 as a real platform's does.
import type { Db } from '../db/index.js';
import { addDays } from '../clock.js';
import { netBalanceAt } from '../ledger/index.js';
import { withdrawChannelBalance, type ChannelWithdrawal } from '../clearing/channel-withdrawal.js';
import { SIM_BANK_ACCOUNTS } from './world.js';

/** The time of day the simulated channels transfer: early, inside every bank's statement day. */
export const WITHDRAWAL_TIME = '08:00:00';

export function withdrawChannelBalances(db: Db, date: string, userId: number, at: string): ChannelWithdrawal[] {
  const held = db.prepare("SELECT id, owner_ref AS channel, currency FROM account WHERE purpose = 'channel_balance' AND status <> 'closed' ORDER BY owner_ref, currency")
    .all() as { id: number; channel: string; currency: string }[];
  const done: ChannelWithdrawal[] = [];
  for (const h of held) {
    const amountMinor = netBalanceAt(db, h.id, addDays(date, -1));
    if (amountMinor <= 0 || h.currency !== 'CNY') continue;
    done.push(withdrawChannelBalance(db, {
      channel: h.channel, currency: h.currency, amountMinor, toAccountNo: SIM_BANK_ACCOUNTS.settlement.no, date, occurredAt: `${date} ${WITHDRAWAL_TIME}`, userId, at,
    }));
  }
  return done;
}
