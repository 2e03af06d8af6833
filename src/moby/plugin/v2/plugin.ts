/**
 * The daemon's record of one managed plugin (package
 * github.com/docker/docker/plugin/v2 at v17.03.0-ce): the API object that
 * inspect returns, plus the paths and digests the manager keeps for it.
 *
 * Go guards the fields with a sync.RWMutex. JS runs these methods without
 * interleaving, so the port has no lock.
 */

import { type StructSchema, field, sliceOf, stringType, struct } from '../../../go/encoding/json/index.ts';
import { goQuote } from '../../../go/strconv/quote.ts';
import {
  type Plugin as ApiPlugin,
  type PluginInterfaceType,
  pluginSchema,
} from '../../api/types/plugin.ts';

/** Reference count change of plugingetter.ACQUIRE and RELEASE (pkg/plugingetter/getter.go:9,11). */
const ACQUIRE = 1;
const RELEASE = -1;

/**
 * Error for a plugin that lacks a requested capability.
 *
 * @go plugin/v2/plugin.go:29-36
 */
export class ErrInadequateCapability extends Error {
  readonly capability: string;

  constructor(capability: string) {
    super(`plugin does not provide ${goQuote(new TextEncoder().encode(capability))} capability`);
    this.name = 'ErrInadequateCapability';
    this.capability = capability;
  }
}

/** Fields a Plugin starts with; the Go code sets them in a struct literal. */
export interface PluginInit {
  pluginObj: ApiPlugin;
  propagatedMount?: string;
  rootfs?: string;
  config?: string;
  blobsums?: string[] | null;
}

/** @go plugin/v2/plugin.go:15-25 */
export class Plugin {
  pluginObj: ApiPlugin;
  propagatedMount: string;
  /** Host path of the plugin's root filesystem. */
  rootfs: string;
  /** Digest of the stored config blob. */
  config: string;
  /** Digests of the stored rootfs layer blobs. */
  blobsums: string[] | null;
  private refCount = 0;

  constructor(init: PluginInit) {
    this.pluginObj = init.pluginObj;
    this.propagatedMount = init.propagatedMount ?? '';
    this.rootfs = init.rootfs ?? '';
    this.config = init.config ?? '';
    this.blobsums = init.blobsums ?? null;
  }

  /**
   * Returns the host path that plugin-returned paths are relative to.
   *
   * @go plugin/v2/plugin.go:40-42
   */
  basePath(): string {
    return this.rootfs;
  }

  /** @go plugin/v2/plugin.go:61-63 */
  isV1(): boolean {
    return false;
  }

  /** @go plugin/v2/plugin.go:66-68 */
  name(): string {
    return this.pluginObj.name;
  }

  /**
   * Returns this plugin if it implements `capability` (compared in lower
   * case) under the "docker" prefix, else throws ErrInadequateCapability.
   *
   * @go plugin/v2/plugin.go:71-79
   */
  filterByCap(capability: string): Plugin {
    const wanted = capability.toLowerCase();
    for (const t of this.pluginObj.config.interface.types ?? []) {
      if (t.capability === wanted && t.prefix === 'docker') {
        return this;
      }
    }

    throw new ErrInadequateCapability(wanted);
  }

  /**
   * Fills the settings from the config: copies of the mounts, devices and
   * args, and "NAME=value" for each env entry that has a value. The copies
   * are non-nil even when empty, so they encode as `[]`, not `null`.
   *
   * @go plugin/v2/plugin.go:82-95
   */
  initEmptySettings(): void {
    const config = this.pluginObj.config;
    const settings = this.pluginObj.settings;

    settings.mounts = (config.mounts ?? []).map((mount) => ({ ...mount }));
    settings.devices = (config.linux.devices ?? []).map((device) => ({ ...device }));

    settings.env = [];
    for (const env of config.env ?? []) {
      if (env.value !== null) {
        settings.env.push(`${env.name}=${env.value}`);
      }
    }

    settings.args = [...(config.args.value ?? [])];
  }

  // TODO: port Set (plugin/v2/plugin.go:98-183) with the settables parser
  // when `docker plugin set` is needed; plugin create does not call it.

  /** @go plugin/v2/plugin.go:186-191 */
  isEnabled(): boolean {
    return this.pluginObj.enabled;
  }

  /** @go plugin/v2/plugin.go:194-199 */
  getID(): string {
    return this.pluginObj.id;
  }

  /** @go plugin/v2/plugin.go:202-207 */
  getSocket(): string {
    return this.pluginObj.config.interface.socket;
  }

  /** @go plugin/v2/plugin.go:210-215 */
  getTypes(): PluginInterfaceType[] | null {
    return this.pluginObj.config.interface.types;
  }

  /** @go plugin/v2/plugin.go:218-223 */
  getRefCount(): number {
    return this.refCount;
  }

  /** @go plugin/v2/plugin.go:226-231 */
  addRefCount(count: number): void {
    this.refCount += count;
  }

  /** @go plugin/v2/plugin.go:235-237 */
  acquire(): void {
    this.addRefCount(ACQUIRE);
  }

  /** @go plugin/v2/plugin.go:242-244 */
  release(): void {
    this.addRefCount(RELEASE);
  }
}

/**
 * Schema of the exported fields of v2.Plugin, which the manager writes
 * with json.Marshal to the plugin's config.json under the daemon root
 * (plugin/manager.go:259). The lock, client and reference count are
 * unexported, so Go leaves them out.
 */
export const pluginV2Schema: StructSchema = struct('v2.Plugin', [
  field('pluginObj', 'PluginObj', 'plugin', pluginSchema),
  field('propagatedMount', 'PropagatedMount', '', stringType),
  field('rootfs', 'Rootfs', '', stringType),
  field('config', 'Config', '', stringType),
  field('blobsums', 'Blobsums', '', sliceOf(stringType)),
]);
