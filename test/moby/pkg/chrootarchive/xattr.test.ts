import { lstat, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newHeader, TarWriter, TypeReg, TypeSymlink, type Header } from '../../../../src/go/archive/tar/index.ts';
import { untar } from '../../../../src/moby/pkg/chrootarchive/archive.ts';

async function tarOf(entries: Partial<Header>[]): Promise<Readable> {
  const out = new PassThrough();
  const bytes = buffer(out);
  const writer = new TarWriter(out);

  for (const entry of entries) {
    await writer.writeHeader(newHeader({ mode: 0o644, modTime: new Date(0), ...entry }));
  }

  await writer.close();
  out.end();
  return Readable.from([await bytes]);
}

describe('untar xattrs', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dockhop-xattr-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails on a user xattr of a symlink', async () => {
    const archive = await tarOf([
      { name: 'link', typeflag: TypeSymlink, linkname: 'target', xattrs: { 'user.note': 'x' } },
    ]);

    await expect(untar(archive, join(dir, 'dest'))).rejects.toThrow(
      'Error processing tar file(exit status 1): operation not permitted',
    );
  });

  it('accepts a user xattr of a file and one of another namespace on a symlink', async () => {
    const archive = await tarOf([
      { name: 'file', typeflag: TypeReg, xattrs: { 'user.note': 'x' } },
      { name: 'link', typeflag: TypeSymlink, linkname: 'file', xattrs: { 'trusted.note': 'x' } },
    ]);

    await untar(archive, join(dir, 'dest'));

    expect((await lstat(join(dir, 'dest/file'))).isFile()).toBe(true);
    expect(await readlink(join(dir, 'dest/link'))).toBe('file');
  });
});
