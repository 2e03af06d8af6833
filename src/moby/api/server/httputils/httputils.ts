import type { Readable } from 'node:stream';
import { goQuote } from '../../../../go/strconv/quote.ts';
import type { Request, ResponseWriter } from '../../../../go/net/http/request.ts';

/** A route handler: the daemon's `httputils.APIFunc`. */
export type APIFunc = (
  w: ResponseWriter,
  r: Request,
  vars: Record<string, string>,
) => Promise<void>;

/** Maximum size of a form-encoded body, Go's net/http limit (10 MB). */
const MAX_FORM_SIZE = 10 << 20;

/**
 * Parses the query, and a form-encoded body if there is one, into `r.form`.
 * Errors about the Content-Type are ignored, so a POST without one works.
 *
 * Go's `Request.parseForm` reads the body only for
 * `application/x-www-form-urlencoded`: a tar upload sent with that type
 * would be consumed here and reach the backend empty. The port keeps that.
 *
 * @go api/server/httputils/httputils.go:69-77
 */
export async function parseForm(r: Request): Promise<void> {
  if (r.form !== undefined) {
    return;
  }

  const form = new Map<string, string[]>();
  const contentType = r.header.get('Content-Type').split(';')[0]!.trim().toLowerCase();

  let firstError: Error | undefined;

  if ((r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') && r.body !== null) {
    if (contentType === 'application/x-www-form-urlencoded') {
      const body = await readAtMost(r.body, MAX_FORM_SIZE + 1);

      if (body.length > MAX_FORM_SIZE) {
        throw new Error('http: POST too large');
      }

      firstError = parseQuery(form, body.toString('latin1'));
    }
  }

  firstError ??= parseQuery(form, r.url.rawQuery);
  r.form = form;

  if (firstError !== undefined) {
    throw firstError;
  }
}

// Reads up to `limit` bytes, as Go's io.LimitReader does, and leaves the rest
// unread: a form body is never held whole past Go's limit.
async function readAtMost(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;

  for await (const chunk of body) {
    const bytes = Buffer.from(chunk as Uint8Array);
    chunks.push(bytes.subarray(0, limit - length));
    length += Math.min(bytes.length, limit - length);

    if (length >= limit) {
      break;
    }
  }

  return Buffer.concat(chunks);
}

/**
 * Returns the first value of `key` from the parsed form, or ''.
 *
 * @gostd net/http.Request.formValue
 */
export function formValue(r: Request, key: string): string {
  return r.form?.get(key)?.[0] ?? '';
}

/**
 * Adds `key=value` pairs separated by `&` or `;` to `form`, unescaping
 * `%XX` and `+` as Go's `url.ParseQuery` does. A bad escape drops its pair
 * and is returned as the first error (`invalid URL escape "%zz"`), after
 * the other pairs are added. `query` contains one character per byte (latin1).
 *
 * @gostd net/url.ParseQuery
 */
function parseQuery(form: Map<string, string[]>, query: string): Error | undefined {
  let firstError: Error | undefined;

  for (const pair of query.split(/[&;]/)) {
    if (pair === '') {
      continue;
    }

    const equals = pair.indexOf('=');
    const key = queryUnescape(equals === -1 ? pair : pair.slice(0, equals));
    const value = queryUnescape(equals === -1 ? '' : pair.slice(equals + 1));

    if (key instanceof Error || value instanceof Error) {
      firstError ??= key instanceof Error ? key : (value as Error);
      continue;
    }

    form.set(key, [...(form.get(key) ?? []), value]);
  }

  return firstError;
}

// Go's unescape in query mode: '+' is a space, '%' needs two hex digits.
// The bytes are read as UTF-8, as a Go string holding them would print.
function queryUnescape(text: string): string | Error {
  const bytes: number[] = [];

  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;

    if (char === '%') {
      const hex = text.slice(i + 1, i + 3);

      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return new Error(`invalid URL escape ${goQuote(text.slice(i, i + 3))}`);
      }

      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char === '+' ? 0x20 : char.charCodeAt(0) & 0xff);
    }
  }

  return Buffer.from(bytes).toString('utf8');
}
