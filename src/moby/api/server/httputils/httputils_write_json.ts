import type { ResponseWriter } from '../../../../go/net/http/request.ts';

/**
 * Writes a JSON response: Content-Type, status, then the encoded value.
 * The caller encodes (Go's `json.Encoder` with HTML escaping off, so with a
 * trailing newline) because TypeScript values carry no Go struct tags.
 *
 * @go api/server/httputils/httputils_write_json.go:11-17
 */
export function writeJSON(w: ResponseWriter, code: number, encoded: string): void {
  w.header().set('Content-Type', 'application/json');
  w.writeHeader(code);
  w.write(encoded);
}
