import { ROOT_CONTEXT, SpanKind, propagation, context } from '@opentelemetry/api';
import { http, passthrough } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { getRawRequest } from '@mswjs/interceptors';
import type { ClientRequest } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Header } from '../../go/net/http/header.ts';
import type { Request as GoRequest } from '../../go/net/http/request.ts';
import { traced } from '../tracing/span.ts';
import type { Daemon } from '../daemon.ts';
import { ResponseRecorder } from './response-recorder.ts';

let server: SetupServer | undefined;
let target: Daemon | undefined;

/**
 * Routes every HTTP request of this process to `daemon` through msw, so
 * the ported client's real `node:http` request reaches the ported router
 * without a socket. Unmatched requests are errors: nothing leaves the
 * process. Call {@link stopMswHop} when done.
 */
export function startMswHop(daemon: Daemon): void {
  target = daemon;

  if (server !== undefined) {
    return;
  }

  const started = setupServer(
    http.all('*', async ({ request }) => {
      if (target === undefined) {
        return passthrough();
      }

      return interceptDaemonRequest(target, request);
    }),
  );
  started.listen({ onUnhandledRequest: 'error' });
  server = started;
}

/** Stops intercepting; later requests go to the network again. */
export function stopMswHop(): void {
  server?.close();
  server = undefined;
  target = undefined;
}

/**
 * Hands one intercepted request to the daemon's API server and returns its
 * response. The span it opens continues the client's trace from the
 * `traceparent` header, as a server across a real socket would; msw runs
 * this inside the client's context, so extraction starts from the root.
 *
 * NOTE: msw gives the handler the request body only after the client has
 * sent all of it, so this hop buffers the upload; `dockhop serve` streams.
 */
export function interceptDaemonRequest(daemon: Daemon, request: Request): Promise<Response> {
  const carrier: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    carrier[key] = value;
  });

  const remote = propagation.extract(ROOT_CONTEXT, carrier);

  return context.with(remote, () =>
    traced(
      {
        module: import.meta.url,
        function: 'interceptDaemonRequest',
        layer: 'transport',
        kind: SpanKind.SERVER,
        ported: false,
        attributes: { 'dockhop.hop': 'msw', 'http.request.method': request.method, 'url.full': request.url },
      },
      async (span) => {
        const goRequest = toGoRequest(request);
        const recorder = new ResponseRecorder();

        await daemon.server.serveHTTP(recorder, goRequest);

        span.setAttribute('http.response.status_code', recorder.statusCode);
        return recorder.toResponse();
      },
    ),
  );
}

function toGoRequest(request: Request): GoRequest {
  const url = new URL(request.url);
  const header = new Header();

  request.headers.forEach((value, key) => {
    header.set(key, value);
  });

  // The body is handed on through a PassThrough of dockhop's own, because
  // destroying the web-stream wrapper waits for msw's stream to cancel,
  // which never happens for an aborted request.
  const body = new PassThrough();
  // The reader takes the error from the stream itself when it reads next.
  body.on('error', () => undefined);

  if (request.body === null) {
    body.end();
  } else {
    const web = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
    web.on('error', (error) => body.destroy(error));
    web.pipe(body);
  }

  // msw never ends the body of a request the client aborts, so the create
  // would wait forever. A closed connection ends Go's request body with
  // "unexpected EOF", and so does this, from the client's own request.
  const raw = getRawRequest(request) as ClientRequest | undefined;
  raw?.once('close', () => {
    if (!raw.writableFinished) {
      body.destroy(new Error('unexpected EOF'));
    }
  });

  return {
    method: request.method,
    url: { scheme: '', host: '', path: url.pathname, rawQuery: url.search.replace(/^\?/, '') },
    host: request.headers.get('host') ?? url.host,
    header,
    body,
  };
}
