import { link, mkdir, mkdtemp, rm, symlink, utimes, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Compression,
  compressStream,
  decompressStream,
  detectCompression,
  tarWithOptions,
} from '../../../../src/moby/pkg/archive/archive.ts';
import { TarReader, type Header } from '../../../../src/go/archive/tar/index.ts';
import { startRecorder, type Recorder } from '../../../../src/explorer/tracing/provider.ts';

let root: string;

async function readEntries(archive: Readable): Promise<{ header: Header; content: string }[]> {
  const reader = new TarReader(archive);
  const entries: { header: Header; content: string }[] = [];

  for (let header = await reader.next(); header !== undefined; header = await reader.next()) {
    entries.push({ header, content: (await reader.readAll()).toString() });
  }

  return entries;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dockhop-archive-'));
  const src = join(root, 'src');
  await mkdir(join(src, 'dir', 'nested'), { recursive: true });
  await writeFile(join(src, 'a.txt'), 'hello\n');
  await chmod(join(src, 'a.txt'), 0o640);
  await writeFile(join(src, 'dir', 'nested', 'file'), 'nested\n');
  await chmod(join(src, 'dir', 'nested', 'file'), 0o755);
  await chmod(join(src, 'dir'), 0o750);
  await chmod(join(src, 'dir', 'nested'), 0o700);
  await link(join(src, 'a.txt'), join(src, 'dir', 'hard'));
  await symlink('dir/nested/file', join(src, 'link'));
});

afterEach(async () => {
  delete process.env.SOURCE_DATE_EPOCH;
  await rm(root, { recursive: true, force: true });
});

describe('tarWithOptions', () => {
  it('writes entries in lexical order', async () => {
    const entries = await readEntries(tarWithOptions(join(root, 'src'), {}));
    const names = entries.map((e) => e.header.name);

    expect(names).toEqual(['a.txt', 'dir/', 'dir/hard', 'dir/nested/', 'dir/nested/file', 'link']);
  });

  it('writes modes, types and links', async () => {
    const entries = await readEntries(tarWithOptions(join(root, 'src'), {}));
    const byName = new Map(entries.map((e) => [e.header.name, e]));

    expect(byName.get('a.txt')!.header.mode).toBe(0o100640);
    expect(byName.get('a.txt')!.header.typeflag).toBe(0x30);
    expect(byName.get('a.txt')!.content).toBe('hello\n');
    expect(byName.get('dir/')!.header.mode).toBe(0o40750);
    expect(byName.get('dir/')!.header.typeflag).toBe(0x35);
    expect(byName.get('dir/nested/')!.header.mode).toBe(0o40700);
    expect(byName.get('dir/nested/file')!.header.mode).toBe(0o100755);
    expect(byName.get('dir/nested/file')!.content).toBe('nested\n');
    expect(byName.get('dir/hard')!.header.typeflag).toBe(0x31);
    expect(byName.get('dir/hard')!.header.linkname).toBe('a.txt');
    expect(byName.get('dir/hard')!.header.size).toBe(0);
    expect(byName.get('link')!.header.typeflag).toBe(0x32);
    expect(byName.get('link')!.header.linkname).toBe('dir/nested/file');
    expect(byName.get('link')!.header.mode).toBe(0o120777);
    expect(byName.get('a.txt')!.header.uid).toBe(process.getuid!());
  });

  it('names a single file by its base name', async () => {
    const entries = await readEntries(tarWithOptions(join(root, 'src', 'a.txt'), {}));

    expect(entries.map((e) => e.header.name)).toEqual(['a.txt']);
  });

  it('prefixes ./ with includeSourceDir', async () => {
    const entries = await readEntries(tarWithOptions(join(root, 'src'), { includeSourceDir: true }));

    expect(entries.map((e) => e.header.name).slice(0, 3)).toEqual(['./', './a.txt', './dir/']);
  });

  it('clamps times to SOURCE_DATE_EPOCH', async () => {
    await utimes(join(root, 'src', 'a.txt'), 2_000_000_000, 2_000_000_000);
    process.env.SOURCE_DATE_EPOCH = '1000000000';
    const entries = await readEntries(tarWithOptions(join(root, 'src'), {}));

    for (const entry of entries) {
      expect(entry.header.modTime!.getTime()).toBe(1_000_000_000_000);
    }
  });

  it('gives the same bytes twice', async () => {
    process.env.SOURCE_DATE_EPOCH = '1000000000';
    const first = await buffer(tarWithOptions(join(root, 'src'), { compression: Compression.Gzip }));
    const second = await buffer(tarWithOptions(join(root, 'src'), { compression: Compression.Gzip }));

    expect(first.equals(second)).toBe(true);
  });

  it('gives an empty archive for a missing dir', async () => {
    // Docker 17.03 returns from the goroutine on the Lstat error and still
    // writes the trailer, so the reader sees a valid, empty archive.
    const bytes = await buffer(tarWithOptions(join(root, 'missing'), {}));

    expect(bytes.length).toBe(1024);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });

  it('rejects bzip2 output', () => {
    expect(() => tarWithOptions(join(root, 'src'), { compression: Compression.Bzip2 })).toThrow(
      'Unsupported compression format tar.bz2',
    );
  });

  it('round-trips through gzip', async () => {
    const gz = await buffer(tarWithOptions(join(root, 'src'), { compression: Compression.Gzip }));

    // Go's gzip header: magic, deflate, no flags, mtime 0, XFL 0, OS 255.
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

    const entries = await readEntries(await decompressStream(Readable.from([gz])));
    expect(entries.map((e) => e.header.name)).toEqual([
      'a.txt',
      'dir/',
      'dir/hard',
      'dir/nested/',
      'dir/nested/file',
      'link',
    ]);
  });

  it('stops when the reader is destroyed', async () => {
    const stream = tarWithOptions(join(root, 'src'), {});
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.destroy();

    expect(first.length).toBeGreaterThan(0);
  });

  describe('spans', () => {
    let recorder: Recorder;

    beforeEach(() => {
      recorder = startRecorder({ seed: 'archive' });
    });

    afterEach(async () => {
      await recorder.shutdown();
    });

    it('records entries and bytes', async () => {
      const bytes = await buffer(tarWithOptions(join(root, 'src'), {}));
      const spans = recorder.spans();
      const tar = spans.find((s) => s.name === 'tarWithOptions')!;
      const compress = spans.find((s) => s.name === 'compressStream')!;
      const written = tar.events.find((e) => e.name === 'archive.written')!;

      expect(tar.attributes['dockhop.layer']).toBe('archive');
      expect(tar.attributes['dockhop.archive.compression']).toBe('tar');
      expect(tar.attributes['dockhop.go.path']).toBe('pkg/archive/archive.go');
      expect(written.attributes!['dockhop.archive.entries']).toBe(6);
      expect(written.attributes!['dockhop.archive.bytes']).toBe(bytes.length);
      expect(compress.parentSpanContext?.spanId).toBe(tar.spanContext().spanId);
    });
  });
});

describe('detectCompression', () => {
  it('detects each magic', () => {
    expect(detectCompression(Buffer.from([0x1f, 0x8b, 0x08, 0]))).toBe(Compression.Gzip);
    expect(detectCompression(Buffer.from('BZh91AY'))).toBe(Compression.Bzip2);
    expect(detectCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))).toBe(Compression.Xz);
    expect(detectCompression(Buffer.from([0x1f, 0x8b]))).toBe(Compression.Uncompressed);
    expect(detectCompression(Buffer.from('config.json'))).toBe(Compression.Uncompressed);
  });
});

describe('decompressStream', () => {
  it('passes an empty stream through', async () => {
    const out = await decompressStream(Readable.from([]));

    expect((await buffer(out)).length).toBe(0);
  });

  it('keeps small chunks of plain input', async () => {
    const out = await decompressStream(Readable.from([Buffer.from('abc'), Buffer.from('defghijklmno')]));

    expect((await buffer(out)).toString()).toBe('abcdefghijklmno');
  });
});

describe('compressStream', () => {
  it('leaves the destination open', async () => {
    const dest = new PassThrough();
    const chunks: Buffer[] = [];
    dest.on('data', (c: Buffer) => chunks.push(c));
    const writer = compressStream(dest, Compression.Uncompressed);
    writer.end(Buffer.from('plain'));
    await new Promise((resolve) => writer.on('finish', resolve));

    expect(Buffer.concat(chunks).toString()).toBe('plain');
    expect(dest.writableEnded).toBe(false);
  });

  it('rejects xz output', () => {
    expect(() => compressStream(new PassThrough(), Compression.Xz)).toThrow(
      'Unsupported compression format tar.xz',
    );
  });
});
