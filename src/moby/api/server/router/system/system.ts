import type { Route, Router } from '../router.ts';
import { newGetRoute, newOptionsRoute } from '../router.ts';
import type { Backend } from './backend.ts';
import { getVersion, optionsHandler, pingHandler } from './system_routes.ts';

/**
 * Creates the system router: `OPTIONS` on any path, `GET /_ping` and
 * `GET /version`. Docker 17.03 also serves events, info, system df and
 * auth here; dockhop does not port them, so they get the catch-all 404.
 * 17.03 has no `HEAD /_ping`; newer clients try it first and fall back to
 * GET on the 404.
 *
 * @go api/server/router/system/system.go:17-34
 */
export function newRouter(b: Backend): Router {
  const routes: Route[] = [
    newOptionsRoute('/{anyroute:.*}', optionsHandler),
    newGetRoute('/_ping', pingHandler),
    newGetRoute('/version', (w, r, vars) => getVersion(b, w, r, vars)),
  ];
  return { routes: () => routes };
}
