/**
 * Which side of reconciliation a statement format feeds. Transaction (information-flow) matching
 * uses the per-transaction files; fund bills (账务明细, 资金账单) list money movements including fees
 * and feed fund-flow reconciliation (长款/短款) instead, so they never enter transaction matching.
 */
export const FUND_FORMATS: ReadonlySet<string> = new Set(['alipay-account', 'wechat-fund']);

export function isFundFormat(format: string): boolean {
  return FUND_FORMATS.has(format);
}
