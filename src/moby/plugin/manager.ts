import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { traced } from '../../explorer/tracing/span.ts';
import { wrap } from '../../go/errors.ts';
import { RWMutex } from '../../go/sync/rwmutex.ts';
import type { PluginCreateOptions } from '../api/types/client.ts';
import { atomicWriteFile } from '../pkg/ioutils/fswriters.ts';
import type { PluginDisableConfig, PluginEnableConfig, PluginRmConfig } from '../api/types/configs.ts';
import type { Plugin as ApiPlugin } from '../api/types/plugin.ts';
import { createFromContext, disable, enable, inspect, list, remove } from './backend_linux.ts';
import { basicBlobStore } from './blobstore.ts';
import { removeInterruptedCreates } from './recover.ts';
import type { Store } from './store.ts';
import { Plugin, pluginV2Schema, type PluginInit } from './v2/plugin.ts';
import { marshal, unmarshal } from '../../go/encoding/json/index.ts';

export const configFileName = 'config.json';
export const rootFSFileName = 'rootfs';

/** A full 64-hex plugin ID, the name of a plugin's folder under the root. */
export const validFullID = /^([a-f0-9]{64})$/;

/** The manager's log output (logrus in the daemon). */
export interface ManagerLogger {
  debug(message: string): void;
  error(message: string): void;
}

/** The manager's settings (`plugin.ManagerConfig`), without the container runtime. */
export interface ManagerConfig {
  store: Store;
  /** The state root: `<root>/<id>/`, `<root>/storage/blobs`, `<root>/tmp`. */
  root: string;
  logPluginEvent: (id: string, name: string, action: string) => void;
  logger: ManagerLogger;
}

/**
 * The plugin manager: the backend of the plugin routes. Its methods live
 * in the files Docker keeps them in (`backend_linux.ts`,
 * `manager_linux.ts`); this class holds the state and the locks.
 */
export class Manager {
  /** Serialises the steps that change the store and the plugin dirs. */
  readonly mu = new RWMutex();
  /** Held shared by creates and exclusively by GC, so GC never removes a blob being written. */
  readonly muGC = new RWMutex();
  /** The GC started after the last failed create, for callers that must wait for it. */
  pendingGC: Promise<void> = Promise.resolve();

  private constructor(
    readonly config: ManagerConfig,
    readonly blobStore: basicBlobStore,
  ) {}

  /**
   * Creates the manager: the root and tmp folders, the blob store, and the
   * plugins found on disk. The container runtime (containerd) is not
   * ported, so plugins cannot be enabled.
   *
   * @go plugin/manager.go:85-116
   */
  static async newManager(config: ManagerConfig): Promise<Manager> {
    for (const dir of [config.root, join(config.root, 'tmp')]) {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw wrap(error, `failed to mkdir ${dir}`);
      }
    }

    const blobStore = await basicBlobStore.newBasicBlobStore(join(config.root, 'storage/blobs'));
    const manager = new Manager(config, blobStore);

    // dockhop's addition: clean up after a daemon killed mid-create (see recover.ts).
    await removeInterruptedCreates(config.root, config.logger);

    try {
      await manager.reload();
    } catch (error) {
      throw wrap(error, 'failed to restore plugins');
    }

    // Also dockhop's: blobs a killed create committed but no plugin references.
    await manager.gc();

    return manager;
  }

  /** Implements the router's Backend; see backend_linux.ts. */
  createFromContext(tarCtx: Readable, options: PluginCreateOptions): Promise<void> {
    return createFromContext(this, tarCtx, options);
  }

  /** Implements the router's Backend; see backend_linux.ts. */
  list(): ApiPlugin[] {
    return list(this);
  }

  /** Implements the router's Backend; see backend_linux.ts. */
  inspect(refOrID: string): ApiPlugin {
    return inspect(this, refOrID);
  }

  /** Implements the router's Backend; see backend_linux.ts. */
  remove(name: string, config: PluginRmConfig): Promise<void> {
    return remove(this, name, config);
  }

  /** Implements the router's Backend; see backend_linux.ts. */
  enable(refOrID: string, config: PluginEnableConfig): Promise<void> {
    return enable(this, refOrID, config);
  }

  /** Implements the router's Backend; see backend_linux.ts. */
  disable(refOrID: string, config: PluginDisableConfig): Promise<void> {
    return disable(this, refOrID, config);
  }

  /**
   * Returns the folder where creates unpack before the rename.
   *
   * @go plugin/manager.go:118-120
   */
  tmpDir(): string {
    return join(this.config.root, 'tmp');
  }

  /**
   * Loads every `<root>/<64-hex id>/config.json` into the store. Enabled
   * plugins would be restarted here; dockhop has no runtime, so they stay
   * as saved.
   *
   * @go plugin/manager.go:162-244
   */
  async reload(): Promise<void> {
    let dir: string[];

    try {
      dir = (await readdir(this.config.root)).sort();
    } catch (error) {
      throw wrap(error, `failed to read ${this.config.root}`);
    }

    const plugins = new Map<string, Plugin>();

    for (const name of dir) {
      if (validFullID.test(name)) {
        const p = await this.loadPlugin(name);
        plugins.set(p.getID(), p);
      }
    }

    this.config.store.setAll(plugins);
  }

  /**
   * Reads one saved plugin.
   *
   * @go plugin/manager.go:246-257
   */
  async loadPlugin(id: string): Promise<Plugin> {
    const p = join(this.config.root, id, configFileName);
    let dt: Buffer;

    try {
      dt = await readFile(p);
    } catch (error) {
      throw wrap(error, `error reading ${p}`);
    }

    try {
      return new Plugin(unmarshal<PluginInit>(dt, pluginV2Schema));
    } catch (error) {
      throw wrap(error, `error decoding ${p}`);
    }
  }

  /**
   * Writes `<root>/<id>/config.json` atomically (mode 0600).
   *
   * @go plugin/manager.go:259-268
   */
  save(p: Plugin): Promise<void> {
    return traced({ module: import.meta.url, function: 'Manager.save', layer: 'store' }, async (span) => {
      let pluginJSON: string;

      try {
        pluginJSON = marshal(p, pluginV2Schema);
      } catch (error) {
        throw wrap(error, 'failed to marshal plugin json');
      }

      span.setAttribute('dockhop.file', `${p.getID().slice(0, 12)}…/${configFileName}`);

      try {
        await atomicWriteFile(join(this.config.root, p.getID(), configFileName), pluginJSON, 0o600);
      } catch (error) {
        throw wrap(error, 'failed to write atomically plugin json');
      }
    });
  }

  /**
   * Removes blobs no stored plugin references, under the exclusive GC lock.
   *
   * @go plugin/manager.go:271-284
   */
  gc(): Promise<void> {
    return traced({ module: import.meta.url, function: 'Manager.gc', layer: 'store' }, async () => {
      await this.muGC.lock();

      try {
        const whitelist = new Set<string>();

        for (const p of this.config.store.getAll().values()) {
          whitelist.add(p.config);
          for (const b of p.blobsums ?? []) {
            whitelist.add(b);
          }
        }

        await this.blobStore.gc(whitelist, (message) => this.config.logger.debug(message));
      } finally {
        this.muGC.unlock();
      }
    });
  }
}
