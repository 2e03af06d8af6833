import { execFile } from 'node:child_process';
import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { decodeGoString, encodeGoString, hasEscapes } from '../../../go/unicode/utf8.ts';
import { errno, errnoCode, errnoError, linkError, pathError } from './errors.ts';

// Paths are Go strings: bytes that are not UTF-8 (from a tar entry name) are
// kept as escapes and go to the kernel as the original bytes.
function bytesOf(path: string): string | Buffer {
  return hasEscapes(path) ? encodeGoString(path) : path;
}

/**
 * File system calls addressed by the paths Go code sees. Docker 17.03
 * extracts a plugin rootfs in a child process chrooted into the target
 * directory, so its paths start at `/` and every symlink resolves inside
 * that directory. Node has no chroot, so {@link RootedView} reproduces the
 * kernel's path walk inside a root by hand, and {@link HostView} passes
 * paths through for code that Docker runs without a chroot.
 *
 * Every call throws Go-shaped errors (`op path: errno text`) that name the
 * path as Go saw it, never the host path behind it.
 */
export abstract class FileSystemView {
  /** Maps a Go path to the host path a syscall may use; `followFinal` is false for lstat-like calls. */
  protected abstract resolve(path: string, followFinal: boolean): Promise<string>;

  /** Reports whether a host path is the view's root, which a chroot cannot remove. */
  protected abstract isRoot(hostPath: string): boolean;

  /** Stats a path without following a final symlink (`os.Lstat`). */
  async lstat(path: string): Promise<Stats> {
    try {
      return await fs.lstat(bytesOf(await this.resolve(path, false)));
    } catch (error) {
      throw pathError('lstat', path, error);
    }
  }

  /** Stats a path, following a final symlink (`os.Stat`). */
  async stat(path: string): Promise<Stats> {
    try {
      return await fs.stat(bytesOf(await this.resolve(path, true)));
    } catch (error) {
      throw pathError('stat', path, error);
    }
  }

  /** Creates one directory (`os.Mkdir`); the process umask applies, as in Go. */
  async mkdir(path: string, mode: number): Promise<void> {
    try {
      await fs.mkdir(bytesOf(await this.resolve(path, false)), { mode });
    } catch (error) {
      throw pathError('mkdir', path, error);
    }
  }

  /**
   * Opens a file for writing, creating it when missing
   * (`os.OpenFile(path, O_CREATE|O_WRONLY, mode)`). The resolver has
   * already followed a final symlink, so O_NOFOLLOW only makes a concurrent
   * swap fail instead of being followed.
   */
  async createFile(path: string, mode: number): Promise<FileHandle> {
    const flags = constants.O_CREAT | constants.O_WRONLY | constants.O_NOFOLLOW;

    try {
      return await fs.open(bytesOf(await this.resolve(path, true)), flags, mode);
    } catch (error) {
      throw pathError('open', path, error);
    }
  }

  /** Creates a hard link (`os.Link`); like link(2), a final symlink in `oldPath` is linked, not followed. */
  async link(oldPath: string, newPath: string): Promise<void> {
    try {
      await fs.link(bytesOf(await this.resolve(oldPath, false)), bytesOf(await this.resolve(newPath, false)));
    } catch (error) {
      throw linkError('link', oldPath, newPath, error);
    }
  }

  /** Creates a symlink holding `target` verbatim (`os.Symlink`). */
  async symlink(target: string, newPath: string): Promise<void> {
    try {
      await fs.symlink(bytesOf(target), bytesOf(await this.resolve(newPath, false)));
    } catch (error) {
      throw linkError('symlink', target, newPath, error);
    }
  }

  /** Changes permission bits, following a final symlink (`os.Chmod`). */
  async chmod(path: string, mode: number): Promise<void> {
    try {
      await fs.chmod(bytesOf(await this.resolve(path, true)), mode);
    } catch (error) {
      throw pathError('chmod', path, error);
    }
  }

  /** Changes ownership, following a final symlink (`os.Chown`). */
  async chown(path: string, uid: number, gid: number): Promise<void> {
    try {
      await fs.chown(bytesOf(await this.resolve(path, true)), uid, gid);
    } catch (error) {
      throw pathError('chown', path, error);
    }
  }

  /** Changes ownership of the path itself, never a symlink's target (`os.Lchown`). */
  async lchown(path: string, uid: number, gid: number): Promise<void> {
    try {
      await fs.lchown(bytesOf(await this.resolve(path, false)), uid, gid);
    } catch (error) {
      throw pathError('lchown', path, error);
    }
  }

  /** Sets access and modification times in seconds, following a final symlink (`os.Chtimes`). */
  async utimes(path: string, atime: number, mtime: number): Promise<void> {
    try {
      await fs.utimes(bytesOf(await this.resolve(path, true)), atime, mtime);
    } catch (error) {
      throw pathError('chtimes', path, error);
    }
  }

  /** Sets the times of a symlink itself; Go's LUtimesNano returns a bare errno. */
  async lutimes(path: string, atime: number, mtime: number): Promise<void> {
    try {
      await fs.lutimes(bytesOf(await this.resolve(path, false)), atime, mtime);
    } catch (error) {
      throw errnoError(error);
    }
  }

  /**
   * Creates a fifo or device node (`syscall.Mknod`, which Go reports as a
   * bare errno). Node has no mknod binding, so this runs coreutils
   * `mknod`.
   */
  async mknod(path: string, kind: 'b' | 'c' | 'p', mode: number, major: number, minor: number): Promise<void> {
    let hostPath: string;

    try {
      hostPath = await this.resolve(path, false);
    } catch (error) {
      throw errnoError(error);
    }

    const args = ['-m', (mode & 0o7777).toString(8), hostPath, kind];

    if (kind !== 'p') {
      args.push(String(major), String(minor));
    }

    // NOTE: argv cannot carry bytes that are not UTF-8, so a fifo or device
    // whose name has them is created under the U+FFFD form of the name.
    await runMknod(args);
  }

  /**
   * Removes a file or an empty directory (`os.Remove`): unlink first, then
   * rmdir, reporting rmdir's error unless it is ENOTDIR.
   */
  async remove(path: string): Promise<void> {
    let hostPath: string;

    try {
      hostPath = await this.resolve(path, false);
    } catch (error) {
      throw pathError('remove', path, error);
    }

    let unlinkError: unknown;

    try {
      await fs.unlink(bytesOf(hostPath));
      return;
    } catch (error) {
      unlinkError = error;
    }

    try {
      // rmdir(2) of a process's root fails with EBUSY, and so it did in
      // Docker's chrooted child; the host directory would be removable.
      if (this.isRoot(hostPath)) {
        throw errno('EBUSY');
      }

      await fs.rmdir(bytesOf(hostPath));
    } catch (error) {
      throw pathError('remove', path, errnoCode(error) === 'ENOTDIR' ? unlinkError : error);
    }
  }

  /** Lists the names in a directory, following a final symlink like `os.Open` does. */
  async readdirnames(path: string): Promise<string[]> {
    try {
      return (await fs.readdir(bytesOf(await this.resolve(path, true)), { encoding: 'buffer' })).map(decodeGoString);
    } catch (error) {
      throw pathError('open', path, error);
    }
  }
}

/** Paths are host paths and the kernel resolves them, as in Docker code that runs outside a chroot. */
export class HostView extends FileSystemView {
  protected override async resolve(path: string): Promise<string> {
    return path;
  }

  protected override isRoot(hostPath: string): boolean {
    return hostPath === '/';
  }
}

/** Linux's limit on symlinks followed in one path lookup (MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

/**
 * Paths are absolute inside `root`, as in a process chrooted there. Relative
 * paths start at `/`, because Docker's child changes to the new root
 * before it extracts.
 *
 * How this gives the chroot's guarantee: {@link RootedView.resolve} walks
 * the path one component at a time from `root`. `..` drops the last
 * resolved component and never goes above `root`. Each component is
 * lstat'ed, and a symlink is replaced by its target's components, with an
 * absolute target starting over at `root`. The host path handed to a
 * syscall is therefore `root` followed only by names that were real
 * directories when checked, plus a final name that is either not followed
 * or was not a symlink. The kernel thus never meets a symlink or `..` on
 * the way, and cannot leave `root`.
 *
 * Time of check to time of use: the walk and the syscall are separate
 * steps, so a concurrent writer could swap a checked directory for a
 * symlink. Each extraction gets its own fresh temp directory and one
 * sequential writer (this process), so no other writer exists. File
 * creation also passes O_NOFOLLOW.
 */
export class RootedView extends FileSystemView {
  readonly root: string;

  constructor(root: string) {
    super();
    this.root = posix.resolve(root);
  }

  protected override isRoot(hostPath: string): boolean {
    return hostPath === this.root;
  }

  protected override async resolve(path: string, followFinal: boolean): Promise<string> {
    const pending = splitComponents(path);
    const resolved: string[] = [];
    let symlinks = 0;

    while (pending.length > 0) {
      const name = pending.shift()!;

      if (name === '..') {
        resolved.pop();
        continue;
      }

      const isFinal = pending.length === 0;
      const candidate = this.hostPathOf([...resolved, name]);

      if (isFinal && !followFinal) {
        resolved.push(name);
        break;
      }

      let stats: Stats;

      try {
        stats = await fs.lstat(bytesOf(candidate));
      } catch (error) {
        // A missing final name is fine: the call may be about to create it.
        if (isFinal && errnoCode(error) === 'ENOENT') {
          resolved.push(name);
          break;
        }

        throw error;
      }

      if (stats.isSymbolicLink()) {
        symlinks += 1;

        if (symlinks > MAX_SYMLINKS) {
          throw errno('ELOOP');
        }

        const target = decodeGoString(await fs.readlink(bytesOf(candidate), { encoding: 'buffer' }));

        if (target.startsWith('/')) {
          resolved.length = 0;
        }

        pending.unshift(...splitComponents(target));
        continue;
      }

      if (!isFinal && !stats.isDirectory()) {
        throw errno('ENOTDIR');
      }

      resolved.push(name);
    }

    return this.hostPathOf(resolved);
  }

  private hostPathOf(components: string[]): string {
    return components.length === 0 ? this.root : `${this.root}/${components.join('/')}`;
  }
}

function splitComponents(path: string): string[] {
  return path.split('/').filter((name) => name !== '' && name !== '.');
}

function runMknod(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('mknod', args, (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }

      reject(new Error(mknodErrorText(stderr), { cause: error }));
    });
  });
}

/**
 * Turns coreutils' `mknod: 'path': File exists` into Go's bare errno text
 * `file exists`.
 */
function mknodErrorText(stderr: string): string {
  const line = stderr.trim();
  const reason = line.slice(line.lastIndexOf(': ') + 2);
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}
