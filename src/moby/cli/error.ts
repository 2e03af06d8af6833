/**
 * The error types of Docker 17.03's `cli` package. `StatusError` carries
 * the text and exit code that `cmd/docker` main prints and exits with.
 */

/**
 * Several errors reported together, joined with `, `.
 *
 * @go cli/error.go:13-23
 */
export class Errors extends Error {
  readonly errors: readonly Error[];

  constructor(errors: readonly Error[]) {
    super(errors.map((error) => error.message).join(', '));
    this.name = 'Errors';
    this.errors = errors;
  }
}

/**
 * An unsuccessful exit of a command: `status` is printed on stderr (when
 * not empty) and `statusCode` becomes the exit code (1 when it is 0).
 * The message is Go's `Error()` text, `Status: <status>, Code: <code>`.
 *
 * @go cli/error.go:31-33
 */
export class StatusError extends Error {
  readonly status: string;
  readonly statusCode: number;

  constructor(status: string, statusCode: number) {
    super(`Status: ${status}, Code: ${statusCode}`);
    this.name = 'StatusError';
    this.status = status;
    this.statusCode = statusCode;
  }
}
