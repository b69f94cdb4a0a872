import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import { ledgerFixture, tempDbFile, type LedgerFixture } from '../testing/ledger-fixture.js';
import { postVouchers, reverseVoucher, type VoucherDraft } from '../ledger/index.js';

/** Test data for core/erp: a real SQLite file with vouchers on two days of one month, removed after the test. */
export const DAY = '2026-11-22';
export const DAY_BEFORE = '2026-11-21';
/** a summary with a comma: the U8 file has no quoting */
export const PAYMENT_SUMMARY = '支付宝收款 订单A123, 含手续费';
export const FEE_LINE_SUMMARY = '平台手续费 0.6%';

export interface ErpFixture extends LedgerFixture {
  /** a fresh folder for output files */
  folder: string;
}

function payment(f: LedgerFixture, date: string, amount: number, fee: number): VoucherDraft {
  return {
    accountingDate: date, businessCode: '400301', summary: PAYMENT_SUMMARY,
    lines: [
      { accountId: f.receivable.id, direction: 'D', amountMinor: amount },
      { accountId: f.merchantPending.id, direction: 'C', amountMinor: amount },
      { accountId: f.merchantPending.id, direction: 'D', amountMinor: fee, summary: FEE_LINE_SUMMARY },
      { accountId: f.feeIncome.id, direction: 'C', amountMinor: fee, summary: FEE_LINE_SUMMARY },
    ],
  };
}

function capital(f: LedgerFixture, date: string, amount: number): VoucherDraft {
  return {
    accountingDate: date, businessCode: '100001', summary: '股东注资 实收资本',
    lines: [
      { accountId: f.bank.id, direction: 'D', amountMinor: amount },
      { accountId: f.capital.id, direction: 'C', amountMinor: amount },
    ],
  };
}

/**
 * Two vouchers on DAY_BEFORE; on DAY three vouchers and a red-ink reversal of the first of them
 * (4 vouchers, 14 lines), so DAY's ERP numbers run 3…6.
 */
export function erpFixture(): ErpFixture {
  const f = ledgerFixture(tempDbFile());
  postVouchers(f.post, [capital(f, DAY_BEFORE, 50_000_000), payment(f, DAY_BEFORE, 1_000, 6)]);
  const [first] = postVouchers(f.post, [payment(f, DAY, 12_345, 74), capital(f, DAY, 123_456_789_012), payment(f, DAY, 99_999_99, 60_00)]);
  reverseVoucher(f.post, { id: first!.id }, { accountingDate: DAY, reason: '重复入账' });
  const folder = mkdtempSync(join(tmpdir(), 'paydesk-erp-'));
  onTestFinished(() => {
    f.db.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(dirname(f.db.file), { recursive: true, force: true });
  });
  return { ...f, folder };
}

/** The ledger's own debit and credit totals for a date (what the trial balance reads). */
export function ledgerDayTotals(f: LedgerFixture, date: string): { debit: number; credit: number } {
  return f.db.sqlite.prepare('SELECT COALESCE(SUM(debit_minor), 0) AS debit, COALESCE(SUM(credit_minor), 0) AS credit FROM account_day_total WHERE accounting_date = ?')
    .get(date) as { debit: number; credit: number };
}
