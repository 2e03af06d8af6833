import type { Request, ResponseWriter } from '../../../../../go/net/http/request.ts';
import { encode } from '../../../../../go/encoding/json/index.ts';
import { traced } from '../../../../../explorer/tracing/span.ts';
import { versionSchema } from '../../../types/types.ts';
import { writeJSON } from '../../httputils/httputils_write_json.ts';
import type { Backend } from './backend.ts';

/** The API version this daemon speaks by default (`api.DefaultVersion` in 17.03). */
const DEFAULT_API_VERSION = '1.26';

/**
 * Responds to any `OPTIONS` request with 200 and no body, for CORS preflights.
 *
 * @go api/server/router/system/system_routes.go:23-26
 */
export function optionsHandler(w: ResponseWriter, _r: Request, _vars: Record<string, string>): Promise<void> {
  return traced({ module: import.meta.url, function: 'optionsHandler', layer: 'router' }, async () => {
    w.writeHeader(200);
  });
}

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

/**
 * Writes the daemon's version report for `GET /version`, its API
 * version set to the default whatever version the client asked for.
 *
 * @go api/server/router/system/system_routes.go:66-71
 */
export function getVersion(b: Backend, w: ResponseWriter, _r: Request, _vars: Record<string, string>): Promise<void> {
  return traced({ module: import.meta.url, function: 'getVersion', layer: 'router' }, async () => {
    const info = b.systemVersion();
    info.apiVersion = DEFAULT_API_VERSION;

    writeJSON(w, 200, encode(info, versionSchema, { escapeHTML: false }));
  });
}
