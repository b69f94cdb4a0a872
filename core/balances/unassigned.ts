// Bank statements that no bank account of ours owns (docs/domain.md#bank-balances): said at import,
// shown on the batch, and listed by the balance check as unassigned outstanding items, so no
// statement drops out of the check without a word.
import type { Db } from '../db/index.js';
import type { DayCheck } from '../settlement/checks.js';
import { formatMinor } from '../money/index.js';
import { DEFAULT_CHANNELS } from '../channels/defaults.js';

/**
 * Channels whose statements are a bank account's: the bank gateway and the payout bank. From the
 * channel definitions, not the channel table, which a desk that was only initialised has not filled.
 */
const BANK_CHANNELS: readonly string[] = DEFAULT_CHANNELS.filter((c) => c.kind === 'bank' || c.kind === 'payout').map((c) => c.code);
const BANK_CHANNELS_SQL = BANK_CHANNELS.map((c) => `'${c}'`).join(', ');

export interface AccountWarning {
  /** the account number the statement names, or null when it names none */
  account: string | null;
  message: string;
  messageZh: string;
}

/** Why a batch of a bank channel is tied to no bank account of ours, or null when it is (or is not a bank statement). */
export function accountWarningOf(db: Db, batch: { channel_code: string; account: string | null }): AccountWarning | null {
  if (!BANK_CHANNELS.includes(batch.channel_code)) return null;
  if (batch.account === null) {
    return { account: null, message: 'the statement names no account number: its lines are outside every bank balance check until it is re-imported with one',
      messageZh: '对账单未写明账号：在重新导入前，其流水不计入任何银行余额核对' };
  }
  if (db.prepare('SELECT 1 FROM bank_account WHERE account_no = ?').get(batch.account)) return null;
  return { account: batch.account, message: `account ${batch.account} is not one of our bank accounts: register it (Settings → Bank accounts) so its balance check counts these lines`,
    messageZh: `账号 ${batch.account} 不是已登记的银行账户：请在“设置 → 银行账户”中登记，余额核对才会计入这些流水` };
}

export interface UnassignedItem {
  clearingId: number;
  batchId: number;
  fileName: string;
  account: string | null;
  bankDate: string;
  direction: 'in' | 'out';
  amountMinor: number;
  orderNo: string | null;
}

const UNASSIGNED_MAX = 100_000;

/** Lines up to `date` of bank-channel statements tied to no registered bank account, not deleted or hung up. */
export function unassignedItems(db: Db, date: string): UnassignedItem[] {
  return db.prepare(`
    SELECT c.id AS clearingId, b.id AS batchId, b.file_name AS fileName, b.account, c.bank_date AS bankDate, c.direction, c.amount_minor AS amountMinor, c.order_no AS orderNo
    FROM clearing_flow c JOIN import_batch b ON b.id = c.batch_id
    WHERE b.status = 'DONE' AND c.bank_date <= ? AND c.status NOT IN ('deleted', 'hung_up') AND b.channel_code IN (${BANK_CHANNELS_SQL})
      AND (b.account IS NULL OR NOT EXISTS (SELECT 1 FROM bank_account a WHERE a.account_no = b.account))
    ORDER BY c.bank_date, c.id LIMIT ${UNASSIGNED_MAX}`).all(date) as UnassignedItem[];
}

/** The day-end form: a failing check while any bank statement line belongs to no bank account. */
export function unassignedStatementsCheck(db: Db, date: string): DayCheck {
  const items = unassignedItems(db, date);
  const name = 'bankBalance unassigned';
  if (items.length === 0) return { name, ok: true, detail: 'every bank statement line belongs to a registered bank account', detailZh: '所有银行对账单流水均属于已登记的银行账户' };
  const files = [...new Set(items.map((i) => `${i.fileName} (${i.account ?? 'no account no.'})`))];
  const net = items.reduce((s, i) => s + (i.direction === 'in' ? i.amountMinor : -i.amountMinor), 0);
  return {
    name, ok: false,
    detail: `${items.length} statement line(s), net ${formatMinor(net, 'CNY')}, belong to no registered bank account: ${files.slice(0, 5).join('; ')} — register the account or re-import with the right one`,
    detailZh: `${items.length} 条对账单流水（净额 ${formatMinor(net, 'CNY')}）不属于任何已登记的银行账户：${files.slice(0, 5).join('；')}——请登记账户或以正确账号重新导入`,
  };
}
