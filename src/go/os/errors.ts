/**
 * Go's `*os.PathError` and the `syscall.Errno` texts it carries, so that
 * file-system failures read as Docker's Go binaries print them, for
 * example `lstat /tmp/x: no such file or directory`.
 */

/**
 * Go's `syscall.Errno.Error()` strings on Linux, keyed by Node's errno code,
 * as listed in Go's `src/syscall/zerrors_linux_amd64.go`.
 */
const ERRNO_TEXTS: Readonly<Record<string, string>> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'input/output error',
  EBADF: 'bad file descriptor',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'cannot allocate memory',
  EACCES: 'permission denied',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  EXDEV: 'invalid cross-device link',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  ENFILE: 'too many open files in system',
  EMFILE: 'too many open files',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMLINK: 'too many links',
  EPIPE: 'broken pipe',
  ENAMETOOLONG: 'file name too long',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many levels of symbolic links',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'connection timed out',
};

/** Go's `*os.PathError`: the failed operation, the path and the cause. */
export class PathError extends Error {
  readonly op: string;
  readonly path: string;
  /** Node's errno code (`ENOENT`), or undefined when the cause had none. */
  readonly code: string | undefined;

  constructor(op: string, path: string, cause: unknown) {
    const code = errnoCode(cause);
    super(`${op} ${path}: ${errnoText(cause)}`, { cause });
    this.name = 'PathError';
    this.op = op;
    this.path = path;
    this.code = code;
  }
}

/**
 * Returns Go's text for a Node system error: the `syscall.Errno` string for
 * a known code, else Node's own message.
 */
export function errnoText(cause: unknown): string {
  const code = errnoCode(cause);

  if (code !== undefined && ERRNO_TEXTS[code] !== undefined) {
    return ERRNO_TEXTS[code];
  }

  // NOTE: an errno missing from the table keeps Node's wording, which may
  // differ from Go's.
  return cause instanceof Error ? cause.message : String(cause);
}

/** Reports whether an error means the path does not exist, like `os.IsNotExist`. */
export function isNotExist(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT' || (error instanceof PathError && error.code === 'ENOENT');
}

function errnoCode(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const code = (cause as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }

  return undefined;
}
