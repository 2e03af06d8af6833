import { traced } from '../../explorer/tracing/span.ts';
import type { Client } from './client.ts';
import { buildRequest, doRequest, ensureReaderClosed } from './request.ts';

/** The `/_ping` result: the daemon's API version and experimental flag. */
export interface Ping {
  apiVersion: string;
  experimental: boolean;
}

/**
 * Sends `GET <base>/_ping`, unversioned, and reads the `API-Version` and
 * `Docker-Experimental` headers. The CLI does this before every command.
 *
 * @go client/ping.go:11-30
 */
export function ping(cli: Client): Promise<Ping> {
  return traced({ module: import.meta.url, function: 'ping', layer: 'client' }, async () => {
    const req = buildRequest(cli, 'GET', { path: `${cli.basePath}/_ping`, rawQuery: '' }, null, null);
    const serverResp = await doRequest(cli, req);

    try {
      return {
        apiVersion: serverResp.header?.get('API-Version') ?? '',
        experimental: serverResp.header?.get('Docker-Experimental') === 'true',
      };
    } finally {
      ensureReaderClosed(serverResp);
    }
  });
}
