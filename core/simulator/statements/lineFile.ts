import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';

export const CRLF = '\r\n';

/** Lines gathered before one encode + write: big enough to be cheap, small enough to never hold a whole file. */
export const LINES_PER_CHUNK = 4096;

/**
 * Bytes a statement stream may hold before a writer waits. A chunk is about half a megabyte; with the
 * default 16 KB every chunk waited for its write, idling the thread that makes the next one.
 */
export const STREAM_BUFFER_BYTES = 4 * 1024 * 1024;

export type Encoder = (text: string) => Buffer;

/** GBK bytes of the non-ASCII stretches seen so far: a bill repeats a few dozen of them a million times. */
const gbkRuns = new Map<string, Buffer>();
const GBK_RUNS_MAX = 10_000;
const GBK_RUN_CACHED_MAX = 64;

/**
 * Alipay bills are GBK (no BOM); a character GBK lacks becomes '?', as in the channel's own exports.
 * ASCII is the same byte in GBK, so only the stretches of other characters go through iconv, each
 * distinct stretch once; the bytes are exactly iconv's for the whole text.
 */
const NON_ASCII = /[^\x00-\x7f]+/g;

export const encodeGbk: Encoder = (text) => {
  const out = Buffer.allocUnsafe(text.length * 4);
  let at = 0;
  let from = 0;
  NON_ASCII.lastIndex = 0;
  for (let match = NON_ASCII.exec(text); match; match = NON_ASCII.exec(text)) {
    if (match.index > from) at += out.write(text.slice(from, match.index), at, 'latin1');
    const run = match[0];
    let bytes = gbkRuns.get(run);
    if (!bytes) {
      bytes = iconv.encode(run, 'gbk');
      if (run.length <= GBK_RUN_CACHED_MAX && gbkRuns.size < GBK_RUNS_MAX) gbkRuns.set(run, bytes);
    }
    if (at + bytes.length > out.length) return iconv.encode(text, 'gbk');
    at += bytes.copy(out, at);
    from = match.index + run.length;
  }
  if (from < text.length) at += out.write(text.slice(from), at, 'latin1');
  return out.subarray(0, at);
};

export const encodeUtf8: Encoder = (text) => Buffer.from(text, 'utf8');

/**
 * A text file written line by line, CRLF-terminated, in encoded chunks with back-pressure.
 * `line()` only awaits when a chunk is flushed, so a million rows stay cheap.
 */
export class ChunkedLineFile {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private failure: unknown = null;

  constructor(
    readonly file: string,
    private readonly encode: Encoder,
    private readonly linesPerChunk = LINES_PER_CHUNK,
  ) {
    this.stream = createWriteStream(file, { highWaterMark: STREAM_BUFFER_BYTES });
    // Kept until the next flush/close reports it; without a listener an open error would crash the process.
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  async line(text: string): Promise<void> {
    this.pending.push(text);
    if (this.pending.length >= this.linesPerChunk) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Drops a half-written file so nobody mistakes it for a statement without its footer. */
  async abandon(): Promise<void> {
    this.stream.destroy();
    await finished(this.stream).catch(() => undefined);
    await rm(this.file, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = this.encode(this.pending.join(CRLF) + CRLF);
    this.pending = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

/** Runs `body` against a fresh line file; closes it on success, removes it on any failure. */
export async function withLineFile<T>(
  file: string,
  encode: Encoder,
  body: (out: ChunkedLineFile) => Promise<T>,
): Promise<T> {
  const out = new ChunkedLineFile(file, encode);
  try {
    const result = await body(out);
    await out.close();
    return result;
  } catch (error) {
    await out.abandon();
    throw error;
  }
}
