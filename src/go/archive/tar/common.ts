/**
 * Types, constants and shared helpers of a port of Go 1.7's `archive/tar`,
 * the package Docker 17.03 used to read plugin uploads and write layer tars.
 *
 * This is a port rather than a wrapper around tar-stream. Docker's DiffID
 * is the sha256 of the tar that Go's writer produces, so every header byte
 * must match Go's: octal padding, the ustar, GNU or PAX choice and the
 * checksum layout. tar-stream lays those fields out differently.
 *
 * `@go archive/tar/…` tags in this directory name Go standard-library
 * files, not moby files.
 * NOTE: their line ranges are estimates, because the go1.7.6 sources could
 * not be fetched here; check them against that tag before relying on them.
 */

import { encodeGoString, hasEscapes } from '../../unicode/utf8.ts';
import type { Stats } from 'node:fs';

/** Size in bytes of a header block and of the unit data is padded to. */
export const BLOCK_SIZE = 512;

export const TypeReg = 0x30; // '0'
export const TypeRegA = 0x00; // '\x00', a regular file in pre-POSIX archives
export const TypeLink = 0x31; // '1'
export const TypeSymlink = 0x32; // '2'
export const TypeChar = 0x33; // '3'
export const TypeBlock = 0x34; // '4'
export const TypeDir = 0x35; // '5'
export const TypeFifo = 0x36; // '6'
export const TypeCont = 0x37; // '7', reserved
export const TypeXHeader = 0x78; // 'x', PAX extended header for the next entry
export const TypeXGlobalHeader = 0x67; // 'g', PAX global header
export const TypeGNULongName = 0x4c; // 'L', the next entry's name
export const TypeGNULongLink = 0x4b; // 'K', the next entry's link target
export const TypeGNUSparse = 0x53; // 'S', old GNU sparse file

/**
 * One tar entry, with the fields of Go's `tar.Header` in camelCase. Times
 * are `Date`s, so sub-millisecond parts of PAX times are lost.
 */
export interface Header {
  name: string;
  /** Permission and mode bits, including the `c_IS*` file type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  modTime?: Date;
  /** One byte, one of the `Type…` constants. */
  typeflag: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  accessTime?: Date;
  changeTime?: Date;
  xattrs?: Record<string, string>;
}

/** Returns a header with Go's zero values, overridden by `fields`. */
export function newHeader(fields: Partial<Header> = {}): Header {
  return {
    name: '',
    mode: 0,
    uid: 0,
    gid: 0,
    size: 0,
    typeflag: TypeRegA,
    linkname: '',
    uname: '',
    gname: '',
    devmajor: 0,
    devminor: 0,
    ...fields,
  };
}

export const ErrHeader = new Error('archive/tar: invalid tar header');
export const ErrWriteTooLong = new Error('archive/tar: write too long');
export const ErrFieldTooLong = new Error('archive/tar: header field too long');
export const ErrWriteAfterClose = new Error('archive/tar: write after close');
export const errInvalidHeader = new Error(
  'archive/tar: header field too long or contains invalid values',
);

/** Go's `io.ErrUnexpectedEOF`: the input ended inside a header or an entry's data. */
export const ErrUnexpectedEOF = new Error('unexpected EOF');

/** Go's `io.EOF`; the reader turns it into `undefined` from `next()`. */
export const EOF = new Error('EOF');

/** Go's `io.ErrClosedPipe`, raised when the destination was destroyed. */
export const ErrClosedPipe = new Error('io: read/write on closed pipe');

export const fileNameSize = 100;
export const fileNamePrefixSize = 155;

export const c_ISUID = 0o4000;
export const c_ISGID = 0o2000;
export const c_ISVTX = 0o1000;
export const c_ISDIR = 0o40000;
export const c_ISFIFO = 0o10000;
export const c_ISREG = 0o100000;
export const c_ISLNK = 0o120000;
export const c_ISBLK = 0o60000;
export const c_ISCHR = 0o20000;
export const c_ISSOCK = 0o140000;

export const paxAtime = 'atime';
export const paxCtime = 'ctime';
export const paxGid = 'gid';
export const paxGname = 'gname';
export const paxLinkpath = 'linkpath';
export const paxMtime = 'mtime';
export const paxPath = 'path';
export const paxSize = 'size';
export const paxUid = 'uid';
export const paxUname = 'uname';
export const paxXattr = 'SCHILY.xattr.';
export const paxNone = '';

export const zeroBlock = new Uint8Array(BLOCK_SIZE);

/**
 * Sums the header bytes with the checksum field counted as eight spaces,
 * both as unsigned bytes (POSIX) and as signed bytes (old Sun tar).
 *
 * @go archive/tar/common.go:271-285
 */
export function checksum(header: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;

  for (let i = 0; i < header.length; i++) {
    if (i === 148) {
      unsigned += 0x20 * 8;
      signed += 0x20 * 8;
      i += 7;
      continue;
    }

    const byte = header[i]!;
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 0x100 : byte;
  }

  return { unsigned, signed };
}

/**
 * Reports whether every code point of `s` is below 0x80.
 *
 * @go archive/tar/common.go:294-301
 */
export function isASCII(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      return false;
    }
  }

  return true;
}

/**
 * Drops every code point at or above 0x80 from `s`.
 *
 * @go archive/tar/common.go:303-314
 */
export function toASCII(s: string): string {
  if (isASCII(s)) {
    return s;
  }

  let out = '';

  for (const char of s) {
    if (char.charCodeAt(0) < 0x80) {
      out += char;
    }
  }

  return out;
}

/** Length of `s` in UTF-8 bytes, which is what Go's `len(string)` counts. */
export function byteLength(s: string): number {
  return hasEscapes(s) ? encodeGoString(s).length : Buffer.byteLength(s, 'utf8');
}

/** Go's `path.Clean`, under the name the tar port uses. */
export { clean as cleanPath } from '../../path/path.ts';

const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFBLK = 0o60000;
const S_IFDIR = 0o40000;
const S_IFCHR = 0o20000;
const S_IFIFO = 0o10000;

/**
 * Builds a partly filled header from `lstat` results: `name` is the base
 * name (a slash is appended for a directory), `link` the symlink target.
 * Uid, gid and the access and change times come from the stat as Go's
 * `statUnix` adds them; Go 1.7 leaves Uname and Gname empty.
 *
 * @go archive/tar/common.go:221-265
 */
export function fileInfoHeader(name: string, stat: Stats, link: string): Header {
  const format = stat.mode & S_IFMT;
  const header = newHeader({ name, modTime: stat.mtime, mode: stat.mode & 0o777 });

  switch (format) {
    case S_IFREG:
      header.mode |= c_ISREG;
      header.typeflag = TypeReg;
      header.size = stat.size;
      break;
    case S_IFDIR:
      header.typeflag = TypeDir;
      header.mode |= c_ISDIR;
      header.name += '/';
      break;
    case S_IFLNK:
      header.typeflag = TypeSymlink;
      header.mode |= c_ISLNK;
      header.linkname = link;
      break;
    case S_IFCHR:
      header.mode |= c_ISCHR;
      header.typeflag = TypeChar;
      break;
    case S_IFBLK:
      header.mode |= c_ISBLK;
      header.typeflag = TypeBlock;
      break;
    case S_IFIFO:
      header.typeflag = TypeFifo;
      header.mode |= c_ISFIFO;
      break;
    case S_IFSOCK:
      // Kept to match Go 1.7: a socket gets its mode bits but typeflag NUL.
      header.mode |= c_ISSOCK;
      break;
    default:
      throw new Error(`archive/tar: unknown file mode ${format.toString(8)}`);
  }

  header.mode |= stat.mode & (c_ISUID | c_ISGID | c_ISVTX);
  header.uid = stat.uid;
  header.gid = stat.gid;
  header.accessTime = stat.atime;
  header.changeTime = stat.ctime;
  return header;
}
