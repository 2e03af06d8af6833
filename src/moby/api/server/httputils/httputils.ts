import { buffer } from 'node:stream/consumers';
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

  if ((r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') && r.body !== null) {
    if (contentType === 'application/x-www-form-urlencoded') {
      const body = await buffer(r.body);

      if (body.length > MAX_FORM_SIZE) {
        throw new Error('http: POST too large');
      }

      addValues(form, body.toString('utf8'));
    }
  }

  addValues(form, r.url.rawQuery);
  r.form = form;
}

/**
 * Returns the first value of `key` from the parsed form, or ''.
 *
 * @gostd net/http.Request.formValue
 */
export function formValue(r: Request, key: string): string {
  return r.form?.get(key)?.[0] ?? '';
}

// Go's url.ParseQuery: '+' is a space, bad escapes drop the pair.
function addValues(form: Map<string, string[]>, query: string): void {
  for (const pair of query.split(/[&;]/)) {
    if (pair === '') {
      continue;
    }

    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);

    try {
      const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      form.set(key, [...(form.get(key) ?? []), value]);
    } catch {
      continue;
    }
  }
}
