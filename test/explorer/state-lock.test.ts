import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../../src/explorer/daemon.ts';
import { LOCK_FILE, lockStateRoot } from '../../src/explorer/state-lock.ts';

describe('lockStateRoot', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dockhop-lock-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a second daemon on the same root', async () => {
    const daemon = await startDaemon(root);

    await expect(startDaemon(root)).rejects.toThrow(
      `state dir ${root} is in use by process ${process.pid} (${join(root, LOCK_FILE)}); stop that process or use another state dir`,
    );

    await daemon.release();
    const again = await startDaemon(root);
    await again.release();
  });

  it('takes over the lock of a process that is gone', async () => {
    // Far above Linux's default pid_max (4194304), so no process has it.
    await writeFile(join(root, LOCK_FILE), '99999999\n');

    const release = await lockStateRoot(root);

    expect(await readFile(join(root, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await release();
    await expect(readFile(join(root, LOCK_FILE))).rejects.toThrow('ENOENT');
  });
});
