/**
 * Port of Go 1.7's `archive/tar` Writer: the header bytes it writes for a
 * given `Header` are the ones Go writes, so a sha256 over the output equals
 * the DiffID Docker 17.03 computes. See common.ts for why this is a port.
 */

import { encodeGoString } from '../../unicode/utf8.ts';
import type { Writable } from 'node:stream';
import {
  BLOCK_SIZE,
  ErrClosedPipe,
  ErrFieldTooLong,
  ErrWriteAfterClose,
  ErrWriteTooLong,
  TypeXHeader,
  byteLength,
  checksum,
  cleanPath,
  errInvalidHeader,
  fileNamePrefixSize,
  fileNameSize,
  isASCII,
  newHeader,
  paxGid,
  paxGname,
  paxLinkpath,
  paxNone,
  paxPath,
  paxSize,
  paxUid,
  paxUname,
  paxXattr,
  toASCII,
  zeroBlock,
  type Header,
} from './common.ts';

/** The largest mtime in seconds that fits the 11 octal digits of the field. */
const maxTimeSeconds = 2 ** 33 - 1;

/** Collects the first formatting error of one header, as Go's `formatter` does. */
class Formatter {
  err: Error | undefined;

  /**
   * Writes `s` into `field`, NUL-terminated if there is room.
   *
   * @go archive/tar/writer.go:73-84
   */
  formatString(field: Uint8Array, s: string): void {
    if (byteLength(s) > field.length) {
      this.err = ErrFieldTooLong;
      return;
    }

    const ascii = Buffer.from(toASCII(s), 'latin1');
    field.set(ascii);

    if (ascii.length < field.length) {
      field[ascii.length] = 0;
    }
  }

  /**
   * Writes `x` in octal with leading zeros, leaving room for a NUL.
   *
   * @go archive/tar/writer.go:86-94
   */
  formatOctal(field: Uint8Array, x: number | bigint): void {
    let s = x.toString(8);

    while (s.length + 1 < field.length) {
      s = '0' + s;
    }

    this.formatString(field, s);
  }

  /**
   * Writes `x` in GNU base-256 (big-endian two's complement with the top
   * bit set), or zero and ErrFieldTooLong when it does not fit.
   *
   * @go archive/tar/writer.go:110-122
   */
  formatNumeric(field: Uint8Array, x: number | bigint): void {
    let value = BigInt(x);

    if (fitsInBase256(field.length, value)) {
      for (let i = field.length - 1; i >= 0; i--) {
        field[i] = Number(BigInt.asUintN(8, value));
        value >>= 8n;
      }

      field[0] = field[0]! | 0x80;
      return;
    }

    this.formatOctal(field, 0);
    this.err = ErrFieldTooLong;
  }
}

/**
 * Reports whether `x` fits an n-byte base-256 field whose first byte only
 * carries the sign (strict GNU binary mode).
 *
 * @go archive/tar/writer.go:104-107
 */
function fitsInBase256(n: number, x: bigint): boolean {
  const bits = BigInt((n - 1) * 8);
  return n >= 9 || (x >= -(1n << bits) && x < 1n << bits);
}

/**
 * Writes a tar archive to a Node Writable, one `writeHeader` and its
 * `write` calls per entry, waiting for 'drain' when the destination is full.
 * Like Go's Writer, `close` writes the trailer but does not end `output`,
 * and the first error sticks. The caller must not modify a chunk passed to
 * `write` afterwards, because Node keeps a reference until it is flushed.
 */
export class TarWriter {
  private err: Error | undefined;
  /** Bytes of the current entry still to be written. */
  private nb = 0;
  /** Padding to write after the current entry. */
  private pad = 0;
  private closed = false;
  /** Set once any field needed base-256, after which every header gets GNU magic. */
  private usedBinary = false;
  /** Go 1.7 never sets this from outside the package, so it stays false. */
  private readonly preferPax = false;

  constructor(private readonly output: Writable) {}

  /**
   * Writes the padding after the current entry, failing when the entry
   * received fewer bytes than its header announced.
   *
   * @go archive/tar/writer.go:53-70
   */
  async flush(): Promise<void> {
    if (this.nb > 0) {
      this.err = new Error(`archive/tar: missed writing ${this.nb} bytes`);
      throw this.err;
    }

    if (this.err === undefined && this.pad > 0) {
      try {
        await this.emit(zeroBlock.subarray(0, this.pad));
      } catch (error) {
        this.err = error as Error;
      }
    }

    this.nb = 0;
    this.pad = 0;

    if (this.err !== undefined) {
      throw this.err;
    }
  }

  /**
   * Writes `hdr` (after flushing the previous entry) and prepares for
   * `hdr.size` bytes of content.
   *
   * @go archive/tar/writer.go:133-135
   */
  async writeHeader(hdr: Header): Promise<void> {
    return this.writeHeaderWithPax(hdr, true);
  }

  /**
   * Formats and writes one header. `allowPax` is false for the PAX header
   * itself, which must fit ustar.
   *
   * @go archive/tar/writer.go:142-296
   */
  private async writeHeaderWithPax(hdr: Header, allowPax: boolean): Promise<void> {
    if (this.closed) {
      throw ErrWriteAfterClose;
    }

    if (this.err === undefined) {
      // Go ignores Flush's result here and reads the sticky error below.
      await this.flush().catch(() => undefined);
    }

    if (this.err !== undefined) {
      throw this.err;
    }

    const paxHeaders = new Map<string, string>();
    const f = new Formatter();
    const header = new Uint8Array(BLOCK_SIZE);

    // Both wrappers record a PAX record in place of a value too long for
    // its field, where the field has a PAX keyword.
    const formatString = (field: Uint8Array, s: string, paxKeyword: string): void => {
      const needsPaxHeader =
        (paxKeyword !== paxNone && byteLength(s) > field.length) || !isASCII(s);

      if (needsPaxHeader) {
        paxHeaders.set(paxKeyword, s);
        return;
      }

      f.formatString(field, s);
    };

    const formatNumeric = (field: Uint8Array, x: number, paxKeyword: string): void => {
      if (x.toString(8).length < field.length) {
        f.formatOctal(field, x);
        return;
      }

      if (paxKeyword !== paxNone && this.preferPax) {
        f.formatOctal(field, 0);
        paxHeaders.set(paxKeyword, x.toString(10));
        return;
      }

      this.usedBinary = true;
      f.formatNumeric(field, x);
    };

    const pathField = header.subarray(0, 100);
    formatString(pathField, hdr.name, paxPath);

    // Times before 1970 or past the 33-bit octal range are written as 0.
    let modTime = 0;
    const modTimeMs = hdr.modTime?.getTime() ?? Number.NaN;

    if (modTimeMs >= 0 && modTimeMs <= maxTimeSeconds * 1000) {
      modTime = Math.floor(modTimeMs / 1000);
    }

    f.formatOctal(header.subarray(100, 108), hdr.mode);
    formatNumeric(header.subarray(108, 116), hdr.uid, paxUid);
    formatNumeric(header.subarray(116, 124), hdr.gid, paxGid);
    formatNumeric(header.subarray(124, 136), hdr.size, paxSize);
    formatNumeric(header.subarray(136, 148), modTime, paxNone);
    header[156] = hdr.typeflag;

    formatString(header.subarray(157, 257), hdr.linkname, paxLinkpath);

    header.set(Buffer.from('ustar\x0000', 'latin1'), 257);
    formatString(header.subarray(265, 297), hdr.uname, paxUname);
    formatString(header.subarray(297, 329), hdr.gname, paxGname);
    formatNumeric(header.subarray(329, 337), hdr.devmajor, paxNone);
    formatNumeric(header.subarray(337, 345), hdr.devminor, paxNone);

    const prefixField = header.subarray(345, 500);
    formatString(prefixField, '', paxNone);

    if (this.usedBinary) {
      header.set(Buffer.from('ustar  \x00', 'latin1'), 257);
    }

    // A name that is only too long for the name field may still fit ustar's
    // prefix and name split, in which case no PAX header is needed.
    if (!this.preferPax && paxHeaders.size === 1 && paxHeaders.has(paxPath)) {
      const split = splitUSTARPath(hdr.name);

      if (split !== undefined) {
        paxHeaders.delete(paxPath);
        formatString(pathField, split.suffix, paxNone);
        formatString(prefixField, split.prefix, paxNone);
      }
    }

    // Six octal digits, a NUL and a space: unlike the other numeric fields.
    const sum = checksum(header).unsigned;
    f.formatOctal(header.subarray(148, 155), sum);
    header[155] = 0x20;

    if (f.err !== undefined) {
      this.err = f.err;
      throw this.err;
    }

    if (allowPax) {
      for (const [key, value] of Object.entries(hdr.xattrs ?? {})) {
        paxHeaders.set(paxXattr + key, value);
      }
    }

    if (paxHeaders.size > 0) {
      if (!allowPax) {
        throw errInvalidHeader;
      }

      await this.writePAXHeader(hdr, paxHeaders);
    }

    this.nb = hdr.size;
    this.pad = (BLOCK_SIZE - (this.nb % BLOCK_SIZE)) % BLOCK_SIZE;

    try {
      await this.emit(header);
    } catch (error) {
      this.err = error as Error;
      throw this.err;
    }
  }

  /**
   * Writes a PAX extended header entry named `dir/PaxHeaders.0/file` whose
   * body holds the records in sorted key order.
   *
   * @go archive/tar/writer.go:322-367
   */
  private async writePAXHeader(hdr: Header, paxHeaders: Map<string, string>): Promise<void> {
    const slash = hdr.name.lastIndexOf('/');
    const dir = hdr.name.slice(0, slash + 1);
    const file = hdr.name.slice(slash + 1);
    const fullName = cleanPath([dir, 'PaxHeaders.0', file].filter((e) => e !== '').join('/'));

    // Go cuts the name at 100 bytes, which are all ASCII after toASCII.
    const ext = newHeader({
      typeflag: TypeXHeader,
      modTime: hdr.modTime,
      name: toASCII(fullName).slice(0, 100),
    });

    // Go's sort.Strings orders by bytes, so compare UTF-8 encodings.
    const keys = [...paxHeaders.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const body = encodeGoString(keys.map((key) => formatPAXRecord(key, paxHeaders.get(key)!)).join(''));

    ext.size = body.length;
    await this.writeHeaderWithPax(ext, false);
    await this.write(body);
    await this.flush();
  }

  /**
   * Writes content of the current entry. Bytes past the header's size are
   * dropped and ErrWriteTooLong is raised after the rest is written.
   *
   * @go archive/tar/writer.go:390-408
   */
  async write(data: Uint8Array): Promise<number> {
    if (this.closed) {
      throw ErrWriteAfterClose;
    }

    let chunk = data;
    let overwrite = false;

    if (chunk.length > this.nb) {
      chunk = chunk.subarray(0, this.nb);
      overwrite = true;
    }

    try {
      await this.emit(chunk);
    } catch (error) {
      this.err = error as Error;
      throw this.err;
    }

    this.nb -= chunk.length;

    if (overwrite) {
      throw ErrWriteTooLong;
    }

    this.err = undefined;
    return chunk.length;
  }

  /**
   * Flushes the current entry and writes the two zero blocks that end the
   * archive. The destination stays open.
   *
   * @go archive/tar/writer.go:412-430
   */
  async close(): Promise<void> {
    if (this.err !== undefined || this.closed) {
      if (this.err !== undefined) {
        throw this.err;
      }

      return;
    }

    await this.flush().catch(() => undefined);
    this.closed = true;

    if (this.err !== undefined) {
      throw this.err;
    }

    for (let i = 0; i < 2; i++) {
      try {
        await this.emit(zeroBlock);
      } catch (error) {
        this.err = error as Error;
        throw this.err;
      }
    }
  }

  /** Writes one chunk, waiting for 'drain' when `output` signals back-pressure. */
  private async emit(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) {
      return;
    }

    const output = this.output;

    if (output.errored !== null && output.errored !== undefined) {
      throw output.errored;
    }

    if (output.destroyed || output.writableEnded) {
      throw ErrClosedPipe;
    }

    if (output.write(chunk)) {
      return;
    }

    await new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        output.off('drain', onDrain);
        output.off('error', onError);
        output.off('close', onClose);
      };
      const onDrain = (): void => {
        cleanup();
        resolve();
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onClose = (): void => {
        cleanup();
        reject(ErrClosedPipe);
      };

      output.on('drain', onDrain);
      output.on('error', onError);
      output.on('close', onClose);
    });
  }
}

/**
 * Splits a name longer than 100 bytes into ustar's prefix (up to 155 bytes)
 * and name (up to 100 bytes) at a slash, or returns undefined.
 *
 * @go archive/tar/writer.go:300-318
 */
export function splitUSTARPath(name: string): { prefix: string; suffix: string } | undefined {
  // Indexing by bytes as Go does; the name is ASCII past the isASCII check.
  let length = name.length;

  if (byteLength(name) <= fileNameSize || !isASCII(name)) {
    return undefined;
  } else if (length > fileNamePrefixSize + 1) {
    length = fileNamePrefixSize + 1;
  } else if (name[length - 1] === '/') {
    length--;
  }

  const i = name.slice(0, length).lastIndexOf('/');
  const suffixLength = name.length - i - 1;
  const prefixLength = i;

  if (i <= 0 || suffixLength > fileNameSize || suffixLength === 0 || prefixLength > fileNamePrefixSize) {
    return undefined;
  }

  return { prefix: name.slice(0, i), suffix: name.slice(i + 1) };
}

/**
 * Formats one PAX record, `"<length> <key>=<value>\n"`, where the length
 * counts its own digits.
 *
 * @go archive/tar/writer.go:371-384
 */
export function formatPAXRecord(key: string, value: string): string {
  const padding = 3;
  let size = byteLength(key) + byteLength(value) + padding;
  size += String(size).length;
  let record = `${size} ${key}=${value}\n`;

  if (byteLength(record) !== size) {
    size = byteLength(record);
    record = `${size} ${key}=${value}\n`;
  }

  return record;
}
