/**
 * Sends every upload of the catalogue in test/fixtures/uploads/build.ts to
 * the port's createFromContext. Each outcome is compared with what Docker
 * 17.03's own code did with the same bytes, recorded in
 * outcomes-17.03.json by running 17.03's CreateFromContext, chrootarchive
 * and Go 1.7's archive/tar as root (see docs/security.md).
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { getHTTPErrorStatusCode } from '../../../src/moby/api/server/httputils/errors.ts';
import { Manager } from '../../../src/moby/plugin/manager.ts';
import { Store } from '../../../src/moby/plugin/store.ts';
import { CANARY_FILE, UPLOAD_CASES, validUpload } from '../../fixtures/uploads/build.ts';
import { describeTree, summariseState, type StateSummary } from '../../fixtures/uploads/observe.ts';

interface RecordedOutcome {
  /** The error text, with the case's base dir written as `$BASE`. */
  error?: string;
  /** The status GetHTTPErrorStatusCode gave for that error. */
  status?: number;
  diffID?: string;
  tree?: string[];
  state: StateSummary;
}

const OUTCOMES: Record<string, RecordedOutcome> = JSON.parse(
  readFileSync(new URL('../../fixtures/uploads/outcomes-17.03.json', import.meta.url), 'utf8'),
);

const NAME = 'hostile/test';

/**
 * Cases where the port's outcome is known to differ from 17.03's, with the
 * port's outcome. Empty: every recorded case matches.
 */
const PORT_DIFFERENCES: Record<string, Partial<RecordedOutcome>> = {};

/** Creates a state root at `<base>/state` with a canary dir beside it. */
async function makeLayout(): Promise<{ base: string; store: Store; manager: Manager }> {
  const base = await mkdtemp(join(tmpdir(), 'dockhop-hostile-'));
  await mkdir(join(base, 'canary'));
  await writeFile(join(base, 'canary', CANARY_FILE), 'canary\n');

  const store = new Store();
  const manager = await Manager.newManager({
    store,
    root: join(base, 'state'),
    logPluginEvent: () => undefined,
    logger: { debug: () => undefined, error: () => undefined },
  });

  return { base, store, manager };
}

/** Sends the body in 16 KiB chunks, as a socket would deliver it. */
function bodyStream(body: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += 16 * 1024) {
    chunks.push(body.subarray(offset, offset + 16 * 1024));
  }
  return Readable.from(chunks);
}

async function createError(manager: Manager, body: Buffer, name = NAME): Promise<unknown> {
  try {
    await manager.createFromContext(bodyStream(body), { repoName: name });
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await manager.pendingGC;
  }
}

describe('hostile uploads', () => {
  const bases: string[] = [];

  afterEach(async () => {
    for (const base of bases.splice(0)) {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('catalogue and recorded outcomes agree', () => {
    expect(Object.keys(OUTCOMES).sort()).toEqual(UPLOAD_CASES.map((c) => c.name).sort());
  });

  for (const uploadCase of UPLOAD_CASES) {
    const expected = { ...OUTCOMES[uploadCase.name]!, ...PORT_DIFFERENCES[uploadCase.name] };
    const verdict = expected.error === undefined ? 'succeeds' : `fails with ${expected.status}`;

    it(`${uploadCase.name} ${verdict} as in 17.03`, async () => {
      const { base, store, manager } = await makeLayout();
      bases.push(base);
      const body = uploadCase.build({ canary: join(base, 'canary') });

      const error = await createError(manager, body);

      if (expected.error !== undefined) {
        expect(error).toBeInstanceOf(Error);
        const message = (error as Error).message;
        expect(message).not.toBe('');
        expect(message.split(base).join('$BASE')).toBe(expected.error);
        expect(getHTTPErrorStatusCode(error as Error)).toBe(expected.status);
        expect(store.getAll().size).toBe(0);
      } else {
        expect(error).toBeUndefined();
        const plugins = [...store.getAll().values()];
        expect(plugins).toHaveLength(1);
        const plugin = plugins[0]!;
        expect(plugin.pluginObj.config.rootfs?.diffIds).toEqual([expected.diffID]);
        expect(await describeTree(join(base, 'state', plugin.getID(), 'rootfs'))).toEqual(expected.tree);
      }

      // The state root, the canary and the root's siblings look as 17.03 left them.
      expect(await summariseState(base)).toEqual(expected.state);

      if (expected.error !== undefined) {
        // A failure leaves nothing that blocks the name.
        expect(await createError(manager, validUpload())).toBeUndefined();
        expect([...store.getAll().values()].map((p) => p.name())).toEqual([`${NAME}:latest`]);
      } else {
        expect(await createError(manager, validUpload(), 'hostile/second')).toBeUndefined();
      }
    });
  }
});

describe('concurrent creates', () => {
  it('same name: one succeeds, 19 already exist', async () => {
    const { base, store, manager } = await makeLayout();

    try {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => manager.createFromContext(bodyStream(validUpload()), { repoName: NAME })),
      );
      await manager.pendingGC;

      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(failures).toHaveLength(19);
      for (const failure of failures) {
        expect((failure.reason as Error).message).toBe(`plugin "${NAME}:latest" already exists`);
        expect(getHTTPErrorStatusCode(failure.reason as Error)).toBe(500);
      }

      const state = await summariseState(base);
      expect(store.getAll().size).toBe(1);
      expect(state.rootNames).toEqual(['<id>', 'storage', 'tmp']);
      expect(state.tmpNames).toEqual([]);
      expect(state.blobTmpNames).toEqual([]);
      expect(state.committedBlobs).toBe(2);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('different names: all 20 succeed', async () => {
    const { base, store, manager } = await makeLayout();

    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => manager.createFromContext(bodyStream(validUpload()), { repoName: `${NAME}${i}` })),
      );
      await manager.pendingGC;

      const state = await summariseState(base);
      expect(store.getAll().size).toBe(20);
      expect(state.rootNames.filter((name) => name === '<id>')).toHaveLength(20);
      expect(state.tmpNames).toEqual([]);
      expect(state.blobTmpNames).toEqual([]);
      // Same layer and config bytes, so all 20 share one layer blob and one config blob.
      expect(state.committedBlobs).toBe(2);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
