import { errnoCode, pathError } from './errors.ts';
import type { FileSystemView } from './rootfs.ts';

/**
 * Go `os` and `pkg/system` helpers that combine several calls, ported over
 * a {@link FileSystemView} so that they run in a rooted view as they ran in
 * Docker's chroot.
 */

/**
 * Creates a directory and any missing parents, like Go 1.7's `os.MkdirAll`
 * (which `pkg/system.MkdirAll` calls on Linux): an existing directory is
 * success, an existing non-directory is `mkdir path: not a directory`.
 *
 * @go pkg/system/filesys.go:18-20
 */
export async function mkdirAll(view: FileSystemView, path: string, mode: number): Promise<void> {
  let existing;

  try {
    existing = await view.stat(path);
  } catch {
    existing = undefined;
  }

  if (existing !== undefined) {
    if (existing.isDirectory()) {
      return;
    }

    throw pathError('mkdir', path, { code: 'ENOTDIR' });
  }

  let end = path.length;

  while (end > 0 && path[end - 1] === '/') {
    end -= 1;
  }

  let start = end;

  while (start > 0 && path[start - 1] !== '/') {
    start -= 1;
  }

  if (start > 1) {
    await mkdirAll(view, path.slice(0, start - 1), mode);
  }

  try {
    await view.mkdir(path, mode);
  } catch (error) {
    // "foo/." and similar names fail with EEXIST although the directory exists.
    const stats = await view.lstat(path).catch(() => undefined);

    if (stats?.isDirectory()) {
      return;
    }

    throw error;
  }
}

/**
 * Removes a path and everything under it, like Go 1.7's `os.RemoveAll`:
 * a missing path is success, and the first error met is returned after
 * removing what can be removed.
 */
export async function removeAll(view: FileSystemView, path: string): Promise<void> {
  let removeError: unknown;

  try {
    await view.remove(path);
    return;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      return;
    }

    removeError = error;
  }

  let stats;

  try {
    stats = await view.lstat(path);
  } catch (error) {
    const code = errnoCode(error);

    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return;
    }

    throw error;
  }

  if (!stats.isDirectory()) {
    throw removeError;
  }

  let firstError: unknown;
  let names: string[];

  try {
    names = await view.readdirnames(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      return;
    }

    throw error;
  }

  for (const name of names) {
    try {
      await removeAll(view, `${path}/${name}`);
    } catch (error) {
      firstError ??= error;
    }
  }

  try {
    await view.remove(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') {
      firstError ??= error;
    }
  }

  if (firstError !== undefined) {
    throw firstError;
  }
}

/** Nanoseconds in Go's largest 64-bit `time.Unix(0, 1<<63-1)`. */
const MAX_UNIX_NANOS = 2n ** 63n - 1n;

/**
 * Sets access and modification times, replacing a time before the Unix
 * epoch or after Go's 64-bit limit (year 2262) with the epoch; an
 * undefined time is Go's zero time, which becomes the epoch too.
 *
 * @go pkg/system/chtimes.go:27-52
 */
export async function chtimes(
  view: FileSystemView,
  path: string,
  atime: Date | undefined,
  mtime: Date | undefined,
): Promise<void> {
  await view.utimes(path, clampedSeconds(atime), clampedSeconds(mtime));
}

/** Returns seconds since the epoch for utimes, with system.Chtimes's clamping. */
export function clampedSeconds(time: Date | undefined): number {
  if (time === undefined) {
    return 0;
  }

  const millis = time.getTime();

  if (millis < 0 || BigInt(millis) * 1_000_000n > MAX_UNIX_NANOS) {
    return 0;
  }

  return millis / 1000;
}
