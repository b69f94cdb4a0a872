import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fail } from '../errors.js';

/**
 * Write `target` all or nothing: `write` fills `<target>.tmp-<random>` beside it (same folder, so
 * the rename never crosses file systems), which is flushed and renamed over the target only when
 * complete. A failure part-way removes the temporary file and leaves the target as it was —
 * absent, or the previous report — never half a workbook someone could open and trust.
 */
export async function writeAtomically<T>(target: string, write: (tempFile: string) => Promise<T>): Promise<T> {
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat?.isDirectory()) fail('FILE_ERROR', `无法写入 ${target}：文件夹 ${folder} 不存在 / cannot write ${target}: the folder ${folder} does not exist`);
  const targetStat = await stat(target).catch(() => null);
  if (targetStat?.isDirectory()) fail('FILE_ERROR', `无法写入 ${target}：这是一个文件夹 / cannot write ${target}: it is a folder`);
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
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
