import type { Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import type { ImportBatchTable } from '../db/schema.js';
import { fail } from '../errors.js';
import { batchLineRange, batchStatistics, type CountAmount } from '../recon/statistics.js';
import { paramRows, requireDate, type ReportCommon } from './params.js';
import { writeReportWorkbook, type Cell, type Column, type ReportResult, type BookOptions } from './workbook.js';

export interface BatchStatisticsReportParams extends ReportCommon {
  /** every batch whose statement covers this date (or, without dates, was imported that day) */
  date?: string;
  /** just this batch */
  batchId?: number;
}

/** What a statement holds: counts and amounts as the statement states them. */
const STATEMENT_FIGURES = [
  ['receipts', '收款', 'Receipts'],
  ['payments', '付款', 'Payments'],
  ['refunds', '退款', 'Refunds'],
  ['feesPaid', '手续费支出', 'Fees paid'],
  ['feesReturned', '手续费退回', 'Fees returned'],
] as const;

/** What reconciliation found, each amount column saying whose amount it is. */
const OUTCOME_COLUMNS: readonly Column[] = [
  { zh: '多账笔数', en: 'Bank extra count', width: 12, kind: 'count' },
  { zh: '多账金额（对方）', en: 'Bank extra amount (theirs)', width: 18, kind: 'amount' },
  { zh: '少账笔数', en: 'Platform extra count', width: 12, kind: 'count' },
  { zh: '少账金额（我方）', en: 'Platform extra amount (ours)', width: 18, kind: 'amount' },
  { zh: '金额不符笔数', en: 'Amount mismatch count', width: 12, kind: 'count' },
  { zh: '金额不符（我方）', en: 'Amount mismatch (ours)', width: 18, kind: 'amount' },
  { zh: '金额不符（对方）', en: 'Amount mismatch (theirs)', width: 18, kind: 'amount' },
  { zh: '金额不符差额（对方−我方）', en: 'Amount mismatch difference (theirs − ours)', width: 20, kind: 'amount' },
  { zh: '重复笔数', en: 'Duplicate count', width: 12, kind: 'count' },
  { zh: '重复金额（对方）', en: 'Duplicate amount (theirs)', width: 18, kind: 'amount' },
];

export const BATCH_COLUMNS: readonly Column[] = [
  { zh: '批次', en: 'Batch', width: 8, kind: 'number' },
  { zh: '渠道', en: 'Channel', width: 14 },
  { zh: '格式', en: 'Format', width: 18 },
  { zh: '文件', en: 'File', width: 36 },
  { zh: '状态', en: 'Status', width: 10 },
  { zh: '行数', en: 'Rows', width: 10, kind: 'count' },
  { zh: '首日', en: 'First date', width: 12 },
  { zh: '末日', en: 'Last date', width: 12 },
  { zh: '导入时间', en: 'Imported at', width: 22 },
  { zh: '币种', en: 'Currency', width: 9 },
  ...STATEMENT_FIGURES.flatMap(([, zh, en]): Column[] => [
    { zh: `${zh}笔数`, en: `${en} count`, width: 12, kind: 'count' },
    { zh: `${zh}金额`, en: `${en} amount`, width: 16, kind: 'amount' },
  ]),
  ...OUTCOME_COLUMNS,
];

function batchesOf(db: Db, params: BatchStatisticsReportParams): Selectable<ImportBatchTable>[] {
  if (params.batchId !== undefined) {
    const batch = db.first(db.q.selectFrom('import_batch').selectAll().where('id', '=', params.batchId));
    return [batch ?? fail('NOT_FOUND', `没有导入批次 ${params.batchId} / no import batch ${params.batchId}`)];
  }
  const date = requireDate(params.date);
  return db.prepare(`SELECT * FROM import_batch
                     WHERE (first_date <= ? AND last_date >= ?) OR (first_date IS NULL AND substr(created_at, 1, 10) = ?)
                     ORDER BY id`).all(date, date, date) as Selectable<ImportBatchTable>[];
}

/** The currency of a batch's lines (a statement is in one currency); CNY for a batch without lines. */
function batchCurrency(db: Db, batch: Selectable<ImportBatchTable>): string {
  return (db.prepare('SELECT currency FROM clearing_flow WHERE id BETWEEN ? AND ? AND batch_id = ? LIMIT 1').pluck().get(...batchLineRange(batch), batch.id) as string | undefined) ?? 'CNY';
}

/** 对账批次统计: one row per import batch with what it holds and what reconciliation found in it. */
export async function writeBatchStatisticsReport(db: Db, params: BatchStatisticsReportParams, file: string, options: BookOptions = {}): Promise<ReportResult> {
  if (params.batchId === undefined && params.date === undefined) fail('BAD_INPUT', '请给出日期或批次号 / give a date or a batch id');
  const batches = batchesOf(db, params);
  const scope: [string, string] = params.batchId !== undefined ? ['批次 Batch', String(params.batchId)] : ['日期 Date', params.date!];
  return writeReportWorkbook(file, async (book) => {
    const sheet = book.sheet({
      name: '批次统计 Batch statistics',
      title: { zh: '对账批次统计', en: 'Reconciliation batch statistics' },
      params: paramRows([scope, ['批次数 Batches', String(batches.length)]], params),
      columns: BATCH_COLUMNS,
    });
    for (const batch of batches) {
      const stats = batchStatistics(db, batch.id);
      const currency = batchCurrency(db, batch);
      const money = (minor: number): Cell => ({ minor, currency });
      const pair = (figure: CountAmount): Cell[] => [figure.count, money(figure.amountMinor)];
      const m = stats.amountMismatch;
      await sheet.row([
        batch.id, batch.channel_code, batch.format, batch.file_name, batch.status, batch.rows, batch.first_date, batch.last_date, batch.created_at, currency,
        ...STATEMENT_FIGURES.flatMap(([key]) => pair(stats[key])),
        ...pair(stats.bankExtra), ...pair(stats.platformExtra),
        m.count, money(m.oursMinor), money(m.theirsMinor), money(m.differenceMinor),
        ...pair(stats.duplicate),
      ]);
    }
    sheet.totals();
    sheet.note('少账按渠道和日期计入该渠道当日的交易对账单批次（不计入资金账单），各批次合计等于对账结果 / platform extra counts on the channel\'s transaction statement batch of the day (never a fund bill), so the batches add up to the reconciliation run');
  }, options);
}
