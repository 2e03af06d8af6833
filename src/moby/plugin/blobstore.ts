import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { traced } from '../../explorer/tracing/span.ts';
import { wrap } from '../../go/errors.ts';

/**
 * The plugin manager's content-addressed blob store under
 * `<root>/storage/blobs`: a blob is written to `tmp/.insertion…`, hashed
 * while it is written, and renamed to `sha256/<hex>` on commit.
 */
export class basicBlobStore {
  private constructor(readonly path: string) {}

  /**
   * Opens the store at `p`, creating its `tmp` folder.
   *
   * @go plugin/blobstore.go:30-36
   */
  static async newBasicBlobStore(p: string): Promise<basicBlobStore> {
    const tmpdir = join(p, 'tmp');

    try {
      await mkdir(tmpdir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw wrap(error, `failed to mkdir ${p}`);
    }

    return new basicBlobStore(p);
  }

  /**
   * Starts a new blob in a temp file.
   *
   * @go plugin/blobstore.go:38-44
   */
  new(): Promise<insertion> {
    return traced({ module: import.meta.url, function: 'basicBlobStore.new', layer: 'store' }, async (span) => {
      const name = join(this.path, 'tmp', `.insertion${randomBytes(4).readUInt32BE(0)}`);
      let file: WriteStream;

      try {
        file = createWriteStream(name, { flags: 'wx', mode: 0o600 });
        await new Promise<void>((resolve, reject) => {
          file.once('open', () => resolve());
          file.once('error', reject);
        });
      } catch (error) {
        throw wrap(error, 'failed to create temp file');
      }

      span.setAttribute('dockhop.blob.temp', 'storage/blobs/tmp/.insertion…');
      return new insertion(file, name);
    });
  }

  /** Returns the path of a committed blob (`Get` opens it in Go). */
  blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(':');
    return join(this.path, algorithm!, hex!);
  }

  /**
   * Removes every committed blob whose digest is not in `whitelist`.
   *
   * @go plugin/blobstore.go:58-73
   */
  async gc(whitelist: Set<string>, debug: (message: string) => void): Promise<void> {
    for (const alg of ['sha256']) {
      let items: string[];

      try {
        items = await readdir(join(this.path, alg));
      } catch {
        continue;
      }

      for (const name of items) {
        if (!whitelist.has(`${alg}:${name}`)) {
          const p = join(this.path, alg, name);
          const err = await rm(p, { recursive: true, force: true }).then(
            () => '<nil>',
            (error: Error) => error.message,
          );
          debug(`cleaned up blob ${p}: ${err}`);
        }
      }
    }
  }
}

/**
 * A blob being written: a writable stream into the temp file that also
 * feeds a sha256 digester, then committed under its digest or discarded.
 */
export class insertion extends Writable {
  private readonly digester: Hash = createHash('sha256');
  private done = false;

  /** @go plugin/blobstore.go:88-91 */
  constructor(
    private readonly f: WriteStream,
    private readonly name: string,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.digester.update(chunk);
    this.f.write(chunk, callback);
  }

  /**
   * Closes the temp file and renames it to `<store>/sha256/<hex>`; returns
   * the digest `sha256:<hex>`.
   *
   * @go plugin/blobstore.go:93-110
   */
  commit(): Promise<string> {
    return traced({ module: import.meta.url, function: 'insertion.commit', layer: 'store' }, async (span) => {
      const p = this.name;
      const d = join(p, '../..');

      await this.closeFile();
      this.done = true;

      const dgst = `sha256:${this.digester.digest('hex')}`;
      const hex = dgst.slice('sha256:'.length);

      try {
        await mkdir(join(d, 'sha256'), { recursive: true, mode: 0o700 });
      } catch (error) {
        throw wrap(error, `failed to mkdir ${d}`);
      }

      try {
        await rename(p, join(d, 'sha256', hex));
      } catch (error) {
        await rm(p, { force: true });
        throw wrap(error, `failed to rename ${p}`);
      }

      span.setAttribute('dockhop.blob.digest', dgst);
      return dgst;
    });
  }

  /**
   * Discards an uncommitted blob: closes and removes the temp file.
   *
   * @go plugin/blobstore.go:112-118
   */
  async close(): Promise<void> {
    if (this.done) {
      return;
    }

    this.done = true;

    try {
      await this.closeFile();
    } finally {
      await rm(this.name, { force: true });
    }
  }

  // Waits for everything written to reach the file, then closes it.
  private async closeFile(): Promise<void> {
    if (!this.writableEnded) {
      this.end();
    }
    if (!this.writableFinished) {
      await finished(this).catch(() => undefined);
    }

    this.f.end();
    await finished(this.f);
  }
}
