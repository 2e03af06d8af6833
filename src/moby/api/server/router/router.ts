import type { APIFunc } from '../httputils/httputils.ts';

/** One API endpoint: method, path template and handler (`router.Route`). */
export interface Route {
  handler(): APIFunc;
  method(): string;
  path(): string;
}

/** A group of routes, such as the plugin router (`router.Router`). */
export interface Router {
  routes(): Route[];
}

/**
 * Creates a route from its parts.
 *
 * @go api/server/router/local.go:34-36
 */
export function newRoute(method: string, path: string, handler: APIFunc): Route {
  return {
    handler: () => handler,
    method: () => method,
    path: () => path,
  };
}

/** @go api/server/router/local.go:39-41 */
export function newGetRoute(path: string, handler: APIFunc): Route {
  return newRoute('GET', path, handler);
}

/** @go api/server/router/local.go:44-46 */
export function newPostRoute(path: string, handler: APIFunc): Route {
  return newRoute('POST', path, handler);
}

/** @go api/server/router/local.go:54-56 */
export function newDeleteRoute(path: string, handler: APIFunc): Route {
  return newRoute('DELETE', path, handler);
}

/** @go api/server/router/local.go:64-66 */
export function newHeadRoute(path: string, handler: APIFunc): Route {
  return newRoute('HEAD', path, handler);
}

/** @go api/server/router/local.go:59-61 */
export function newOptionsRoute(path: string, handler: APIFunc): Route {
  return newRoute('OPTIONS', path, handler);
}
