import type { Route, Router } from '../router.ts';
import { newDeleteRoute, newGetRoute, newPostRoute } from '../router.ts';
import type { Backend } from './backend.ts';
import { createPlugin, disablePlugin, enablePlugin, inspectPlugin, listPlugins, removePlugin } from './plugin_routes.ts';

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
 * Lists the plugin routes in 17.03's order, which matters because the
 * first match wins and `{name:.*}` matches slashes. Docker 17.03 also
 * registers privileges, pull, push, upgrade and set; dockhop does not port
 * them (they need a registry), so requests to them get the catch-all 404.
 *
 * @go api/server/router/plugin/plugin.go:25-39
 */
function initRoutes(backend: Backend): Route[] {
  return [
    newGetRoute('/plugins', (w, r, vars) => listPlugins(backend, w, r, vars)),
    newGetRoute('/plugins/{name:.*}/json', (w, r, vars) => inspectPlugin(backend, w, r, vars)),
    newDeleteRoute('/plugins/{name:.*}', (w, r, vars) => removePlugin(backend, w, r, vars)),
    newPostRoute('/plugins/{name:.*}/enable', (w, r, vars) => enablePlugin(backend, w, r, vars)),
    newPostRoute('/plugins/{name:.*}/disable', (w, r, vars) => disablePlugin(backend, w, r, vars)),
    newPostRoute('/plugins/create', (w, r, vars) => createPlugin(backend, w, r, vars)),
  ];
}
