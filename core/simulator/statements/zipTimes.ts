import { open, type FileHandle } from 'node:fs/promises';
import type { DateTimeParts } from './dates.js';

/**
 * Zip entry times, pinned after the fact. archiver (under exceljs's streaming writer) stamps every entry
 * with `new Date()` and has no option to fix it, so we rewrite the DOS date/time fields in place:
 * only the central directory and the 30-byte local headers are read, however large the file.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface DosStamp {
  time: number;
  date: number;
}

/** DOS date/time as zip stores it: local, no zone, 2-second resolution, years 1980–2107. */
export function dosStamp(p: DateTimeParts): DosStamp {
  if (p.year < 1980 || p.year > 2107) throw new RangeError(`zip dates cover 1980–2107, got ${p.year}`);
  return {
    time: (p.hour << 11) | (p.minute << 5) | (p.second >> 1),
    date: ((p.year - 1980) << 9) | (p.month << 5) | p.day,
  };
}

interface CentralEntry {
  name: string;
  /** offset of this entry's central header inside the central directory buffer */
  at: number;
  localOffset: number;
  stamp: DosStamp;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new Error(`zip truncated at ${position}`);
  return buffer;
}

async function readCentralDirectory(handle: FileHandle): Promise<{ directory: Buffer; offset: number; entries: CentralEntry[] }> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tailLength) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = tail.readUInt16LE(eocd + 10);
  const length = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) {
    throw new Error('zip64 archives are not supported');
  }
  const directory = await readAt(handle, offset, length);
  const entries: CentralEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new Error(`bad central directory entry ${i}`);
    const nameLength = directory.readUInt16LE(at + 28);
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      at,
      localOffset: directory.readUInt32LE(at + 42),
      stamp: { time: directory.readUInt16LE(at + 12), date: directory.readUInt16LE(at + 14) },
    });
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return { directory, offset, entries };
}

/** Sets every entry's modification time, in both its local header and the central directory. */
export async function pinZipEntryTimes(file: string, stamp: DosStamp): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    const { directory, offset, entries } = await readCentralDirectory(handle);
    const field = Buffer.alloc(4);
    field.writeUInt16LE(stamp.time, 0);
    field.writeUInt16LE(stamp.date, 2);
    for (const entry of entries) {
      const local = await readAt(handle, entry.localOffset, 4);
      if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`bad local header for ${entry.name}`);
      await handle.write(field, 0, 4, entry.localOffset + 10);
      field.copy(directory, entry.at + 12);
    }
    await handle.write(directory, 0, directory.length, offset);
    return entries.length;
  } finally {
    await handle.close();
  }
}

/** Every entry's name with its time in the central directory and in its local header, for checks. */
export async function readZipEntryTimes(file: string): Promise<Array<{ name: string; central: DosStamp; local: DosStamp }>> {
  const handle = await open(file, 'r');
  try {
    const { entries } = await readCentralDirectory(handle);
    const times = [];
    for (const entry of entries) {
      const local = await readAt(handle, entry.localOffset, 14);
      times.push({
        name: entry.name,
        central: entry.stamp,
        local: { time: local.readUInt16LE(10), date: local.readUInt16LE(12) },
      });
    }
    return times;
  } finally {
    await handle.close();
  }
}
