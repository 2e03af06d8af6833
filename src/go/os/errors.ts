/**
 * Go's `*os.PathError` and the `syscall.Errno` texts it carries, so that
 * file-system failures read as Docker's Go binaries print them, for
 * example `lstat /tmp/x: no such file or directory`.
 */
import { errnoCode, errnoString } from '../syscall/errno.ts';

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

  const text = errnoString(code);

  if (text !== undefined) {
    return text;
  }

  // NOTE: an errno missing from the table keeps Node's wording, which may
  // differ from Go's.
  return cause instanceof Error ? cause.message : String(cause);
}

/** Reports whether an error means the path does not exist, like `os.IsNotExist`. */
export function isNotExist(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT' || (error instanceof PathError && error.code === 'ENOENT');
}
