import { open } from 'node:fs/promises';

/** What detection and a preview read of a file instead of the whole of it. */

/** Text is detected and previewed from its first bytes. */
export const TEXT_HEAD_BYTES = 1024 * 1024;
export const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A zip's central directory (every part's name) plus its end record fit well within this. */
export const ZIP_TAIL_BYTES = 256 * 1024;

/** Up to `bytes` bytes of the file from `position`. */
export async function readHead(file: string, bytes: number, position = 0): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The bytes a format is detected from: the first TEXT_HEAD_BYTES, and for a zip (an .xlsx) its
 * last ZIP_TAIL_BYTES too, where the central directory lists every part's name.
 */
export async function detectionBytes(file: string, size: number): Promise<Buffer> {
  const start = await readHead(file, Math.min(size, TEXT_HEAD_BYTES));
  const zip = start.subarray(0, 4).equals(ZIP_SIGNATURE);
  if (!zip || size <= start.length) return start;
  return Buffer.concat([start, await readHead(file, ZIP_TAIL_BYTES, Math.max(start.length, size - ZIP_TAIL_BYTES))]);
}
