import type { Readable } from 'node:stream';
import type { PluginCreateOptions } from '../../../types/client.ts';
import type { PluginDisableConfig, PluginEnableConfig, PluginRmConfig } from '../../../types/configs.ts';
import type { Plugin } from '../../../types/plugin.ts';

/**
 * What the plugin router needs from the plugin manager. Only the calls
 * dockhop ports are listed; Set, Privileges, Pull, Push and Upgrade are
 * absent at 17.03 in this port.
 *
 * @go api/server/router/plugin/backend.go:14-26
 */
export interface Backend {
  disable(name: string, config: PluginDisableConfig): Promise<void>;
  enable(name: string, config: PluginEnableConfig): Promise<void>;
  list(): Plugin[];
  inspect(name: string): Plugin;
  remove(name: string, config: PluginRmConfig): Promise<void>;
  createFromContext(tarCtx: Readable, options: PluginCreateOptions): Promise<void>;
}
