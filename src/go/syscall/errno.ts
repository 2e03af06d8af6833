/**
 * Go's `syscall.Errno.Error()` strings on Linux, keyed by Node's errno code
 * (from Go's `src/syscall/zerrors_linux_amd64.go`). Docker's messages carry
 * these texts, where Node's own messages differ.
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
  ETXTBSY: 'text file busy',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMLINK: 'too many links',
  EPIPE: 'broken pipe',
  ENAMETOOLONG: 'file name too long',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many levels of symbolic links',
  ENODATA: 'no data available',
  ENOTSUP: 'operation not supported',
  EOPNOTSUPP: 'operation not supported',
  EDQUOT: 'disk quota exceeded',
  ENOTSOCK: 'socket operation on non-socket',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'connection timed out',
};

/** Returns Go's text for an errno code, or undefined when the table lacks it. */
export function errnoString(code: string | undefined): string | undefined {
  return code === undefined ? undefined : ERRNO_TEXTS[code];
}

/** Returns the errno code (`ENOENT`, …) of a Node or port error, or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }

  return undefined;
}
