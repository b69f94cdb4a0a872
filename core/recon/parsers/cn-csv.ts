/**
 * Minimal CSV splitting for statement files. Channel bills never quote (their writers swap commas
 * for full-width ones), bank exports from Excel do, and ICBC quotes cells padded with TABs.
 */

/** Text → lines without their CR/LF, in order; line i is file line i + 1. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the file's final line break
  return lines;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Walks a text line by line, with the same line breaks as splitLines (CRLF, LF or a lone CR),
 * without splitting it into an array first: a million-line bill need not hold a million line
 * strings at once. `next()` moves to the following line; `line()` is its text.
 */
export class LineCursor {
  /** 1-based number of the current line in the text */
  number: number;
  /** where the current line starts and ends (before its line break) */
  start = 0;
  end = 0;
  /** where the next line starts */
  position: number;
  private readonly text: string;
  private readonly limit: number;
  // the next LF and CR at or after `position` (text.length when there is none): each is searched for once per break
  private nextLf = -1;
  private nextCr = -1;

  /** The lines that start at or after offset `from` and before offset `limit`; the first is line `firstNumber`. */
  constructor(text: string, from = 0, firstNumber = 1, limit = text.length) {
    this.text = text;
    this.position = from;
    this.number = firstNumber - 1;
    this.limit = Math.min(limit, text.length);
  }

  next(): boolean {
    const from = this.position;
    if (from >= this.limit) return false;
    if (this.nextLf < from) this.nextLf = indexOrEnd(this.text, '\n', from);
    if (this.nextCr < from) this.nextCr = indexOrEnd(this.text, '\r', from);
    const end = Math.min(this.nextLf, this.nextCr);
    this.start = from;
    this.end = end;
    const crlf = this.text.charCodeAt(end) === CR && this.text.charCodeAt(end + 1) === LF;
    this.position = end + (crlf ? 2 : 1);
    this.number += 1;
    return true;
  }

  line(): string {
    return this.text.slice(this.start, this.end);
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/**
 * One line → cells, honouring double quotes ("a,b" and "" for a quote). A quote left open at the
 * end of the line is taken literally: line-oriented bills are never quoted, so a stray quote in a
 * product name must not swallow the following rows.
 */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      atCellStart = true;
      continue;
    } else if (ch === '"' && atCellStart) {
      quoted = true;
    } else {
      cell += ch;
    }
    atCellStart = false;
  }
  if (quoted) return line.split(delimiter);
  cells.push(cell);
  return cells;
}

const BACKTICK = 0x60;

/**
 * The cells of the unquoted line text[start, end) as splitCsvLine would give them, cut straight from
 * the text and only at the `wanted` columns (the others are ''): a million-row bill need not make
 * a string for every cell of every row. A leading backtick (WeChat's) is left out of the cut, as
 * cleanCell would drop it anyway; callers read these cells through cleanCell only. `into` is reused
 * from row to row and returned. The caller makes sure the line holds no quote, and that the
 * delimiter is one UTF-16 unit (',' or TAB).
 */
export function pickCells(text: string, start: number, end: number, delimiter: string, wanted: readonly boolean[], into: string[]): string[] {
  const separator = delimiter.charCodeAt(0);
  // past the last wanted column a cell is never read: '' and a missing cell both clean to ''
  const last = wanted.length - 1;
  let column = 0;
  let from = start;
  for (let i = start; ; i++) {
    if (i < end && text.charCodeAt(i) !== separator) continue;
    into[column] = wanted[column] ? text.slice(from < i && text.charCodeAt(from) === BACKTICK ? from + 1 : from, i) : '';
    if (i >= end || column === last) break;
    column++;
    from = i + 1;
  }
  into.length = column + 1;
  return into;
}

export interface CsvRecord {
  /** 1-based line the record starts on */
  line: number;
  cells: string[];
}

/**
 * Whole text → records, where a quoted cell may hold line breaks (Excel writes them for wrapped
 * text). Linear in the text, also on an unterminated quote (it runs to the end of the file).
 */
export function csvRecords(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    atCellStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      atCellStart = true;
      continue;
    }
    if (ch === '"' && atCellStart) quoted = true;
    else cell += ch;
    atCellStart = false;
  }
  if (cell !== '' || cells.length > 0 || quoted) endRecord();
  return records;
}
