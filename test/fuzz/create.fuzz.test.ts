/**
 * Property test of createFromContext on mutated plugin uploads: whatever
 * the bytes, the create returns normally or rejects with a non-empty
 * Error, writes nothing outside the state root, and leaves no temp dir,
 * temp blob or unreferenced blob behind.
 *
 * The default run is short and seeded, for CI. `DOCKHOP_FUZZ_RUNS=N` sets
 * the number of cases and `DOCKHOP_FUZZ_SEED=S` the seed. With
 * `DOCKHOP_FUZZ_DUMP=DIR` every case's body and outcome is written to DIR,
 * for replaying the same bytes against another implementation.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Manager } from '../../src/moby/plugin/manager.ts';
import { Store } from '../../src/moby/plugin/store.ts';
import { CANARY_FILE, CLIMB_TO_BASE, VALID_CONFIG, tarBytes, type RawEntry } from '../fixtures/uploads/build.ts';
import { describeTree, summariseState } from '../fixtures/uploads/observe.ts';

const RUNS = Number(process.env.DOCKHOP_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.DOCKHOP_FUZZ_SEED ?? 20170301);
const DUMP_DIR = process.env.DOCKHOP_FUZZ_DUMP;

/** Stands for the canary's absolute path until a case is built. */
const CANARY_PLACEHOLDER = '<canary>';

/** Uploads the mutations start from: every entry type the create handles. */
const SEEDS: RawEntry[][] = [
  [
    { name: 'config.json', body: VALID_CONFIG },
    { name: 'rootfs/', type: '5' },
    { name: 'rootfs/bin/', type: '5' },
    { name: 'rootfs/bin/p', body: '#!/bin/sh\n', mode: 0o755 },
  ],
  [
    { name: 'config.json', body: VALID_CONFIG },
    { name: 'rootfs/etc/', type: '5' },
    { name: 'rootfs/etc/f', body: 'data\n' },
    { name: 'rootfs/etc/s', type: '2', linkname: 'f' },
    { name: 'rootfs/etc/h', type: '1', linkname: 'rootfs/etc/f' },
    { name: 'rootfs/fifo', type: '6' },
  ],
];

const TYPES = ['0', '1', '2', '3', '4', '5', '6', 'x', 'g', 'L', 'K', 'S', 'Z', '\0'];

const HOSTILE_TARGETS = [
  '..',
  '../..',
  '/',
  `${CLIMB_TO_BASE}/canary`,
  `${CLIMB_TO_BASE}/canary/${CANARY_FILE}`,
  `rootfs/${CLIMB_TO_BASE}/canary/${CANARY_FILE}`,
  CANARY_PLACEHOLDER,
  `${CANARY_PLACEHOLDER}/${CANARY_FILE}`,
  'rootfs/etc',
  'etc/s',
];

const nameArbitrary = fc.oneof(
  fc.constantFrom('rootfs/x', 'rootfs/etc/f', 'rootfs/s/x', 'rootfs', 'config.json', './rootfs/../x', 'rootfs//a'),
  fc.string({ minLength: 1, maxLength: 300 }).map((tail) => `rootfs/${tail}`),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((tail) => `rootfs/${tail}`),
);

/** A change to the entry list, before encoding. */
const entryMutation = fc.oneof(
  fc.record({ kind: fc.constant('duplicate' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), index: fc.nat(), type: fc.constantFrom(...TYPES) }),
  fc.record({ kind: fc.constant('rename' as const), index: fc.nat(), name: nameArbitrary }),
  fc.record({ kind: fc.constant('relink' as const), index: fc.nat(), target: fc.constantFrom(...HOSTILE_TARGETS) }),
  fc.record({
    kind: fc.constant('pax' as const),
    index: fc.nat(),
    key: fc.constantFrom('path', 'linkpath', 'size', 'mtime', 'uid', 'SCHILY.xattr.user.x', 'GNU.sparse.size'),
    value: fc.oneof(nameArbitrary, fc.constantFrom(...HOSTILE_TARGETS), fc.string({ maxLength: 20 })),
  }),
  fc.record({ kind: fc.constant('gnuLongName' as const), index: fc.nat(), name: nameArbitrary }),
  fc.record({
    kind: fc.constant('insert' as const),
    index: fc.nat(),
    name: nameArbitrary,
    type: fc.constantFrom(...TYPES),
    target: fc.constantFrom(...HOSTILE_TARGETS),
  }),
);

/** A change to the encoded bytes. */
const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), offset: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), offset: fc.nat() }),
  fc.record({ kind: fc.constant('repeatBlock' as const), block: fc.nat() }),
);

type EntryMutation = typeof entryMutation extends fc.Arbitrary<infer T> ? T : never;
type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never;

function applyEntryMutation(entries: RawEntry[], mutation: EntryMutation): RawEntry[] {
  const out = entries.map((entry) => ({ ...entry }));
  const index = out.length === 0 ? 0 : mutation.index % out.length;
  const target = out[index];

  switch (mutation.kind) {
    case 'duplicate':
      if (target !== undefined) {
        out.splice(index, 0, { ...target });
      }
      break;
    case 'remove':
      out.splice(index, 1);
      break;
    case 'retype':
      if (target !== undefined) {
        target.type = mutation.type;
      }
      break;
    case 'rename':
      if (target !== undefined) {
        target.name = mutation.name;
      }
      break;
    case 'relink':
      if (target !== undefined) {
        target.linkname = mutation.target;
      }
      break;
    case 'pax':
      if (target !== undefined) {
        target.pax = { ...target.pax, [mutation.key]: mutation.value };
      }
      break;
    case 'gnuLongName':
      if (target !== undefined) {
        target.gnuLongName = mutation.name;
        target.gnuMagic = true;
      }
      break;
    case 'insert':
      out.splice(index, 0, { name: mutation.name, type: mutation.type, linkname: mutation.target, body: 'ins\n' });
      break;
  }

  return out;
}

function applyByteMutation(body: Buffer, mutation: ByteMutation): Buffer {
  if (body.length === 0) {
    return body;
  }

  switch (mutation.kind) {
    case 'flip': {
      const copy = Buffer.from(body);
      copy[mutation.offset % copy.length] = mutation.value;
      return copy;
    }
    case 'cut':
      return body.subarray(0, mutation.offset % body.length);
    case 'repeatBlock': {
      const blocks = Math.floor(body.length / 512);
      const start = (mutation.block % Math.max(blocks, 1)) * 512;
      const block = body.subarray(start, start + 512);
      return Buffer.concat([body.subarray(0, start), block, body.subarray(start)]);
    }
  }
}

function withCanary(entries: RawEntry[], canary: string): RawEntry[] {
  const swap = (value: string | undefined): string | undefined => value?.split(CANARY_PLACEHOLDER).join(canary);

  return entries.map((entry) => ({
    ...entry,
    name: swap(entry.name)!,
    linkname: swap(entry.linkname),
    pax: entry.pax === undefined ? undefined : Object.fromEntries(Object.entries(entry.pax).map(([k, v]) => [k, swap(v)!])),
  }));
}

const caseArbitrary = fc.record({
  seed: fc.constantFrom(...SEEDS.keys()),
  entryMutations: fc.array(entryMutation, { maxLength: 3 }),
  byteMutations: fc.array(byteMutation, { maxLength: 2 }),
  endBlocks: fc.boolean(),
});

let dumped = 0;

describe('createFromContext fuzz', () => {
  it(`keeps its guarantees on ${RUNS} mutated uploads`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (fuzzCase) => {
        const base = await mkdtemp(join(tmpdir(), 'dockhop-fuzz-'));

        try {
          const canary = join(base, 'canary');
          await mkdir(canary);
          await writeFile(join(canary, CANARY_FILE), 'canary\n');
          const canaryBefore = await describeTree(canary);

          let entries = SEEDS[fuzzCase.seed]!;
          for (const mutation of fuzzCase.entryMutations) {
            entries = applyEntryMutation(entries, mutation);
          }

          let body = tarBytes(withCanary(entries, canary), fuzzCase.endBlocks);
          for (const mutation of fuzzCase.byteMutations) {
            body = applyByteMutation(body, mutation);
          }

          const store = new Store();
          const manager = await Manager.newManager({
            store,
            root: join(base, 'state'),
            logPluginEvent: () => undefined,
            logger: { debug: () => undefined, error: () => undefined },
          });

          let error: unknown;
          try {
            await manager.createFromContext(Readable.from([body]), { repoName: 'fuzz/test' });
          } catch (caught) {
            error = caught;
          }
          await manager.pendingGC;

          const state = await summariseState(base);
          dump(base, body, error, store);

          // A clear error or a valid plugin.
          if (error !== undefined) {
            expect(error).toBeInstanceOf(Error);
            expect((error as Error).message).not.toBe('');
            expect(store.getAll().size).toBe(0);
            expect(state.rootNames).toEqual(['storage', 'tmp']);
            expect(state.committedBlobs).toBe(0);
          } else {
            expect(store.getAll().size).toBe(1);
            expect(state.rootNames).toEqual(['<id>', 'storage', 'tmp']);
            expect(state.committedBlobs).toBe(2);
          }

          // Nothing outside the state root, nothing left over.
          expect(state.siblings).toEqual(['canary', 'state']);
          expect(await describeTree(canary)).toEqual(canaryBefore);
          expect(state.tmpNames).toEqual([]);
          expect(state.blobTmpNames).toEqual([]);
        } finally {
          await rm(base, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});

// Writes a case's body and the port's outcome for replaying elsewhere; the
// base path is kept, because absolute canary paths are part of the bytes.
function dump(base: string, body: Buffer, error: unknown, store: Store): void {
  if (DUMP_DIR === undefined) {
    return;
  }

  mkdirSync(DUMP_DIR, { recursive: true });
  dumped += 1;
  const name = String(dumped).padStart(6, '0');
  const plugin = [...store.getAll().values()][0];
  const outcome =
    error === undefined
      ? { base, diffID: plugin?.pluginObj.config.rootfs?.diffIds?.[0] }
      : { base, error: (error as Error).message.split(base).join('$BASE') };

  writeFileSync(join(DUMP_DIR, `${name}.tar`), body);
  writeFileSync(join(DUMP_DIR, `${name}.json`), JSON.stringify(outcome));
}
