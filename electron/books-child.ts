// The desktop's books process: an Electron utilityProcess running core/host/books-process.ts (the
// bundled electron/dist/books.js), the pattern of Actual Budget's desktop app. core/host/books-relay.ts
// drives it exactly as it drives browser mode's forked process.
import { fileURLToPath } from 'node:url';
import { utilityProcess } from 'electron';
import type { FromBooks, ToBooks } from '../core/host/books-protocol.js';
import { booksEntry, type BooksChild } from '../core/host/books-relay.js';

export function utilityBooks(entry: URL = booksEntry()): BooksChild {
  const child = utilityProcess.fork(fileURLToPath(entry), [], { serviceName: 'PayDesk books', stdio: 'inherit' });
  // Messages posted before the process has spawned wait for it.
  let spawned = false;
  const early: ToBooks[] = [];
  child.once('spawn', () => {
    spawned = true;
    for (const message of early.splice(0)) child.postMessage(message);
  });
  return {
    post: (message) => (spawned ? child.postMessage(message) : early.push(message)),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromBooks)),
    onExit: (listener) => child.on('exit', (code: number) => listener(code)),
    kill: () => void child.kill(),
  };
}
