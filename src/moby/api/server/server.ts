import { SpanKind } from '@opentelemetry/api';
import type { Header } from '../../../go/net/http/header.ts';
import type { Request, ResponseWriter } from '../../../go/net/http/request.ts';
import { traced } from '../../../explorer/tracing/span.ts';
import { newRequestNotFoundError } from '../errors/errors.ts';
import { Router as Mux } from '../../vendor/github.com/gorilla/mux/mux.ts';
import { getHTTPErrorStatusCode, makeErrorHandler } from './httputils/errors.ts';
import type { APIFunc } from './httputils/httputils.ts';
import type { Middleware } from './middleware/middleware.ts';
import type { Router } from './router/router.ts';

/** `/v1.26`-style prefix every route is also registered under. */
const versionMatcher = '/v{version:[0-9.]+}';

/** The API server's log output (logrus in the daemon). */
export interface ServerLogger {
  debug(message: string): void;
  error(message: string): void;
}

/**
 * The daemon's API server: global middlewares, the routers, and the mux
 * built from them. Listening is left to the caller, which hands each
 * request to {@link Server.serveHTTP}.
 */
export class Server {
  private readonly middlewares: Middleware[] = [];
  private readonly routers: Router[] = [];
  private mux: Mux | undefined;

  constructor(private readonly logger: ServerLogger) {}

  /**
   * Appends a middleware; the last one added runs first.
   *
   * @go api/server/server.go:52-54
   */
  useMiddleware(m: Middleware): void {
    this.middlewares.push(m);
  }

  /**
   * Registers the routers and builds the mux.
   *
   * @go api/server/server.go:153-163
   */
  initRouter(...routers: Router[]): void {
    this.routers.push(...routers);
    this.mux = this.createMux();
  }

  /** Dispatches one request through the mux (the daemon's routerSwapper). */
  async serveHTTP(w: ResponseWriter, r: Request): Promise<void> {
    if (this.mux === undefined) {
      throw new Error('initRouter must run before serveHTTP');
    }

    await this.mux.serveHTTP(w, r);
  }

  /**
   * Builds the mux: every route twice, with and without the version prefix,
   * then a 404 `page not found` for everything else.
   *
   * @go api/server/server.go:166-186
   */
  createMux(): Mux {
    const m = new Mux();

    this.logger.debug('Registering routers');
    for (const apiRouter of this.routers) {
      for (const r of apiRouter.routes()) {
        const f = this.makeHTTPHandler(r.handler());

        this.logger.debug(`Registering ${r.method()}, ${r.path()}`);
        m.handle(versionMatcher + r.path(), [r.method()], f);
        m.handle(r.path(), [r.method()], f);
      }
    }

    const notFoundHandler = makeErrorHandler(newRequestNotFoundError(new Error('page not found')));
    m.handle(`${versionMatcher}/{path:.*}`, null, notFoundHandler);
    m.notFoundHandler = notFoundHandler;

    return m;
  }

  /**
   * Wraps a route handler: runs the middlewares and the route, and on error
   * logs `Handler for <method> <path> returned error: …` and writes the
   * error response.
   *
   * @go api/server/server.go:122-149
   */
  makeHTTPHandler(handler: APIFunc): (w: ResponseWriter, r: Request) => Promise<void> {
    return (w, r) =>
      traced(
        { module: import.meta.url, function: 'Server.makeHTTPHandler', layer: 'router', kind: SpanKind.SERVER },
        async (span) => {
          const recorder = new StatusRecorder(w);
          span.setAttributes({
            'http.request.method': r.method,
            'url.path': r.url.path,
            'url.query': r.url.rawQuery,
            'http.route': r.route ?? '',
            'user_agent.original': r.header.get('User-Agent'),
          });

          const handlerFunc = this.handlerWithGlobalMiddlewares(handler);
          const vars = r.vars ?? {};

          try {
            await handlerFunc(recorder, r, vars);
          } catch (error) {
            const err = error instanceof Error ? error : new Error(String(error));
            const statusCode = getHTTPErrorStatusCode(err);

            // Go prints 500s with %+v (a stack trace for pkg/errors values); the port logs the message.
            this.logger.error(`Handler for ${r.method} ${r.url.path} returned error: ${err.message}`);
            span.addEvent('log', { 'log.severity': 'error', 'log.message': `Handler for ${r.method} ${r.url.path} returned error: ${err.message}` });
            span.setAttribute('error.type', String(statusCode));
            makeErrorHandler(err)(recorder, r);
          }

          span.setAttribute('http.response.status_code', recorder.statusCode);
          setResponseHeaders(span, recorder.header());
        },
      );
  }

  /**
   * Wraps a handler with the global middlewares; the first registered ends
   * up innermost. The debug request logger is not ported.
   *
   * @go api/server/middleware.go:12-24
   */
  handlerWithGlobalMiddlewares(handler: APIFunc): APIFunc {
    let next = handler;

    for (const m of this.middlewares) {
      next = m.wrapHandler(next);
    }

    return next;
  }
}

/** Remembers the status written, for the span, and passes everything on. */
class StatusRecorder implements ResponseWriter {
  statusCode = 200;
  private wroteHeader = false;

  constructor(private readonly inner: ResponseWriter) {}

  header(): Header {
    return this.inner.header();
  }

  writeHeader(statusCode: number): void {
    if (!this.wroteHeader) {
      this.statusCode = statusCode;
      this.wroteHeader = true;
    }
    this.inner.writeHeader(statusCode);
  }

  write(chunk: Uint8Array | string): void {
    this.wroteHeader = true;
    this.inner.write(chunk);
  }
}

function setResponseHeaders(span: { setAttribute(key: string, value: string[]): void }, header: Header): void {
  for (const [key, values] of header.entries()) {
    span.setAttribute(`http.response.header.${key.toLowerCase()}`, values);
  }
}
