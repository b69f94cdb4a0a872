/**
 * ISO 20022 camt.053 (BankToCustomerStatement) → ParsedStatement, one per `Stmt`.
 *
 * Elements are matched by local name, so camt.053.001.02, .04 and .08 (and prefixed or wrapped
 * documents) read the same. Per `Stmt`:
 * - account: `Acct/Id/IBAN`, else `Acct/Id/Othr/Id`; currency: `Acct/Ccy`, else the balances';
 * - balances: `OPBD` (or `PRCD` when there is no OPBD) is the opening, `CLBD` the closing balance,
 *   signed by `CdtDbtInd` (DBIT negative); the parser checks opening + Σcredit − Σdebit = closing;
 * - `TxsSummry/TtlCdtNtries` and `TtlDbtNtries` (when both are given) are the declared totals;
 * - every booked `Ntry` is one line (a batch entry with many `TxDtls` stays one line, as the bank
 *   booked it): `AcctSvcrRef` → channelRef; `TxDtls/Refs/EndToEndId` (not NOTPROVIDED, else the
 *   structured creditor reference `RmtInf/Strd/CdtrRefInf/Ref`) → reference, and for a batch
 *   `Btch/PmtInfId` (the platform's payout batch), else the one end-to-end id all its
 *   transactions share, else `Btch/MsgId`; `RmtInf/Ustrd` (else `AddtlNtryInf`) → summary; the
 *   other party's `Nm` → counterparty (null when a batch pays several).
 *
 * Direction: `CdtDbtInd` says how the entry moved the account (CRDT = money in, DBIT = money out),
 * and that already holds for reversals. ISO 20022 defines `RvslInd`: "If the CreditDebitIndicator
 * is CRDT and ReversalIndicator is Yes, the original operation was a debit entry. If the
 * CreditDebitIndicator is DBIT and ReversalIndicator is Yes, the original operation was a credit
 * entry." So DBIT + RvslInd is MT940's `RC` (reversal of a credit: money out) and CRDT + RvslInd
 * is `RD` (money in): the reversal flips the *original* transaction's direction, which is what
 * CdtDbtInd states. The flip matters for the counterparty: the related parties stay those of the
 * original transaction, so the other party of a reversal is looked up on the original's side.
 *
 * Amounts: a plain decimal with `.`; digits beyond the currency's minor unit are refused with a
 * CellError (column 'Amt') unless they are zeros ("18.150" EUR is exactly 18.15): nothing is ever
 * rounded (core/money parseAmount without a rounding rule).
 *
 * Rows: XML has no lines worth quoting after pretty-printing, so a line's row (and an entry
 * error's row) is the entry's 1-based position among all `Ntry` elements of the file, counting
 * the ones that are left out (PDNG). Errors about a statement or the file as a whole (balances,
 * malformed XML, no statement) have row 0. Never throws.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isKnownCurrency } from '../../money/currency.js';
import { formatMinor } from '../../money/money.js';
import { AmountParseError, parseAmount } from '../../money/parse.js';
import { ERRORS_KEPT_MAX, type CellError, type ParsedStatement, type StatementLine, type Totals } from './types.js';
import { sumTotals } from './totals.js';

export const CAMT053_FORMAT = 'camt053';

/** A parsed element: child elements by local name (always arrays), '#text', '@_attr'. */
interface XNode {
  [key: string]: XNode[] | string | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Amounts and references stay text: "8.850" must not become the number 8.85, "000123" not 123.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

/** How deep to look for BkToCstmrStmt (Document, or an envelope such as BizMsgEnvlp around it). */
const ROOT_SEARCH_DEPTH_MAX = 4;

export function parseCamt053(xml: string): ParsedStatement[] {
  try {
    return parseCamt053Unsafe(xml);
  } catch (error) {
    // A bug here must not take the importer down, and must not pass for a clean file either.
    const reason = `internal parser error: ${error instanceof Error ? error.message : String(error)}`;
    return [emptyStatement({ row: 0, column: 'Document', reason })];
  }
}

function parseCamt053Unsafe(xml: string): ParsedStatement[] {
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') return [emptyStatement({ row: 0, column: 'Document', reason: 'empty file' })];
  const valid = XMLValidator.validate(text);
  if (valid !== true) return [emptyStatement({ row: 0, column: 'Document', reason: malformedReason(text, valid.err) })];
  const doc = parser.parse(text) as XNode;
  const roots = findElements(doc, 'BkToCstmrStmt', ROOT_SEARCH_DEPTH_MAX);
  if (roots.length === 0) {
    return [emptyStatement({ row: 0, column: 'BkToCstmrStmt', reason: 'not a camt.053 statement: no BkToCstmrStmt element' })];
  }
  const stmts = roots.flatMap((root) => kids(root, 'Stmt'));
  if (stmts.length === 0) {
    return [emptyStatement({ row: 0, column: 'Stmt', reason: 'the document holds no Stmt (statement)' })];
  }
  const counter = { entries: 0 };
  return stmts.map((stmt) => readStatement(stmt, counter));
}

/** The validator's finding in words an accountant can act on; unclosed elements mean truncation. */
function malformedReason(text: string, err: { code: string; msg: string; line: number; col?: number }): string {
  const lastLine = text.trimEnd().split(/\r\n|\n|\r/).length;
  const unclosedMany = /^Invalid '\[(.*)\]' found/s.exec(err.msg);
  if (err.code === 'InvalidXml' && unclosedMany) {
    const names = [...unclosedMany[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    return `the file ends at line ${lastLine} inside ${names.join(' > ')}, which never close: the file is truncated`;
  }
  const unclosedOne = /^Unclosed tag '([^']+)'/.exec(err.msg);
  if (unclosedOne) {
    return `the file ends at line ${lastLine} inside ${unclosedOne[1]}, which never closes: the file is truncated`;
  }
  const where = err.col === undefined ? `line ${err.line}` : `line ${err.line}, column ${err.col}`;
  return `not well-formed XML at ${where}: ${err.msg}`;
}

// ---------------------------------------------------------------------------------------------
// One statement

interface Amount {
  minor: number;
  currency: string;
}

function readStatement(stmt: XNode, counter: { entries: number }): ParsedStatement {
  const errors: CellError[] = [];
  const err = (row: number, column: string, reason: string): void => {
    if (errors.length < ERRORS_KEPT_MAX) errors.push({ row, column, reason });
  };
  const statementId = textAt(stmt, 'Id');
  const where = statementId ? `statement ${statementId}` : 'statement';

  const account = textAt(stmt, 'Acct', 'Id', 'IBAN') ?? textAt(stmt, 'Acct', 'Id', 'Othr', 'Id');

  // Balances, by type code.
  const balances = new Map<string, XNode>();
  for (const bal of kids(stmt, 'Bal')) {
    const code = (textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry') ?? '').toUpperCase();
    if (code !== '' && !balances.has(code)) balances.set(code, bal);
  }
  const openingNode = balances.get('OPBD') ?? balances.get('PRCD');
  const closingNode = balances.get('CLBD');
  const entries = kids(stmt, 'Ntry');
  const currency =
    textAt(stmt, 'Acct', 'Ccy') ??
    attrAt(openingNode, 'Amt', 'Ccy') ??
    attrAt(closingNode, 'Amt', 'Ccy') ??
    attrAt(entries[0], 'Amt', 'Ccy') ??
    '';

  const readBalance = (node: XNode | undefined, label: string): number | null => {
    if (!node) return null;
    const amount = readAmount(kid(node, 'Amt'), 0, `${where} ${label} balance`, err);
    if (!amount) return null;
    if (amount.currency !== currency) {
      err(0, 'Bal', `${where}: ${label} balance is in ${amount.currency}, the statement in ${currency}`);
      return null;
    }
    const sign = readIndicator(node, 0, `${where} ${label} balance`, err);
    if (sign === null) return null;
    return sign === 'CRDT' ? amount.minor : -amount.minor;
  };
  const opening = readBalance(openingNode, 'opening');
  const closing = readBalance(closingNode, 'closing');

  const lines: StatementLine[] = [];
  for (const entry of entries) {
    counter.entries++;
    const line = readEntry(entry, counter.entries, currency, err);
    if (line) lines.push(line);
  }

  const totals = sumTotals(lines, currency);
  const declared: NonNullable<ParsedStatement['declared']> = {};
  if (opening !== null) declared.openingBalanceMinor = opening;
  if (closing !== null) declared.closingBalanceMinor = closing;
  const summary = readSummary(stmt, currency, where, err);
  if (summary) declared.totals = { [currency]: summary };

  if (opening !== null && closing !== null) {
    const t = totals[currency] ?? { creditMinor: 0, debitMinor: 0, count: 0 };
    const expected = opening + t.creditMinor - t.debitMinor;
    if (!Number.isSafeInteger(expected)) {
      err(0, 'Bal', `${where}: balance check overflows, amounts too large`);
    } else if (expected !== closing) {
      const f = (minor: number): string => formatMinor(minor, currency);
      err(
        0,
        'Bal',
        `${where}: balance check failed: opening ${f(opening)} + credits ${f(t.creditMinor)} − debits ${f(t.debitMinor)} = ` +
          `${f(expected)} ${currency}, but the closing balance (CLBD) is ${f(closing)} (difference ${f(closing - expected)})`,
      );
    }
  }

  return {
    format: CAMT053_FORMAT,
    channel: null,
    account,
    currency,
    lines,
    totals,
    declared: Object.keys(declared).length > 0 ? declared : null,
    errors,
  };
}

/** `TxsSummry/TtlCdtNtries` + `TtlDbtNtries` (Sum, NbOfNtries), when the file gives both. */
function readSummary(stmt: XNode, currency: string, where: string, err: ErrFn): Totals | null {
  const summary = kid(stmt, 'TxsSummry');
  const credit = kid(summary, 'TtlCdtNtries');
  const debit = kid(summary, 'TtlDbtNtries');
  if (!credit || !debit || currency === '' || !isKnownCurrency(currency)) return null;
  const part = (node: XNode, label: string): { minor: number; count: number } | null => {
    const sum = textAt(node, 'Sum') ?? '0';
    const count = textAt(node, 'NbOfNtries') ?? '0';
    if (!/^\d+$/.test(count)) {
      err(0, 'NbOfNtries', `${where}: ${label} count "${count}" is not a whole number`);
      return null;
    }
    const minor = amountText(sum, currency, 0, 'Sum', `${where} ${label} sum`, err);
    return minor === null ? null : { minor, count: Number(count) };
  };
  const c = part(credit, 'TxsSummry credit');
  const d = part(debit, 'TxsSummry debit');
  if (!c || !d) return null;
  return { creditMinor: c.minor, debitMinor: d.minor, count: c.count + d.count };
}

// ---------------------------------------------------------------------------------------------
// One entry

type ErrFn = (row: number, column: string, reason: string) => void;

const FEE_SUBFAMILIES = new Set(['CHRG', 'COMM', 'FEES', 'COME', 'COMI', 'SVCF']);

function readEntry(entry: XNode, row: number, currency: string, err: ErrFn): StatementLine | null {
  // Only booked entries are statement lines. A camt.053 should carry BOOK only, but banks do send
  // PDNG (pending) and INFO entries: they have not moved the booked balance, so counting them
  // would break opening + credits − debits = closing and reconcile money that has not arrived.
  // They are left out without an error. In .08 the status is a choice: `Sts/Cd` (or `Sts/Prtry`).
  const status = (text(kid(entry, 'Sts')) ?? textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts', 'Prtry'))?.toUpperCase();
  if (status !== undefined && status !== 'BOOK') return null;

  const amount = readAmount(kid(entry, 'Amt'), row, 'entry', err);
  const indicator = readIndicator(entry, row, 'entry', err);
  if (!amount || indicator === null) return null;
  if (currency !== '' && amount.currency !== currency) {
    err(row, 'Amt', `entry in ${amount.currency} on a statement in ${currency}`);
  }
  const reversal = /^(true|1)$/i.test(textAt(entry, 'RvslInd') ?? '');

  const valueNode = kid(entry, 'ValDt');
  const bookedNode = kid(entry, 'BookgDt');
  const valueDate = readDate(valueNode, row, 'ValDt', err);
  const booked = readDate(bookedNode, row, 'BookgDt', err);
  if ((valueNode && !valueDate) || (bookedNode && !booked)) return null; // unreadable date, reported
  const bookedAt = booked?.dateTime ?? (valueDate ? `${valueDate.date} 00:00:00` : null);
  if (!bookedAt) {
    err(row, 'BookgDt', 'entry has neither a booking date (BookgDt) nor a value date (ValDt)');
    return null;
  }

  const details = kids(entry, 'NtryDtls');
  const txs = details.flatMap((d) => kids(d, 'TxDtls'));
  const batch = details.map((d) => kid(d, 'Btch')).find((b) => b !== undefined);

  // EndToEndId, else the structured creditor reference the payer quoted (RF… / SCOR), which is
  // the platform's own when it is the creditor.
  const endToEnd = unique(
    txs.map((t) => realReference(textAt(t, 'Refs', 'EndToEndId')) ?? realReference(textAt(t, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref'))),
  );
  let reference: string | null;
  if (txs.length <= 1) {
    reference = endToEnd[0] ?? null;
  } else {
    // A batch booked as one entry: the batch is what the platform sent (payout file PmtInfId).
    reference =
      realReference(textAt(batch, 'PmtInfId')) ??
      (endToEnd.length === 1 ? endToEnd[0]! : null) ??
      realReference(textAt(batch, 'MsgId'));
  }

  const channelRef =
    textAt(entry, 'AcctSvcrRef') ?? (txs.length === 1 ? textAt(txs[0], 'Refs', 'AcctSvcrRef') : null);

  // The other party: debtor of a credit, creditor of a debit — of the *original* transaction,
  // because a reversal keeps the original's parties.
  const originalCredit = (indicator === 'CRDT') !== reversal;
  const side = originalCredit ? 'Dbtr' : 'Cdtr';
  const names = unique(txs.map((t) => partyName(kid(kid(t, 'RltdPties'), side))));
  const counterparty = names.length === 1 ? names[0]! : null;

  const ustrd = unique(txs.flatMap((t) => kids(kid(t, 'RmtInf'), 'Ustrd').map((u) => collapse(text(u)))));
  const summary =
    (ustrd.length > 0 ? ustrd.join('; ') : null) ??
    collapse(textAt(entry, 'AddtlNtryInf')) ??
    (unique(txs.map((t) => collapse(textAt(t, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref')))).join('; ') || null) ??
    (unique(txs.map((t) => collapse(textAt(t, 'AddtlTxInf')))).join('; ') || null);

  return {
    row,
    bookedAt,
    valueDate: valueDate?.date ?? null,
    direction: indicator === 'CRDT' ? 'credit' : 'debit',
    amountMinor: amount.minor,
    currency: amount.currency,
    reference,
    channelRef,
    kind: kindOf(entry),
    feeMinor: null,
    counterparty,
    summary,
  };
}

function kindOf(entry: XNode): StatementLine['kind'] {
  const domain = kid(kid(entry, 'BkTxCd'), 'Domn');
  const subFamily = (textAt(domain, 'Fmly', 'SubFmlyCd') ?? '').toUpperCase();
  if (FEE_SUBFAMILIES.has(subFamily)) return 'fee';
  if ((textAt(domain, 'Cd') ?? '').toUpperCase() === 'PMNT') return 'transfer';
  return 'other';
}

/** `Nm` of a party: directly (.02/.04) or under `Pty` (.08). */
function partyName(party: XNode | undefined): string | null {
  return collapse(textAt(party, 'Nm') ?? textAt(party, 'Pty', 'Nm'));
}

function realReference(value: string | null): string | null {
  const v = collapse(value);
  return v === null || v.toUpperCase() === 'NOTPROVIDED' ? null : v;
}

// ---------------------------------------------------------------------------------------------
// Values

function readAmount(node: XNode | undefined, row: number, what: string, err: ErrFn): Amount | null {
  if (!node) {
    err(row, 'Amt', `${what} has no amount (Amt)`);
    return null;
  }
  const currency = attr(node, 'Ccy');
  if (!currency) {
    err(row, 'Amt', `${what} amount has no Ccy attribute`);
    return null;
  }
  if (!isKnownCurrency(currency)) {
    err(row, 'Amt', `${what}: unknown currency "${currency}" (not in the currency table)`);
    return null;
  }
  const minor = amountText(text(node) ?? '', currency, row, 'Amt', what, err);
  return minor === null ? null : { minor, currency };
}

function amountText(value: string, currency: string, row: number, column: string, what: string, err: ErrFn): number | null {
  // ISO amounts are unsigned decimals with '.'; the sign is CdtDbtInd. Anything else is refused
  // before parseAmount, which would accept people's formats ("1,234.50", "-5").
  if (!/^\d+(\.\d+)?$/.test(value)) {
    err(row, column, `${what}: amount "${value}" is not an unsigned decimal number`);
    return null;
  }
  try {
    return parseAmount(value, currency, { decimalSeparator: '.' });
  } catch (error) {
    if (error instanceof AmountParseError) {
      err(row, column, `${what}: amount "${value}": ${error.reason}`);
      return null;
    }
    throw error;
  }
}

function readIndicator(node: XNode, row: number, what: string, err: ErrFn): 'CRDT' | 'DBIT' | null {
  const value = textAt(node, 'CdtDbtInd');
  if (value === 'CRDT' || value === 'DBIT') return value;
  err(row, 'CdtDbtInd', `${what}: credit/debit indicator ${value === null ? 'missing' : `"${value}"`}, expected CRDT or DBIT`);
  return null;
}

/** `Dt` (YYYY-MM-DD) or `DtTm` (wall clock as written, offset dropped) inside a date choice. */
function readDate(
  node: XNode | undefined,
  row: number,
  column: string,
  err: ErrFn,
): { date: string; dateTime: string } | null {
  if (!node) return null;
  const dt = textAt(node, 'Dt');
  const dtTm = textAt(node, 'DtTm');
  if (dt !== null) {
    if (validDate(dt)) return { date: dt, dateTime: `${dt} 00:00:00` };
    err(row, column, `"${dt}" is not a date YYYY-MM-DD`);
    return null;
  }
  if (dtTm !== null) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(dtTm);
    if (m && validDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60) {
      return { date: m[1]!, dateTime: `${m[1]} ${m[2]}:${m[3]}:${m[4]}` };
    }
    err(row, column, `"${dtTm}" is not a date-time YYYY-MM-DDThh:mm:ss`);
    return null;
  }
  err(row, column, `${column} holds neither Dt nor DtTm`);
  return null;
}

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

function kids(node: XNode | undefined, name: string): XNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

function kid(node: XNode | undefined, name: string): XNode | undefined {
  return kids(node, name)[0];
}

function text(node: XNode | undefined): string | null {
  const value = node?.['#text'];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function textAt(node: XNode | undefined, ...path: string[]): string | null {
  let current = node;
  for (const name of path) current = kid(current, name);
  return text(current);
}

function attr(node: XNode | undefined, name: string): string | null {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function attrAt(node: XNode | undefined, child: string, name: string): string | null {
  return attr(kid(node, child), name);
}

/** Elements named `name` at most `depth` levels below `node` (breadth first, bounded). */
function findElements(node: XNode, name: string, depth: number): XNode[] {
  const found: XNode[] = [];
  let level: XNode[] = [node];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const next: XNode[] = [];
    for (const n of level) {
      for (const [key, value] of Object.entries(n)) {
        if (!Array.isArray(value)) continue;
        // a loop, not push(...): a statement with a million entries would overflow the stack
        const into = key === name ? found : next;
        for (const child of value as XNode[]) into.push(child);
      }
    }
    if (found.length > 0) return found;
    level = next;
  }
  return found;
}

function collapse(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = value.replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}


function emptyStatement(error: CellError): ParsedStatement {
  return {
    format: CAMT053_FORMAT,
    channel: null,
    account: null,
    currency: '',
    lines: [],
    totals: {},
    declared: null,
    errors: [error],
  };
}
