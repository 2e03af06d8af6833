import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TarReader, TarWriter, TypeLink, cleanPath } from '../../../../src/go/archive/tar/index.ts';

const fixtures = new URL('../../../fixtures/daemon-17.03/', import.meta.url);

/**
 * Re-writes the `rootfs/` entries of an upload as Docker 17.03's
 * splitConfigRootFSFromTar (plugin/backend_linux.go) does and returns the
 * sha256 of the layer tar, which is the DiffID.
 */
async function layerDigest(file: string): Promise<string> {
  const reader = new TarReader(createReadStream(new URL(file, fixtures)));
  const layer = new PassThrough();
  const hash = createHash('sha256');
  layer.on('data', (chunk: Buffer) => hash.update(chunk));
  const writer = new TarWriter(layer);

  for (let hdr = await reader.next(); hdr !== undefined; hdr = await reader.next()) {
    let name = cleanPath(hdr.name);

    if (name.startsWith('/')) {
      name = name.slice(1);
    }

    const parts = name.split('/');

    if (parts[0] !== 'rootfs') {
      continue;
    }

    hdr.name = cleanPath(parts.slice(1).filter((p) => p !== '').join('/'));

    if (hdr.typeflag === TypeLink && hdr.linkname.toLowerCase().startsWith('rootfs/')) {
      hdr.linkname = hdr.linkname.slice('rootfs/'.length);
    }

    await writer.writeHeader(hdr);

    for (let chunk = await reader.read(); chunk !== null; chunk = await reader.read()) {
      await writer.write(chunk);
    }
  }

  await writer.close();
  layer.end();
  return `sha256:${hash.digest('hex')}`;
}

describe('daemon 17.03 DiffIDs', () => {
  it('matches sshfs', async () => {
    expect(await layerDigest('sshfs.tar')).toBe(
      'sha256:15cad5f5a2e12b04368d1c8a46c4278ee0d6e5212b4bda7496cd05dd017ea82a',
    );
  });

  it('matches loki', async () => {
    expect(await layerDigest('loki.tar')).toBe(
      'sha256:9eb21c5d22a4b8fb6c6d6a4582403a5870556ec151c681456de8e6382ddb6d1f',
    );
  });
});
