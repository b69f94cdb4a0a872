/**
 * What the bank balance screens and results say, in Chinese and English. The first three are the
 * review outcomes the domain names (S1, 银行余额导入); screens and tests compare against these.
 */
export const REVIEW_MESSAGES = {
  noTemporary: '该银行账户无临时余额 / this bank account has no temporary balance',
  severalTemporary: '一天存在多条临时余额，异常 / more than one temporary balance for one day, abnormal',
  differs: '临时余额与实际余额不一致，复核不通过 / temporary and actual balance differ, check failed',
  reviewed: '复核通过，已写入实际余额 / check passed, actual balance written',
  alreadyReviewed: '该账户当日余额已复核 / the balance of this account for this day is already reviewed',
  makerIsChecker: '不能复核自己登记的余额，请由其他复核员导入 / you registered this balance: another reviewer must review it (maker-checker)',
} as const;

export type ReviewOutcome = keyof typeof REVIEW_MESSAGES | 'invalid';

export const ACCOUNT_STATUS_LABELS = {
  normal: '正常 normal',
  abolished: '废除 abolished',
  closed: '销户 closed',
} as const;

/** 余额状态 of one account on one day as the query shows it. */
export const BALANCE_STATUS_LABELS = {
  N: '未录入 not entered',
  A: '已录入 entered',
  Y: '已复核 reviewed',
} as const;
