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
