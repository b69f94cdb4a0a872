import { fail } from '../errors.js';
import { isIsoDate } from '../clock.js';
import type { Params } from './workbook.js';

/** What every report takes besides its own parameters. */
export interface ReportCommon {
  /** when the report was made (ISO); shown as 制表时间 when given */
  at?: string;
}

export function requireDate(date: string | undefined, what = 'date'): string {
  if (date === undefined || !isIsoDate(date)) fail('BAD_INPUT', `${what} 应为日期 YYYY-MM-DD / ${what} must be a real date YYYY-MM-DD, got "${date ?? ''}"`);
  return date;
}

/** The parameter rows under a title, with the time it was made when known. */
export function paramRows(rows: Params, common: ReportCommon): Params {
  return common.at ? [...rows, ['制表时间 Generated at', common.at]] : rows;
}
