import type { Route, Router } from '../router.ts';
import { newGetRoute } from '../router.ts';
import { pingHandler } from './system_routes.ts';

/**
 * Creates the system router with the one route the plugin commands need,
 * `GET /_ping`. Docker 17.03 also serves OPTIONS, events, info, version,
 * system df and auth here; dockhop does not port them.
 *
 * @go api/server/router/system/system.go:17-34
 */
export function newRouter(): Router {
  const routes: Route[] = [newGetRoute('/_ping', pingHandler)];
  return { routes: () => routes };
}
