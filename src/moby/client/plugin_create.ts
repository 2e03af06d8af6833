import type { Readable } from 'node:stream';
import { Header } from '../../go/net/http/header.ts';
import { traced } from '../../explorer/tracing/span.ts';
import type { PluginCreateOptions } from '../api/types/client.ts';
import type { Client } from './client.ts';
import { ensureReaderClosed, postRaw } from './request.ts';

/**
 * Uploads a plugin data directory, already packed as a tar stream, to
 * `POST /plugins/create?name=<repo name as typed>`.
 *
 * The Content-Type is `application/tar` at 17.03; 17.06 changed it to
 * `application/x-tar`. The daemon never reads it.
 *
 * @go client/plugin_create.go:13-26
 */
export function pluginCreate(
  cli: Client,
  createContext: Readable,
  createOptions: PluginCreateOptions,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'pluginCreate', layer: 'client' }, async (span) => {
    const headers = new Header();
    headers.set('Content-Type', 'application/tar');

    const query = new Map([['name', [createOptions.repoName]]]);
    span.setAttribute('dockhop.plugin.name', createOptions.repoName);

    const resp = await postRaw(cli, '/plugins/create', query, createContext, headers);
    ensureReaderClosed(resp);
  });
}
