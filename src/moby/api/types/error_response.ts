/** The body of every API error: `{"message": "…"}` (api/types/error_response.go). */
export interface ErrorResponse {
  message: string;
}

/**
 * Encodes an error body as the daemon's `json.Encoder` with HTML escaping
 * off does: compact, with a trailing newline.
 */
export function encodeErrorResponse(response: ErrorResponse): string {
  // TODO: switch to the Go-compatible encoder once it covers SetEscapeHTML(false).
  const text = JSON.stringify({ message: response.message }).replace(/[\u2028\u2029]/g, (c) =>
    c === '\u2028' ? '\\u2028' : '\\u2029',
  );
  return `${text}\n`;
}
