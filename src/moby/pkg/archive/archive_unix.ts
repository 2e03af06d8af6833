import type { Header } from '../../../go/archive/tar/common.ts';
import { TypeBlock, TypeChar, TypeLink, TypeSymlink } from '../../../go/archive/tar/common.ts';
import type { FileSystemView } from '../system/rootfs.ts';

/**
 * True when this process may create device nodes and give files away, as Docker's root daemon could.
 * NOTE: without root, DAC checks apply that root skipped, so an entry inside a directory extracted
 * without owner write permission (mode 0555) fails with EACCES where Docker succeeded.
 */
export const runningAsRoot = process.geteuid?.() === 0;

/**
 * Creates a fifo, block device or character device node for an entry,
 * with the entry's permission bits.
 *
 * Docker 17.03 skipped this only inside a user namespace, and otherwise ran
 * as root, so mknod succeeded. A port running without root cannot create
 * device nodes, so it skips block and character entries the same way
 * Docker skips them in a user namespace: the upload still succeeds, and the
 * rootfs lacks the node. Fifos need no privilege and are always created.
 *
 * @go pkg/archive/archive_unix.go:83-103
 */
export async function handleTarTypeBlockCharFifo(
  hdr: Header,
  path: string,
  view: FileSystemView,
): Promise<void> {
  const isDevice = hdr.typeflag === TypeBlock || hdr.typeflag === TypeChar;

  // NOTE: Node cannot tell whether it runs in a user namespace, so this
  // treats every non-root process like Docker treats a user namespace.
  if (isDevice && !runningAsRoot) {
    return;
  }

  const kind = hdr.typeflag === TypeBlock ? 'b' : hdr.typeflag === TypeChar ? 'c' : 'p';
  await view.mknod(path, kind, hdr.mode & 0o7777, hdr.devmajor, hdr.devminor);
}

/**
 * Applies the entry's permission bits after ownership is set (chown clears
 * setuid bits). Symlinks keep theirs because Linux has no lchmod, and a
 * hard link is skipped when its `linkname`, looked up from the current
 * directory as Go did, is a symlink or missing.
 *
 * @go pkg/archive/archive_unix.go:105-118
 */
export async function handleLChmod(hdr: Header, path: string, view: FileSystemView): Promise<void> {
  const mode = hdr.mode & 0o7777;

  if (hdr.typeflag === TypeLink) {
    // Kept to match 17.03: the check stats `linkname` itself, not the
    // linked path under the extraction directory.
    if (await isNonSymlink(view, hdr.linkname)) {
      await view.chmod(path, mode);
    }
  } else if (hdr.typeflag !== TypeSymlink) {
    await view.chmod(path, mode);
  }
}

/** Reports whether `path` exists and is not a symlink, treating any lstat error as "no". */
export async function isNonSymlink(view: FileSystemView, path: string): Promise<boolean> {
  try {
    const stats = await view.lstat(path);
    return !stats.isSymbolicLink();
  } catch {
    return false;
  }
}
