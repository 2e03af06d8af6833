import { clean, dir, join, rel as relative } from '../../../go/path/path.ts';
import { goQuote } from '../../../go/strconv/quote.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { traced } from '../../../explorer/tracing/span.ts';
import type { Header } from '../../../go/archive/tar/common.ts';
import { TarReader } from '../../../go/archive/tar/reader.ts';
import {
  TypeBlock,
  TypeChar,
  TypeDir,
  TypeFifo,
  TypeLink,
  TypeReg,
  TypeRegA,
  TypeSymlink,
  TypeXGlobalHeader,
} from '../../../go/archive/tar/common.ts';
import { errno, errnoCode, errnoError } from '../system/errors.ts';
import { chtimes, clampedSeconds, mkdirAll, removeAll } from '../system/filesys.ts';
import { HostView, type FileSystemView } from '../system/rootfs.ts';
import { handleLChmod, handleTarTypeBlockCharFifo, isNonSymlink, runningAsRoot } from './archive_unix.ts';

/** Ownership that replaces each entry's own uid and gid (`archive.TarChownOptions`). */
export interface TarChownOptions {
  uid: number;
  gid: number;
}

/** One range of a user namespace id mapping (`idtools.IDMap`). */
export interface IDMap {
  containerID: number;
  hostID: number;
  size: number;
}

/** Whiteout format: 0 is AUFS (the default), 1 is overlay. */
export const AUFSWhiteoutFormat = 0;
export const OverlayWhiteoutFormat = 1;

/** The fields of `archive.TarOptions` that extraction reads. */
export interface TarOptions {
  excludePatterns?: string[];
  noLchown?: boolean;
  uidMaps?: IDMap[];
  gidMaps?: IDMap[];
  chownOpts?: TarChownOptions;
  whiteoutFormat?: number;
  noOverwriteDirNonDir?: boolean;
  inUserNS?: boolean;
}

/**
 * An error for an entry that would land outside the extraction directory
 * (`archive.breakoutError`), so callers and tests can tell it from I/O
 * failures.
 */
export class BreakoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BreakoutError';
  }
}

/** Receives per-entry progress, for the span of the caller that owns the extraction. */
export interface UnpackObserver {
  entryExtracted(name: string): void;
  entryRejected(name: string, error: unknown): void;
}

/**
 * Where `unpack` does its file system calls. `chrootarchive.untar` passes a
 * rooted view with `dest` `/`, which is how Docker's chrooted child called
 * Unpack.
 */
export interface UnpackSandbox {
  view: FileSystemView;
  observer?: UnpackObserver;
}

/**
 * Extracts an uncompressed tar stream into `dest`: creates missing parent
 * directories, replaces existing entries (merging directory onto
 * directory), rejects names that climb out of `dest`, and sets directory
 * times once every entry is written.
 *
 * Without a sandbox the calls go to the host file system, as Docker's
 * `archive.Untar` did without a chroot, and symlinks already under `dest`
 * are followed by the kernel.
 *
 * @go pkg/archive/archive.go:728-867
 */
export async function unpack(
  decompressedArchive: Readable,
  dest: string,
  options: TarOptions,
  sandbox?: UnpackSandbox,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'unpack' }, async (span) => {
    const view = sandbox?.view ?? new HostView();
    const observer = sandbox?.observer;
    const reader = new TarReader(decompressedArchive);
    const dirs: Header[] = [];
    const [rootUID, rootGID] = getRootUIDGID(options.uidMaps, options.gidMaps);

    if (options.whiteoutFormat === OverlayWhiteoutFormat) {
      // TODO: overlay whiteouts need setxattr, which Node lacks; the plugin
      // create path never asks for them.
      throw new Error('overlay whiteout format is not supported by this port');
    }

    let extracted = 0;

    try {
      for (;;) {
        const hdr = await reader.next();

        if (hdr === undefined) {
          break;
        }

        try {
          const created = await unpackEntry(hdr, reader, dest, options, view, rootUID, rootGID);

          if (!created) {
            continue;
          }
        } catch (error) {
          observer?.entryRejected(hdr.name, error);
          throw error;
        }

        extracted += 1;
        observer?.entryExtracted(hdr.name);

        // Directory times are set at the end, because creating entries
        // inside a directory changes its mtime.
        if (hdr.typeflag === TypeDir) {
          dirs.push(hdr);
        }
      }
    } finally {
      span.setAttribute('dockhop.archive.entries_extracted', extracted);
    }

    for (const hdr of dirs) {
      await chtimes(view, join(dest, hdr.name), hdr.accessTime, hdr.modTime);
    }
  });
}

/**
 * Runs one iteration of Unpack's loop. Returns false when the entry was
 * skipped (excluded, or the `.` entry onto an existing directory).
 */
async function unpackEntry(
  hdr: Header,
  reader: TarReader,
  dest: string,
  options: TarOptions,
  view: FileSystemView,
  rootUID: number,
  rootGID: number,
): Promise<boolean> {
  // Cleaning keeps a leading "../" but turns "/../" into "/".
  hdr.name = clean(hdr.name);

  for (const exclude of options.excludePatterns ?? []) {
    if (hdr.name.startsWith(exclude)) {
      return false;
    }
  }

  if (!hdr.name.endsWith('/')) {
    const parentPath = join(dest, dir(hdr.name));

    try {
      await view.lstat(parentPath);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') {
        await mkdirAllNewAs(view, parentPath, 0o777, rootUID, rootGID);
      }
    }
  }

  const path = join(dest, hdr.name);
  const rel = relative(dest, path);

  if (rel.startsWith('../')) {
    throw new BreakoutError(`${goQuote(hdr.name)} is outside of ${goQuote(dest)}`);
  }

  // An existing path is replaced, except that a directory entry merges
  // onto an existing directory.
  const existing = await view.lstat(path).catch(() => undefined);

  if (existing !== undefined) {
    const isDir = existing.isDirectory();

    if (options.noOverwriteDirNonDir && isDir && hdr.typeflag !== TypeDir) {
      throw new Error(`cannot overwrite directory ${goQuote(path)} with non-directory ${goQuote(dest)}`);
    }

    if (options.noOverwriteDirNonDir && !isDir && hdr.typeflag === TypeDir) {
      throw new Error(`cannot overwrite non-directory ${goQuote(path)} with directory ${goQuote(dest)}`);
    }

    if (isDir && hdr.name === '.') {
      return false;
    }

    if (!(isDir && hdr.typeflag === TypeDir)) {
      await removeAll(view, path);
    }
  }

  // The remapped root keeps its ids, because they have no
  // container-to-host mapping.
  if (hdr.uid !== rootUID) {
    hdr.uid = toHost(hdr.uid, options.uidMaps);
  }

  if (hdr.gid !== rootGID) {
    hdr.gid = toHost(hdr.gid, options.gidMaps);
  }

  // Only regular files have data to copy; the reader skips the rest.
  const isRegular = hdr.typeflag === TypeReg || hdr.typeflag === TypeRegA;

  await createTarFile(
    path,
    dest,
    hdr,
    isRegular ? reader.stream() : undefined,
    !options.noLchown,
    options.chownOpts,
    options.inUserNS ?? false,
    view,
  );

  return true;
}

/**
 * Creates one entry at `path` with its ownership, extended attributes,
 * permission bits and times. Hard link and symlink targets that resolve
 * outside `extractDir` by name are rejected with a {@link BreakoutError}.
 *
 * @go pkg/archive/archive.go:401-540
 */
export async function createTarFile(
  path: string,
  extractDir: string,
  hdr: Header,
  body: Readable | undefined,
  lchown: boolean,
  chownOpts: TarChownOptions | undefined,
  inUserns: boolean,
  view: FileSystemView = new HostView(),
): Promise<void> {
  const mode = hdr.mode & 0o7777;

  switch (hdr.typeflag) {
    case TypeDir: {
      const stats = await view.lstat(path).catch(() => undefined);

      if (!stats?.isDirectory()) {
        await view.mkdir(path, mode);
      }

      break;
    }

    case TypeReg:
    case TypeRegA: {
      const file = await view.createFile(path, mode);

      // The write stream closes the file when it finishes or fails.
      await pipeline(body ?? emptyBody(), file.createWriteStream());

      break;
    }

    case TypeBlock:
    case TypeChar:
      if (inUserns) {
        return;
      }

      await handleTarTypeBlockCharFifo(hdr, path, view);
      break;

    case TypeFifo:
      await handleTarTypeBlockCharFifo(hdr, path, view);
      break;

    case TypeLink: {
      // A name check only: under a chroot extractDir is "/" and every
      // target passes, and the rooted view confines the link instead.
      const targetPath = join(extractDir, hdr.linkname);

      if (!targetPath.startsWith(extractDir)) {
        throw new BreakoutError(`invalid hardlink ${goQuote(targetPath)} -> ${goQuote(hdr.linkname)}`);
      }

      await view.link(targetPath, path);
      break;
    }

    case TypeSymlink: {
      // A symlink already in the path would have been rejected here when
      // it was created, so checking the joined name is enough outside a
      // chroot. Under a chroot the check always passes.
      const targetPath = join(dir(path), hdr.linkname);

      if (!targetPath.startsWith(extractDir)) {
        throw new BreakoutError(`invalid symlink ${goQuote(path)} -> ${goQuote(hdr.linkname)}`);
      }

      await view.symlink(hdr.linkname, path);
      break;
    }

    case TypeXGlobalHeader:
      // Docker logs "PAX Global Extended Headers found and ignored" at debug level.
      return;

    default:
      // Kept to match 17.03: the message ends with a newline.
      throw new Error(`Unhandled tar header type ${hdr.typeflag}\n`);
  }

  if (lchown) {
    const owner = chownOpts ?? { uid: hdr.uid, gid: hdr.gid };

    try {
      await view.lchown(path, owner.uid, owner.gid);
    } catch (error) {
      // Docker's daemon ran as root, where lchown succeeds. Without root
      // the files stay owned by this process, and extraction goes on.
      if (runningAsRoot || errnoCode(error) !== 'EPERM') {
        throw error;
      }
    }
  }

  // NOTE: Node has no lsetxattr, so xattrs are not written. The one
  // outcome of Docker's Lsetxattr loop that changes the result is rebuilt:
  // Linux allows user.* attributes only on regular files and directories,
  // so on a symlink, device or fifo the call fails with EPERM and Unpack
  // stops. Other failures (ENOTSUP) Docker only collects and logs.
  if (Object.keys(hdr.xattrs ?? {}).some((key) => key.startsWith('user.'))) {
    // A hard link's type is that of the file it names, so ask the disk.
    const created = await view.lstat(path);

    if (!created.isFile() && !created.isDirectory()) {
      throw errnoError(errno('EPERM'));
    }
  }

  await handleLChmod(hdr, path, view);

  // Access time is never earlier than the modification time.
  let aTime = hdr.accessTime;

  if (isBefore(aTime, hdr.modTime)) {
    aTime = hdr.modTime;
  }

  if (hdr.typeflag === TypeLink) {
    if (await isNonSymlink(view, hdr.linkname)) {
      await chtimes(view, path, aTime, hdr.modTime);
    }
  } else if (hdr.typeflag !== TypeSymlink) {
    await chtimes(view, path, aTime, hdr.modTime);
  } else if (aTime !== undefined && hdr.modTime !== undefined) {
    // A zero time is UTIME_OMIT in Go, which leaves that time unchanged;
    // lutimes cannot omit one, so both are left alone then.
    await view.lutimes(path, clampedSeconds(aTime), clampedSeconds(hdr.modTime));
  }
}

/**
 * Creates `path` and missing parents, then chowns the ones it created (and
 * `path` itself) to the remapped root.
 *
 * @go pkg/idtools/idtools_unix.go:23-71
 */
export async function mkdirAllNewAs(
  view: FileSystemView,
  path: string,
  mode: number,
  ownerUID: number,
  ownerGID: number,
): Promise<void> {
  const paths: string[] = [];
  let statCode: string | undefined;

  try {
    await view.stat(path);
    return;
  } catch (error) {
    statCode = errnoCode(error);
  }

  if (statCode === 'ENOENT') {
    paths.push(path);
  }

  // Parents are collected up to "/", as Go does; a relative path would
  // never reach it, so stop at "." too.
  for (let parent = dir(path); parent !== '/' && parent !== '.'; parent = dir(parent)) {
    try {
      await view.stat(parent);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') {
        paths.push(parent);
      }
    }
  }

  try {
    await mkdirAll(view, path, mode);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') {
      throw error;
    }
  }

  for (const component of paths) {
    try {
      await view.chown(component, ownerUID, ownerGID);
    } catch (error) {
      if (runningAsRoot || errnoCode(error) !== 'EPERM') {
        throw error;
      }
    }
  }
}

/**
 * Returns the host uid and gid that container root maps to, 0 and 0
 * without maps.
 *
 * @go pkg/idtools/idtools.go:59-77
 */
export function getRootUIDGID(uidMaps: IDMap[] | undefined, gidMaps: IDMap[] | undefined): [number, number] {
  const uid = uidMaps === undefined ? 0 : toHost(0, uidMaps);
  const gid = gidMaps === undefined ? 0 : toHost(0, gidMaps);
  return [uid, gid];
}

/**
 * Maps a container id to its host id, unchanged without maps.
 *
 * @go pkg/idtools/idtools.go:98-109
 */
function toHost(containerID: number, idMap: IDMap[] | undefined): number {
  if (idMap === undefined) {
    return containerID;
  }

  for (const m of idMap) {
    if (containerID >= m.containerID && containerID <= m.containerID + m.size - 1) {
      return m.hostID + (containerID - m.containerID);
    }
  }

  throw new Error(`Container ID ${containerID} cannot be mapped to a host ID`);
}

/** Compares two Go times where undefined is the zero time. */
function isBefore(a: Date | undefined, b: Date | undefined): boolean {
  if (b === undefined) {
    return false;
  }

  return a === undefined || a.getTime() < b.getTime();
}

function emptyBody(): Readable {
  return Readable.from([]);
}
