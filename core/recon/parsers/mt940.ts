/**
 * SWIFT MT940 customer statements → ParsedStatement, one per statement (`:20:` … `-`).
 *
 * What it accepts (all seen in public bank files):
 * - bare tag files, files wrapped in SWIFT blocks `{1:…}{2:…}{3:…}{4:` … `-}{5:…}`, FIN control
 *   characters (SOH/ETX) around messages, bank header lines before `:20:` ("ABNANL2A", "940",
 *   ":940:"), CRLF, LF or CR line ends, blank lines anywhere, several statements per file, with or
 *   without the `-` terminator between them;
 * - tags :20: :21: :25: :28: :28C: :60F:/:60M: :61: :86: :62F:/:62M: :64: :65:; other tags
 *   (`:NS:`, `:34F:`, `:90D:` …) are vendor or MT942 extras and are skipped with their
 *   continuation lines;
 * - `:61:` = valueDate YYMMDD, [entryDate MMDD], C|D|RC|RD, [funds code letter], amount with a
 *   decimal comma, N|F|S + 3-character type code, customer reference (16x, `NONREF` = none),
 *   [`//` bank reference], [next line: supplementary details]. The amount runs until the
 *   transaction type letter; some banks put a space before it, which is accepted.
 * - `:86:` narrative, joined across continuation lines and repeated `:86:` tags, attached to the
 *   `:61:` just before it; German structured subfields (`?00` booking text, `?20`-`?29` and
 *   `?60`-`?63` purpose with SEPA keywords EREF+/SVWZ+…, `?32`/`?33` name) and Dutch structured
 *   codes (`/EREF/`, `/NAME/`, `/REMI/`, `/CNTP/` …) are mined for a reference and counterparty.
 *
 * Directions are the statement's: C = credit (money in), D = debit (money out), RC = reversal of a
 * credit (money out), RD = reversal of a debit (money in). Balances are signed: C positive, D
 * negative. Each statement is checked: opening + Σcredit − Σdebit must equal the closing balance,
 * otherwise a CellError on the closing-balance tag.
 *
 * Errors never throw: they come back as CellErrors with row = the 1-based line number of the
 * field's tag line and column = the tag (':61:'). Problems with the file as a whole (empty, no
 * statement at all) have row 0. An unparseable `:61:` never becomes a line. A statement that
 * ends without a closing balance (a truncated file) gives an error and none of its lines: half a
 * statement must not be reconciled as if it were the whole day.
 */
import { isKnownCurrency } from '../../money/currency.js';
import { formatMinor } from '../../money/money.js';
import { AmountParseError, parseAmount } from '../../money/parse.js';
import { ERRORS_KEPT_MAX, type CellError, type ParsedStatement, type StatementLine, type Totals } from './types.js';
import { sumTotals } from './totals.js';

export const MT940_FORMAT = 'mt940';

/** A field: its tag, the line number of the tag line, its first line's text and continuation lines. */
interface Field {
  tag: string;
  row: number;
  lines: string[];
}

interface RawStatement {
  fields: Field[];
  /** line number of the `:20:` that opened it */
  startRow: number;
  /** last line number that belonged to it */
  endRow: number;
}

/** `:TAG:` at the start of a line; continuation lines may not start with ':' or '-' in SWIFT. */
const TAG_RE = /^:([0-9A-Z]{2,4}):/;
/** Tags that only make sense inside a statement: seen before any `:20:` they are an error. */
const STATEMENT_TAGS = new Set(['25', '28', '28C', '60F', '60M', '61', '86', '62F', '62M', '64', '65']);
/** Control characters (SOH/ETX of FIN transmissions, NUL padding…), kept apart from tab. */
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

const BALANCE_RE = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]*)$/;
// valueDate, [entryDate | blanks], direction, [funds code], amount, type letter + 3-char code, rest
const LINE_RE = /^(\d{6})(\d{4})?\s*(RC|RD|C|D)([A-Z])?(\d[\d,]*)\s*([NFS])(.{3})(.*)$/;

/** Parse the text of an MT940 file (already decoded to a string) into statements. Never throws. */
export function parseMt940(text: string): ParsedStatement[] {
  try {
    return parseMt940Unsafe(text);
  } catch (error) {
    // A bug here must not take the importer down, and must not pass for a clean file either.
    const reason = `internal parser error: ${error instanceof Error ? error.message : String(error)}`;
    return [emptyStatement([{ row: 0, column: 'file', reason }])];
  }
}

function parseMt940Unsafe(text: string): ParsedStatement[] {
  const { statements, problems } = splitStatements(text);
  const result = statements.map(readStatement);
  if (result.length === 0) {
    const reason = text.trim() === '' ? 'empty file' : 'no MT940 statement found (no :20: field)';
    result.push(emptyStatement([{ row: 0, column: ':20:', reason }, ...problems]));
  } else if (problems.length > 0) {
    const first = result[0]!;
    for (const problem of problems) pushError(first.errors, problem);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Splitting the file into statements and fields

/** Statements, and the statement tags found outside any statement (errors for the first one). */
function splitStatements(text: string): { statements: RawStatement[]; problems: CellError[] } {
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const statements: RawStatement[] = [];
  const problems: CellError[] = [];
  let current: RawStatement | null = null;

  const close = (): void => {
    if (current) statements.push(current);
    current = null;
  };

  for (let i = 0; i < rawLines.length; i++) {
    const row = i + 1;
    let line = rawLines[i]!.replace(CONTROL_RE, '');

    // SWIFT envelope: `{1:…}{2:…}{3:{…}}{4:` then the text block; `-}` closes it.
    if (line.startsWith('{')) {
      const textBlock = line.indexOf('{4:');
      if (textBlock < 0) {
        // Basic/application header alone on its line: a new message starts, the previous is over.
        close();
        continue;
      }
      close();
      line = line.slice(textBlock + 3);
    }
    if (line.startsWith('-')) {
      // `-`, `-}`, `-}{5:{CHK:…}}`: end of the statement.
      if (current) (current as RawStatement).endRow = row;
      close();
      continue;
    }
    if (line.trim() === '') continue;

    const tag = TAG_RE.exec(line);
    if (tag) {
      const name = tag[1]!;
      const rest = line.slice(tag[0].length);
      if (name === '20') {
        close();
        current = { fields: [], startRow: row, endRow: row };
      } else if (!current) {
        if (STATEMENT_TAGS.has(name)) {
          problems.push({ row, column: `:${name}:`, reason: `:${name}: outside a statement (no :20: before it); line skipped` });
        }
        continue; // a bank header such as ":940:"
      }
      const statement = current as RawStatement;
      statement.fields.push({ tag: name, row, lines: [rest] });
      statement.endRow = row;
      continue;
    }
    // A continuation line of the last field, or a header line outside any statement.
    if (current) {
      const statement = current as RawStatement;
      const last = statement.fields[statement.fields.length - 1];
      if (last) last.lines.push(line);
      statement.endRow = row;
    }
  }
  close();
  return { statements, problems };
}

// ---------------------------------------------------------------------------------------------
// One statement

interface Balance {
  minor: number;
  currency: string;
  row: number;
  tag: string;
}

interface LineDraft {
  line: StatementLine;
  customerRef: string | null;
  details: string | null;
  narrative: string[][];
}

function readStatement(raw: RawStatement): ParsedStatement {
  const errors: CellError[] = [];
  const err = (row: number, tag: string, reason: string): void => pushError(errors, { row, column: `:${tag}:`, reason });
  let account: string | null = null;
  let opening: Balance | null = null;
  let openingSeen = false;
  let closing: Balance | null = null;
  const drafts: LineDraft[] = [];
  // Where a `:86:` goes: the draft of the `:61:` just before it, 'skip' when that `:61:` could
  // not be read (its narrative must not land on an earlier line), null at statement level.
  let target: LineDraft | 'skip' | null = null;

  for (const field of raw.fields) {
    const first = (field.lines[0] ?? '').trim();
    switch (field.tag) {
      case '20':
        if (first === '') err(field.row, field.tag, 'empty transaction reference');
        target = null;
        break;
      case '25':
        account = first === '' ? null : first;
        if (account === null) err(field.row, field.tag, 'empty account identification');
        target = null;
        break;
      case '60F':
      case '60M': {
        target = null;
        if (openingSeen) {
          err(field.row, field.tag, 'a second opening balance in one statement');
          break;
        }
        openingSeen = true;
        const balance = readBalance(field, err);
        if (balance) opening = balance;
        break;
      }
      case '62F':
      case '62M': {
        target = null;
        if (closing) {
          err(field.row, field.tag, 'a second closing balance in one statement');
          break;
        }
        const balance = readBalance(field, err);
        if (balance) closing = balance;
        else closing = { minor: Number.NaN, currency: '', row: field.row, tag: field.tag }; // present, unreadable
        break;
      }
      case '64':
      case '65':
        // Available balances: not part of the statement's arithmetic, but a malformed one is reported.
        readBalance(field, err);
        target = null;
        break;
      case '61': {
        const currency = opening?.currency ?? null;
        const draft = readLine(field, currency, err);
        if (draft) drafts.push(draft);
        target = draft ?? 'skip';
        break;
      }
      case '86':
        if (target && target !== 'skip') target.narrative.push(field.lines);
        break;
      case '21':
      case '28':
      case '28C':
        target = null;
        break;
      default:
        // Vendor tags (:NS:) and MT942 extras: skipped, they do not end the `:61:`'s group.
        break;
    }
  }

  const currency = opening?.currency ?? '';
  const lines = drafts.map(finishLine);
  const statement: ParsedStatement = {
    format: MT940_FORMAT,
    channel: null,
    account,
    currency,
    lines,
    totals: {},
    declared: null,
    errors,
  };
  if (!openingSeen) err(raw.startRow, '60F', 'no opening balance :60F:/:60M:; the currency and the balance check are unknown');

  const closingBalance = closing as Balance | null;
  if (!closingBalance) {
    const reason =
      `statement ends at line ${raw.endRow} without a closing balance :62F:/:62M: (file truncated?)` +
      (lines.length > 0 ? `; its ${lines.length} line(s) were not taken` : '');
    err(raw.endRow, '62F', reason);
    statement.lines = [];
  }
  statement.totals = sumTotals(statement.lines, currency);

  const declared: NonNullable<ParsedStatement['declared']> = {};
  if (opening) declared.openingBalanceMinor = opening.minor;
  if (closingBalance && Number.isFinite(closingBalance.minor)) declared.closingBalanceMinor = closingBalance.minor;
  statement.declared = Object.keys(declared).length > 0 ? declared : null;

  if (opening && closingBalance && Number.isFinite(closingBalance.minor)) {
    checkBalances(statement, opening, closingBalance, err);
  }
  return statement;
}

function checkBalances(
  statement: ParsedStatement,
  opening: Balance,
  closing: Balance,
  err: (row: number, tag: string, reason: string) => void,
): void {
  const currency = opening.currency;
  if (closing.currency !== currency) {
    err(closing.row, closing.tag, `closing balance in ${closing.currency} but the opening balance is in ${currency}`);
    return;
  }
  const totals = statement.totals[currency] ?? { creditMinor: 0, debitMinor: 0, count: 0 };
  const expected = opening.minor + totals.creditMinor - totals.debitMinor;
  if (!Number.isSafeInteger(expected)) {
    err(closing.row, closing.tag, 'balance check overflows: amounts too large');
    return;
  }
  if (expected !== closing.minor) {
    const f = (minor: number): string => formatMinor(minor, currency);
    err(
      closing.row,
      closing.tag,
      `balance check failed: opening ${f(opening.minor)} + credits ${f(totals.creditMinor)} − debits ${f(totals.debitMinor)} = ` +
        `${f(expected)} ${currency}, but the closing balance is ${f(closing.minor)} (difference ${f(closing.minor - expected)})`,
    );
  }
}

function readBalance(field: Field, err: (row: number, tag: string, reason: string) => void): Balance | null {
  const value = (field.lines[0] ?? '').trim();
  const m = BALANCE_RE.exec(value);
  if (!m) {
    err(field.row, field.tag, `expected C|D, date YYMMDD, currency and amount (e.g. C250801EUR1500,00), got "${value}"`);
    return null;
  }
  const [, sign, date, currency, amountText] = m as unknown as [string, string, string, string, string];
  if (yymmdd(date) === null) {
    err(field.row, field.tag, `"${date}" is not a date YYMMDD`);
    return null;
  }
  if (!isKnownCurrency(currency)) {
    err(field.row, field.tag, `unknown currency "${currency}" (not in the currency table)`);
    return null;
  }
  const minor = readAmount(amountText, currency, field, err);
  if (minor === null) return null;
  return { minor: sign === 'D' ? -minor : minor, currency, row: field.row, tag: field.tag };
}

function readAmount(
  text: string,
  currency: string,
  field: Field,
  err: (row: number, tag: string, reason: string) => void,
): number | null {
  try {
    return parseAmount(text, currency, { decimalSeparator: ',' });
  } catch (error) {
    if (error instanceof AmountParseError) {
      err(field.row, field.tag, `amount "${text}": ${error.reason}`);
      return null;
    }
    throw error;
  }
}

function readLine(
  field: Field,
  currency: string | null,
  err: (row: number, tag: string, reason: string) => void,
): LineDraft | null {
  const main = field.lines[0] ?? '';
  const m = LINE_RE.exec(main.trim());
  if (!m) {
    err(
      field.row,
      field.tag,
      `cannot read the statement line "${main.trim()}": expected valueDate YYMMDD, [entryDate MMDD], C|D|RC|RD, amount, N|F|S + type code, reference`,
    );
    return null;
  }
  const [, valueText, entryText, mark, , amountText, , typeCode, rest] = m as unknown as [
    string, string, string | undefined, string, string | undefined, string, string, string, string,
  ];
  const valueDate = yymmdd(valueText);
  if (!valueDate) {
    err(field.row, field.tag, `value date "${valueText}" is not a date YYMMDD`);
    return null;
  }
  let entryDate: string | null = null;
  if (entryText !== undefined) {
    entryDate = entryDateNear(entryText, valueDate);
    if (!entryDate) {
      err(field.row, field.tag, `entry date "${entryText}" is not a date MMDD`);
      return null;
    }
  }
  if (currency === null) {
    err(field.row, field.tag, 'no readable opening balance :60F: before this line, so its currency is unknown');
    return null;
  }
  const amountMinor = readAmount(amountText, currency, field, err);
  if (amountMinor === null) return null;

  const slash = rest.indexOf('//');
  const customerPart = slash >= 0 ? rest.slice(0, slash) : rest;
  const bankPart = slash >= 0 ? rest.slice(slash + 2) : '';
  // The customer reference is 16x; some banks (old Rabobank) run a name on after it.
  const customerRaw = customerPart.length > 16 ? customerPart.slice(0, 16) : customerPart;
  const overflow = customerPart.length > 16 ? customerPart.slice(16).trim() : '';
  const customerTrim = customerRaw.trim();
  // NONREF means none; a bare keyword such as "KREF+" (German banks) points into the :86: instead.
  const customerRef = customerTrim === '' || /^NONREF$|^[A-Z]{4}\+$/i.test(customerTrim) ? null : customerTrim;
  const bankRef = bankPart.trim() === '' ? null : bankPart.trim();
  const supplementary = field.lines
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  const details = collapse(`${overflow} ${supplementary}`);

  // RC (reversal of a credit) takes money out; RD (reversal of a debit) brings it back in.
  const direction: StatementLine['direction'] = mark === 'C' || mark === 'RD' ? 'credit' : 'debit';
  return {
    line: {
      row: field.row,
      bookedAt: `${entryDate ?? valueDate} 00:00:00`,
      valueDate,
      direction,
      amountMinor,
      currency,
      reference: customerRef,
      channelRef: bankRef,
      kind: kindOf(typeCode),
      feeMinor: null,
      counterparty: null,
      summary: details,
    },
    customerRef,
    details,
    narrative: [],
  };
}

function finishLine(draft: LineDraft): StatementLine {
  const mined = mineNarrative(draft.narrative);
  return {
    ...draft.line,
    reference: mined.reference ?? draft.customerRef ?? mined.customerRef,
    counterparty: mined.counterparty,
    summary: mined.summary ?? draft.details,
  };
}

const FEE_TYPES = new Set(['CHG', 'COM', 'BRF']);
const TRANSFER_TYPES = new Set(['TRF', 'STO', 'DDT']);

function kindOf(typeCode: string): StatementLine['kind'] {
  const code = typeCode.toUpperCase();
  if (FEE_TYPES.has(code)) return 'fee';
  if (TRANSFER_TYPES.has(code)) return 'transfer';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// :86: narrative

interface Mined {
  /** the end-to-end reference (EREF) */
  reference: string | null;
  /** the customer reference the narrative carries (German KREF+), used when :61: has none */
  customerRef: string | null;
  counterparty: string | null;
  summary: string | null;
}

const NOT_PROVIDED = 'NOTPROVIDED';

function collapse(text: string): string | null {
  const s = text.replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

function realReference(value: string | undefined): string | null {
  const v = value === undefined ? null : collapse(value);
  return v === null || v.toUpperCase() === NOT_PROVIDED ? null : v;
}

/** Mine the `:86:` fields (each a list of raw lines) of one `:61:`. Exported for tests. */
export function mineNarrative(fields: readonly (readonly string[])[]): Mined {
  if (fields.length === 0) return { reference: null, customerRef: null, counterparty: null, summary: null };
  // Structured narratives are cut into fixed-width lines anywhere, even inside a keyword
  // ("MR" / "EF+"), so their lines are joined without a separator.
  const joined = fields.map((lines) => lines.join('')).join('');
  if (/^\s*(\d{3})?\?\d{2}/.test(joined)) return mineGerman(joined);
  if (/^\s*\//.test(joined) && DUTCH_KEY_RE().test(joined)) return mineDutch(joined);
  const free = fields.map((lines) => lines.map((l) => l.trim()).join(' ')).join(' ');
  return { reference: null, customerRef: null, counterparty: null, summary: collapse(free) };
}

// SEPA keywords inside the German purpose text (DFÜ-Abkommen Anlage 3).
const SEPA_KEY_RE = /(EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|IBAN|BIC|PURP|BREF|RREF)\+/g;

function mineGerman(text: string): Mined {
  const parts = text.trim().split(/\?(\d{2})/);
  const sub = new Map<number, string>();
  const purposeParts: string[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const code = Number(parts[i]);
    const value = parts[i + 1]!;
    sub.set(code, (sub.get(code) ?? '') + value);
    if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63)) purposeParts.push(value);
  }
  // The purpose subfields are one text cut in 27-character pieces; remember where each piece
  // starts, because a bank's own label ("MTLG:") at a piece start ends the keyword before it.
  let purpose = '';
  const starts: number[] = [];
  for (const piece of purposeParts) {
    starts.push(purpose.length);
    purpose += piece;
  }
  const markers: { pos: number; key: string; valueStart: number }[] = [];
  for (const m of purpose.matchAll(SEPA_KEY_RE)) {
    markers.push({ pos: m.index, key: m[1]!, valueStart: m.index + m[0].length });
  }
  for (const s of starts) {
    const label = /^([A-Z]{4}):/.exec(purpose.slice(s));
    if (label && !markers.some((mk) => mk.pos === s)) markers.push({ pos: s, key: label[1]!, valueStart: s + 5 });
  }
  markers.sort((a, b) => a.pos - b.pos);
  const keyed = new Map<string, string>();
  markers.forEach((mk, i) => {
    const end = markers[i + 1]?.pos ?? purpose.length;
    if (!keyed.has(mk.key)) keyed.set(mk.key, purpose.slice(mk.valueStart, end));
  });
  const name = collapse(`${sub.get(32) ?? ''}${sub.get(33) ?? ''}`);
  const purposeText = collapse(keyed.get('SVWZ') ?? '') ?? collapse(purpose);
  const bookingText = collapse(sub.get(0) ?? '');
  const summary = bookingText && purposeText ? `${bookingText}: ${purposeText}` : (purposeText ?? bookingText);
  return {
    reference: realReference(keyed.get('EREF')),
    customerRef: realReference(keyed.get('KREF')),
    counterparty: name,
    summary,
  };
}

// Dutch structured narrative codes (ABN AMRO, ING, Rabobank, ASN, Triodos …), longest first.
const DUTCH_KEYS = [
  'CDTRREFTP', 'CDTRREF', 'TRTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'EREF', 'ORDP', 'BENM', 'ADDR', 'CSID', 'MARF',
  'PREF', 'RTRN', 'ULTC', 'ULTD', 'PURP', 'CNTP', 'IREF', 'USTD', 'STRD', 'ISSR', 'SVCL', 'OCMT', 'CHGS', 'EXCH',
  'ID', 'CD',
];
const DUTCH_KEY_RE = (): RegExp => new RegExp(`/(${DUTCH_KEYS.join('|')})(?=/)`, 'g');

function mineDutch(text: string): Mined {
  const values = new Map<string, string>();
  const matches = [...text.matchAll(DUTCH_KEY_RE())];
  matches.forEach((m, i) => {
    const key = m[1]!;
    const start = m.index + m[0].length + 1;
    const end = matches[i + 1]?.index ?? text.length;
    const value = text.slice(start, end).replace(/^\/+|\/+$/g, '');
    if (!values.has(key)) values.set(key, value);
  });
  let counterparty = collapse(values.get('NAME') ?? '');
  const cntp = values.get('CNTP');
  if (!counterparty && cntp) counterparty = collapse(cntp.split('/')[2] ?? ''); // account/BIC/name/city
  const summary =
    collapse(values.get('USTD') ?? '') ?? collapse(values.get('REMI') ?? '') ?? collapse(values.get('CDTRREF') ?? '') ?? collapse(text);
  return { reference: realReference(values.get('EREF')), customerRef: null, counterparty, summary };
}

// ---------------------------------------------------------------------------------------------
// Dates, totals, helpers

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** YYMMDD → 'YYYY-MM-DD'; years 80-99 are 19xx, 00-79 are 20xx. */
function yymmdd(text: string): string | null {
  if (!/^\d{6}$/.test(text)) return null;
  const yy = Number(text.slice(0, 2));
  return isoDate(yy >= 80 ? 1900 + yy : 2000 + yy, Number(text.slice(2, 4)), Number(text.slice(4, 6)));
}

/**
 * The entry date MMDD carries no year: take the year that puts it nearest the value date, so a
 * line valued 31 December and booked 2 January lands in the next year (and the reverse).
 */
function entryDateNear(mmdd: string, valueDate: string): string | null {
  const year = Number(valueDate.slice(0, 4));
  const valueMs = Date.parse(`${valueDate}T00:00:00Z`);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const y of [year - 1, year, year + 1]) {
    const candidate = isoDate(y, Number(mmdd.slice(0, 2)), Number(mmdd.slice(2, 4)));
    if (!candidate) continue;
    const distance = Math.abs(Date.parse(`${candidate}T00:00:00Z`) - valueMs);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}


function pushError(errors: CellError[], error: CellError): void {
  if (errors.length < ERRORS_KEPT_MAX) errors.push(error);
}

function emptyStatement(errors: CellError[]): ParsedStatement {
  return {
    format: MT940_FORMAT,
    channel: null,
    account: null,
    currency: '',
    lines: [],
    totals: {},
    declared: null,
    errors: errors.slice(0, ERRORS_KEPT_MAX),
  };
}
