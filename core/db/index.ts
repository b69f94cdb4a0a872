export { Db } from './db.js';
export { openDatabase, type OpenOptions } from './open.js';
export { migrate, MIGRATIONS, type Migration } from './migrate.js';
export type * from './schema.js';
