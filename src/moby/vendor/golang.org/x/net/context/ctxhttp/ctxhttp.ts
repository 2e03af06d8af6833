import { SpanKind, propagation, context } from '@opentelemetry/api';
import { Transform } from 'node:stream';
import type { HttpClient } from '../../../../../../../go/net/http/client.ts';
import { urlString, type Request, type Response } from '../../../../../../../go/net/http/request.ts';
import { traced } from '../../../../../../../explorer/tracing/span.ts';

/**
 * Sends an HTTP request and returns the response, the call Docker's client
 * makes for every API request. Context cancellation is not ported: no
 * caller on the create path cancels.
 *
 * The span of this function is the client side of the HTTP hop: the W3C
 * `traceparent` header is injected here, so the daemon's spans become its
 * children.
 *
 * @go vendor/golang.org/x/net/context/ctxhttp/ctxhttp.go:28-87
 */
export function Do(client: HttpClient, req: Request): Promise<Response> {
  return traced(
    { module: import.meta.url, function: 'Do', layer: 'transport', kind: SpanKind.CLIENT },
    async (span) => {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);

      for (const [key, value] of Object.entries(carrier)) {
        req.header.set(key, value);
      }

      span.setAttributes({
        'http.request.method': req.method,
        'url.full': urlString(req.url),
        'url.path': req.url.path,
        'url.query': req.url.rawQuery,
        'network.transport': client.proto === 'unix' ? 'unix' : 'tcp',
        'server.address': client.addr,
      });

      for (const [key, values] of req.header.entries()) {
        span.setAttribute(`http.request.header.${key.toLowerCase()}`, values);
      }

      let bodySize = 0;

      if (req.body !== null) {
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bodySize += chunk.length;
            callback(null, chunk);
          },
        });
        req.body.on('error', (error) => counter.destroy(error));
        req.body = req.body.pipe(counter);
        counter.on('end', () => span.setAttribute('http.request.body.size', bodySize));
      }

      const response = await client.do(req);

      span.setAttribute('http.response.status_code', response.statusCode);
      return response;
    },
  );
}
