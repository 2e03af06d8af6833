/**
 * The error the client returns when it cannot reach the daemon at all.
 *
 * @go client/errors.go:16-21
 */
export class ErrConnectionFailed extends Error {
  constructor(readonly host: string) {
    super(
      host === ''
        ? 'Cannot connect to the Docker daemon. Is the docker daemon running on this host?'
        : `Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`,
    );
    this.name = 'ErrConnectionFailed';
  }
}

/**
 * Returns the connection-failed error for `host`.
 *
 * @go client/errors.go:30-32
 */
export function errorConnectionFailed(host: string): ErrConnectionFailed {
  return new ErrConnectionFailed(host);
}
