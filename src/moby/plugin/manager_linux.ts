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
import type { Plugin as PluginV2 } from './v2/plugin.ts';
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

/**
 * Error of a step that needs the container runtime (containerd) that
 * dockhop does not port: starting a plugin's process.
 */
export class ErrNoContainerRuntime extends Error {
  constructor(pluginName: string) {
    super(`cannot enable plugin ${pluginName}: dockhop has no container runtime to start plugin processes`);
    this.name = 'ErrNoContainerRuntime';
  }
}

/**
 * Starts a plugin (Go's unexported `pm.enable`): points its rootfs at `<root>/<id>/rootfs`, rejects one
 * that is already enabled (unless forced), then in 17.03 builds the OCI
 * spec, mounts the propagated mount and asks containerd to run it. dockhop
 * has no runtime, so it stops there with {@link ErrNoContainerRuntime} and
 * the plugin stays disabled, in memory and on disk.
 *
 * @go plugin/manager_linux.go:26-77
 */
export function enablePlugin(pm: Manager, p: PluginV2, force: boolean): Promise<void> {
  return traced({ module: import.meta.url, function: 'enablePlugin', layer: 'backend' }, async (span) => {
    p.rootfs = join(pm.config.root, p.pluginObj.id, 'rootfs');

    if (p.isEnabled() && !force) {
      throw new Error(`plugin ${p.name()} is already enabled`);
    }

    // NOTE: p.InitSpec, the propagated mount and initlayer.Setup are not
    // ported; they only prepare for the runtime call below.
    span.addEvent('container runtime missing', { 'dockhop.plugin.id': p.getID() });
    throw new ErrNoContainerRuntime(p.name());
  });
}

/**
 * Stops a plugin (Go's unexported `pm.disable`): rejects one that is already disabled, else shuts its
 * process down, marks it disabled and saves it. dockhop never starts a
 * process, so an enabled plugin here is one loaded from a config.json that
 * says `"Enabled":true`, and there is nothing to signal.
 *
 * @go plugin/manager_linux.go:136-145
 */
export function disablePlugin(pm: Manager, p: PluginV2): Promise<void> {
  return traced({ module: import.meta.url, function: 'disablePlugin', layer: 'backend' }, async () => {
    if (!p.isEnabled()) {
      throw new Error(`plugin ${p.name()} is already disabled`);
    }

    pm.config.store.setState(p, false);
    await pm.save(p);
  });
}
