import type { APIFunc } from '../httputils/httputils.ts';

/** Wraps a handler with behaviour every request shares (`middleware.Middleware`). */
export interface Middleware {
  wrapHandler(handler: APIFunc): APIFunc;
}
