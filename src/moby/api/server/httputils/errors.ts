import type { Request, ResponseWriter } from '../../../../go/net/http/request.ts';
import { greaterThan } from '../../../api/types/versions/compare.ts';
import { APIError } from '../../errors/errors.ts';
import { encodeErrorResponse } from '../../types/error_response.ts';
import { writeJSON } from './httputils_write_json.ts';

/**
 * Message keywords and the status they map to, checked in this order.
 * Docker 17.03 decides most statuses by wording: "no rootfs found" is a 500
 * while anything saying "not found" is a 404.
 */
const KEYWORD_STATUS: [keyword: string, status: number][] = [
  ['not found', 404],
  ['no such', 404],
  ['bad parameter', 400],
  ['no command', 400],
  ['conflict', 409],
  ['impossible', 406],
  ['wrong login/password', 401],
  ['unauthorized', 401],
  ["hasn't been activated", 403],
  ['this node', 503],
  ['needs to be unlocked', 503],
  ['certificates have expired', 503],
];

/**
 * Returns the HTTP status for an error: its own status if it carries one,
 * else the first keyword found in the lower-cased message, else 500.
 *
 * Matching on message text is kept because the original does it.
 *
 * @go api/server/httputils/errors.go:32-81
 */
export function getHTTPErrorStatusCode(err: Error): number {
  if (err instanceof APIError) {
    return err.httpErrorStatusCode();
  }

  const message = err.message.toLowerCase();

  for (const [keyword, status] of KEYWORD_STATUS) {
    if (message.includes(keyword)) {
      return status;
    }
  }

  return 500;
}

/** @go api/server/httputils/errors.go:83-86 */
function apiVersionSupportsJSONErrors(version: string | undefined): boolean {
  return version === undefined || version === '' || greaterThan(version, '1.23');
}

/**
 * Writes an error response: `{"message":"…"}` as JSON for API versions
 * after 1.23 (and unversioned paths), plain text before.
 *
 * @go api/server/httputils/errors.go:90-103
 */
export function makeErrorHandler(err: Error): (w: ResponseWriter, r: Request) => void {
  return (w, r) => {
    const statusCode = getHTTPErrorStatusCode(err);

    if (apiVersionSupportsJSONErrors(r.vars?.version)) {
      writeJSON(w, statusCode, encodeErrorResponse({ message: err.message }));
      return;
    }

    // Go's http.Error: plain text, nosniff, and a trailing newline.
    w.header().set('Content-Type', 'text/plain; charset=utf-8');
    w.header().set('X-Content-Type-Options', 'nosniff');
    w.writeHeader(statusCode);
    w.write(`${err.message}\n`);
  };
}
