import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { isIsoDate } from '../clock.js';
import { CLEARING_EDITABLE_STATES } from '../shared/rules.js';

/** States in which a clearing flow may be corrected or deleted (core/shared/rules.ts). */
export const EDITABLE_STATES: ReadonlySet<string> = new Set(CLEARING_EDITABLE_STATES);

interface ClearingRow {
  id: number; status: string; amount_minor: number; order_no: string | null; bank_date: string; channel_code: string; direction: string;
}

function editable(db: Db, id: number): ClearingRow {
  const row = db.prepare('SELECT id, status, amount_minor, order_no, bank_date, channel_code, direction FROM clearing_flow WHERE id = ?').get(id) as ClearingRow | undefined;
  if (!row) fail('NOT_FOUND', `no clearing flow ${id}`);
  if (!EDITABLE_STATES.has(row.status)) {
    fail('CONFLICT', `clearing flow ${id} is ${row.status}; only lines that are ${[...EDITABLE_STATES].join(', ')} can be changed (never once hung up or confirmed into history)`);
  }
  return row;
}

/**
 * Correct a clearing flow (an amount typed wrong at the bank, an order number cut off): the line
 * goes back to initial so the next run of its date matches it again. Entry flows have no such path.
 */
export function editClearingFlow(db: Db, input: { id: number; amountMinor?: number; orderNo?: string; bankDate?: string; reason: string }, user: { id: number }, at: string) {
  if (!input.reason.trim()) fail('BAD_INPUT', 'a correction needs a reason');
  if (input.amountMinor !== undefined && (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)) fail('BAD_INPUT', 'amount must be a positive whole number of fen');
  if (input.bankDate !== undefined && !isIsoDate(input.bankDate)) fail('BAD_INPUT', 'bank date must be YYYY-MM-DD');
  return db.tx(() => {
    const before = editable(db, input.id);
    const after = {
      amount_minor: input.amountMinor ?? before.amount_minor,
      order_no: input.orderNo ?? before.order_no,
      bank_date: input.bankDate ?? before.bank_date,
    };
    db.prepare("UPDATE clearing_flow SET amount_minor = ?, order_no = ?, bank_date = ?, status = 'initial' WHERE id = ?")
      .run(after.amount_minor, after.order_no, after.bank_date, input.id);
    appendAudit(db, { at, userId: user.id, action: 'recon.clearing.edit', entity: 'clearing_flow', entityId: String(input.id), detail: { before, after, reason: input.reason } });
    return { id: input.id, ...after, status: 'initial' as const };
  });
}

/** Delete a clearing flow: marked deleted (every run that judged it stays traceable) and out of every later run. */
export function deleteClearingFlow(db: Db, input: { id: number; reason: string }, user: { id: number }, at: string) {
  if (!input.reason.trim()) fail('BAD_INPUT', 'a deletion needs a reason');
  return db.tx(() => {
    const before = editable(db, input.id);
    db.prepare("UPDATE clearing_flow SET status = 'deleted' WHERE id = ?").run(input.id);
    appendAudit(db, { at, userId: user.id, action: 'recon.clearing.delete', entity: 'clearing_flow', entityId: String(input.id), detail: { before, reason: input.reason } });
    return { id: input.id, status: 'deleted' as const };
  });
}
