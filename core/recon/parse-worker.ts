import { parentPort } from 'node:worker_threads';
import { DEFAULT_REGISTRY } from './registry.js';
import { LineRows, outcomeOf } from './line-rows.js';
import { thrownAsStatements, type FeedJob, type ThreadMessage } from './parse-feed.js';
import type { ParsedStatement, StatementLine } from './parsers/types.js';

/**
 * The parse thread (parse-feed.ts ParseThread): parses one statement file with the default
 * registry's parser and sends its lines as rows while it reads, then the outcome. It never
 * touches the database; the import's thread writes every row in its own transaction.
 */

const port = parentPort ?? (() => { throw new Error('parse-worker runs as a worker thread'); })();

/** Newlines in the file: about its number of lines, for progress while the parse goes on. */
function lineEstimate(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

port.once('message', async (job: FeedJob & { bytes: Uint8Array }) => {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  const estimate = lineEstimate(bytes);
  const rows = new LineRows(job.cutoff);
  // how far each statement's lines have been taken, by the array the parser fills
  const taken = new Map<readonly StatementLine[], number>();
  const send = (all: boolean): void => {
    const parts = rows.take(all);
    if (parts.length > 0) port.postMessage({ type: 'rows', parts, lines: rows.taken, estimate: Math.max(estimate, rows.taken) } satisfies ThreadMessage);
  };
  const onLines = (lines: readonly StatementLine[]): void => {
    rows.add(lines, taken.get(lines) ?? 0);
    taken.set(lines, lines.length);
    send(false);
  };
  let statements: ParsedStatement[];
  try {
    const parser = DEFAULT_REGISTRY.parsers[job.format];
    if (!parser) throw new Error(`unknown format "${job.format}"`);
    statements = await parser(bytes, { mapping: job.mapping, onLines });
  } catch (error) {
    statements = thrownAsStatements(error, job.format);
  }
  for (const s of statements) rows.add(s.lines, taken.get(s.lines) ?? 0);
  send(true);
  port.postMessage({ type: 'done', outcome: outcomeOf(statements) } satisfies ThreadMessage);
});
