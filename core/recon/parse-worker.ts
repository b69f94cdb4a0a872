import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { DEFAULT_REGISTRY, parseText, TEXT_PARSERS } from './registry.js';
import { LineRows, outcomeOf } from './line-rows.js';
import { thrownAsStatements, type FeedJob, type ThreadMessage } from './parse-feed.js';
import { decodeText } from './parsers/cn-encoding.js';
import type { ParsedStatement, StatementLine } from './parsers/types.js';

/**
 * The parse thread (parse-feed.ts ParseThread): reads one statement file itself, sends its content
 * hash, parses it with the default registry's parser and sends its lines as rows while it reads,
 * then the outcome. It never touches the database; the import's thread writes every row in its own
 * transaction. The import's thread never holds the whole file: it detects the format from the
 * first bytes, and learns the hash from here.
 */

const port = parentPort ?? (() => { throw new Error('parse-worker runs as a worker thread'); })();

/** Newlines in the file: about its number of lines, for progress while the parse goes on. */
function lineEstimate(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** What the parse starts from: a text format's decoded text (its bytes already let go), else the bytes. */
interface Input {
  hash: string;
  estimate: number;
  text: string | null;
  bytes: Buffer | null;
}

/** Read, hash and, for a text format, decode; the bytes live only in this frame then. */
async function readInput(file: string, format: string): Promise<Input> {
  const bytes = await readFile(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const estimate = lineEstimate(bytes);
  if (TEXT_PARSERS[format]) return { hash, estimate, text: decodeText(bytes).text, bytes: null };
  return { hash, estimate, text: null, bytes };
}

/** Hand the input over once, so that only the parse holds it. */
function take<K extends 'text' | 'bytes'>(input: Input, key: K): NonNullable<Input[K]> {
  const value = input[key];
  input[key] = null;
  return value!;
}

async function parse(input: Input, job: FeedJob, onLines: (lines: readonly StatementLine[]) => void, letGo: boolean): Promise<ParsedStatement[]> {
  const textParser = TEXT_PARSERS[job.format];
  if (textParser) return parseText(textParser, take(input, 'text'), { onLines, letGo });
  const parser = DEFAULT_REGISTRY.parsers[job.format];
  if (!parser) throw new Error(`unknown format "${job.format}"`);
  return parser(take(input, 'bytes'), { mapping: job.mapping, onLines });
}

port.once('message', async (job: FeedJob & { file: string }) => {
  let input: Input;
  try {
    input = await readInput(job.file, job.format);
  } catch (error) {
    port.postMessage({ type: 'unreadable', reason: (error as Error).message } satisfies ThreadMessage);
    return;
  }
  port.postMessage({ type: 'hash', hash: input.hash } satisfies ThreadMessage);
  const estimate = input.estimate;
  const rows = new LineRows(job.cutoff);
  // how far each statement's lines have been taken, by the array the parser fills
  const taken = new Map<readonly StatementLine[], number>();
  // the sink turns lines into rows at once, so a text parser may let each batch of lines go (it
  // empties the array once onLines returns); the binary parsers keep theirs
  const letGo = TEXT_PARSERS[job.format] !== undefined;
  const send = (all: boolean): void => {
    const parts = rows.take(all);
    if (parts.length > 0) port.postMessage({ type: 'rows', parts, lines: rows.taken, estimate: Math.max(estimate, rows.taken) } satisfies ThreadMessage);
  };
  const onLines = (lines: readonly StatementLine[]): void => {
    rows.add(lines, taken.get(lines) ?? 0);
    taken.set(lines, letGo ? 0 : lines.length);
    send(false);
  };
  let statements: ParsedStatement[];
  try {
    statements = await parse(input, job, onLines, letGo);
  } catch (error) {
    statements = thrownAsStatements(error, job.format);
  }
  for (const s of statements) rows.add(s.lines, taken.get(s.lines) ?? 0);
  send(true);
  // every line passed through `rows`, most of them already let go by the parser: its figures count them
  port.postMessage({ type: 'done', outcome: outcomeOf(statements, rows.seen) } satisfies ThreadMessage);
});
