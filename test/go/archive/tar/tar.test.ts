import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import {
  ErrFieldTooLong,
  ErrHeader,
  ErrUnexpectedEOF,
  ErrWriteTooLong,
  TarReader,
  TarWriter,
  TypeDir,
  TypeLink,
  TypeReg,
  TypeSymlink,
  TypeXHeader,
  formatPAXRecord,
  newHeader,
  type Header,
} from '../../../../src/go/archive/tar/index.ts';

const mtime = new Date(1_700_000_000_000);

/** Writes entries (header and content) with TarWriter and returns the archive bytes. */
async function writeArchive(entries: { header: Partial<Header>; content?: string }[]): Promise<Buffer> {
  const out = new PassThrough();
  const done = buffer(out);
  const writer = new TarWriter(out);

  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? '');
    await writer.writeHeader(newHeader({ modTime: mtime, size: content.length, ...entry.header }));

    if (content.length > 0) {
      await writer.write(content);
    }
  }

  await writer.close();
  out.end();
  return done;
}

async function readAll(bytes: Buffer): Promise<{ header: Header; content: string }[]> {
  const reader = new TarReader(Readable.from([bytes]));
  const entries: { header: Header; content: string }[] = [];

  for (let header = await reader.next(); header !== undefined; header = await reader.next()) {
    entries.push({ header, content: (await reader.readAll()).toString() });
  }

  return entries;
}

function field(block: Buffer, start: number, end: number): string {
  return block.subarray(start, end).toString('latin1');
}

describe('TarWriter', () => {
  it('writes ustar fields as Go does', async () => {
    const bytes = await writeArchive([
      { header: { name: 'etc/plugin.conf', mode: 0o644, typeflag: TypeReg }, content: 'key=value\n' },
    ]);

    expect(bytes.length).toBe(512 * 2 + 1024);
    expect(field(bytes, 0, 16)).toBe('etc/plugin.conf\0');
    expect(field(bytes, 100, 108)).toBe('0000644\0');
    expect(field(bytes, 108, 116)).toBe('0000000\0');
    expect(field(bytes, 124, 136)).toBe('00000000012\0');
    expect(field(bytes, 136, 148)).toBe('14524770400\0');
    expect(field(bytes, 148, 156)).toMatch(/^0[0-7]{5}\0 $/);
    expect(field(bytes, 156, 157)).toBe('0');
    expect(field(bytes, 257, 265)).toBe('ustar\x0000');
  });

  it('splits a long name into prefix', async () => {
    const name = `${'d'.repeat(120)}/${'f'.repeat(50)}`;
    const bytes = await writeArchive([{ header: { name, typeflag: TypeReg } }]);

    expect(field(bytes, 0, 51)).toBe(`${'f'.repeat(50)}\0`);
    expect(field(bytes, 345, 466)).toBe(`${'d'.repeat(120)}\0`);
    expect((await readAll(bytes))[0]!.header.name).toBe(name);
  });

  it('writes PAX for an unsplittable name', async () => {
    const name = `dir/${'n'.repeat(150)}`;
    const bytes = await writeArchive([{ header: { name, typeflag: TypeReg }, content: 'x' }]);
    const record = formatPAXRecord('path', name);

    expect(bytes[156]).toBe(TypeXHeader);
    expect(field(bytes, 0, 23)).toBe('dir/PaxHeaders.0/nnnnnn');
    expect(field(bytes, 512, 512 + record.length)).toBe(record);
    expect(record.startsWith('164 path=dir/')).toBe(true);

    const [entry] = await readAll(bytes);
    expect(entry!.header.name).toBe(name);
    expect(entry!.content).toBe('x');
  });

  it('writes PAX for a non-ASCII link', async () => {
    const bytes = await writeArchive([
      { header: { name: 'a', typeflag: TypeSymlink, linkname: 'zoë' } },
    ]);

    expect(bytes[156]).toBe(TypeXHeader);
    expect((await readAll(bytes))[0]!.header.linkname).toBe('zoë');
  });

  it('writes base-256 uid with GNU magic', async () => {
    const bytes = await writeArchive([
      { header: { name: 'a', typeflag: TypeReg, uid: 0o10000000 } },
      { header: { name: 'b', typeflag: TypeReg } },
    ]);

    expect([...bytes.subarray(108, 116)]).toEqual([0x80, 0, 0, 0, 0, 0x20, 0, 0]);
    expect(field(bytes, 257, 265)).toBe('ustar  \0');
    // Kept from Go 1.7: once binary was used, later headers keep GNU magic.
    expect(field(bytes, 512 + 257, 512 + 265)).toBe('ustar  \0');

    const entries = await readAll(bytes);
    expect(entries[0]!.header.uid).toBe(0o10000000);
  });

  it('rejects a too large devmajor', async () => {
    const out = new PassThrough();
    const writer = new TarWriter(out);

    // Devmajor has no PAX keyword and 2^60 does not fit 7 base-256 bytes.
    await expect(writer.writeHeader(newHeader({ name: 'a', devmajor: 2 ** 60 }))).rejects.toBe(
      ErrFieldTooLong,
    );
    expect(ErrFieldTooLong.message).toBe('archive/tar: header field too long');
  });

  it('rejects content past the size', async () => {
    const out = new PassThrough();
    out.resume();
    const writer = new TarWriter(out);
    await writer.writeHeader(newHeader({ name: 'a', typeflag: TypeReg, size: 2 }));

    await expect(writer.write(Buffer.from('abc'))).rejects.toBe(ErrWriteTooLong);
    expect(ErrWriteTooLong.message).toBe('archive/tar: write too long');
  });

  it('rejects missing content on close', async () => {
    const out = new PassThrough();
    out.resume();
    const writer = new TarWriter(out);
    await writer.writeHeader(newHeader({ name: 'a', typeflag: TypeReg, size: 5 }));

    await expect(writer.close()).rejects.toThrow('archive/tar: missed writing 5 bytes');
  });
});

describe('TarReader', () => {
  it('reads links and directories', async () => {
    const bytes = await writeArchive([
      { header: { name: 'd/', typeflag: TypeDir, mode: 0o40755 } },
      { header: { name: 'd/f', typeflag: TypeReg, mode: 0o100644 }, content: 'data' },
      { header: { name: 'd/h', typeflag: TypeLink, linkname: 'd/f' } },
      { header: { name: 'd/s', typeflag: TypeSymlink, linkname: 'f' } },
    ]);
    const entries = await readAll(bytes);

    expect(entries.map((e) => e.header.name)).toEqual(['d/', 'd/f', 'd/h', 'd/s']);
    expect(entries[0]!.header.mode).toBe(0o40755);
    expect(entries[1]!.content).toBe('data');
    expect(entries[1]!.header.modTime).toEqual(mtime);
    expect(entries[2]!.header.linkname).toBe('d/f');
    expect(entries[3]!.header.typeflag).toBe(TypeSymlink);
  });

  it('reads GNU long names', async () => {
    // A GNU 'L' entry whose content is the real name, then the entry itself.
    const longName = 'l'.repeat(200);
    const bytes = await writeArchive([
      { header: { name: '././@LongLink', typeflag: 0x4c }, content: `${longName}\0` },
      { header: { name: 'short', typeflag: TypeReg }, content: 'z' },
    ]);
    const entries = await readAll(bytes);

    expect(entries.length).toBe(1);
    expect(entries[0]!.header.name).toBe(longName);
  });

  it('raises unexpected EOF on truncated data', async () => {
    const bytes = await writeArchive([{ header: { name: 'a', typeflag: TypeReg }, content: 'x'.repeat(600) }]);
    const reader = new TarReader(Readable.from([bytes.subarray(0, 700)]));
    await reader.next();

    await expect(reader.readAll()).rejects.toBe(ErrUnexpectedEOF);
    expect(ErrUnexpectedEOF.message).toBe('unexpected EOF');
  });

  it('raises unexpected EOF on a cut header', async () => {
    const bytes = await writeArchive([{ header: { name: 'a', typeflag: TypeReg } }]);
    const reader = new TarReader(Readable.from([bytes.subarray(0, 300)]));

    await expect(reader.next()).rejects.toBe(ErrUnexpectedEOF);
  });

  it('raises unexpected EOF when skipping data', async () => {
    const bytes = await writeArchive([{ header: { name: 'a', typeflag: TypeReg }, content: 'x'.repeat(600) }]);
    const reader = new TarReader(Readable.from([bytes.subarray(0, 700)]));
    await reader.next();

    await expect(reader.next()).rejects.toBe(ErrUnexpectedEOF);
  });

  it('rejects a bad checksum', async () => {
    const bytes = await writeArchive([{ header: { name: 'a', typeflag: TypeReg } }]);
    bytes[0] = 0x62;
    const reader = new TarReader(Readable.from([bytes]));

    await expect(reader.next()).rejects.toBe(ErrHeader);
    expect(ErrHeader.message).toBe('archive/tar: invalid tar header');
  });

  it('accepts a signed checksum', async () => {
    const bytes = await writeArchive([{ header: { name: 'a', typeflag: TypeReg } }]);
    // A name byte >= 0x80 makes the signed and unsigned sums differ.
    bytes[1] = 0xe9;
    let signed = 0;

    for (let i = 0; i < 512; i++) {
      const byte = i >= 148 && i < 156 ? 0x20 : bytes[i]!;
      signed += byte >= 0x80 ? byte - 256 : byte;
    }

    bytes.write(`${signed.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const reader = new TarReader(Readable.from([bytes]));

    expect((await reader.next())!.typeflag).toBe(TypeReg);
  });

  it('ends at a single zero block', async () => {
    const reader = new TarReader(Readable.from([Buffer.alloc(512)]));

    expect(await reader.next()).toBeUndefined();
    expect(await reader.next()).toBeUndefined();
  });

  it('rejects data after one zero block', async () => {
    const bytes = Buffer.alloc(1024);
    bytes[600] = 1;
    const reader = new TarReader(Readable.from([bytes]));

    await expect(reader.next()).rejects.toBe(ErrHeader);
  });

  it('reads PAX times, ids and xattrs', async () => {
    const records =
      formatPAXRecord('mtime', '1500000000.25') +
      formatPAXRecord('uid', '70000000') +
      formatPAXRecord('uname', 'someone') +
      formatPAXRecord('SCHILY.xattr.user.key', 'value');
    const bytes = await writeArchive([
      { header: { name: 'PaxHeaders.0/a', typeflag: TypeXHeader }, content: records },
      { header: { name: 'a', typeflag: TypeReg } },
    ]);
    const [entry] = await readAll(bytes);

    expect(entry!.header.modTime).toEqual(new Date(1_500_000_000_250));
    expect(entry!.header.uid).toBe(70000000);
    expect(entry!.header.uname).toBe('someone');
    expect(entry!.header.xattrs).toEqual({ 'user.key': 'value' });
  });

  it('rejects a malformed PAX record', async () => {
    const bytes = await writeArchive([
      { header: { name: 'PaxHeaders.0/a', typeflag: TypeXHeader }, content: '99 path=a\n' },
      { header: { name: 'a', typeflag: TypeReg } },
    ]);
    const reader = new TarReader(Readable.from([bytes]));

    await expect(reader.next()).rejects.toBe(ErrHeader);
  });

  it('expands an old GNU sparse file', async () => {
    // Hand-built 'S' header: real size 10, one fragment of 2 bytes at offset 4.
    const block = Buffer.alloc(512);
    block.write('sparse', 0, 'latin1');
    block.write('0000644\0', 100, 'latin1');
    block.write('0000000\0', 108, 'latin1');
    block.write('0000000\0', 116, 'latin1');
    block.write('00000000002\0', 124, 'latin1');
    block.write('00000000000\0', 136, 'latin1');
    block[156] = 0x53;
    block.write('ustar  \0', 257, 'latin1');
    block.write('00000000004\0', 386, 'latin1');
    block.write('00000000002\0', 398, 'latin1');
    block.write('00000000012\0', 483, 'latin1');
    let sum = 0;

    for (let i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
    }

    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const data = Buffer.alloc(512);
    data.write('ab');
    const reader = new TarReader(Readable.from([Buffer.concat([block, data, Buffer.alloc(1024)])]));
    const header = await reader.next();

    expect(header!.size).toBe(10);
    expect([...(await reader.readAll())]).toEqual([0, 0, 0, 0, 0x61, 0x62, 0, 0, 0, 0]);
    expect(await reader.next()).toBeUndefined();
  });
});
