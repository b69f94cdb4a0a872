// The parse thread in a source checkout: the core is TypeScript run through tsx (as the CLI is).
// The desktop app runs the bundled parse-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
