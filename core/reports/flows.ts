import type { Db } from '../db/index.js';
import { fail } from '../errors.js';
import { addDays } from '../clock.js';
import { directionLabel } from './cells.js';
import { FLOW_BASES, FLOW_SOURCES, type FlowBasis, type FlowGroup, type FlowSource } from './flow-sources.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Cell, type Column, type ReportBook, type ReportResult, type BookOptions } from './workbook.js';

export interface FlowsReportParams extends ReportCommon {
  /** the first (or only) date */
  date: string;
  /** the last date of a range; at most FLOW_SPAN_DAYS_MAX days from `date` */
  to?: string;
  /** one kind of flow only; default all three */
  by?: FlowBasis;
}

/**
 * At most 7 dates, as the app's history query allows. It holds for the entry and clearing flows
 * too: a day may have a million rows, and a week of them is as much as one workbook should carry.
 */
export const FLOW_SPAN_DAYS_MAX = 7;

const BASIS_LABEL: Record<FlowBasis, string> = {
  accounting: '记账日期 accounting date',
  bank: '银行日期 bank date',
  clearing: '清算日期 clearing date',
};

function dateRange(params: FlowsReportParams): { from: string; to: string } {
  const from = requireDate(params.date);
  const to = requireDate(params.to ?? params.date, 'to');
  if (to < from) fail('BAD_INPUT', `结束日期 ${to} 早于开始日期 ${from} / \`to\` ${to} is before the date ${from}`);
  if (addDays(from, FLOW_SPAN_DAYS_MAX - 1) < to) {
    fail('BAD_INPUT', `流水报表最多 ${FLOW_SPAN_DAYS_MAX} 天（与历史查询相同）/ a flows report spans at most ${FLOW_SPAN_DAYS_MAX} days, as the history query does: ${from} to ${to} is longer`);
  }
  return { from, to };
}

/**
 * The summary sheet: one row per date, channel, direction and currency, with a count and an amount
 * for each kind of flow side by side — entry flows against what the statements and the history say.
 */
async function writeSummary(book: ReportBook, sources: readonly FlowSource[], groups: Map<FlowBasis, FlowGroup[]>, params: FlowsReportParams, from: string, to: string) {
  const columns: Column[] = [
    { zh: '日期', en: 'Date', width: 12 },
    { zh: '渠道', en: 'Channel', width: 12 },
    { zh: '方向', en: 'Direction', width: 8 },
    { zh: '币种', en: 'Currency', width: 8 },
    ...sources.flatMap((s): Column[] => [
      { zh: `${s.label.zh}笔数`, en: `${s.label.en} count`, width: 14, kind: 'count' },
      { zh: `${s.label.zh}金额`, en: `${s.label.en} amount`, width: 18, kind: 'amount' },
    ]),
  ];
  const keyOf = (g: FlowGroup) => [g.date, g.channel, g.direction, g.currency].join('\u0000');
  const keys = new Map<string, FlowGroup>();
  for (const s of sources) for (const g of groups.get(s.basis)!) keys.set(keyOf(g), g);
  const bySource = new Map(sources.map((s) => [s.basis, new Map(groups.get(s.basis)!.map((g) => [keyOf(g), g]))]));
  const sheet = book.sheet({
    name: '汇总 Summary',
    title: { zh: '流水汇总（按渠道、方向）', en: 'Flows summary by channel and direction' },
    params: paramRows([
      ['日期 Date', from === to ? from : `${from} – ${to}`],
      ...sources.map((s): [string, string] => [`${s.label.zh} ${s.label.en}`, `按${BASIS_LABEL[s.basis]}`]),
    ], params),
    columns,
  });
  const sorted = [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, g] of sorted) {
    const cells: Cell[] = [g.date, g.channel, directionLabel(g.direction), g.currency];
    for (const s of sources) {
      const found = bySource.get(s.basis)!.get(key);
      cells.push(found ? found.count : 0, { minor: found ? found.amountMinor : 0, currency: g.currency });
    }
    await sheet.row(cells);
  }
  sheet.totals();
}

async function writeDetail(book: ReportBook, db: Db, source: FlowSource, params: FlowsReportParams, from: string, to: string) {
  const sheet = book.sheet({
    name: source.sheet,
    title: source.title,
    params: paramRows([[BASIS_LABEL[source.basis], from === to ? from : `${from} – ${to}`]], params),
    columns: source.columns,
  });
  for (const cells of source.rows(db, from, to)) await sheet.row(cells);
  sheet.totals();
}

/**
 * 流水报表: entry flows by accounting date, clearing flows by bank date and history by clearing date,
 * after a summary per channel and direction. Rows are streamed from SQLite into the workbook.
 */
export async function writeFlowsReport(db: Db, params: FlowsReportParams, file: string, options: BookOptions = {}): Promise<ReportResult> {
  const { from, to } = dateRange(params);
  if (params.by !== undefined && !(FLOW_BASES as readonly string[]).includes(params.by)) {
    fail('BAD_INPUT', `未知的日期口径 "${params.by}" / unknown basis "${params.by}": one of ${FLOW_BASES.join(', ')}`);
  }
  const sources = (params.by ? [params.by] : [...FLOW_BASES]).map((b) => FLOW_SOURCES[b]);
  // the summary goes first, so its figures come from grouped queries before the rows are streamed
  const groups = new Map(sources.map((s) => [s.basis, s.groups(db, from, to)]));
  return writeReportWorkbook(file, async (book) => {
    await writeSummary(book, sources, groups, params, from, to);
    for (const source of sources) await writeDetail(book, db, source, params, from, to);
  }, options);
}
