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
 * resolves every path inside `dest` (see RootedView for the guarantee).
 *
 * The error texts follow from how Go's exec.Cmd fed and waited for the
 * child, which this function replays step by step:
 * - A goroutine copied the archive into the child's stdin pipe. When the
 *   archive failed, the copy stopped and closed the pipe, so the child read
 *   a clean end of input, not the error.
 * - The child printed Unpack's error and exited with status 1, or after
 *   success read stdin to its end and exited with 0.
 * - Wait preferred a non-zero exit status to the copy's error, and the
 *   parent wrapped either with the child's output:
 *   `Error processing tar file(exit status 1): <Unpack error>`, or
 *   `Error processing tar file(<copy error>): ` when the child succeeded.
 *
 * @go pkg/chrootarchive/archive_unix.go:20-86
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

  const stdin = new PassThrough();
  const copy = copyIntoStdin(decompressedArchive, stdin);
  let unpackError: unknown;

  try {
    await unpack(stdin, '/', options, { view: new RootedView(dest), observer });
    // The child consumed stdin to its end (tar padding) before exiting.
    await drain(stdin);
  } catch (error) {
    unpackError = error;
  } finally {
    span.setAttribute('dockhop.archive.entries_extracted', extracted);
  }

  if (unpackError !== undefined) {
    // The child's exit closed the pipe, and the parent drained the rest of
    // the archive so that its writer never blocks.
    stdin.destroy();
    copy.stop();
    await drain(decompressedArchive);

    // NOTE: the child also printed logrus warnings (ignored xattrs) into
    // the same output, ahead of the error; this port has none to print.
    throw new Error(`Error processing tar file(exit status 1): ${messageOf(unpackError)}`, {
      cause: unpackError,
    });
  }

  const copyError = await copy.done;

  if (copyError !== undefined) {
    throw new Error(`Error processing tar file(${messageOf(copyError)}): `, { cause: copyError });
  }
}

/**
 * Copies the archive into the child's stdin as exec.Cmd's goroutine did:
 * with backpressure, ending stdin at the archive's end and also when
 * reading the archive fails. `done` resolves to that read error, if any.
 */
function copyIntoStdin(archive: Readable, stdin: PassThrough): { done: Promise<unknown>; stop(): void } {
  let stopped = false;

  const done = new Promise<unknown>((resolve) => {
    const onData = (chunk: Buffer): void => {
      if (stopped) {
        return;
      }

      if (!stdin.write(chunk)) {
        archive.pause();
        stdin.once('drain', () => archive.resume());
      }
    };

    const finish = (error: unknown): void => {
      archive.off('data', onData);
      if (!stopped) {
        stdin.end();
      }
      resolve(error);
    };

    archive.on('data', onData);
    archive.once('end', () => finish(undefined));
    archive.once('error', (error) => finish(error));
  });

  return {
    done,
    stop() {
      stopped = true;
    },
  };
}

// Reads a stream to its end and drops the bytes. It reads in paused mode,
// because an async iterator (the tar reader's) may still hold a 'readable'
// listener, and then resume() would not start the flow.
async function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) {
    return;
  }

  const readAll = (): void => {
    while (stream.read() !== null) {
      // Dropped.
    }
  };

  stream.on('readable', readAll);
  readAll();

  try {
    await finished(stream, { writable: false });
  } catch {
    // A failing stream counts as drained; its error is reported elsewhere.
  } finally {
    stream.off('readable', readAll);
  }
}
