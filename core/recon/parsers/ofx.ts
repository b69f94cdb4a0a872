/**
 * OFX bank and credit-card statements (docs/formats.md#ofx) → ParsedStatement, one per `STMTRS`
 * (bank) or `CCSTMTRS` (credit card).
 *
 * OFX 1.x is SGML: a leaf element has no end tag (`<TRNAMT>-6.60<FITID>…`); OFX 2.x is XML with
 * every tag closed. Both are read by one small tree builder: a start tag after an element's text
 * closes that element, and an end tag closes everything opened since its start tag. The header
 * (`OFXHEADER:100 …` lines, or the XML declaration and `<?OFX …?>`) is skipped.
 *
 * Per statement: `CURDEF` is the currency; `BANKACCTFROM/ACCTID` (or `CCACCTFROM/ACCTID`) the
 * account; `LEDGERBAL/BALAMT` the declared closing balance. Each `BANKTRANLIST/STMTTRN` is one line:
 * `TRNAMT` is signed from the account holder's side on both kinds (a card purchase is negative),
 * so + is money in (credit) and − money out (debit); `DTPOSTED` the booking time as written (its
 * `[-5:EST]` zone is dropped, as the bank's local time is what its other files show); `DTAVAIL` the
 * value date; `FITID` the bank's own number (channelRef); `REFNUM` (else `CHECKNUM`) the reference;
 * `NAME` (or `PAYEE/NAME`) the counterparty; `MEMO` (else `NAME`) the summary. A `CURRENCY/CURSYM`
 * inside a transaction puts its amount in that currency. A 0.00 transaction moves no money and is
 * left out. Amounts are never rounded: digits beyond the currency's minor unit are an error.
 *
 * Rows are the file's line numbers (of the `STMTTRN` start tag); errors about a statement or the
 * file have row 0. Never throws.
 */
import { isKnownCurrency } from '../../money/currency.js';
import { AmountParseError, parseAmount } from '../../money/parse.js';
import { ERRORS_KEPT_MAX, type CellError, type ParsedStatement, type StatementLine } from './types.js';
import { sumTotals } from './totals.js';

export const OFX_FORMAT = 'ofx';

interface OfxNode {
  name: string;
  line: number;
  text: string | null;
  children: OfxNode[];
}

/** Elements nested deeper than this are not an OFX statement (a guard on the tree builder's stack). */
const DEPTH_MAX = 64;

/** `<TAG>`, `</TAG>`, a `<?…?>` or `<!…>` to skip, or the text between tags. */
const TOKEN = /<(\/?)([A-Za-z][\w.]*)[^>]*>|<[?!][^>]*>|([^<]+)/g;

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|nbsp);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' })[e]!);
}

/** The element tree from `<OFX>` on; `unclosed` names what was still open at the end of the file. */
function buildTree(text: string): { root: OfxNode | null; unclosed: string[]; tooDeep: boolean } {
  const start = text.search(/<OFX[\s>]/i);
  if (start < 0) return { root: null, unclosed: [], tooDeep: false };
  let line = text.slice(0, start).split('\n').length;
  let nextNewline = text.indexOf('\n', start);
  const top: OfxNode = { name: '#document', line: 0, text: null, children: [] };
  const stack: OfxNode[] = [top];
  TOKEN.lastIndex = start;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    while (nextNewline >= 0 && nextNewline < match.index) {
      line++;
      nextNewline = text.indexOf('\n', nextNewline + 1);
    }
    const [, closing, rawName, content] = match;
    const current = stack[stack.length - 1]!;
    if (content !== undefined) {
      const value = content.trim();
      if (value !== '' && current !== top) current.text = decodeEntities(value);
    } else if (rawName !== undefined && closing === '/') {
      const name = rawName.toUpperCase();
      const at = stack.map((n) => n.name).lastIndexOf(name);
      if (at > 0) stack.length = at; // closes it and every SGML leaf opened inside it
    } else if (rawName !== undefined) {
      if (current.text !== null && current !== top) stack.pop(); // an SGML leaf ends where the next tag starts
      const node: OfxNode = { name: rawName.toUpperCase(), line, text: null, children: [] };
      stack[stack.length - 1]!.children.push(node);
      stack.push(node);
      if (stack.length > DEPTH_MAX) return { root: null, unclosed: [], tooDeep: true };
    }
  }
  const unclosed = stack.slice(1).filter((n) => n.text === null).map((n) => n.name);
  return { root: top.children.find((n) => n.name === 'OFX') ?? null, unclosed, tooDeep: false };
}

function child(node: OfxNode | undefined, name: string): OfxNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function textOf(node: OfxNode | undefined, ...path: string[]): string | null {
  let at = node;
  for (const name of path) at = child(at, name);
  return at?.text ?? null;
}

function findAll(node: OfxNode, names: readonly string[], out: OfxNode[] = []): OfxNode[] {
  for (const c of node.children) {
    if (names.includes(c.name)) out.push(c);
    else findAll(c, names, out);
  }
  return out;
}

function emptyStatement(error: CellError): ParsedStatement {
  return { format: OFX_FORMAT, channel: null, account: null, currency: '', lines: [], totals: {}, declared: null, errors: [error] };
}

/** An OFX date `YYYYMMDD[HHMMSS[.XXX]][[±H:TZ]]` → date and date-time as written, or null. */
export function ofxDateTime(value: string): { date: string; dateTime: string } | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(?:\.\d+)?(?:\[[^\]]*\])?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const date = `${y}-${mo}-${d}`;
  const asUtc = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(asUtc.getTime()) || asUtc.toISOString().slice(0, 10) !== date) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return { date, dateTime: `${date} ${h}:${mi}:${s}` };
}

function kindOf(type: string | null): StatementLine['kind'] {
  if (type === 'FEE' || type === 'SRVCHG') return 'fee';
  if (type === 'INT' || type === 'DIV') return 'other';
  return 'transfer';
}

type ErrFn = (row: number, column: string, reason: string) => void;

function amountOf(text: string | null, currency: string, row: number, err: ErrFn): number | null {
  if (text === null) {
    err(row, 'TRNAMT', 'the transaction has no amount');
    return null;
  }
  try {
    return parseAmount(text, currency);
  } catch (error) {
    err(row, 'TRNAMT', error instanceof AmountParseError ? error.message : `not an amount: "${text}"`);
    return null;
  }
}

function readTransaction(trn: OfxNode, statementCurrency: string, err: ErrFn): StatementLine | null {
  const row = trn.line;
  const foreign = textOf(trn, 'CURRENCY', 'CURSYM');
  const currency = foreign ?? statementCurrency;
  if (foreign !== null && !isKnownCurrency(foreign)) err(row, 'CURSYM', `unknown currency "${foreign}"`);
  const posted = textOf(trn, 'DTPOSTED');
  const when = posted === null ? null : ofxDateTime(posted);
  if (when === null) err(row, 'DTPOSTED', posted === null ? 'the transaction has no posting date' : `not a date: "${posted}"`);
  const available = textOf(trn, 'DTAVAIL');
  const valueDate = available === null ? null : ofxDateTime(available)?.date ?? null;
  if (available !== null && valueDate === null) err(row, 'DTAVAIL', `not a date: "${available}"`);
  const signed = amountOf(textOf(trn, 'TRNAMT'), currency, row, err);
  if (signed === null || when === null) return null;
  const name = textOf(trn, 'NAME') ?? textOf(trn, 'PAYEE', 'NAME');
  return {
    row,
    bookedAt: when.dateTime,
    valueDate,
    direction: signed < 0 ? 'debit' : 'credit',
    amountMinor: Math.abs(signed),
    currency,
    reference: textOf(trn, 'REFNUM') ?? textOf(trn, 'CHECKNUM'),
    channelRef: textOf(trn, 'FITID'),
    kind: kindOf(textOf(trn, 'TRNTYPE')?.toUpperCase() ?? null),
    feeMinor: null,
    counterparty: name,
    summary: textOf(trn, 'MEMO') ?? name,
  };
}

function readStatement(stmt: OfxNode): ParsedStatement {
  const errors: CellError[] = [];
  const err: ErrFn = (row, column, reason) => {
    if (errors.length < ERRORS_KEPT_MAX) errors.push({ row, column, reason });
  };
  const curdef = textOf(stmt, 'CURDEF')?.toUpperCase() ?? null;
  const currency = curdef !== null && isKnownCurrency(curdef) ? curdef : '';
  if (currency === '') err(0, 'CURDEF', curdef === null ? 'the statement names no currency (CURDEF)' : `unknown currency "${curdef}"`);
  const account = textOf(stmt, 'BANKACCTFROM', 'ACCTID') ?? textOf(stmt, 'CCACCTFROM', 'ACCTID');
  const lines: StatementLine[] = [];
  if (currency !== '') {
    for (const trn of child(stmt, 'BANKTRANLIST')?.children.filter((c) => c.name === 'STMTTRN') ?? []) {
      const line = readTransaction(trn, currency, err);
      if (line && line.amountMinor > 0) lines.push(line);
    }
  }
  const declared: NonNullable<ParsedStatement['declared']> = {};
  const ledger = textOf(stmt, 'LEDGERBAL', 'BALAMT');
  if (ledger !== null && currency !== '') {
    try {
      declared.closingBalanceMinor = parseAmount(ledger, currency);
    } catch (error) {
      err(0, 'LEDGERBAL', `the closing balance: ${(error as Error).message}`);
    }
  }
  return {
    format: OFX_FORMAT, channel: null, account, currency, lines, totals: sumTotals(lines, currency),
    declared: Object.keys(declared).length > 0 ? declared : null, errors,
  };
}

function parseOfxUnsafe(text: string): ParsedStatement[] {
  if (text.trim() === '') return [emptyStatement({ row: 0, column: 'OFX', reason: 'empty file' })];
  const { root, unclosed, tooDeep } = buildTree(text);
  if (tooDeep) return [emptyStatement({ row: 0, column: 'OFX', reason: `elements nest deeper than ${DEPTH_MAX}: not an OFX statement` })];
  if (root === null) return [emptyStatement({ row: 0, column: 'OFX', reason: 'not an OFX file: no <OFX> element' })];
  if (unclosed.length > 0) {
    return [emptyStatement({ row: 0, column: 'OFX', reason: `the file ends inside ${unclosed.join(' > ')}, which never close: the file is truncated` })];
  }
  const statements = findAll(root, ['STMTRS', 'CCSTMTRS']);
  if (statements.length === 0) return [emptyStatement({ row: 0, column: 'STMTRS', reason: 'the file holds no bank or credit-card statement (STMTRS / CCSTMTRS)' })];
  return statements.map(readStatement);
}

export function parseOfx(text: string): ParsedStatement[] {
  try {
    return parseOfxUnsafe(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // a bug here must not take the importer down, and must not pass for a clean file either
    return [emptyStatement({ row: 0, column: 'OFX', reason: `internal parser error: ${error instanceof Error ? error.message : String(error)}` })];
  }
}
