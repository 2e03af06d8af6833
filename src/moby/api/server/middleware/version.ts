import { traced } from '../../../../explorer/tracing/span.ts';
import { newBadRequestError } from '../../errors/errors.ts';
import { lessThan } from '../../types/versions/compare.ts';
import type { APIFunc } from '../httputils/httputils.ts';
import type { Middleware } from './middleware.ts';

/**
 * Rejects clients older than the minimum API version and stamps the
 * `Server` and `API-Version` headers on every response.
 */
export class VersionMiddleware implements Middleware {
  /** @go api/server/middleware/version.go:23-29 */
  constructor(
    readonly serverVersion: string,
    readonly defaultVersion: string,
    readonly minVersion: string,
  ) {}

  /**
   * Wraps a handler: the API version comes from the `/v1.xx` path prefix, or
   * is the default for unversioned paths.
   *
   * @go api/server/middleware/version.go:32-50
   */
  wrapHandler(handler: APIFunc): APIFunc {
    return (w, r, vars) =>
      traced({ module: import.meta.url, function: 'VersionMiddleware.wrapHandler', layer: 'router' }, async (span) => {
        let apiVersion = vars.version ?? '';

        if (apiVersion === '') {
          apiVersion = this.defaultVersion;
        }

        span.setAttribute('dockhop.api.version', apiVersion);

        if (lessThan(apiVersion, this.minVersion)) {
          throw newBadRequestError(
            new Error(
              `client version ${apiVersion} is too old. Minimum supported API version is ${this.minVersion}, please upgrade your client to a newer version`,
            ),
          );
        }

        // runtime.GOOS of the daemon: dockhop ports the Linux daemon.
        w.header().set('Server', `Docker/${this.serverVersion} (linux)`);
        w.header().set('API-Version', this.defaultVersion);
        return handler(w, r, vars);
      });
  }
}
