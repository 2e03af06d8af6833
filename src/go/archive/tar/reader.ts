/**
 * Port of Go 1.7's `archive/tar` Reader over a Node Readable. It returns the
 * header fields and raises the errors Go does (`archive/tar: invalid tar
 * header`, `unexpected EOF`) for ustar, old GNU, star and PAX archives,
 * including GNU long names, base-256 numbers and sparse files.
 *
 * Names and PAX values are decoded as UTF-8.
 * NOTE: Go keeps raw bytes, so a name that is not valid UTF-8 reads back
 * with U+FFFD where Go would keep the original bytes.
 */

import { decodeGoString } from '../../unicode/utf8.ts';
import type { Readable } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import {
  BLOCK_SIZE,
  EOF,
  ErrHeader,
  ErrUnexpectedEOF,
  TypeBlock,
  TypeChar,
  TypeDir,
  TypeFifo,
  TypeGNULongLink,
  TypeGNULongName,
  TypeGNUSparse,
  TypeLink,
  TypeSymlink,
  TypeXHeader,
  checksum,
  newHeader,
  paxAtime,
  paxCtime,
  paxGid,
  paxGname,
  paxLinkpath,
  paxMtime,
  paxPath,
  paxSize,
  paxUid,
  paxUname,
  paxXattr,
  type Header,
} from './common.ts';

const paxGNUSparseNumBlocks = 'GNU.sparse.numblocks';
const paxGNUSparseOffset = 'GNU.sparse.offset';
const paxGNUSparseNumBytes = 'GNU.sparse.numbytes';
const paxGNUSparseMap = 'GNU.sparse.map';
const paxGNUSparseName = 'GNU.sparse.name';
const paxGNUSparseMajor = 'GNU.sparse.major';
const paxGNUSparseMinor = 'GNU.sparse.minor';
const paxGNUSparseSize = 'GNU.sparse.size';
const paxGNUSparseRealSize = 'GNU.sparse.realsize';

const oldGNUSparseMainHeaderOffset = 386;
const oldGNUSparseMainHeaderIsExtendedOffset = 482;
const oldGNUSparseMainHeaderNumEntries = 4;
const oldGNUSparseExtendedHeaderIsExtendedOffset = 504;
const oldGNUSparseExtendedHeaderNumEntries = 21;
const oldGNUSparseEntrySize = 12;

const maxInt64 = (1n << 63n) - 1n;
const minInt64 = -(1n << 63n);

/** Default number of bytes `TarReader.read` returns at most. */
const defaultReadSize = 32 * 1024;

/** A data fragment of a sparse file: `numBytes` stored bytes at `offset`. */
interface SparseEntry {
  offset: number;
  numBytes: number;
}

/** Reads bytes from a Readable on request, keeping what a read did not take. */
class ByteSource {
  private readonly iterator: AsyncIterator<unknown>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(input: Readable) {
    this.iterator = input[Symbol.asyncIterator]();
  }

  /** Returns up to `max` bytes, or null at the end of the input. */
  async read(max: number): Promise<Buffer | null> {
    while (this.pending.length === 0) {
      if (this.ended) {
        return null;
      }

      const result = await this.iterator.next();

      if (result.done === true) {
        this.ended = true;
        return null;
      }

      const value = result.value;
      this.pending = Buffer.isBuffer(value) ? value : Buffer.from(value as string | Uint8Array);
    }

    const chunk = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(chunk.length);
    return chunk;
  }

  /** Reads exactly `n` bytes, raising EOF when none were left and ErrUnexpectedEOF for a part. */
  async readFull(n: number): Promise<Buffer> {
    const out = Buffer.alloc(n);
    let filled = 0;

    while (filled < n) {
      const chunk = await this.read(n - filled);

      if (chunk === null) {
        throw filled === 0 ? EOF : ErrUnexpectedEOF;
      }

      chunk.copy(out, filled);
      filled += chunk.length;
    }

    return out;
  }

  /** Discards up to `n` bytes and returns how many were there. */
  async skip(n: number): Promise<number> {
    let skipped = 0;

    while (skipped < n) {
      const chunk = await this.read(Math.min(n - skipped, 1 << 20));

      if (chunk === null) {
        break;
      }

      skipped += chunk.length;
    }

    return skipped;
  }
}

/** Reader of the current entry's data, as Go's `numBytesReader`. */
interface EntryReader {
  /** Returns up to `max` bytes, or null at the end of the entry. */
  read(max: number): Promise<Buffer | null>;
  /** Bytes of the entry still unread in the archive stream. */
  numBytes(): number;
}

/** Reads a plain entry's `nb` bytes from the archive stream. */
class RegFileReader implements EntryReader {
  constructor(
    private readonly source: ByteSource,
    private nb: number,
  ) {}

  /** @go archive/tar/reader.go:827-842 */
  async read(max: number): Promise<Buffer | null> {
    if (this.nb === 0) {
      return null;
    }

    const chunk = await this.source.read(Math.min(max, this.nb));

    if (chunk === null) {
      throw ErrUnexpectedEOF;
    }

    this.nb -= chunk.length;
    return chunk;
  }

  numBytes(): number {
    return this.nb;
  }
}

/** Expands a sparse entry: holes between the stored fragments read as zeros. */
class SparseFileReader implements EntryReader {
  private pos = 0;

  constructor(
    private readonly rfr: EntryReader,
    private sp: SparseEntry[],
    private readonly total: number,
  ) {}

  /** @go archive/tar/reader.go:887-931 */
  async read(max: number): Promise<Buffer | null> {
    while (this.sp.length > 0 && this.sp[0]!.numBytes === 0) {
      this.sp = this.sp.slice(1);
    }

    if (this.sp.length === 0) {
      // A hole may remain after the last fragment, as BSD tar reads it.
      if (this.pos < this.total) {
        return this.readHole(max, this.total);
      }

      return null;
    }

    const fragment = this.sp[0]!;

    if (this.pos < fragment.offset) {
      return this.readHole(max, fragment.offset);
    }

    const endPos = fragment.offset + fragment.numBytes;
    const chunk = await this.rfr.read(Math.min(max, endPos - this.pos));

    if (chunk === null) {
      throw ErrUnexpectedEOF;
    }

    this.pos += chunk.length;

    if (this.pos === endPos) {
      this.sp = this.sp.slice(1);
    }

    return chunk;
  }

  numBytes(): number {
    return this.rfr.numBytes();
  }

  /** @go archive/tar/reader.go:873-884 */
  private readHole(max: number, endOffset: number): Buffer {
    const n = Math.min(endOffset - this.pos, max);
    this.pos += n;
    return Buffer.alloc(n);
  }
}

/**
 * Validates a sparse map against the file's real size and wraps `rfr`.
 *
 * @go archive/tar/reader.go:851-870
 */
function newSparseFileReader(rfr: EntryReader, sp: SparseEntry[], total: number): SparseFileReader {
  if (total < 0) {
    throw ErrHeader;
  }

  sp.forEach((s, i) => {
    const previous = sp[i - 1];

    if (s.offset < 0 || s.numBytes < 0) {
      throw ErrHeader;
    } else if (s.offset > Number.MAX_SAFE_INTEGER - s.numBytes) {
      throw ErrHeader;
    } else if (s.offset + s.numBytes > total) {
      throw ErrHeader;
    } else if (previous !== undefined && previous.offset + previous.numBytes > s.offset) {
      throw ErrHeader;
    }
  });

  return new SparseFileReader(rfr, sp, total);
}

/** Collects the first parse error of one header, as Go's `parser` does. */
class Parser {
  err: Error | undefined;

  /**
   * Returns the bytes up to the first NUL as a string.
   *
   * @go archive/tar/reader.go:412-418
   */
  parseString(field: Uint8Array): string {
    const end = field.indexOf(0);
    return decodeGoString(Buffer.from(field.buffer, field.byteOffset, end === -1 ? field.length : end));
  }

  /**
   * Parses a base-256 (top bit set) or octal number field.
   *
   * @go archive/tar/reader.go:423-459
   */
  parseNumeric(field: Uint8Array): number {
    if (field.length > 0 && (field[0]! & 0x80) !== 0) {
      // Negative numbers are inverted so the value can be read as unsigned.
      const inv = (field[0]! & 0x40) !== 0 ? 0xff : 0x00;
      let x = 0n;

      for (let i = 0; i < field.length; i++) {
        let c = field[i]! ^ inv;

        if (i === 0) {
          c &= 0x7f;
        }

        if (x >> 56n > 0n) {
          this.err = ErrHeader;
          return 0;
        }

        x = (x << 8n) | BigInt(c);
      }

      if (x >> 63n > 0n) {
        this.err = ErrHeader;
        return 0;
      }

      return inv === 0xff ? Number(-x - 1n) : Number(x);
    }

    return this.parseOctal(field);
  }

  /** @go archive/tar/reader.go:461-476 */
  parseOctal(field: Uint8Array): number {
    // Fields may be padded with spaces or NULs on either side.
    let start = 0;
    let end = field.length;

    while (start < end && (field[start] === 0x20 || field[start] === 0)) {
      start++;
    }

    while (end > start && (field[end - 1] === 0x20 || field[end - 1] === 0)) {
      end--;
    }

    if (start === end) {
      return 0;
    }

    const digits = this.parseString(field.subarray(start, end));

    if (!/^[0-7]+$/.test(digits) || BigInt('0o' + digits) > (1n << 64n) - 1n) {
      this.err = ErrHeader;
      return 0;
    }

    return Number(BigInt.asIntN(64, BigInt('0o' + digits)));
  }
}

/**
 * Parses a decimal integer as Go's `strconv.ParseInt(s, 10, 64)` accepts
 * it, or returns undefined.
 */
function parseDecimal(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return undefined;
  }

  const value = BigInt(s);
  return value > maxInt64 || value < minInt64 ? undefined : Number(value);
}

/**
 * Parses a PAX time, `seconds[.fraction]`, keeping milliseconds.
 *
 * @go archive/tar/reader.go:300-333
 */
function parsePAXTime(t: string): Date {
  const dot = t.indexOf('.');
  const seconds = parseDecimal(dot === -1 ? t : t.slice(0, dot));

  if (seconds === undefined) {
    throw new Error(`strconv.ParseInt: parsing "${t}": invalid syntax`);
  }

  let nanoseconds = 0;

  if (dot !== -1) {
    const fraction = t.slice(dot + 1).padEnd(9, '0').slice(0, 9);
    const parsed = parseDecimal(fraction);

    if (parsed === undefined) {
      throw new Error(`strconv.ParseInt: parsing "${fraction}": invalid syntax`);
    }

    nanoseconds = parsed;
  }

  return new Date(seconds * 1000 + Math.floor(nanoseconds / 1e6));
}

/**
 * Applies PAX records to `hdr`, overriding the ustar fields they name.
 * Stops at the first value that fails to parse.
 * NOTE: Go ranges over a map here, so with an invalid value which records
 * came before it varies from run to run in Go and follows record order here.
 *
 * @go archive/tar/reader.go:246-296
 */
function mergePAX(hdr: Header, headers: Map<string, string>): void {
  for (const [key, value] of headers) {
    switch (key) {
      case paxPath:
        hdr.name = value;
        break;
      case paxLinkpath:
        hdr.linkname = value;
        break;
      case paxGname:
        hdr.gname = value;
        break;
      case paxUname:
        hdr.uname = value;
        break;
      case paxUid:
      case paxGid:
      case paxSize: {
        const parsed = parseDecimal(value);

        if (parsed === undefined) {
          throw new Error(`strconv.ParseInt: parsing "${value}": invalid syntax`);
        }

        if (key === paxUid) {
          hdr.uid = parsed;
        } else if (key === paxGid) {
          hdr.gid = parsed;
        } else {
          hdr.size = parsed;
        }

        break;
      }
      case paxAtime:
        hdr.accessTime = parsePAXTime(value);
        break;
      case paxMtime:
        hdr.modTime = parsePAXTime(value);
        break;
      case paxCtime:
        hdr.changeTime = parsePAXTime(value);
        break;
      default:
        if (key.startsWith(paxXattr)) {
          hdr.xattrs ??= {};
          hdr.xattrs[key.slice(paxXattr.length)] = value;
        }
    }
  }
}

/**
 * Splits one `"<length> <key>=<value>\n"` record off the front of `s`.
 *
 * @go archive/tar/reader.go:383-408
 */
function parsePAXRecord(s: Buffer): { key: string; value: string; rest: Buffer } {
  const space = s.indexOf(0x20);

  if (space === -1) {
    throw ErrHeader;
  }

  const n = parseDecimal(s.subarray(0, space).toString('latin1'));

  if (n === undefined || n < 5 || s.length < n) {
    throw ErrHeader;
  }

  const record = s.subarray(space + 1, n - 1);

  if (s[n - 1] !== 0x0a) {
    throw ErrHeader;
  }

  const eq = record.indexOf(0x3d);

  if (eq === -1) {
    throw ErrHeader;
  }

  return {
    key: decodeGoString(record.subarray(0, eq)),
    value: decodeGoString(record.subarray(eq + 1)),
    rest: s.subarray(n),
  };
}

/**
 * Parses the body of a PAX extended header. The sparse 0.0 keys, which
 * repeat, are joined into one `GNU.sparse.map` value.
 *
 * @go archive/tar/reader.go:337-375
 */
function parsePAX(body: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  const sparseMap: string[] = [];
  let rest = body;

  while (rest.length > 0) {
    const record = parsePAXRecord(rest);
    rest = record.rest;

    if (record.key === paxGNUSparseOffset || record.key === paxGNUSparseNumBytes) {
      sparseMap.push(record.value);
    } else {
      headers.set(record.key, record.value);
    }
  }

  if (sparseMap.length > 0) {
    headers.set(paxGNUSparseMap, sparseMap.join(','));
  }

  return headers;
}

/**
 * Reads the sparse map of PAX sparse format 0.0 or 0.1 from the records.
 *
 * @go archive/tar/reader.go:777-808
 */
function readGNUSparseMap0x1(headers: Map<string, string>): SparseEntry[] {
  const numEntries = parseDecimal(headers.get(paxGNUSparseNumBlocks) ?? '');

  if (numEntries === undefined || numEntries < 0) {
    throw ErrHeader;
  }

  const sparseMap = (headers.get(paxGNUSparseMap) ?? '').split(',');

  if (sparseMap.length !== 2 * numEntries) {
    throw ErrHeader;
  }

  const sp: SparseEntry[] = [];

  for (let i = 0; i < numEntries; i++) {
    const offset = parseDecimal(sparseMap[2 * i]!);
    const numBytes = parseDecimal(sparseMap[2 * i + 1]!);

    if (offset === undefined || numBytes === undefined) {
      throw ErrHeader;
    }

    sp.push({ offset, numBytes });
  }

  return sp;
}

/**
 * Reads the sparse map of PAX sparse format 1.0, which is stored as
 * newline-separated decimals at the start of the entry's data.
 *
 * @go archive/tar/reader.go:713-773
 */
async function readGNUSparseMap1x0(r: EntryReader): Promise<SparseEntry[]> {
  let buffered = '';
  let newlines = 0;

  // Reads whole blocks until `count` newlines are buffered.
  const feedTokens = async (count: number): Promise<void> => {
    while (newlines < count) {
      const block = Buffer.alloc(BLOCK_SIZE);
      let filled = 0;

      while (filled < BLOCK_SIZE) {
        const chunk = await r.read(BLOCK_SIZE - filled);

        if (chunk === null) {
          throw ErrUnexpectedEOF;
        }

        chunk.copy(block, filled);
        filled += chunk.length;
      }

      const text = block.toString('latin1');
      buffered += text;
      newlines += text.split('\n').length - 1;
    }
  };

  const nextToken = (): string => {
    newlines--;
    const end = buffered.indexOf('\n');
    const token = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    return token;
  };

  await feedTokens(1);
  const numEntries = parseDecimal(nextToken());

  if (numEntries === undefined || numEntries < 0) {
    throw ErrHeader;
  }

  await feedTokens(2 * numEntries);
  const sp: SparseEntry[] = [];

  for (let i = 0; i < numEntries; i++) {
    const offset = parseDecimal(nextToken());
    const numBytes = parseDecimal(nextToken());

    if (offset === undefined || numBytes === undefined) {
      throw ErrHeader;
    }

    sp.push({ offset, numBytes });
  }

  return sp;
}

/** Reports whether entries of this type carry no data, whatever size their header gives. */
function isHeaderOnlyType(flag: number): boolean {
  return [TypeLink, TypeSymlink, TypeChar, TypeBlock, TypeDir, TypeFifo].includes(flag);
}

/**
 * Reads a tar archive from a Node Readable: `next()` returns each entry's
 * header, then `read`, `readAll` or `stream` give its data. Entry data left
 * unread is skipped by the next `next()`. The first error sticks, as in Go.
 */
export class TarReader {
  private readonly source: ByteSource;
  private err: Error | undefined;
  private pad = 0;
  private curr: EntryReader | undefined;

  constructor(input: Readable) {
    this.source = new ByteSource(input);
  }

  /**
   * Advances to the next entry and returns its header, or undefined at
   * the end of the archive. PAX and GNU long-name entries are applied to
   * the entry they describe and not returned.
   *
   * @go archive/tar/reader.go:112-187
   */
  async next(): Promise<Header | undefined> {
    try {
      return await this.nextHeader();
    } catch (error) {
      this.err = error as Error;

      if (this.err === EOF) {
        return undefined;
      }

      throw this.err;
    }
  }

  private async nextHeader(): Promise<Header> {
    if (this.err !== undefined) {
      throw this.err;
    }

    let extHdrs: Map<string, string> | undefined;

    for (;;) {
      await this.skipUnread();
      const hdr = await this.readHeader();

      switch (hdr.typeflag) {
        case TypeXHeader:
          extHdrs = parsePAX(await this.readAll());
          continue;
        case TypeGNULongName:
        case TypeGNULongLink: {
          const realname = new Parser().parseString(await this.readAll());
          extHdrs ??= new Map();
          extHdrs.set(hdr.typeflag === TypeGNULongName ? paxPath : paxLinkpath, realname);
          continue;
        }
        default: {
          // Kept to match Go 1.7: Next ignores mergePAX's error.
          try {
            mergePAX(hdr, extHdrs ?? new Map());
          } catch {
            // The fields merged before the invalid record stay set.
          }

          const sp = await this.checkForGNUSparsePAXHeaders(hdr, extHdrs ?? new Map());

          if (sp !== undefined) {
            this.curr = newSparseFileReader(this.curr!, sp, hdr.size);
          }

          return hdr;
        }
      }
    }
  }

  /**
   * Applies GNU sparse PAX records (formats 0.0, 0.1 and 1.0) to `hdr` and
   * returns the sparse map, or undefined for a file that is not sparse.
   *
   * @go archive/tar/reader.go:192-240
   */
  private async checkForGNUSparsePAXHeaders(
    hdr: Header,
    headers: Map<string, string>,
  ): Promise<SparseEntry[] | undefined> {
    const major = headers.get(paxGNUSparseMajor);
    const minor = headers.get(paxGNUSparseMinor);
    const sparseName = headers.get(paxGNUSparseName);
    const sparseSize = headers.get(paxGNUSparseSize);
    const sparseRealSize = headers.get(paxGNUSparseRealSize);
    let sparseFormat: string;

    if (major !== undefined && minor !== undefined) {
      sparseFormat = `${major}.${minor}`;
    } else if (sparseName !== undefined && headers.has(paxGNUSparseMap)) {
      sparseFormat = '0.1';
    } else if (sparseSize !== undefined) {
      sparseFormat = '0.0';
    } else {
      return undefined;
    }

    // An unknown sparse version leaves the entry a regular file.
    if (sparseFormat !== '0.0' && sparseFormat !== '0.1' && sparseFormat !== '1.0') {
      return undefined;
    }

    if (sparseName !== undefined) {
      hdr.name = sparseName;
    }

    const realSize = sparseSize ?? sparseRealSize;

    if (realSize !== undefined) {
      const parsed = parseDecimal(realSize);

      if (parsed === undefined) {
        throw ErrHeader;
      }

      hdr.size = parsed;
    }

    if (sparseFormat === '1.0') {
      return readGNUSparseMap1x0(this.curr!);
    }

    return readGNUSparseMap0x1(headers);
  }

  /**
   * Skips the unread data and padding of the current entry. Running out
   * of input inside the data is ErrUnexpectedEOF, inside the padding EOF.
   *
   * @go archive/tar/reader.go:484-518
   */
  private async skipUnread(): Promise<void> {
    const dataSkip = this.curr?.numBytes() ?? 0;
    const totalSkip = dataSkip + this.pad;
    this.curr = undefined;
    this.pad = 0;

    const skipped = await this.source.skip(totalSkip);

    if (skipped < totalSkip) {
      throw skipped < dataSkip ? ErrUnexpectedEOF : EOF;
    }
  }

  /**
   * Verifies the header checksum, accepting the unsigned or the signed sum.
   *
   * @go archive/tar/reader.go:520-529
   */
  private verifyChecksum(header: Uint8Array): boolean {
    const p = new Parser();
    const given = p.parseOctal(header.subarray(148, 156));
    const { unsigned, signed } = checksum(header);
    return p.err === undefined && (given === unsigned || given === signed);
  }

  /**
   * Reads and decodes one header block. Two zero blocks end the archive
   * (EOF), and so does the input ending right after one zero block.
   *
   * @go archive/tar/reader.go:538-646
   */
  private async readHeader(): Promise<Header> {
    let header = await this.source.readFull(BLOCK_SIZE);

    if (isZeroBlock(header)) {
      header = await this.source.readFull(BLOCK_SIZE);
      throw isZeroBlock(header) ? EOF : ErrHeader;
    }

    if (!this.verifyChecksum(header)) {
      throw ErrHeader;
    }

    const p = new Parser();
    const hdr = newHeader();

    hdr.name = p.parseString(header.subarray(0, 100));
    hdr.mode = p.parseNumeric(header.subarray(100, 108));
    hdr.uid = p.parseNumeric(header.subarray(108, 116));
    hdr.gid = p.parseNumeric(header.subarray(116, 124));
    hdr.size = p.parseNumeric(header.subarray(124, 136));
    hdr.modTime = new Date(p.parseNumeric(header.subarray(136, 148)) * 1000);
    hdr.typeflag = header[156]!;
    hdr.linkname = p.parseString(header.subarray(157, 257));

    // Version 7 archives have no magic, so none of the fields after it.
    const magic = header.subarray(257, 265).toString('latin1');
    let format: 'posix' | 'gnu' | 'star' | undefined;

    if (magic.slice(0, 6) === 'ustar\x00') {
      format = header.subarray(508, 512).toString('latin1') === 'tar\x00' ? 'star' : 'posix';
    } else if (magic === 'ustar  \x00') {
      format = 'gnu';
    }

    if (format !== undefined) {
      hdr.uname = p.parseString(header.subarray(265, 297));
      hdr.gname = p.parseString(header.subarray(297, 329));

      if (hdr.typeflag === TypeChar || hdr.typeflag === TypeBlock) {
        hdr.devmajor = p.parseNumeric(header.subarray(329, 337));
        hdr.devminor = p.parseNumeric(header.subarray(337, 345));
      }

      let prefix: string;

      if (format === 'star') {
        prefix = p.parseString(header.subarray(345, 476));
        hdr.accessTime = new Date(p.parseNumeric(header.subarray(476, 488)) * 1000);
        hdr.changeTime = new Date(p.parseNumeric(header.subarray(488, 500)) * 1000);
      } else {
        prefix = p.parseString(header.subarray(345, 500));
      }

      if (prefix.length > 0) {
        hdr.name = prefix + '/' + hdr.name;
      }
    }

    if (p.err !== undefined) {
      throw p.err;
    }

    const nb = isHeaderOnlyType(hdr.typeflag) ? 0 : hdr.size;

    if (nb < 0) {
      throw ErrHeader;
    }

    this.pad = (BLOCK_SIZE - (nb % BLOCK_SIZE)) % BLOCK_SIZE;
    this.curr = new RegFileReader(this.source, nb);

    if (hdr.typeflag === TypeGNUSparse) {
      hdr.size = p.parseNumeric(header.subarray(483, 495));

      if (p.err !== undefined) {
        throw p.err;
      }

      const sp = await this.readOldGNUSparseMap(header);
      this.curr = newSparseFileReader(this.curr, sp, hdr.size);
    }

    return hdr;
  }

  /**
   * Reads the old GNU sparse map: four entries in the header, then 21 per
   * extension block while the "is extended" byte is set.
   *
   * @go archive/tar/reader.go:651-701
   */
  private async readOldGNUSparseMap(header: Buffer): Promise<SparseEntry[]> {
    const p = new Parser();
    const sp: SparseEntry[] = [];

    const readEntries = (block: Buffer, start: number, count: number): void => {
      for (let i = 0; i < count; i++) {
        const at = start + i * 2 * oldGNUSparseEntrySize;
        const offset = p.parseNumeric(block.subarray(at, at + oldGNUSparseEntrySize));
        const numBytes = p.parseNumeric(
          block.subarray(at + oldGNUSparseEntrySize, at + 2 * oldGNUSparseEntrySize),
        );

        if (p.err !== undefined) {
          throw p.err;
        }

        if (offset === 0 && numBytes === 0) {
          break;
        }

        sp.push({ offset, numBytes });
      }
    };

    readEntries(header, oldGNUSparseMainHeaderOffset, oldGNUSparseMainHeaderNumEntries);
    let isExtended = header[oldGNUSparseMainHeaderIsExtendedOffset] !== 0;

    while (isExtended) {
      const block = await this.source.readFull(BLOCK_SIZE);
      isExtended = block[oldGNUSparseExtendedHeaderIsExtendedOffset] !== 0;
      readEntries(block, 0, oldGNUSparseExtendedHeaderNumEntries);
    }

    return sp;
  }

  /**
   * Reads up to `max` bytes of the current entry, or returns null at its
   * end. Links, devices, directories and FIFOs always read as empty.
   *
   * @go archive/tar/reader.go:810-825
   */
  async read(max = defaultReadSize): Promise<Buffer | null> {
    if (this.err === EOF) {
      return null;
    }

    if (this.err !== undefined) {
      throw this.err;
    }

    if (this.curr === undefined) {
      return null;
    }

    try {
      return await this.curr.read(max);
    } catch (error) {
      this.err = error === EOF ? ErrUnexpectedEOF : (error as Error);
      throw this.err;
    }
  }

  /** Reads the rest of the current entry into one buffer (for small entries). */
  async readAll(): Promise<Buffer> {
    const chunks: Buffer[] = [];

    for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) {
      chunks.push(chunk);
    }

    return Buffer.concat(chunks);
  }

  /**
   * Returns the rest of the current entry as a Readable. It must be
   * consumed before `next()` is called again.
   */
  stream(): Readable {
    const reader = this;

    return ReadableStream.from(
      (async function* () {
        for (let chunk = await reader.read(); chunk !== null; chunk = await reader.read()) {
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
  }
}

function isZeroBlock(block: Uint8Array): boolean {
  return block.every((byte) => byte === 0);
}
