import type { Db, Direction } from '../db/index.js';
import { fail } from '../errors.js';
import { assertDate } from '../ledger/days.js';
import { formatVoucherNo } from '../ledger/post.js';
import { getSetting } from '../settings.js';
import { mappingsFor, type SubjectMapping } from './mapping.js';
import { AUX_KINDS, type AuxKind, type ErpLine, type ErpSystem, type ErpVoucher } from './types.js';

/**
 * The vouchers of one accounting date, read for export. Everything is checked before the first row
 * is written (one currency, every subject mapped), and the set is pinned at the day's highest
 * voucher number when the export starts: vouchers are append-only and numbered upwards, so a
 * voucher posted while the file is being written can neither half-appear nor shift the totals.
 */
export interface ExportPlan {
  date: string;
  erp: ErpSystem;
  /** the ledger's base currency (本位币) */
  currency: string;
  /** the day's highest voucher sequence when the plan was made */
  maxSeq: number;
  vouchers: number;
  lines: number;
  /** vouchers of the same month dated before `date`: the ERP numbering continues from here */
  monthBefore: number;
  mappings: Map<string, SubjectMapping>;
  /** auxiliary kinds the lines use, in AUX_KINDS order */
  auxKinds: AuxKind[];
}

/** Vouchers read per query: bounded memory on a 100k-voucher day, few round trips on a small one. */
const PAGE_VOUCHERS = 1000;

export function planExport(db: Db, input: { date: string; erp: ErpSystem }): ExportPlan {
  assertDate(input.date, 'export date');
  const { date, erp } = input;
  const currency = getSetting(db, 'ledger.currency');
  const day = db.prepare('SELECT COALESCE(MAX(seq), 0) AS maxSeq, COUNT(*) AS vouchers FROM voucher WHERE accounting_date = ?')
    .get(date) as { maxSeq: number; vouchers: number };
  const monthBefore = db.prepare('SELECT COUNT(*) FROM voucher WHERE accounting_date >= ? AND accounting_date < ?').pluck()
    .get(`${date.slice(0, 8)}01`, date) as number;
  const used = db.prepare(`
    SELECT a.subject_code AS subjectCode, a.currency, COUNT(*) AS lines
    FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN account a ON a.id = l.account_id
    WHERE v.accounting_date = ? AND v.seq <= ?
    GROUP BY a.subject_code, a.currency`).all(date, day.maxSeq) as { subjectCode: string; currency: string; lines: number }[];

  const foreign = [...new Set(used.filter((u) => u.currency !== currency).map((u) => u.currency))];
  if (foreign.length > 0) {
    fail('BAD_INPUT', `the vouchers of ${date} hold ${foreign.join(', ')} lines, but voucher files carry the base currency ${currency} only and the ledger has no booked rate to convert them`);
  }
  const codes = [...new Set(used.map((u) => u.subjectCode))];
  const mappings = mappingsFor(db, erp, codes);
  const unmapped = codes.filter((c) => !mappings.get(c)?.erpCode).sort();
  if (unmapped.length > 0) {
    const names = unmapped.map((c) => `${c} ${mappings.get(c)?.subjectName ?? ''}`.trim());
    fail('CONFLICT',
      `cannot export ${date} for ${erp}: ${unmapped.length === 1 ? 'subject' : 'subjects'} ${names.join(', ')} ${unmapped.length === 1 ? 'has' : 'have'} no ${erp} subject code; map ${unmapped.length === 1 ? 'it' : 'them'} first (erp.setMapping)`);
  }
  const kinds = new Set(codes.map((c) => mappings.get(c)?.aux?.kind).filter((k): k is AuxKind => k !== undefined));
  return {
    date, erp, currency, maxSeq: day.maxSeq, vouchers: day.vouchers, lines: used.reduce((n, u) => n + u.lines, 0), monthBefore,
    mappings, auxKinds: AUX_KINDS.filter((k) => kinds.has(k)),
  };
}

interface LineRow {
  seq: number;
  voucherSummary: string;
  postedBy: string;
  lineNo: number;
  direction: Direction;
  amountMinor: number;
  summary: string | null;
  accountNo: string;
  accountName: string;
  ownerRef: string | null;
  subjectCode: string;
  currency: string;
}

const PAGE_SQL = `
  SELECT v.seq, v.summary AS voucherSummary, u.name AS postedBy, l.line_no AS lineNo, l.direction, l.amount_minor AS amountMinor,
         l.summary, a.account_no AS accountNo, a.name AS accountName, a.owner_ref AS ownerRef, a.subject_code AS subjectCode, a.currency
  FROM voucher v
  JOIN posting_batch b ON b.id = v.batch_id
  JOIN app_user u ON u.id = b.created_by
  JOIN voucher_line l ON l.voucher_id = v.id
  JOIN account a ON a.id = l.account_id
  WHERE v.accounting_date = ? AND v.seq > ? AND v.seq <= ?
  ORDER BY v.seq, l.line_no`;

function toLine(plan: ExportPlan, r: LineRow): ErpLine {
  const m = plan.mappings.get(r.subjectCode);
  // planExport refused the export if any subject lacked a code; a miss here means the day changed under us
  if (!m?.erpCode) fail('CHECK_FAILED', `subject ${r.subjectCode} appeared in ${plan.date} after the export was checked; export again`);
  const aux = m.aux
    ? m.aux.code
      ? { kind: m.aux.kind, code: m.aux.code, name: m.aux.name ?? '' }
      : { kind: m.aux.kind, code: r.ownerRef ?? r.accountNo, name: r.accountName }
    : null;
  return {
    lineNo: r.lineNo, subjectCode: r.subjectCode, subjectName: m.subjectName, erpCode: m.erpCode, erpName: m.erpName, aux,
    accountNo: r.accountNo, summary: r.summary ?? r.voucherSummary,
    debitMinor: r.direction === 'D' ? r.amountMinor : 0, creditMinor: r.direction === 'C' ? r.amountMinor : 0, currency: r.currency,
  };
}

/**
 * The plan's vouchers in number order, read a page at a time. Each voucher is checked to balance
 * before it is handed on. `preparer` (制单人) replaces the name of the user who posted each voucher.
 */
export function* planVouchers(db: Db, plan: ExportPlan, options: { preparer?: string } = {}): Generator<ErpVoucher> {
  const page = db.prepare(PAGE_SQL);
  let index = 0;
  for (let after = 0; after < plan.maxSeq; after += PAGE_VOUCHERS) {
    const rows = page.all(plan.date, after, Math.min(after + PAGE_VOUCHERS, plan.maxSeq)) as LineRow[];
    let current: ErpVoucher | null = null;
    let currentSeq = -1;
    const vouchers: ErpVoucher[] = [];
    for (const r of rows) {
      if (r.seq !== currentSeq) {
        index += 1;
        currentSeq = r.seq;
        current = {
          voucherNo: formatVoucherNo(plan.date, r.seq), date: plan.date, erpNumber: plan.monthBefore + index, indexInFile: index,
          summary: r.voucherSummary, preparer: options.preparer ?? r.postedBy, lines: [],
        };
        vouchers.push(current);
      }
      current!.lines.push(toLine(plan, r));
    }
    for (const v of vouchers) {
      assertBalanced(v);
      yield v;
    }
  }
}

function assertBalanced(v: ErpVoucher): void {
  let debit = 0;
  let credit = 0;
  for (const l of v.lines) {
    debit += l.debitMinor;
    credit += l.creditMinor;
  }
  if (debit !== credit) fail('CHECK_FAILED', `voucher ${v.voucherNo} does not balance (debits ${debit} ≠ credits ${credit} minor units); run the ledger integrity check`);
}
