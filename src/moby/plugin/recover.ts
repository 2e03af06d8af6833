import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManagerLogger } from './manager.ts';

/** Matches a plugin folder name: a full 64-hex ID. */
const pluginFolder = /^[a-f0-9]{64}$/;

/**
 * Removes what a daemon killed in the middle of a create left under the
 * state root, before the plugins are loaded: a plugin folder without its
 * `config.json` (killed between the rootfs rename and the save), unpacked
 * temp dirs under `tmp/`, and unfinished blobs under `storage/blobs/tmp/`.
 * Blobs committed but never referenced are left to the GC that runs after
 * the plugins are loaded.
 *
 * This is not a port: Docker 17.03 has no such step. Its `reload` fails the
 * whole daemon start on a folder without `config.json` ("error reading …"),
 * and its temp files stay until removed by hand. dockhop recovers instead,
 * so that a crash never blocks the next start; every removal is logged.
 */
export async function removeInterruptedCreates(root: string, logger: ManagerLogger): Promise<void> {
  for (const name of await readdir(root)) {
    if (!pluginFolder.test(name)) {
      continue;
    }

    const folder = join(root, name);

    if (await exists(join(folder, 'config.json'))) {
      continue;
    }

    logger.error(`removing half-created plugin ${folder}: it has no config.json`);
    await rm(folder, { recursive: true, force: true });
  }

  for (const tmp of [join(root, 'tmp'), join(root, 'storage/blobs/tmp')]) {
    for (const name of await readdir(tmp).catch(() => [])) {
      logger.debug(`removing leftover ${join(tmp, name)}`);
      await rm(join(tmp, name), { recursive: true, force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
