// Test helper run as a child process: imports a file into a real database and announces when it
// starts writing lines, so the parent can kill it in the middle of the write.
import { openDatabase } from '../db/index.js';
import { findUser } from '../users/users.js';
import { importStatement } from '../recon/import.js';
import { DEFAULT_REGISTRY } from '../recon/registry.js';

const [file, statement] = process.argv.slice(2);
const db = openDatabase(file!);
const userId = findUser(db, 'admin')!.id;
let announced = false;
// Slow the write down so the kill lands inside the transaction.
await importStatement(db, DEFAULT_REGISTRY, {
  file: statement!, userId, at: new Date().toISOString(),
  onProgress: (done) => {
    if (!announced && done > 0) {
      announced = true;
      process.stdout.write('inserting\n');
      const until = Date.now() + 2_000;
      while (Date.now() < until) { /* hold the transaction open */ }
    }
  },
});
process.stdout.write('finished\n');
