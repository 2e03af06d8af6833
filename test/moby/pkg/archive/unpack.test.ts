import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newHeader, TypeXGlobalHeader } from '../../../../src/go/archive/tar/common.ts';
import { BreakoutError, createTarFile, unpack } from '../../../../src/moby/pkg/archive/unpack.ts';
import {
  listTree,
  makeSandbox,
  outsideState,
  tarOf,
  UNTOUCHED,
  type Sandbox,
  type TestEntry,
} from '../chrootarchive/helpers.ts';

/**
 * Unpack without a sandbox, as Docker's archive.Untar runs it outside a
 * chroot. Expected outcomes were recorded by running Docker 17.03.0-ce's
 * archive.Untar on the same entries; `TMP` is the sandbox's base dir.
 */
interface Case {
  name: string;
  entries: TestEntry[];
  error?: string;
  breakout?: boolean;
  tree: string[];
}

const cases: Case[] = [
  {
    name: 'file named ../victim/dotdot',
    entries: [{ name: '../victim/dotdot' }],
    error: '"../victim/dotdot" is outside of "TMP/dest"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'file named /../victim/slash-dotdot',
    entries: [{ name: '/../victim/slash-dotdot' }],
    tree: ['. d 755', 'victim d 755', 'victim/slash-dotdot f 644'],
  },
  {
    name: 'hard link to symlink',
    entries: [
      { name: 'symlink1', type: 'symlink', linkname: 'regfile' },
      { name: 'symlink2', type: 'link', linkname: 'symlink1' },
      { name: 'regfile' },
    ],
    tree: ['. d 755', 'regfile f 644', 'symlink1 l regfile', 'symlink2 l regfile'],
  },
  {
    name: 'hard link to ../victim/hello',
    entries: [{ name: 'dotdot', type: 'link', linkname: '../victim/hello' }],
    error: 'invalid hardlink "TMP/victim/hello" -> "../victim/hello"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'hard link to /../victim/hello',
    entries: [{ name: 'slash-dotdot', type: 'link', linkname: '/../victim/hello' }],
    error: 'invalid hardlink "TMP/victim/hello" -> "/../victim/hello"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'hard link to ../victim',
    entries: [
      { name: 'loophole-victim', type: 'link', linkname: '../victim', mode: 0o755 },
      { name: 'loophole-victim/file' },
    ],
    error: 'invalid hardlink "TMP/victim" -> "../victim"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'symlink to ../victim/hello',
    entries: [{ name: 'dotdot', type: 'symlink', linkname: '../victim/hello' }],
    error: 'invalid symlink "TMP/dest/dotdot" -> "../victim/hello"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'symlink to /../victim/hello',
    entries: [{ name: 'slash-dotdot', type: 'symlink', linkname: '/../victim/hello' }],
    error: 'invalid symlink "TMP/dest/slash-dotdot" -> "/../victim/hello"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'symlink to ../victim',
    entries: [
      { name: 'loophole-victim', type: 'symlink', linkname: '../victim', mode: 0o755 },
      { name: 'loophole-victim/file' },
    ],
    error: 'invalid symlink "TMP/dest/loophole-victim" -> "../victim"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'dir/loophole symlink to ../../victim',
    entries: [
      { name: 'dir/loophole', type: 'symlink', linkname: '../../victim', mode: 0o755 },
      { name: 'dir/loophole/newdir/newfile' },
    ],
    error: 'invalid symlink "TMP/dest/dir/loophole" -> "../../victim"',
    breakout: true,
    tree: ['. d 755', 'dir d 755'],
  },
  {
    name: 'file named a/../../b',
    entries: [{ name: 'a/../../b' }],
    error: '"../b" is outside of "TMP/dest"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'file named ./../x',
    entries: [{ name: './../x' }],
    error: '"../x" is outside of "TMP/dest"',
    breakout: true,
    tree: ['. d 755'],
  },
  {
    name: 'doubled slashes',
    entries: [{ name: 'a//b' }, { name: '//c' }],
    tree: ['. d 755', 'a d 755', 'a/b f 644', 'c f 644'],
  },
  {
    name: 'absolute symlink then a file under it',
    entries: [
      { name: 'abs', type: 'symlink', linkname: '/victim' },
      { name: 'abs/x', body: 'x' },
    ],
    error: 'open TMP/dest/abs/x: no such file or directory',
    tree: ['. d 755', 'abs l /victim'],
  },
  {
    name: 'hard link to missing file',
    entries: [{ name: 'h', type: 'link', linkname: 'missing' }],
    error: 'link TMP/dest/missing TMP/dest/h: no such file or directory',
    tree: ['. d 755'],
  },
  {
    name: 'file under a file',
    entries: [{ name: 'f' }, { name: 'f/g' }],
    error: 'open TMP/dest/f/g: not a directory',
    tree: ['. d 755', 'f f 644'],
  },
];

describe('unpack', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await makeSandbox();
  });

  afterEach(async () => {
    await sandbox.cleanup();
  });

  for (const testCase of cases) {
    it(testCase.name, async () => {
      let failure: unknown;

      try {
        await unpack(tarOf(testCase.entries), sandbox.dest, {});
      } catch (error) {
        failure = error;
      }

      if (testCase.error === undefined) {
        expect(failure).toBeUndefined();
      } else {
        expect((failure as Error).message).toBe(testCase.error.replaceAll('TMP', sandbox.base));
        expect(failure instanceof BreakoutError).toBe(testCase.breakout === true);
      }

      expect(await listTree(sandbox.dest)).toEqual(testCase.tree);
      expect(await outsideState(sandbox)).toEqual(UNTOUCHED);
    });
  }
});

describe('createTarFile', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await makeSandbox();
  });

  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('ignores a PAX global header', async () => {
    const hdr = newHeader({ typeflag: TypeXGlobalHeader });
    const path = join(sandbox.dest, 'pax_global_header');
    await createTarFile(path, sandbox.dest, hdr, undefined, true, undefined, false);
    expect(await listTree(sandbox.dest)).toEqual(['. d 755']);
  });

  it('rejects an unknown type flag', async () => {
    const hdr = newHeader({ name: 'z', typeflag: 0x5a });
    const path = join(sandbox.dest, 'z');
    const result = createTarFile(path, sandbox.dest, hdr, undefined, true, undefined, false);
    await expect(result).rejects.toThrow(/^Unhandled tar header type 90\n$/);
  });
});
