import http from 'node:http';
import { PassThrough } from 'node:stream';
import { errnoString } from '../../syscall/errno.ts';
import { canonicalHeaderKey, Header } from './header.ts';
import { urlString, type Request, type Response } from './request.ts';

/**
 * An HTTP/1.1 client bound to one daemon address, like Go's `http.Client`
 * whose transport Docker's `sockets.ConfigureTransport` set up to dial
 * either a unix socket or a TCP address.
 *
 * It sends through `node:http`'s default export on purpose: that object is
 * the one msw patches, so the in-process hop and a real socket share this
 * code.
 */
export class HttpClient {
  constructor(
    readonly proto: string,
    readonly addr: string,
  ) {}

  /** Sends `req` and resolves with the response once its headers arrive. */
  do(req: Request): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      let answered = false;
      const options: http.RequestOptions = {
        method: req.method,
        path: req.url.path + (req.url.rawQuery === '' ? '' : `?${req.url.rawQuery}`),
        headers: outgoingHeaders(req),
        agent: false,
      };

      if (this.proto === 'unix') {
        options.socketPath = this.addr;
      } else {
        const target = splitHostPort(this.addr);

        if (target instanceof Error) {
          reject(addressError(req, target.message));
          return;
        }

        options.host = target.host;
        options.port = target.port;
      }

      const outgoing = http.request(options, (incoming) => {
        answered = true;
        resolve(toResponse(incoming));
      });

      // A daemon may respond before it has read the whole body (an early
      // error). Go's transport then returns that response, and so does this.
      outgoing.on('error', (error) => {
        if (!answered) {
          reject(dialError(req, this.proto, this.addr, error));
        }
      });

      if (req.body === null) {
        outgoing.end();
        return;
      }

      req.body.on('error', (error) => outgoing.destroy(error));
      req.body.pipe(outgoing);
    });
  }
}

/** A transport failure, worded like Go 1.7's `*url.Error` around a `*net.OpError`. */
export class TransportError extends Error {
  constructor(
    message: string,
    /** Node's errno code (`ECONNREFUSED`, `ENOENT`, `EACCES`…). */
    readonly code: string | undefined,
    /** True for a failure to dial (Go's non-temporary `net.Error`). */
    readonly dial: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

function outgoingHeaders(req: Request): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { Host: req.host };

  for (const [key, values] of req.header.entries()) {
    headers[key] = values.length === 1 ? values[0] : values;
  }

  // Go's transport requests gzip on every request unless the caller set Accept-Encoding.
  if (!req.header.has('Accept-Encoding')) {
    headers['Accept-Encoding'] = 'gzip';
  }

  return headers;
}

function toResponse(incoming: http.IncomingMessage): Response {
  const header = new Header();

  for (const [key, value] of Object.entries(incoming.headersDistinct)) {
    header.setValues(canonicalHeaderKey(key), value ?? []);
  }

  const body = new PassThrough();
  incoming.pipe(body);
  incoming.on('error', (error) => body.destroy(error));

  return { statusCode: incoming.statusCode ?? 0, header, body };
}

// Splits host:port as Go's dialer does, with its errors for an empty host
// and a bad port (the URL parser would give Node's "Invalid URL" instead).
function splitHostPort(addr: string): { host: string; port: number } | Error {
  if (addr === '') {
    return new Error('http: no Host in request URL');
  }

  const match = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(addr);
  const host = (match?.[1] ?? '').replace(/^\[|\]$/g, '');
  const port = match?.[2];

  if (port === undefined || port === '') {
    return { host, port: 80 };
  }

  const number = /^[0-9]+$/.test(port) ? Number(port) : NaN;

  if (!(number >= 0 && number <= 65535)) {
    return new Error(`dial tcp: address ${port}: invalid port`);
  }

  return { host, port: number };
}

function addressError(req: Request, reason: string): TransportError {
  const method = req.method.charAt(0) + req.method.slice(1).toLowerCase();
  return new TransportError(`${method} ${urlString(req.url)}: ${reason}`, undefined, false);
}

function dialError(req: Request, proto: string, addr: string, error: Error): TransportError {
  const code = (error as NodeJS.ErrnoException).code;
  const syscall = (error as NodeJS.ErrnoException).syscall;
  const method = req.method.charAt(0) + req.method.slice(1).toLowerCase();
  const target = urlString(req.url);

  if (syscall === 'connect' && code !== undefined) {
    const reason = errnoString(code) ?? error.message;
    return new TransportError(`${method} ${target}: dial ${proto} ${addr}: connect: ${reason}`, code, true, {
      cause: error,
    });
  }

  const reason = errnoString(code) ?? error.message;
  return new TransportError(`${method} ${target}: ${reason}`, code, false, { cause: error });
}
