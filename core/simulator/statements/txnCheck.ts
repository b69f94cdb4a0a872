import { assertMinor, MAX_MINOR } from '../../money/money.js';
import { assertDateTime, isDateTime } from './dates.js';
import type { ChannelTxn } from './types.js';

/** Rejects a transaction a channel could never have recorded, before it becomes a plausible-looking row. */
export function checkChannelTxn(txn: ChannelTxn): void {
  // The common case costs no message strings: they are built only for a transaction that fails.
  if (
    (txn.kind === 'pay' || txn.kind === 'refund') && isMinor(txn.amountMinor) && txn.amountMinor > 0 && isMinor(txn.feeMinor) && txn.feeMinor >= 0 &&
    isDateTime(txn.createdAt) && isDateTime(txn.finishedAt)
  ) return;
  const where = `transaction ${txn.channelTradeNo}`;
  if (txn.kind !== 'pay' && txn.kind !== 'refund') throw new RangeError(`${where}: unknown kind "${String(txn.kind)}"`);
  assertMinor(txn.amountMinor, `${where} amountMinor`);
  assertMinor(txn.feeMinor, `${where} feeMinor`);
  if (txn.amountMinor <= 0) throw new RangeError(`${where}: amountMinor must be positive, got ${txn.amountMinor}`);
  if (txn.feeMinor < 0) throw new RangeError(`${where}: feeMinor must not be negative, got ${txn.feeMinor}`);
  assertDateTime(txn.createdAt, `${where} createdAt`);
  assertDateTime(txn.finishedAt, `${where} finishedAt`);
}

/** What assertMinor accepts. */
function isMinor(value: number): boolean {
  return Number.isSafeInteger(value) && Math.abs(value) <= MAX_MINOR;
}
