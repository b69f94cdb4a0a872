export * from './types.js';
export * from './mapping.js';
export { planExport, planVouchers, type ExportPlan } from './source.js';
export * from './export.js';
export { readBackVoucherFile, type ReadBack, type ReadBackLine, type ReadBackVoucher } from './read-back.js';
export { writeAtomically } from '../files/write-atomically.js';
