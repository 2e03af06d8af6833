/**
 * Error wrapping with the message shape of github.com/pkg/errors, which
 * Docker 17.03 vendors: `Wrap(err, "context")` reads `context: cause`.
 * The original error stays reachable through the ES2022 `cause` option.
 */

/** Wraps `cause` under a lowercase context message, as errors.Wrap does. */
export function wrap(cause: unknown, message: string): Error {
  return new Error(`${message}: ${messageOf(cause)}`, { cause });
}

/** Returns the text Go's `err.Error()` would give for a thrown value. */
export function messageOf(value: unknown): string {
  if (value instanceof Error) {
    return value.message;
  }

  return String(value);
}
