import { ResponseRecorder } from '../transport/response-recorder.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { canonicalHeaderKey, Header } from '../../go/net/http/header.ts';
import type { Request } from '../../go/net/http/request.ts';

/**
 * Converts a node:http request to the Go-shaped Request the ported router
 * reads. The body is the IncomingMessage itself, so an upload streams into
 * the handler as it arrives. The path is percent-decoded, as Go's
 * `r.URL.Path` is, so the mux matches `vieux/sshfs` where a client sent
 * `vieux%2Fsshfs`; the query stays raw. A malformed escape in the path
 * throws {@link BadRequestTargetError}.
 */
export function toGoRequest(incoming: IncomingMessage): Request {
  const target = incoming.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const values = new Map<string, string[]>();

  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
    const key = canonicalHeaderKey(incoming.rawHeaders[i]!);

    // Go keeps Host out of r.Header and in r.Host.
    if (key !== 'Host') {
      values.set(key, [...(values.get(key) ?? []), incoming.rawHeaders[i + 1]!]);
    }
  }

  const header = new Header();

  for (const [key, list] of values) {
    header.setValues(key, list);
  }

  return {
    method: incoming.method ?? 'GET',
    url: { scheme: '', host: '', path: unescapePath(rawPath), rawQuery },
    host: incoming.headers.host ?? '',
    header,
    body: requestBody(incoming),
  };
}

/**
 * Returns the request body as a stream the handler may destroy: a
 * PassThrough fed by the IncomingMessage, with backpressure, so nothing is
 * buffered beyond the stream's high-water mark. Destroying the IncomingMessage
 * itself would reset the connection before the error response is sent;
 * when the handler gives up early, the rest of the upload is read and
 * dropped instead, as Go's server discards an unread body before it responds.
 * A client that disconnects mid-body fails the stream with `unexpected EOF`,
 * Go's error for a truncated body.
 */
function requestBody(incoming: IncomingMessage): Readable {
  const body = new PassThrough();

  // The handler may stop reading before the client goes; the error must not crash the server then.
  body.on('error', () => undefined);
  incoming.pipe(body);
  incoming.on('aborted', () => body.destroy(new Error('unexpected EOF')));
  incoming.on('error', () => body.destroy(new Error('unexpected EOF')));
  body.on('close', () => {
    if (!incoming.readableEnded) {
      incoming.unpipe(body);
      incoming.resume();
    }
  });

  return body;
}

/**
 * A ResponseWriter over a node:http ServerResponse. Like Go's, a write
 * before any writeHeader sends 200, and a second writeHeader is ignored.
 * The body is kept until {@link NodeResponseWriter.finish}, which then
 * sends it with a Content-Length and, when the handler set no
 * Content-Type, the type Go's sniffing would give text.
 *
 * NOTE: Go's server flushes once 4 KB are buffered and then switches to
 * chunked encoding. Every ported endpoint responds with a small body, so
 * this writer keeps it all; a streaming endpoint would need flushing.
 */
export class NodeResponseWriter extends ResponseRecorder {
  constructor(private readonly response: ServerResponse) {
    super();
  }

  /** The bytes the handler wrote so far. */
  bodyLength(): number {
    return this.chunks.reduce((total, chunk) => total + chunk.length, 0);
  }

  /**
   * Sends the status line, headers and body. Returns false without sending
   * when the client has already gone.
   */
  finish(): boolean {
    if (this.response.destroyed || this.response.writableEnded) {
      return false;
    }

    const body = Buffer.concat(this.chunks);
    const bodyAllowed = this.statusCode !== 204 && this.statusCode !== 304 && !(this.statusCode >= 100 && this.statusCode < 200);

    if (bodyAllowed && body.length > 0 && !this.header().has('Content-Type')) {
      this.header().set('Content-Type', sniffTextType(body));
    }

    if (bodyAllowed) {
      this.header().set('Content-Length', String(body.length));
    }

    for (const [key, values] of this.header().entries()) {
      this.response.setHeader(key, values.length === 1 ? values[0]! : values);
    }

    this.response.writeHead(this.statusCode);
    this.response.end(bodyAllowed ? body : undefined);
    return true;
  }
}

// Go's http.DetectContentType reduced to its last two outcomes: text when
// no byte is binary, else octet-stream. NOTE: the HTML, XML, image and
// archive signatures it checks first are left out; no ported handler writes
// such a body without setting a Content-Type.
function sniffTextType(body: Buffer): string {
  const sample = body.subarray(0, 512);

  for (const byte of sample) {
    if (byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f)) {
      return 'application/octet-stream';
    }
  }

  return 'text/plain; charset=utf-8';
}

/** A request target that Go's server would reject with 400 before any handler runs. */
export class BadRequestTargetError extends Error {
  constructor(target: string) {
    super(`invalid request target ${JSON.stringify(target)}: malformed percent-escape`);
    this.name = 'BadRequestTargetError';
  }
}

function unescapePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new BadRequestTargetError(path);
  }
}
