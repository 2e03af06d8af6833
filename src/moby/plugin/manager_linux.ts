import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { traced } from '../../explorer/tracing/span.ts';
import { wrap } from '../../go/errors.ts';
import { Decoder } from '../../go/encoding/json/index.ts';
import { pluginConfigSchema, type PluginConfig } from '../api/types/plugin.ts';
import { generateRandomID } from '../pkg/stringid/stringid.ts';
import { computePrivileges } from './backend_linux.ts';
import type { Manager } from './manager.ts';
import { rootFSFileName } from './manager.ts';
import { Plugin } from './v2/plugin.ts';

/**
 * Reads the config back from its blob, as the daemon does for every new
 * plugin, and computes the privileges it would ask for.
 *
 * @go plugin/manager_linux.go:211-238
 */
export function setupNewPlugin(pm: Manager, configDigest: string): Promise<PluginConfig> {
  return traced({ module: import.meta.url, function: 'setupNewPlugin', layer: 'backend' }, async (span) => {
    const configRC = await readFile(pm.blobStore.blobPath(configDigest));
    const dec = new Decoder(configRC);
    let config: PluginConfig;

    try {
      config = dec.decode<PluginConfig>(pluginConfigSchema);
    } catch (error) {
      throw wrap(error, 'failed to parse config');
    }

    if (dec.more()) {
      throw new Error('invalid config json');
    }

    const privileges = computePrivileges(config);
    span.setAttribute('dockhop.plugin.privileges', privileges.map((p) => `${p.Name}=${p.Value.join(',')}`));
    return config;
  });
}

/**
 * Creates the plugin under the manager lock: checks the name again, gives
 * it a random 64-hex ID, moves the unpacked rootfs into `<root>/<id>/rootfs`,
 * saves `<root>/<id>/config.json` and adds it to the store, disabled.
 *
 * @go plugin/manager_linux.go:241-284
 */
export function createPlugin(
  pm: Manager,
  name: string,
  configDigest: string,
  blobsums: string[],
  rootFSDir: string,
): Promise<Plugin> {
  return traced({ module: import.meta.url, function: 'createPlugin', layer: 'backend' }, async (span) => {
    // Docker marks this second check as wrong but keeps it; it is the one that counts under the lock.
    pm.config.store.validateName(name);

    const config = await setupNewPlugin(pm, configDigest);

    const p = new Plugin({
      pluginObj: {
        config,
        enabled: false,
        id: generateRandomID(),
        name,
        pluginReference: '',
        settings: { args: null, devices: null, env: null, mounts: null },
      },
      config: configDigest,
      blobsums,
    });
    p.initEmptySettings();
    span.setAttribute('dockhop.plugin.id', p.getID());

    const pdir = join(pm.config.root, p.getID());

    try {
      await mkdir(pdir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw wrap(error, `failed to mkdir ${pdir}`);
    }

    try {
      try {
        await rename(rootFSDir, join(pdir, rootFSFileName));
      } catch (error) {
        throw wrap(error, 'failed to rename rootfs');
      }

      await pm.save(p);
    } catch (error) {
      await rm(pdir, { recursive: true, force: true });
      throw error;
    }

    // 17.03 ignores Add's error (an ID collision), so the port does too.
    try {
      pm.config.store.add(p);
    } catch {
      // ignored on purpose
    }

    return p;
  });
}
