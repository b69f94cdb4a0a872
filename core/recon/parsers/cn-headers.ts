/**
 * Cell clean-up and header-name matching shared by the Chinese statement parsers: columns are
 * found by their names (with synonyms), never by position, because every channel and bank appends
 * and reorders columns over time.
 */

/**
 * Whether a UTF-16 code unit is whitespace as `\s` and String.prototype.trim define it (which
 * takes in NBSP and the ideographic space). A lookup instead of a regex: it runs for both ends of
 * every cell of million-row bills.
 */
function isBlankCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

const BACKTICK = 0x60;

/**
 * A cell as the reader should see it: WeChat's leading backtick, Alipay's trailing TAB, bank
 * exports' space/TAB/NBSP/ideographic-space padding all removed. Inner text is kept.
 */
export function cleanCell(cell: string | undefined): string {
  if (cell === undefined || cell === '') return '';
  const start = cleanStartAt(cell, 0, cell.length);
  const end = cleanEndAt(cell, start, cell.length);
  return start === 0 && end === cell.length ? cell : cell.slice(start, end);
}

/** Where the cell text[start, end) begins once cleanCell drops its leading backticks and whitespace. */
export function cleanStartAt(text: string, start: number, end: number): number {
  while (start < end && (text.charCodeAt(start) === BACKTICK || isBlankCode(text.charCodeAt(start)))) start++;
  return start;
}

/** Where the cell text[start, end) ends once cleanCell drops its trailing whitespace (a trailing backtick is text). */
export function cleanEndAt(text: string, start: number, end: number): number {
  while (end > start && isBlankCode(text.charCodeAt(end - 1))) end--;
  return end;
}

const FULL_WIDTH_PUNCTUATION: Record<string, string> = { '（': '(', '）': ')', '：': ':', '／': '/', '　': '' };

/**
 * A header name reduced for comparison: no whitespace (ABC writes `日 志 号`), half-width brackets,
 * and no unit suffix, so `订单金额（元）`, `订单金额(元)` and `订单金额` are one name, as are
 * `收支金额（元）` and `收支金额(元)`. `借方发生额（支取）` keeps its qualifier.
 */
export function headerKey(name: string): string {
  let key = cleanCell(name).replace(/[\s\u00a0]+/g, '');
  key = key.replace(/[（）：／　]/g, (ch) => FULL_WIDTH_PUNCTUATION[ch] ?? ch);
  key = key.replace(/\((?:[+-]?元|人民币(?:元)?|rmb|cny)\)$/i, '');
  return key.toLowerCase();
}

/** Which columns of a header row hold a field: every matching column, best synonym first. */
export type ColumnMap<K extends string> = Partial<Record<K, number[]>>;

/**
 * Maps a header row by synonym tables. A key lists every column whose name matches one of its
 * synonyms, ordered by synonym preference; `exclusive` keys may not take a column an earlier
 * exclusive key already took (so 交易时间 is either the date or the time, not both).
 */
export function mapHeader<K extends string>(
  header: readonly string[],
  synonyms: Readonly<Record<K, readonly string[]>>,
  exclusive: readonly NoInfer<K>[] = [],
): ColumnMap<K> {
  const keys = header.map(headerKey);
  const taken = new Set<number>();
  const map: ColumnMap<K> = {};
  for (const field of Object.keys(synonyms) as K[]) {
    const columns: number[] = [];
    for (const name of synonyms[field]) {
      const wanted = headerKey(name);
      keys.forEach((key, index) => {
        if (key === wanted && !columns.includes(index) && !(exclusive.includes(field) && taken.has(index))) columns.push(index);
      });
    }
    if (columns.length === 0) continue;
    map[field] = columns;
    if (exclusive.includes(field)) taken.add(columns[0]!);
  }
  return map;
}

/** The first column of a field, or undefined. */
export function firstColumn<K extends string>(map: ColumnMap<K>, field: K): number | undefined {
  return map[field]?.[0];
}

/** A row's cell for a field (first mapped column), cleaned; '' when the field is not mapped. */
export function cellOf<K extends string>(row: readonly string[], map: ColumnMap<K>, field: K): string {
  const column = firstColumn(map, field);
  return column === undefined ? '' : cleanCell(row[column]);
}

/** The first non-empty cell among a field's columns (用途, else 附言, else 摘要 …), or null. */
export function firstFilled<K extends string>(row: readonly string[], map: ColumnMap<K>, field: K): string | null {
  for (const column of map[field] ?? []) {
    const text = optionalText(cleanCell(row[column]));
    if (text !== null) return text;
  }
  return null;
}

const PLACEHOLDER_TEXT = /^(?:-+|—+|\/|N\/A)$/i;

/** A text cell as an optional value: blank and the usual placeholders read as null. */
export function optionalText(text: string): string | null {
  if (text === '') return null;
  // a placeholder starts with one of - — / n N; most cells do not, and skip the regex
  const first = text[0];
  if (first !== '-' && first !== '—' && first !== '/' && first !== 'n' && first !== 'N') return text;
  return PLACEHOLDER_TEXT.test(text) ? null : text;
}

/** Header names as the file writes them (cleaned of padding), for error messages. */
export function headerNames(header: readonly string[]): string[] {
  return header.map((name) => cleanCell(name));
}
