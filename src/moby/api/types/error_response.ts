import { encode, field, stringType, struct } from '../../../go/encoding/json/index.ts';

/** The body of every API error: `{"message": "…"}`. */
export interface ErrorResponse {
  message: string;
}

/** @go api/types/error_response.go:8-13 */
export const errorResponseSchema = struct('types.ErrorResponse', [field('message', 'Message', 'message', stringType)]);

/**
 * Encodes an error body as the daemon's WriteJSON does: Go's encoder with
 * HTML escaping off, compact, with a trailing newline.
 */
export function encodeErrorResponse(response: ErrorResponse): string {
  return encode(response, errorResponseSchema, { escapeHTML: false });
}
