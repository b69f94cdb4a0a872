export * from './currency.js';
export * from './money.js';
export * from './decimal.js';
export * from './parse.js';
export * from './rate.js';
export * from './allocate.js';
