import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The lock file in a state root, like dockerd's pidfile. */
export const LOCK_FILE = 'dockhop.pid';

/**
 * Takes a state root for one daemon: writes `<root>/dockhop.pid` with this
 * process's ID, or fails when a live process has it, since a second
 * daemon would treat the first one's creates in progress as interrupted
 * and remove them. A lock left by a process that no longer runs is taken
 * over. Returns the function that releases the lock.
 */
export async function lockStateRoot(root: string): Promise<() => Promise<void>> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const file = join(root, LOCK_FILE);

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }

    const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);

    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new Error(
        `state dir ${root} is in use by process ${holder} (${file}); stop that process or use another state dir`,
      );
    }

    await rm(file, { force: true });
  }

  throw new Error(`state dir ${root}: cannot take the lock ${file}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
