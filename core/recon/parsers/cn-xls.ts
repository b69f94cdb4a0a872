import { readFile } from 'node:fs/promises';
import { cellDateTimeText, numberCellText } from './cn-grid.js';

/**
 * Old-style Excel workbooks (.xls, BIFF8 and earlier, in an OLE2 compound file), which many
 * Chinese banks still export (CCB, SPDB, CITIC), as a grid of cell texts like readXlsxGrid's:
 * grid[i] is the sheet's row i + 1, numbers at Excel's 15 significant digits, date cells as
 * 'YYYY-MM-DD[ HH:mm:ss]'. Read with SheetJS (@e965/xlsx, the maintained build on the npm registry);
 * the whole file is read at once, which is what BIFF allows (its sheets point back into the file),
 * and .xls is capped at 65,536 rows anyway (docs/formats.md#bank-statements).
 */

/** The OLE2 compound-file signature every BIFF8 .xls starts with. */
export const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isOle2(bytes: Buffer): boolean {
  return bytes.length >= OLE2_SIGNATURE.length && bytes.subarray(0, OLE2_SIGNATURE.length).equals(OLE2_SIGNATURE);
}

type SheetJs = typeof import('@e965/xlsx');
let sheetJs: Promise<SheetJs> | null = null;

/** Loaded on first use, with the code pages a BIFF5 (Excel 95) file's GBK text needs. */
function loadSheetJs(): Promise<SheetJs> {
  sheetJs ??= (async () => {
    const xlsx = await import('@e965/xlsx');
    const codepages = await import('@e965/xlsx/dist/cpexcel.full.mjs');
    xlsx.set_cptable(codepages);
    return xlsx;
  })();
  return sheetJs;
}

/** An Excel date serial as text, through SheetJS's own calendar (1900 and 1904 systems), never a JS Date. */
function dateText(xlsx: SheetJs, serial: number, date1904: boolean): string {
  const d = xlsx.SSF.parse_date_code(serial, { date1904 });
  return cellDateTimeText({ ...d, S: Math.floor(d.S) }, d.y < 1900 || serial < 1); // a time-only cell
}

interface Cell {
  t: string;
  v?: unknown;
  z?: string | number;
  w?: string;
}

function cellText(xlsx: SheetJs, cell: Cell | undefined, date1904: boolean): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'n': {
      const value = cell.v as number;
      const format = cell.z;
      if (format !== undefined && xlsx.SSF.is_date(format) && Number.isFinite(value)) return dateText(xlsx, value, date1904);
      return numberCellText(value);
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? '#ERROR';
    default:
      return cell.w ?? '';
  }
}

/** The first worksheet of an .xls (path or bytes) as cell texts. Rejects when it is not a readable workbook. */
export async function readXlsGrid(file: string | Buffer, maxRows = Infinity): Promise<string[][]> {
  const bytes = typeof file === 'string' ? await readFile(file) : file;
  if (!isOle2(bytes)) throw new Error('not an Excel 97–2003 workbook (no OLE2 signature)');
  const xlsx = await loadSheetJs();
  const workbook = xlsx.read(bytes, { type: 'buffer', dense: true, cellNF: true, cellDates: false, sheets: 0, sheetRows: Number.isFinite(maxRows) ? maxRows : 0 });
  const name = workbook.SheetNames[0];
  if (name === undefined) throw new Error('the workbook has no worksheet');
  const sheet = workbook.Sheets[name]!;
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const data = (sheet['!data'] ?? []) as (Cell[] | undefined)[];
  const grid: string[][] = [];
  for (let row = 0; row < data.length && row < maxRows; row++) {
    const cells = data[row] ?? [];
    const texts: string[] = [];
    for (let column = 0; column < cells.length; column++) texts.push(cellText(xlsx, cells[column], date1904));
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    grid.push(texts);
  }
  return grid;
}
