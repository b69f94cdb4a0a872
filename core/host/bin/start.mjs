#!/usr/bin/env node
// `npm start`: the desktop app, or PayDesk in a browser where Electron is not installed (core/host/start.ts).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../start.ts');
await main();
