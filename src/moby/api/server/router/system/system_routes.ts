import type { Request, ResponseWriter } from '../../../../../go/net/http/request.ts';
import { traced } from '../../../../../explorer/tracing/span.ts';

/**
 * Writes `OK` for `/_ping`. The middlewares have already set the headers
 * the client reads.
 *
 * @go api/server/router/system/system_routes.go:28-31
 */
export function pingHandler(w: ResponseWriter, _r: Request, _vars: Record<string, string>): Promise<void> {
  return traced({ module: import.meta.url, function: 'pingHandler', layer: 'router' }, async () => {
    w.write('OK');
  });
}
