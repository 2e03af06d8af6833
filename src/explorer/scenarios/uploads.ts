import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { newHeader, TarWriter, TypeDir, TypeLink, TypeReg, TypeSymlink, type Header } from '../../go/archive/tar/index.ts';

/** One entry of a hand-built upload: a header and, for files, its content. */
interface UploadEntry {
  header: Partial<Header>;
  content?: string;
}

/** A config.json small enough to read in a diagram, valid for Docker 17.03. */
const CONFIG = JSON.stringify({
  description: 'dockhop hostile upload',
  entrypoint: ['/bin/true'],
  interface: { socket: 'x.sock', types: ['docker.volumedriver/1.0'] },
});

/** Fixed time for every entry, so the uploads are the same bytes on every run. */
const MOD_TIME = new Date('2017-03-01T00:00:00Z');

/**
 * Builds an upload body the docker CLI would never send: a tar written
 * entry by entry, as an attacker talking to the API directly could.
 */
export async function buildUpload(entries: UploadEntry[]): Promise<Buffer> {
  const out = new PassThrough();
  const collected = buffer(out);
  const writer = new TarWriter(out);

  for (const entry of [
    { header: { name: 'config.json', typeflag: TypeReg, mode: 0o644 }, content: CONFIG },
    { header: { name: 'rootfs/', typeflag: TypeDir, mode: 0o755 } },
    ...entries,
  ]) {
    const content = Buffer.from(entry.content ?? '');
    await writer.writeHeader(newHeader({ modTime: MOD_TIME, size: content.length, ...entry.header }));
    if (content.length > 0) {
      await writer.write(content);
    }
  }

  await writer.close();
  out.end();
  return collected;
}

/** The hostile uploads the `hostile-*` scenarios send, by name. */
export const HOSTILE_UPLOADS: Record<string, UploadEntry[]> = {
  // A name that climbs out of rootfs/ after the split strips the prefix.
  'dotdot-path': [{ header: { name: 'rootfs/../../../escaped', typeflag: TypeReg, mode: 0o644 }, content: 'x\n' }],

  // A symlink to / followed by a file written through it.
  'symlink-escape': [
    { header: { name: 'rootfs/up', typeflag: TypeSymlink, linkname: '/', mode: 0o777 } },
    { header: { name: 'rootfs/up/tmp/escaped', typeflag: TypeReg, mode: 0o644 }, content: 'x\n' },
  ],

  // A hard link to a file of the host.
  'hardlink-outside': [{ header: { name: 'rootfs/passwd', typeflag: TypeLink, linkname: '/etc/passwd', mode: 0o644 } }],
};

/** Returns the bytes of a named hostile upload as a stream. */
export async function hostileUpload(name: string): Promise<Readable> {
  const entries = HOSTILE_UPLOADS[name];

  if (entries === undefined) {
    throw new Error(`unknown hostile upload ${name}`);
  }

  return Readable.from([await buildUpload(entries)]);
}
