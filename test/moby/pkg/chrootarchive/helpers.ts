import { mkdtemp, mkdir, readFile, readdir, lstat, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tarStream from 'tar-stream';

/** A tar entry for a test archive, in tar-stream's terms. */
export interface TestEntry {
  name: string;
  type?: 'file' | 'link' | 'symlink' | 'directory' | 'fifo' | 'character-device';
  linkname?: string;
  mode?: number;
  body?: string;
  devmajor?: number;
  devminor?: number;
}

/** A temp dir holding `dest` (the extraction target) and `victim/hello` beside it. */
export interface Sandbox {
  base: string;
  dest: string;
  cleanup(): Promise<void>;
}

export const HELLO = 'hello from outside dest\n';

export async function makeSandbox(): Promise<Sandbox> {
  const base = await mkdtemp(join(tmpdir(), 'dockhop-unpack-'));
  const dest = join(base, 'dest');
  await mkdir(dest, { mode: 0o755 });
  await mkdir(join(base, 'victim'), { mode: 0o755 });
  await writeFile(join(base, 'victim', 'hello'), HELLO, { mode: 0o644 });
  return { base, dest, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Builds an uncompressed tar stream from entries. */
export function tarOf(entries: TestEntry[]): Readable {
  const pack = tarStream.pack();

  for (const entry of entries) {
    pack.entry(
      {
        name: entry.name,
        type: entry.type ?? 'file',
        linkname: entry.linkname,
        mode: entry.mode ?? 0o644,
        mtime: new Date(1_500_000_000_000),
        devmajor: entry.devmajor,
        devminor: entry.devminor,
      },
      entry.body ?? '',
    );
  }

  pack.finalize();
  return Readable.from(pack);
}

/**
 * Lists a tree as `path type mode [link target]` lines, sorted, with
 * `d`, `f`, `l`, `p`, `c` types like find's %y.
 */
export async function listTree(root: string): Promise<string[]> {
  const lines: string[] = [];

  async function walk(relative: string): Promise<void> {
    const absolute = relative === '' ? root : join(root, relative);
    const stats = await lstat(absolute);
    const mode = (stats.mode & 0o7777).toString(8);
    const shown = relative === '' ? '.' : relative;

    if (stats.isSymbolicLink()) {
      lines.push(`${shown} l ${await readlink(absolute)}`);
    } else if (stats.isDirectory()) {
      lines.push(`${shown} d ${mode}`);

      for (const name of await readdir(absolute)) {
        await walk(relative === '' ? name : `${relative}/${name}`);
      }
    } else if (stats.isFIFO()) {
      lines.push(`${shown} p ${mode}`);
    } else if (stats.isCharacterDevice()) {
      lines.push(`${shown} c ${mode}`);
    } else {
      lines.push(`${shown} f ${mode}`);
    }
  }

  await walk('');
  return lines.sort();
}

/** Reads what lies beside `dest`, to prove extraction wrote nothing there. */
export async function outsideState(sandbox: Sandbox): Promise<{ siblings: string[]; victim: string[]; hello: string }> {
  return {
    siblings: (await readdir(sandbox.base)).sort(),
    victim: (await readdir(join(sandbox.base, 'victim'))).sort(),
    hello: await readFile(join(sandbox.base, 'victim', 'hello'), 'utf8'),
  };
}

export const UNTOUCHED = { siblings: ['dest', 'victim'], victim: ['hello'], hello: HELLO };
