import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecorder, type Recorder } from '../../../../src/explorer/tracing/provider.ts';
import { untar } from '../../../../src/moby/pkg/chrootarchive/archive.ts';
import {
  listTree,
  makeSandbox,
  outsideState,
  tarOf,
  UNTOUCHED,
  type Sandbox,
  type TestEntry,
} from './helpers.ts';

/**
 * Expected outcomes were recorded by running Docker 17.03.0-ce's own
 * chrootarchive.Untar (built with Go, run as root) on the same entries.
 */
interface Case {
  name: string;
  entries: TestEntry[];
  error?: string;
  tree: string[];
}

const PREFIX = 'Error processing tar file(exit status 1): ';

const cases: Case[] = [
  // Docker's TestUntarInvalidFilenames: inside the chroot ".." stops at "/".
  {
    name: 'file named ../victim/dotdot',
    entries: [{ name: '../victim/dotdot' }],
    tree: ['. d 755', 'victim d 755', 'victim/dotdot f 644'],
  },
  {
    name: 'file named /../victim/slash-dotdot',
    entries: [{ name: '/../victim/slash-dotdot' }],
    tree: ['. d 755', 'victim d 755', 'victim/slash-dotdot f 644'],
  },
  // Docker's TestUntarHardlinkToSymlink: the hard link is a second symlink.
  {
    name: 'hard link to symlink',
    entries: [
      { name: 'symlink1', type: 'symlink', linkname: 'regfile' },
      { name: 'symlink2', type: 'link', linkname: 'symlink1' },
      { name: 'regfile' },
    ],
    tree: ['. d 755', 'regfile f 644', 'symlink1 l regfile', 'symlink2 l regfile'],
  },
  // Docker's TestUntarInvalidHardlink.
  {
    name: 'hard link to ../victim/hello',
    entries: [{ name: 'dotdot', type: 'link', linkname: '../victim/hello' }],
    error: `${PREFIX}link /victim/hello /dotdot: no such file or directory`,
    tree: ['. d 755'],
  },
  {
    name: 'hard link to /../victim/hello',
    entries: [{ name: 'slash-dotdot', type: 'link', linkname: '/../victim/hello' }],
    error: `${PREFIX}link /victim/hello /slash-dotdot: no such file or directory`,
    tree: ['. d 755'],
  },
  {
    name: 'hard link to ../victim then a file in it',
    entries: [
      { name: 'loophole-victim', type: 'link', linkname: '../victim', mode: 0o755 },
      { name: 'loophole-victim/file' },
    ],
    error: `${PREFIX}link /victim /loophole-victim: no such file or directory`,
    tree: ['. d 755'],
  },
  {
    name: 'hard link to ../victim then a symlink through it',
    entries: [
      { name: 'loophole-victim', type: 'link', linkname: '../victim', mode: 0o755 },
      { name: 'symlink', type: 'symlink', linkname: 'loophole-victim/hello' },
    ],
    error: `${PREFIX}link /victim /loophole-victim: no such file or directory`,
    tree: ['. d 755'],
  },
  {
    name: 'hard link to ../victim then a file replacing it',
    entries: [
      { name: 'loophole-victim', type: 'link', linkname: '../victim', mode: 0o755 },
      { name: 'loophole-victim' },
    ],
    error: `${PREFIX}link /victim /loophole-victim: no such file or directory`,
    tree: ['. d 755'],
  },
  // Docker's TestUntarInvalidSymlink: symlinks are stored verbatim and
  // only resolve inside dest.
  {
    name: 'symlink to ../victim/hello',
    entries: [{ name: 'dotdot', type: 'symlink', linkname: '../victim/hello' }],
    tree: ['. d 755', 'dotdot l ../victim/hello'],
  },
  {
    name: 'symlink to /../victim/hello',
    entries: [{ name: 'slash-dotdot', type: 'symlink', linkname: '/../victim/hello' }],
    tree: ['. d 755', 'slash-dotdot l /../victim/hello'],
  },
  {
    name: 'file through symlink to ../victim',
    entries: [
      { name: 'loophole-victim', type: 'symlink', linkname: '../victim', mode: 0o755 },
      { name: 'loophole-victim/file' },
    ],
    error: `${PREFIX}open /loophole-victim/file: no such file or directory`,
    tree: ['. d 755', 'loophole-victim l ../victim'],
  },
  {
    name: 'symlink through symlink to ../victim',
    entries: [
      { name: 'loophole-victim', type: 'symlink', linkname: '../victim', mode: 0o755 },
      { name: 'symlink', type: 'symlink', linkname: 'loophole-victim/hello' },
    ],
    tree: ['. d 755', 'loophole-victim l ../victim', 'symlink l loophole-victim/hello'],
  },
  {
    name: 'hard link through symlink to ../victim',
    entries: [
      { name: 'loophole-victim', type: 'symlink', linkname: '../victim', mode: 0o755 },
      { name: 'hardlink', type: 'link', linkname: 'loophole-victim/hello' },
    ],
    error: `${PREFIX}link /loophole-victim/hello /hardlink: no such file or directory`,
    tree: ['. d 755', 'loophole-victim l ../victim'],
  },
  {
    name: 'file replacing symlink to ../victim',
    entries: [
      { name: 'loophole-victim', type: 'symlink', linkname: '../victim', mode: 0o755 },
      { name: 'loophole-victim' },
    ],
    tree: ['. d 755', 'loophole-victim f 644'],
  },
  {
    name: 'new dir through dir/loophole symlink',
    entries: [
      { name: 'dir/loophole', type: 'symlink', linkname: '../../victim', mode: 0o755 },
      { name: 'dir/loophole/newdir/newfile' },
    ],
    error: `${PREFIX}chown /dir/loophole/newdir: no such file or directory`,
    tree: ['. d 755', 'dir d 755', 'dir/loophole l ../../victim'],
  },
  // Further climbs and odd names.
  {
    name: 'file named a/../../b',
    entries: [{ name: 'a/../../b', body: 'b' }],
    tree: ['. d 755', 'b f 644'],
  },
  {
    name: 'file named ./../x',
    entries: [{ name: './../x', body: 'x' }],
    tree: ['. d 755', 'x f 644'],
  },
  {
    name: 'doubled slashes',
    entries: [
      { name: 'a//b', body: 'b' },
      { name: '//c', body: 'c' },
    ],
    tree: ['. d 755', 'a d 755', 'a/b f 644', 'c f 644'],
  },
  {
    name: 'symlink replacing the root',
    entries: [
      { name: 'keep', body: 'k' },
      { name: '/', type: 'symlink', linkname: '../victim', mode: 0o777 },
    ],
    error: `${PREFIX}remove /: device or resource busy`,
    tree: ['. d 755'],
  },
  {
    name: 'symlink named ./ is skipped',
    entries: [
      { name: 'keep', body: 'k' },
      { name: './', type: 'symlink', linkname: '../victim', mode: 0o777 },
    ],
    tree: ['. d 755', 'keep f 644'],
  },
  {
    name: 'symlink chain climbing out',
    entries: [
      { name: 'l1', type: 'symlink', linkname: '../' },
      { name: 'l2', type: 'symlink', linkname: 'l1/../..' },
      { name: 'l2/victim/x', body: 'x' },
    ],
    tree: ['. d 755', 'l1 l ../', 'l2 l l1/../..', 'victim d 755', 'victim/x f 644'],
  },
  {
    name: 'absolute symlink then a file under it',
    entries: [
      { name: 'abs', type: 'symlink', linkname: '/victim' },
      { name: 'abs/x', body: 'x' },
    ],
    error: `${PREFIX}open /abs/x: no such file or directory`,
    tree: ['. d 755', 'abs l /victim'],
  },
  {
    name: 'hard link through absolute symlink',
    entries: [
      { name: 'v', type: 'symlink', linkname: '/../victim' },
      { name: 'h', type: 'link', linkname: 'v/hello' },
    ],
    error: `${PREFIX}link /v/hello /h: no such file or directory`,
    tree: ['. d 755', 'v l /../victim'],
  },
  {
    name: 'hard link to missing file',
    entries: [{ name: 'h', type: 'link', linkname: 'missing' }],
    error: `${PREFIX}link /missing /h: no such file or directory`,
    tree: ['. d 755'],
  },
  {
    name: 'file under a file',
    entries: [{ name: 'f' }, { name: 'f/g' }],
    error: `${PREFIX}open /f/g: not a directory`,
    tree: ['. d 755', 'f f 644'],
  },
  {
    name: 'symlink loop',
    entries: [
      { name: 'a', type: 'symlink', linkname: 'b' },
      { name: 'b', type: 'symlink', linkname: 'a' },
      { name: 'a/x' },
    ],
    error: `${PREFIX}open /a/x: too many levels of symbolic links`,
    tree: ['. d 755', 'a l b', 'b l a'],
  },
  {
    name: 'directory replacing symlink',
    entries: [
      { name: 'd', type: 'symlink', linkname: '../victim' },
      { name: 'd/', type: 'directory', mode: 0o755 },
    ],
    tree: ['. d 755', 'd d 755'],
  },
  {
    name: 'modes with setuid and read-only dir',
    entries: [
      { name: 'd/', type: 'directory', mode: 0o555 },
      { name: 'd/f', mode: 0o400, body: 'x' },
      { name: 's', mode: 0o6755 },
    ],
    tree: ['. d 755', 'd d 555', 'd/f f 400', 's f 6755'],
  },
];

describe('untar', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await makeSandbox();
  });

  afterEach(async () => {
    await sandbox.cleanup();
  });

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const result = untar(tarOf(testCase.entries), sandbox.dest);

      if (testCase.error === undefined) {
        await expect(result).resolves.toBeUndefined();
      } else {
        await expect(result).rejects.toThrow(testCase.error);
      }

      expect(await listTree(sandbox.dest)).toEqual(testCase.tree);
      expect(await outsideState(sandbox)).toEqual(UNTOUCHED);
    });
  }

  it('rejects a missing archive', async () => {
    await expect(untar(undefined, sandbox.dest)).rejects.toThrow('Empty archive');
  });

  it('creates a missing dest', async () => {
    const dest = join(sandbox.dest, 'new', 'dir');
    await untar(tarOf([{ name: 'a', body: 'abc' }]), dest);
    expect(await readFile(join(dest, 'a'), 'utf8')).toBe('abc');
  });

  it('extracts a gzip archive', async () => {
    await untar(tarOf([{ name: 'a', body: 'abc' }]).pipe(createGzip()), sandbox.dest);
    expect(await readFile(join(sandbox.dest, 'a'), 'utf8')).toBe('abc');
  });

  it('accepts an empty archive', async () => {
    await untar(Readable.from([Buffer.alloc(10240)]), sandbox.dest);
    expect(await listTree(sandbox.dest)).toEqual(['. d 755']);
  });

  it('drains input after the end marker', async () => {
    const padded = Readable.from([Buffer.alloc(1024), Buffer.alloc(64 * 1024)]);
    await untar(padded, sandbox.dest);
    expect(padded.readableEnded).toBe(true);
  });
});

describe('untar span', () => {
  let recorder: Recorder;
  let sandbox: Sandbox;

  beforeEach(async () => {
    recorder = startRecorder({ seed: 'test' });
    sandbox = await makeSandbox();
  });

  afterEach(async () => {
    await recorder.shutdown();
    await sandbox.cleanup();
  });

  it('counts entries and records a rejection', async () => {
    const entries: TestEntry[] = [
      { name: 'a', body: 'a' },
      { name: 'h', type: 'link', linkname: 'missing' },
    ];
    await expect(untar(tarOf(entries), sandbox.dest)).rejects.toThrow(PREFIX);

    const span = recorder.spans().find((candidate) => candidate.name === 'untar')!;
    expect(span.attributes['dockhop.layer']).toBe('archive');
    expect(span.attributes['dockhop.archive.entries_extracted']).toBe(1);

    const rejected = span.events.find((event) => event.name === 'dockhop.archive.entry_rejected')!;
    expect(rejected.attributes!['dockhop.archive.entry']).toBe('h');
    expect(rejected.attributes!['dockhop.archive.reason']).toBe(
      'link /missing /h: no such file or directory',
    );

    const serialized = JSON.stringify(recorder.spans().map((s) => [s.attributes, s.events]));
    expect(serialized).not.toContain(sandbox.base);
  });
});
