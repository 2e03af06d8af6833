import type { Readable } from 'node:stream';
import type { Header } from './header.ts';

/** The parts of Go's `*url.URL` the client and server read. */
export interface RequestURL {
  scheme: string;
  /** `req.URL.Host`: for a unix socket, the socket path. */
  host: string;
  path: string;
  rawQuery: string;
}

/** An outgoing or incoming HTTP request, shaped like Go's `*http.Request`. */
export interface Request {
  method: string;
  url: RequestURL;
  /** `req.Host`: the Host header value, `docker` on unix sockets. */
  host: string;
  header: Header;
  /** Null for a request without a body (GET, HEAD, DELETE). */
  body: Readable | null;
  /** Query and form values, filled on the server by parseForm. */
  form?: Map<string, string[]>;
  /** Route variables the mux matched (gorilla's `mux.Vars`). */
  vars?: Record<string, string>;
  /** Path template of the matched route (gorilla's `mux.CurrentRoute`). */
  route?: string;
}

/**
 * The server side of a response, shaped like Go's `http.ResponseWriter`:
 * headers may change until the first `writeHeader` or `write`.
 */
export interface ResponseWriter {
  header(): Header;
  writeHeader(statusCode: number): void;
  write(chunk: Uint8Array | string): void;
}

/** A received HTTP response, shaped like Go's `*http.Response`. */
export interface Response {
  statusCode: number;
  header: Header;
  body: Readable;
}

/**
 * Formats a request URL as Go's `URL.string()` does. The host is escaped the
 * way Go 1.7 escapes it, so a unix socket path shows as `%2Fvar%2Frun…`,
 * which is what Docker's error messages print.
 *
 * @gostd net/url.URL.String
 */
export function urlString(url: RequestURL): string {
  const host = url.host.replace(/[^A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/g, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  const query = url.rawQuery === '' ? '' : `?${url.rawQuery}`;

  return `${url.scheme}://${host}${url.path}${query}`;
}
