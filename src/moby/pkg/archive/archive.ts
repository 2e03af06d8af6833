/**
 * The tar-writing half of Docker 17.03's `pkg/archive`: `tarWithOptions`
 * (a directory as a tar stream), the compression helpers, and the stream
 * sniffing the extraction side uses. Headers go through the port of Go's
 * `archive/tar` writer so the bytes match what the daemon wrote.
 */

import { PathError } from '../../../go/os/errors.ts';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { spawn } from 'node:child_process';
import { posix } from 'node:path';
import { Readable, Writable, pipeline } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Span } from '@opentelemetry/api';
import {
  ErrClosedPipe,
  TypeLink,
  TypeReg,
  fileInfoHeader,
  type Header,
} from '../../../go/archive/tar/common.ts';
import { TarWriter } from '../../../go/archive/tar/writer.ts';
import { closeWithError } from '../../../go/io/pipe.ts';
import { endSpan, recordError, startSpan, withActiveSpan } from '../../../explorer/tracing/span.ts';

/** Compression of an archive stream, with the values of Go's `Compression` iota. */
export const Compression = {
  Uncompressed: 0,
  Bzip2: 1,
  Gzip: 2,
  Xz: 3,
} as const;

export type Compression = (typeof Compression)[keyof typeof Compression];

/** Options of `tarWithOptions`; the fields `TarWithOptions` reads in 17.03. */
export interface TarOptions {
  includeFiles?: string[];
  /** NOTE: only an empty list is supported; pattern matching is not ported. */
  excludePatterns?: string[];
  compression?: Compression;
  includeSourceDir?: boolean;
  /** Replaces an include's leading name with another in the entry names. */
  rebaseNames?: Record<string, string>;
  /**
   * Logger for walk problems. Go logs them through the package-level logrus
   * logger, which the docker CLI points at its stderr. The port takes the
   * caller's logger instead of a global one.
   */
  logger?: ArchiveLogger;
}

/** The logrus levels TarWithOptions logs at. */
export interface ArchiveLogger {
  error(message: string): void;
  warn(message: string): void;
}

const gzipMagic = [0x1f, 0x8b, 0x08];
const bzip2Magic = [0x42, 0x5a, 0x68];
const xzMagic = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

/** The number of leading bytes `decompressStream` inspects, as Go's Peek(10). */
const peekSize = 10;

/**
 * Returns the file extension Docker uses for a compression.
 *
 * @go pkg/archive/archive.go:229-241
 */
export function compressionExtension(compression: Compression): string {
  switch (compression) {
    case Compression.Uncompressed:
      return 'tar';
    case Compression.Bzip2:
      return 'tar.bz2';
    case Compression.Gzip:
      return 'tar.gz';
    case Compression.Xz:
      return 'tar.xz';
    default:
      return '';
  }
}

/**
 * Detects bzip2, gzip or xz from the magic bytes at the start of a stream,
 * and Uncompressed for anything else (including too few bytes).
 *
 * @go pkg/archive/archive.go:138-153
 */
export function detectCompression(header: Uint8Array): Compression {
  const candidates: [Compression, number[]][] = [
    [Compression.Bzip2, bzip2Magic],
    [Compression.Gzip, gzipMagic],
    [Compression.Xz, xzMagic],
  ];

  for (const [compression, magic] of candidates) {
    if (header.length >= magic.length && magic.every((byte, i) => header[i] === byte)) {
      return compression;
    }
  }

  return Compression.Uncompressed;
}

/** Returns the error text Go's Compress/DecompressStream give for an unsupported format. */
function unsupportedCompression(compression: Compression): Error {
  return new Error(`Unsupported compression format ${compressionExtension(compression)}`);
}

/**
 * Returns `archive` decompressed according to its first bytes: as is,
 * gunzipped, or through `xz -d -c -q` as Go does. An empty input is an
 * empty uncompressed archive.
 * NOTE: bzip2 input is rejected because Node has no bzip2 decoder, while
 * Go 1.7 decompresses it in-process.
 * NOTE: a corrupt gzip header fails when the stream is read, not here as
 * Go's gzip.NewReader does.
 *
 * @go pkg/archive/archive.go:162-205
 */
export async function decompressStream(archive: Readable): Promise<Readable> {
  const iterator: AsyncIterator<unknown> = archive[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;

  while (headLength < peekSize && !done) {
    const result = await iterator.next();

    if (result.done === true) {
      done = true;
    } else {
      const chunk = toBuffer(result.value);
      head.push(chunk);
      headLength += chunk.length;
    }
  }

  const buffered = Buffer.concat(head);
  let headPending = buffered.length > 0;

  // The peeked bytes, then the rest of the input. A read error reaches the
  // reader after every byte read before it, as through Go's bufio.Reader.
  const whole = new Readable({
    read() {
      if (headPending) {
        headPending = false;
        this.push(buffered);
        return;
      }

      if (done) {
        this.push(null);
        return;
      }

      iterator.next().then(
        (result) => {
          if (result.done === true) {
            done = true;
            this.push(null);
          } else {
            this.push(toBuffer(result.value));
          }
        },
        (error: unknown) => closeWithError(this, error instanceof Error ? error : new Error(String(error))),
      );
    },
  });

  const compression = detectCompression(buffered.subarray(0, peekSize));

  switch (compression) {
    case Compression.Uncompressed:
      return whole;
    case Compression.Gzip:
      // pipeline() passes a read error of the input on to the gunzip stream.
      return pipeline(whole, createGunzip(), () => undefined);
    case Compression.Xz:
      return xzDecompress(whole);
    default:
      throw unsupportedCompression(compression);
  }
}

/**
 * Pipes `input` through the `xz` command, as Go's cmdStream does; a failing
 * command surfaces as an error on the returned stream.
 *
 * @go pkg/archive/archive.go:155-159
 */
function xzDecompress(input: Readable): Readable {
  const child = spawn('xz', ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];

  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined);

  const output = child.stdout;

  child.on('error', (error) => output.destroy(error));
  child.on('close', (code) => {
    if (code !== 0) {
      // Go's cmdStream reports the exit status and the command's stderr.
      output.destroy(new Error(`exit status ${code}: ${Buffer.concat(stderr).toString()}`));
    }
  });

  return output;
}

/**
 * Returns a Writable that compresses what is written to it into `dest`.
 * Ending it flushes everything into `dest` but leaves `dest` open, as Go's
 * wrapper closes only the compressor. Gzip output keeps the header bytes of
 * Go's gzip writer (no name, mtime 0, OS 255).
 * NOTE: the deflate data is zlib's, not Go's compress/flate, so a gzipped
 * archive is deterministic but not byte-identical to Docker's.
 *
 * @go pkg/archive/archive.go:208-226
 */
export function compressStream(dest: Writable, compression: Compression): Writable {
  if (compression !== Compression.Uncompressed && compression !== Compression.Gzip) {
    throw unsupportedCompression(compression);
  }

  const span = startSpan({
    module: import.meta.url,
    function: 'compressStream',
    layer: 'archive',
    attributes: { 'dockhop.archive.compression': compressionExtension(compression) },
  });

  const writable =
    compression === Compression.Gzip ? gzipWritable(dest) : forwardingWritable(dest);

  finished(writable).then(
    () => endSpan(span),
    (error: unknown) => endSpan(span, error),
  );

  return writable;
}

/** A Writable that passes chunks to `dest`, honouring its back-pressure. */
function forwardingWritable(dest: Writable): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeWithBackPressure(dest, chunk).then(() => callback(), callback);
    },
  });
}

/** A Writable that gzips into `dest` and finishes once all output reached it. */
function gzipWritable(dest: Writable): Writable {
  const gzip = createGzip();
  let offset = 0;

  const delivered = (async () => {
    for await (const chunk of gzip) {
      const bytes = Buffer.from(chunk as Buffer);

      // zlib writes OS 3 (Unix) at byte 9 where Go writes 255 (unknown).
      if (offset <= 9 && offset + bytes.length > 9) {
        bytes[9 - offset] = 0xff;
      }

      offset += bytes.length;
      await writeWithBackPressure(dest, bytes);
    }
  })();

  // Rejections are handled in final(); this keeps an early one from being unhandled.
  delivered.catch(() => undefined);

  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (gzip.write(chunk)) {
        callback();
      } else {
        gzip.once('drain', () => callback());
      }
    },
    final(callback) {
      gzip.end();
      delivered.then(() => callback(), callback);
    },
    destroy(error, callback) {
      gzip.destroy();
      callback(error);
    },
  });
}

/** Writes `chunk` to `dest` and waits for 'drain' when it reports full. */
async function writeWithBackPressure(dest: Writable, chunk: Buffer): Promise<void> {
  if (dest.destroyed || dest.writableEnded) {
    throw ErrClosedPipe;
  }

  if (dest.write(chunk)) {
    return;
  }

  await new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      dest.off('drain', onDrain);
      dest.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(ErrClosedPipe);
    };

    dest.on('drain', onDrain);
    dest.on('close', onClose);
  });
}

function toBuffer(value: unknown): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value as string | Uint8Array);
}

/**
 * Returns a relative path in the slash-separated form tar names use. On
 * Unix the path already is, so it is returned unchanged.
 *
 * @go pkg/archive/archive_unix.go:33-35
 */
export function canonicalTarNameForPath(p: string): string {
  return p;
}

/**
 * Returns the tar name for a relative path, with a slash after a directory.
 *
 * @go pkg/archive/archive.go:266-277
 */
export function canonicalTarName(name: string, isDir: boolean): string {
  let canonical = canonicalTarNameForPath(name);

  if (isDir && !canonical.endsWith('/')) {
    canonical += '/';
  }

  return canonical;
}

/** Returns the Unix time `SOURCE_DATE_EPOCH` sets, in milliseconds, or undefined. */
function sourceDateEpochMs(): number | undefined {
  const value = process.env.SOURCE_DATE_EPOCH;

  if (value === undefined || !/^[0-9]+$/.test(value)) {
    return undefined;
  }

  return Number(value) * 1000;
}

/** Writes files into a tar stream, turning repeated inodes into hard links. */
export class TarAppender {
  /** Tar name of the first entry written for each hard-linked inode. */
  private readonly seenFiles = new Map<bigint, string>();
  entries = 0;

  constructor(readonly tarWriter: TarWriter) {}

  /**
   * Adds the file at `path` under the tar name `name`: its header from
   * lstat, a hard link if its inode was already written, then its content.
   * NOTE: the `security.capability` xattr Docker copies is not read,
   * because Node has no lgetxattr; UID/GID maps and whiteout conversion
   * are left out because the default TarOptions do not use them.
   *
   * @go pkg/archive/archive.go:280-399
   */
  async addTarFile(path: string, name: string): Promise<void> {
    const stat = await lstat(path);
    const { ino } = await lstat(path, { bigint: true });
    const link = stat.isSymbolicLink() ? await readlink(path) : '';

    const hdr: Header = fileInfoHeader(posix.basename(path), stat, link);
    hdr.name = canonicalTarName(name, stat.isDirectory());

    // Docker 17.03 neither clamps times nor resets owners. dockhop does both
    // when SOURCE_DATE_EPOCH is set, so that a trace does not depend on who
    // checked the examples out, or when.
    const epochMs = sourceDateEpochMs();

    if (epochMs !== undefined) {
      if (hdr.modTime !== undefined && hdr.modTime.getTime() > epochMs) {
        hdr.modTime = new Date(epochMs);
      }

      hdr.uid = 0;
      hdr.gid = 0;
    }

    addDeviceNumbers(hdr, stat);

    // A second name of an inode becomes a link to the first name written.
    if (!stat.isDirectory() && stat.nlink > 1) {
      const oldPath = this.seenFiles.get(ino);

      if (oldPath !== undefined) {
        hdr.typeflag = TypeLink;
        hdr.linkname = oldPath;
        hdr.size = 0;
      } else {
        this.seenFiles.set(ino, hdr.name);
      }
    }

    await this.tarWriter.writeHeader(hdr);
    this.entries++;

    if (hdr.typeflag === TypeReg && hdr.size > 0) {
      const file = await open(path, 'r').catch((error: unknown) => {
        throw new PathError('open', path, error);
      });

      try {
        for await (const chunk of file.createReadStream({ autoClose: false })) {
          await this.tarWriter.write(chunk as Buffer);
        }
      } finally {
        await file.close();
      }
    }
  }
}

/**
 * Sets Devmajor and Devminor from the device number with glibc's encoding.
 * Kept to match 17.03: it tests S_IFBLK and S_IFCHR as bit masks, so
 * directories (whose S_IFDIR shares a bit with S_IFBLK) get numbers too.
 *
 * @go pkg/archive/archive_unix.go:44-62
 */
function addDeviceNumbers(hdr: Header, stat: Stats): void {
  const S_IFBLK = 0o60000;
  const S_IFCHR = 0o20000;

  if ((stat.mode & S_IFBLK) !== 0 || (stat.mode & S_IFCHR) !== 0) {
    const rdev = BigInt(stat.rdev);
    hdr.devmajor = Number((rdev >> 8n) & 0xfffn);
    hdr.devminor = Number((rdev & 0xffn) | ((rdev >> 12n) & 0xfff00n));
  }
}

/**
 * Splits a path into its directory and base name, keeping a trailing "."
 * when the path names the current directory.
 *
 * @go pkg/archive/copy.go:74-82
 */
export function splitPathDirEntry(path: string): { dir: string; base: string } {
  let cleaned = cleanFilePath(path);

  if (posix.basename(path) === '.' || path === '.' || path.endsWith('/.')) {
    cleaned += '/.';
  }

  return { dir: posix.dirname(cleaned), base: posix.basename(cleaned) };
}

/** Cleans a path like Go's filepath.Clean on Unix. */
function cleanFilePath(p: string): string {
  const normalized = posix.normalize(p);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** Returns `target` relative to `base` as Go's filepath.Rel does for paths under `base`. */
function relativePath(base: string, target: string): string {
  return posix.relative(cleanFilePath(base), cleanFilePath(target)) || '.';
}

/** What the walk callback returns: continue, skip a directory, or stop. */
type WalkResult = 'continue' | 'skipDir' | Error;

type WalkFunction = (path: string, stat: Stats | undefined, error: Error | undefined) => Promise<WalkResult>;

/**
 * Visits `root` and everything below it in lexical order, with lstat, as
 * Go 1.7's filepath.Walk does; an lstat or readdir failure is passed to
 * `visit` instead of a stat.
 */
async function walk(root: string, visit: WalkFunction): Promise<Error | undefined> {
  let stat: Stats;

  try {
    stat = await lstat(root);
  } catch (error) {
    const result = await visit(root, undefined, error as Error);
    return result instanceof Error ? result : undefined;
  }

  const result = await walkEntry(root, stat, visit);
  return result === 'skipDir' ? undefined : result;
}

async function walkEntry(path: string, stat: Stats, visit: WalkFunction): Promise<Error | 'skipDir' | undefined> {
  const visited = await visit(path, stat, undefined);

  if (visited !== 'continue') {
    return stat.isDirectory() && visited === 'skipDir' ? undefined : visited;
  }

  if (!stat.isDirectory()) {
    return undefined;
  }

  let names: string[];

  try {
    names = await readdir(path);
  } catch (error) {
    const result = await visit(path, stat, error as Error);
    return result === 'continue' ? undefined : result;
  }

  // Go sorts names by bytes, which differs from UTF-16 order for some code points.
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  for (const name of names) {
    const filename = posix.join(path, name);
    let childStat: Stats;

    try {
      childStat = await lstat(filename);
    } catch (error) {
      const result = await visit(filename, undefined, error as Error);

      if (result instanceof Error) {
        return result;
      }

      continue;
    }

    const result = await walkEntry(filename, childStat, visit);

    if (result !== undefined && (!childStat.isDirectory() || result !== 'skipDir')) {
      return result;
    }
  }

  return undefined;
}

/**
 * Archives the directory (or file) at `srcPath` as a tar stream, optionally
 * compressed. The walk starts when the stream is first read. As in 17.03,
 * files that cannot be read are left out, with an event on the span, and a
 * missing `srcPath` gives an empty archive rather than an error; only a
 * destroyed stream stops the walk.
 *
 * @go pkg/archive/archive.go:550-725
 */
export function tarWithOptions(srcPath: string, options: TarOptions): Readable {
  const compression = options.compression ?? Compression.Uncompressed;

  if ((options.excludePatterns ?? []).length > 0) {
    throw new Error('dockhop: TarOptions.excludePatterns is not supported');
  }

  const span = startSpan({
    module: import.meta.url,
    function: 'tarWithOptions',
    layer: 'archive',
    attributes: { 'dockhop.archive.compression': compressionExtension(compression) },
  });

  // A Readable stands in for Go's io.Pipe: the producer waits in `resume`
  // until the consumer reads again, and a destroyed reader stops it.
  let started = false;
  let resume: (() => void) | undefined;
  let bytes = 0;

  const output = new Readable({
    read() {
      if (!started) {
        started = true;
        withActiveSpan(span, 'archive', () => void produce());
      }

      resume?.();
      resume = undefined;
    },
    destroy(error, callback) {
      resume?.();
      resume = undefined;
      callback(error);
    },
  });

  const pipeWriter = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (output.destroyed) {
        callback(ErrClosedPipe);
        return;
      }

      bytes += chunk.length;

      if (output.push(chunk)) {
        callback();
      } else {
        resume = () => callback(output.destroyed ? ErrClosedPipe : undefined);
      }
    },
    final(callback) {
      output.push(null);
      callback();
    },
  });
  pipeWriter.on('error', () => undefined);

  // Go creates the compressor before the goroutine, so its error is synchronous.
  let compressWriter: Writable;

  try {
    compressWriter = withActiveSpan(span, 'archive', () => compressStream(pipeWriter, compression));
  } catch (error) {
    endSpan(span, error);
    throw error;
  }

  compressWriter.on('error', () => undefined);
  const appender = new TarAppender(new TarWriter(compressWriter));

  const produce = async (): Promise<void> => {
    try {
      await walkSources(srcPath, options, appender, span);
    } catch (error) {
      recordError(span, error);
    }

    // Go's deferred closes log their errors and carry on.
    try {
      await appender.tarWriter.close();
    } catch (error) {
      span.addEvent('archive.close_failed', { 'exception.message': (error as Error).message });
      options.logger?.error(`Can't close tar writer: ${(error as Error).message}`);
    }

    compressWriter.end();

    try {
      await finished(compressWriter);
    } catch (error) {
      span.addEvent('archive.close_failed', { 'exception.message': (error as Error).message });
      options.logger?.error(`Can't close compress writer: ${(error as Error).message}`);
    }

    pipeWriter.end();
    span.addEvent('archive.written', {
      'dockhop.archive.entries': appender.entries,
      'dockhop.archive.bytes': bytes,
    });
    endSpan(span);
  };

  return output;
}

/**
 * Walks every include below `srcPath` and adds each file to the archive,
 * the body of the goroutine in Go's TarWithOptions.
 */
async function walkSources(
  srcPath: string,
  options: TarOptions,
  appender: TarAppender,
  span: Span,
): Promise<void> {
  let stat: Stats;

  try {
    stat = await lstat(srcPath);
  } catch {
    return;
  }

  let root = srcPath;
  let includeFiles = options.includeFiles ?? [];

  if (!stat.isDirectory()) {
    // A file cannot be joined with includes, so its base name becomes the include.
    if (includeFiles.length > 0) {
      span.addEvent('archive.warning', { message: "Tar: Can't archive a file with includes" });
      options.logger?.warn("Tar: Can't archive a file with includes");
    }

    const { dir, base } = splitPathDirEntry(srcPath);
    root = dir;
    includeFiles = [base];
  }

  if (includeFiles.length === 0) {
    includeFiles = ['.'];
  }

  const seen = new Set<string>();

  for (const include of includeFiles) {
    const rebaseName = options.rebaseNames?.[include] ?? '';

    // Go joins with a plain separator so that a trailing "." or "/" survives.
    const walkRoot = root + '/' + include;

    // Kept to match 17.03: Walk's result is ignored, so a closed pipe ends
    // only the current include's walk.
    await walk(walkRoot, async (filePath, fileStat, error): Promise<WalkResult> => {
      if (error !== undefined || fileStat === undefined) {
        const message = `Tar: Can't stat file ${root} to tar: ${error?.message ?? 'unknown'}`;
        span.addEvent('archive.stat_failed', { message });
        options.logger?.error(message);
        return 'continue';
      }

      let relFilePath = relativePath(root, filePath);

      // The source directory itself is not an entry unless requested.
      if (!options.includeSourceDir && relFilePath === '.' && fileStat.isDirectory()) {
        return 'continue';
      }

      if (options.includeSourceDir && include === '.' && relFilePath !== '.') {
        relFilePath = ['.', relFilePath].join('/');
      }

      if (seen.has(relFilePath)) {
        return 'continue';
      }

      seen.add(relFilePath);

      if (rebaseName !== '') {
        const replacement = rebaseName === '/' ? '' : rebaseName;
        relFilePath = relFilePath.replace(include, replacement);
      }

      try {
        await appender.addTarFile(filePath, relFilePath);
      } catch (addError) {
        const message = `Can't add file ${filePath} to tar: ${(addError as Error).message}`;
        span.addEvent('archive.add_failed', { message });
        options.logger?.error(message);

        // A closed pipe means nobody reads the archive any more.
        if (addError === ErrClosedPipe) {
          return ErrClosedPipe;
        }
      }

      return 'continue';
    });
  }
}
