import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Header, statusText } from '../../go/net/http/header.ts';
import { TransportError } from '../../go/net/http/client.ts';
import { urlString, type Request, type Response } from '../../go/net/http/request.ts';
import { Do } from '../vendor/golang.org/x/net/context/ctxhttp/ctxhttp.ts';
import { greaterThan, lessThan } from '../api/types/versions/compare.ts';
import { traced } from '../../explorer/tracing/span.ts';
import { messageOf, wrap } from '../../go/errors.ts';
import { unmarshal } from '../../go/encoding/json/index.ts';
import { errorResponseSchema, type ErrorResponse } from '../api/types/error_response.ts';
import type { Client } from './client.ts';
import { errorConnectionFailed } from './errors.ts';

/** The result of doRequest: status, headers and the still-open body. */
export interface ServerResponse {
  body: Readable | null;
  header: Header | null;
  statusCode: number;
}

/**
 * Sends a POST whose body is passed through as it is (no JSON encoding).
 *
 * @go client/request.go:48-50
 */
export function postRaw(
  cli: Client,
  path: string,
  query: Map<string, string[]>,
  body: Readable | null,
  headers: Header,
): Promise<ServerResponse> {
  return traced({ module: import.meta.url, function: 'postRaw', layer: 'client' }, () =>
    sendRequest(cli, 'POST', path, query, body, headers),
  );
}

/**
 * Builds the versioned request and sends it.
 *
 * @go client/request.go:116-122
 */
export function sendRequest(
  cli: Client,
  method: string,
  path: string,
  query: Map<string, string[]>,
  body: Readable | null,
  headers: Header | null,
): Promise<ServerResponse> {
  return traced({ module: import.meta.url, function: 'sendRequest' }, async () => {
    const req = buildRequest(cli, method, cli.getAPIPath(path, query), body, headers);
    return doRequest(cli, req);
  });
}

/**
 * Builds the HTTP request: an empty body for POST and PUT without one, the
 * custom and call-specific headers, `Host: docker` on unix sockets, and
 * `text/plain` when a payload has no Content-Type.
 *
 * @go client/request.go:89-114
 */
export function buildRequest(
  cli: Client,
  method: string,
  apiPath: { path: string; rawQuery: string },
  body: Readable | null,
  headers: Header | null,
): Request {
  return traced({ module: import.meta.url, function: 'buildRequest' }, (span) => {
    const expectedPayload = method === 'POST' || method === 'PUT';

    if (expectedPayload && body === null) {
      body = Readable.from([]);
    }

    const req: Request = {
      method,
      url: { scheme: '', host: '', path: apiPath.path, rawQuery: apiPath.rawQuery },
      host: '',
      header: new Header(),
      body,
    };
    addHeaders(cli, req, headers);

    // Any meaningful name will do for a local socket; Docker picked "docker".
    if (cli.proto === 'unix' || cli.proto === 'npipe') {
      req.host = 'docker';
    }

    req.url.host = cli.addr;
    req.url.scheme = cli.scheme;

    if (req.host === '') {
      req.host = cli.addr;
    }

    if (expectedPayload && req.header.get('Content-Type') === '') {
      req.header.set('Content-Type', 'text/plain');
    }

    span.setAttribute('url.full', urlString(req.url));
    span.setAttribute('dockhop.http.host', req.host);
    return req;
  });
}

/**
 * Sends the request and turns every failure into the error text the docker
 * CLI prints: a daemon that cannot be reached, a status outside 200-399
 * with its JSON `message`, or an empty error body.
 *
 * @go client/request.go:124-211
 */
export function doRequest(cli: Client, req: Request): Promise<ServerResponse> {
  return traced({ module: import.meta.url, function: 'doRequest' }, async (span) => {
    const serverResp: ServerResponse = { body: null, header: null, statusCode: -1 };
    let resp: Response;

    try {
      resp = await Do(cli.client, req);
    } catch (error) {
      throw connectError(cli, error);
    }

    serverResp.statusCode = resp.statusCode;
    span.setAttribute('http.response.status_code', resp.statusCode);

    if (serverResp.statusCode < 200 || serverResp.statusCode >= 400) {
      const body = await buffer(resp.body);

      if (body.length === 0) {
        throw new Error(
          `Error: request returned ${statusText(serverResp.statusCode)} for API route and version ${urlString(req.url)}, check if the server supports the requested API version`,
        );
      }

      let errorMessage: string;

      if (
        (cli.version === '' || greaterThan(cli.version, '1.23')) &&
        resp.header.get('Content-Type') === 'application/json'
      ) {
        errorMessage = decodeErrorMessage(body);
      } else {
        errorMessage = body.toString('utf8');
      }

      throw new Error(`Error response from daemon: ${errorMessage.trim()}`);
    }

    serverResp.body = resp.body;
    serverResp.header = resp.header;
    return serverResp;
  });
}

/**
 * Sets the user's configured headers first, then the call's own, so a
 * configuration file cannot override what the call needs. Before API 1.25
 * a custom User-Agent is dropped.
 *
 * @go client/request.go:213-229
 */
export function addHeaders(cli: Client, req: Request, headers: Header | null): Request {
  for (const [key, value] of Object.entries(cli.customHTTPHeaders ?? {})) {
    if (lessThan(cli.version, '1.25') && key === 'User-Agent') {
      continue;
    }
    req.header.set(key, value);
  }

  if (headers !== null) {
    for (const [key, values] of headers.entries()) {
      req.header.setValues(key, values);
    }
  }

  return req;
}

/**
 * Drains up to 512 bytes of a response body and closes it, so the
 * connection could be reused.
 *
 * @go client/request.go:241-247
 */
export function ensureReaderClosed(response: ServerResponse): void {
  response.body?.resume();
}

// The connection failures of doRequest (request.go:127-178), in its order.
function connectError(cli: Client, error: unknown): Error {
  if (!(error instanceof TransportError)) {
    return wrap(error, 'error during connect');
  }

  if (cli.scheme !== 'https' && error.message.includes('malformed HTTP response')) {
    return new Error(`${error.message}.\n* Are you trying to connect to a TLS-enabled daemon without TLS?`, {
      cause: error,
    });
  }

  if (error.dial && error.code === 'EACCES') {
    return wrap(error, `Got permission denied while trying to connect to the Docker daemon socket at ${cli.host}`);
  }

  if (error.code === 'ETIMEDOUT') {
    return errorConnectionFailed(cli.host);
  }

  if (error.dial && (error.message.includes('connection refused') || error.message.includes('dial unix'))) {
    return errorConnectionFailed(cli.host);
  }

  return wrap(error, 'error during connect');
}

// Go's json.Unmarshal into types.ErrorResponse, with its error texts.
function decodeErrorMessage(body: Buffer): string {
  try {
    return unmarshal<ErrorResponse>(body, errorResponseSchema).message;
  } catch (error) {
    throw new Error(`Error reading JSON: ${messageOf(error)}`, { cause: error });
  }
}
