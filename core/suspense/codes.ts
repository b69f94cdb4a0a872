/**
 * The suspense codes (挂账业务代码, 7001xx) a bank-extra line may be classified to before it is hung
 * up (S1). Income or expense follows from the code; 银行错账 can go either way, so it follows the
 * line's direction.
 */
export const SUSPENSE_CODES = {
  '700101': { name: '其他应付款', nameEn: 'other payables', kind: 'income' },
  '700102': { name: '其他应收款', nameEn: 'other receivables', kind: 'expense' },
  '700103': { name: '银行错账', nameEn: 'bank error', kind: 'either' },
  '700104': { name: '未确认结汇款', nameEn: 'unconfirmed FX settlement', kind: 'income' },
  '700105': { name: '线下汇款', nameEn: 'offline remittance', kind: 'income' },
  '700106': { name: '未确认退票', nameEn: 'unconfirmed returned payment', kind: 'income' },
  '700107': { name: '未确认收款', nameEn: 'unconfirmed receipt', kind: 'income' },
  '700108': { name: '未确认支出款', nameEn: 'unconfirmed payment', kind: 'expense' },
} as const satisfies Record<string, { name: string; nameEn: string; kind: 'income' | 'expense' | 'either' }>;

export type SuspenseCode = keyof typeof SUSPENSE_CODES;
export type SuspenseKind = 'income' | 'expense';

export function isSuspenseCode(code: string): code is SuspenseCode {
  return Object.prototype.hasOwnProperty.call(SUSPENSE_CODES, code);
}

/** Income or expense for a code on a line going `direction`; undefined when the two disagree. */
export function suspenseKindOf(code: SuspenseCode, direction: 'in' | 'out'): SuspenseKind | undefined {
  const kind = SUSPENSE_CODES[code].kind;
  const byDirection: SuspenseKind = direction === 'in' ? 'income' : 'expense';
  if (kind === 'either') return byDirection;
  return kind === byDirection ? kind : undefined;
}
