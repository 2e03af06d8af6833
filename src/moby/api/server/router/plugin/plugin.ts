import type { Route, Router } from '../router.ts';
import { newPostRoute } from '../router.ts';
import type { Backend } from './backend.ts';
import { createPlugin } from './plugin_routes.ts';

/**
 * Creates the router of the `/plugins` endpoints.
 *
 * @go api/server/router/plugin/plugin.go:12-18
 */
export function newRouter(b: Backend): Router {
  const routes = initRoutes(b);
  return { routes: () => routes };
}

/**
 * Lists the plugin routes. Docker 17.03 also registers list, inspect,
 * privileges, remove, enable, disable, pull, push, upgrade and set here,
 * before create; requests to them get the 404 of the catch-all route.
 *
 * @go api/server/router/plugin/plugin.go:25-39
 */
function initRoutes(backend: Backend): Route[] {
  // TODO: port the other plugin routes, in 17.03's order, for `dockhop serve`.
  return [newPostRoute('/plugins/create', (w, r, vars) => createPlugin(backend, w, r, vars))];
}
