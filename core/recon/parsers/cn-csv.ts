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

const QUOTE = 0x22;

/**
 * Where the cells of the line text[start, end) begin, for cells 0 to `last`: cell c is
 * text[bounds[c], bounds[c + 1] - 1), the cell splitCsvLine would give, found without cutting any
 * string (a million-row bill need not make one for every cell). False when the line has fewer
 * than last + 1 cells, or when one of them starts with a quote: only there does splitCsvLine
 * quote, and such a line is for it to split. The delimiter is one UTF-16 unit (',' or TAB);
 * `bounds` holds at least last + 2 entries.
 */
export function cellBounds(text: string, start: number, end: number, delimiter: string, last: number, bounds: Int32Array): boolean {
  // indexOf rather than a loop over the characters: on a 200-character row it is ~1.5x faster
  let from = start;
  for (let column = 0; column <= last; column++) {
    if (text.charCodeAt(from) === QUOTE && from < end) return false;
    bounds[column] = from;
    const at = text.indexOf(delimiter, from);
    const cellEnd = at < 0 || at >= end ? end : at;
    if (cellEnd === end && column < last) return false;
    from = cellEnd + 1;
  }
  bounds[last + 1] = from; // one past the delimiter ending cell `last`, or past the end of the line
  return true;
}

// V8 copies slices shorter than this; longer ones are views into the string they were cut from
const SHORTEST_VIEW = 13;
// a value longer than any id or name is left a view: the copy is made through a call's arguments
const LONGEST_COPY = 256;
const codesByLength: number[][] = [];

/**
 * text.slice(from, to) as a string of its own. A slice of 13 or more characters is a view that
 * keeps the whole text alive (a 1M-line bill is ~400 MB of UTF-16) for as long as any line holds
 * it; a copy of an ASCII value costs the same 32-odd bytes as the view, and frees the text.
 */
export function detachedSlice(text: string, from: number, to: number): string {
  const length = to - from;
  if (length < SHORTEST_VIEW || length > LONGEST_COPY) return text.slice(from, to);
  // one array of codes per length, reused: no garbage per value
  const codes = (codesByLength[length] ??= new Array<number>(length).fill(0));
  for (let i = 0; i < length; i++) codes[i] = text.charCodeAt(from + i);
  // one byte per character when every code fits, as for the ids bills carry; two otherwise
  return String.fromCharCode.apply(null, codes);
}

/** A value cut from a bill's text (or null) as a string of its own; see detachedSlice. */
export function detached<T extends string | null>(value: T): T {
  return (value === null ? null : detachedSlice(value, 0, value.length)) as T;
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
