import { clean } from '../../../go/path/path.ts';
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Span } from '@opentelemetry/api';
import { traced } from '../../../explorer/tracing/span.ts';
import { messageOf } from '../../../go/errors.ts';
import { decompressStream } from '../archive/archive.ts';
import {
  getRootUIDGID,
  mkdirAllNewAs,
  unpack,
  type TarOptions,
  type UnpackObserver,
} from '../archive/unpack.ts';
import { errnoCode } from '../system/errors.ts';
import { HostView, RootedView } from '../system/rootfs.ts';

/**
 * Extracts a tar stream, compressed or not, into `dest` so that no entry
 * can land outside it, as Docker's `chrootarchive.Untar` does by running
 * the extraction in a child chrooted into `dest`.
 *
 * @go pkg/chrootarchive/archive.go:20-22
 */
export async function untar(
  archive: Readable | undefined,
  dest: string,
  options?: TarOptions,
): Promise<void> {
  return traced({ module: import.meta.url, function: 'untar', layer: 'archive' }, async (span) => {
    return untarHandler(archive, dest, options, true, span);
  });
}

/**
 * Creates `dest` when missing, decompresses the stream when asked, then
 * extracts it confined to `dest`.
 *
 * @go pkg/chrootarchive/archive.go:32-67
 */
async function untarHandler(
  archive: Readable | undefined,
  dest: string,
  options: TarOptions | undefined,
  decompress: boolean,
  span: Span,
): Promise<void> {
  if (archive === undefined) {
    throw new Error('Empty archive');
  }

  const opts: TarOptions = { ...options, excludePatterns: options?.excludePatterns ?? [] };
  const [rootUID, rootGID] = getRootUIDGID(opts.uidMaps, opts.gidMaps);
  const cleanDest = clean(dest);
  const host = new HostView();

  try {
    await host.stat(cleanDest);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      await mkdirAllNewAs(host, cleanDest, 0o755, rootUID, rootGID);
    }
  }

  const stream = decompress ? await decompressStream(archive) : archive;
  return invokeUnpack(stream, cleanDest, opts, span);
}

/**
 * Runs Unpack confined to `dest` and reports its failure the way Docker
 * reported its `docker-untar` child's.
 *
 * Docker re-executes itself, chroots into `dest` and calls Unpack with
 * `dest` `/`. This port has no re-exec and no chroot, so it calls the same
 * Unpack in-process with `/` as `dest` and a {@link RootedView} that
 * resolves every path inside `dest` (see RootedView for the guarantee). The
 * child printed the error and exited with status 1, and the parent wrapped
 * its output, which this port rebuilds as the same text.
 *
 * @go pkg/chrootarchive/archive_unix.go:48-86
 */
async function invokeUnpack(
  decompressedArchive: Readable,
  dest: string,
  options: TarOptions,
  span: Span,
): Promise<void> {
  let extracted = 0;

  const observer: UnpackObserver = {
    entryExtracted() {
      extracted += 1;
    },
    entryRejected(name, error) {
      span.addEvent('dockhop.archive.entry_rejected', {
        'dockhop.archive.entry': name,
        'dockhop.archive.reason': messageOf(error),
      });
    },
  };

  // The child read its stdin through a pipe. A PassThrough plays that
  // pipe, so the rest of the input can be drained after Unpack stops.
  const stdin = new PassThrough();
  decompressedArchive.pipe(stdin);

  try {
    await unpack(stdin, '/', options, { view: new RootedView(dest), observer });
  } catch (error) {
    // NOTE: the child also printed logrus warnings (ignored xattrs) into
    // the same output, ahead of the error; this port has none to print.
    throw new Error(`Error processing tar file(exit status 1): ${messageOf(error)}`, {
      cause: error,
    });
  } finally {
    span.setAttribute('dockhop.archive.entries_extracted', extracted);

    // The child read stdin to the end after success (tar padding) and the
    // parent drained it after failure, so the writer never blocks.
    decompressedArchive.unpipe(stdin);
    stdin.destroy();
    await drain(decompressedArchive);
  }
}

async function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) {
    return;
  }

  stream.resume();
  await finished(stream).catch(() => undefined);
}
