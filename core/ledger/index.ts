export * from './chart.js';
export * from './accounts.js';
export * from './days.js';
export * from './post.js';
export * from './vouchers.js';
export * from './trial-balance.js';
export * from './close.js';
