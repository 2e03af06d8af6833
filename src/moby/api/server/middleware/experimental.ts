import { traced } from '../../../../explorer/tracing/span.ts';
import type { APIFunc } from '../httputils/httputils.ts';
import type { Middleware } from './middleware.ts';

/** Adds the `Docker-Experimental` header to every response. */
export class ExperimentalMiddleware implements Middleware {
  private readonly experimental: string;

  /** @go api/server/middleware/experimental.go:16-21 */
  constructor(experimentalEnabled: boolean) {
    this.experimental = experimentalEnabled ? 'true' : 'false';
  }

  /** @go api/server/middleware/experimental.go:24-29 */
  wrapHandler(handler: APIFunc): APIFunc {
    return (w, r, vars) =>
      traced({ module: import.meta.url, function: 'ExperimentalMiddleware.wrapHandler', layer: 'router' }, () => {
        w.header().set('Docker-Experimental', this.experimental);
        return handler(w, r, vars);
      });
  }
}
