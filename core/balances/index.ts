/** core/balances: bank accounts and the bank balance maker-checker (登记 register → 复核 review → 查询 query). */
export * from './accounts.js';
export * from './register.js';
export * from './review.js';
export * from './review-file.js';
export * from './carry-over.js';
export * from './schedule.js';
export * from './query.js';
export * from './reviewed.js';
export * from './template.js';
export * from './messages.js';
export type { BankAccountStatus, TemporaryBalanceSource } from './schema.js';
