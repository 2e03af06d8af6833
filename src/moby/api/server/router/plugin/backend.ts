import type { Readable } from 'node:stream';
import type { PluginCreateOptions } from '../../../types/client.ts';

/**
 * What the plugin router needs from the plugin manager. Only the calls
 * dockhop ports are listed; the others (pull, push, upgrade, set,
 * privileges) are absent at 17.03 in this port.
 *
 * @go api/server/router/plugin/backend.go:14-26
 */
export interface Backend {
  createFromContext(tarCtx: Readable, options: PluginCreateOptions): Promise<void>;
}
