import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';

export const CRLF = '\r\n';

/** Lines gathered before one encode + write: big enough to be cheap, small enough to never hold a whole file. */
export const LINES_PER_CHUNK = 4096;

export type Encoder = (text: string) => Buffer;

/** Alipay bills are GBK (no BOM); a character GBK lacks becomes '?', as in the channel's own exports. */
export const encodeGbk: Encoder = (text) => iconv.encode(text, 'gbk');
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
    this.stream = createWriteStream(file);
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
