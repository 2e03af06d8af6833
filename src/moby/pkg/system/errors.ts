/**
 * Go-shaped file system errors. Docker's error texts come from Go's
 * `*os.PathError` (`op path: errno text`) and `*os.LinkError`
 * (`op old new: errno text`), with the errno texts of Go's Linux syscall
 * table. Node's own messages differ, so the port rebuilds Go's.
 */
import { errnoCode, errnoString } from '../../../go/syscall/errno.ts';

/** An error from a file system call, carrying the errno code Go would test with `os.IsNotExist` and friends. */
export class SyscallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyscallError';
  }
}

export { errnoCode };

/** Returns Go's `syscall.Errno.Error()` text for an errno code, as `errno N` when unknown. */
export function errnoText(code: string, errno?: number): string {
  const text = errnoString(code);

  if (text !== undefined) {
    return text;
  }

  return errno === undefined ? code : `errno ${Math.abs(errno)}`;
}

/** Builds Go's `*os.PathError` text `op path: errno text` from a failed call. */
export function pathError(op: string, path: string, cause: unknown): SyscallError {
  const code = codeOf(cause);
  return new SyscallError(`${op} ${path}: ${errnoText(code, errnoOf(cause))}`, code, { cause });
}

/** Builds Go's `*os.LinkError` text `op old new: errno text` from a failed link or symlink call. */
export function linkError(op: string, oldPath: string, newPath: string, cause: unknown): SyscallError {
  const code = codeOf(cause);
  const text = errnoText(code, errnoOf(cause));
  return new SyscallError(`${op} ${oldPath} ${newPath}: ${text}`, code, { cause });
}

/** Builds a bare `syscall.Errno` error, which Go prints without op or path. */
export function errnoError(cause: unknown): SyscallError {
  const code = codeOf(cause);
  return new SyscallError(errnoText(code, errnoOf(cause)), code, { cause });
}

/** Returns an error with just an errno code, for the rooted resolver to raise as a syscall would. */
export function errno(code: string): Error & { code: string } {
  return Object.assign(new Error(code), { code });
}

function codeOf(cause: unknown): string {
  const code = errnoCode(cause);

  if (code === undefined) {
    throw cause;
  }

  return code;
}

function errnoOf(cause: unknown): number | undefined {
  if (typeof cause === 'object' && cause !== null && 'errno' in cause) {
    const value = (cause as { errno: unknown }).errno;
    return typeof value === 'number' ? value : undefined;
  }

  return undefined;
}
