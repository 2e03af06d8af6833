/**
 * An error that carries the HTTP status the API should respond with, so the
 * router does not have to guess it from the message.
 *
 * @go api/errors/errors.go:13-15
 */
export class APIError extends Error {
  constructor(
    cause: Error,
    readonly statusCode: number,
  ) {
    super(cause.message, { cause });
    this.name = 'APIError';
  }

  /** @go api/errors/errors.go:13-15 */
  httpErrorStatusCode(): number {
    return this.statusCode;
  }
}

/** @go api/errors/errors.go:27-29 */
export function newBadRequestError(err: Error): APIError {
  return new APIError(err, 400);
}

/** @go api/errors/errors.go:39-41 */
export function newRequestNotFoundError(err: Error): APIError {
  return new APIError(err, 404);
}
