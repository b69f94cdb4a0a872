// The books process in a source checkout: the core is TypeScript run through tsx (as the CLI is).
// The desktop app runs the bundled electron/dist/books.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./books-process.ts');
