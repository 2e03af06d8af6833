import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never a
 * part: the data goes to a temp file in the same directory, is synced, and
 * is renamed over the target.
 *
 * @go pkg/ioutils/fswriters.go:31-45
 */
export async function atomicWriteFile(filename: string, data: Uint8Array | string, perm: number): Promise<void> {
  const temp = join(dirname(filename), `.tmp-${basename(filename)}${randomBytes(5).readUInt32BE(0)}`);
  const file = await open(temp, 'wx', 0o600);

  try {
    await file.writeFile(data);
    await file.sync();
    await file.chmod(perm);
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }

  await file.close();

  try {
    await rename(temp, filename);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
