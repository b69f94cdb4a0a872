import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fail } from '../errors.js';

/**
 * Write `target` all or nothing: `write` fills a temporary file beside it (same folder, so the
 * rename stays on one file system), which is flushed to disk and renamed over the target only once
 * complete. A failure or a crash part-way leaves the target as it was — absent, or the previous
 * file — never half a voucher file, report or payout file someone could import or trust. The
 * temporary file is removed on failure; one left by a crash is a dot-file ending in .tmp.
 */
export async function writeAtomically<T>(target: string, write: (tempFile: string) => Promise<T>): Promise<T> {
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat?.isDirectory()) fail('FILE_ERROR', `无法写入 ${target}：文件夹 ${folder} 不存在 / cannot write ${target}: the folder ${folder} does not exist`);
  const targetStat = await stat(target).catch(() => null);
  if (targetStat?.isDirectory()) fail('FILE_ERROR', `无法写入 ${target}：这是一个文件夹 / cannot write ${target}: it is a folder`);
  const temp = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const result = await write(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
