import { copyFile, mkdir, readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTraces } from '../../../src/explorer/render/render-traces.ts';
import { SCENARIOS } from '../../../src/explorer/scenarios/catalog.ts';
import { DEFAULT_SOURCE_DATE_EPOCH, runScenario } from '../../../src/explorer/scenarios/run.ts';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';

let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'dockhop-regenerate-'));

  for (const scenario of SCENARIOS) {
    await runScenario(scenario, out);
  }

  // The committed index links architecture.md because it sits in docs/.
  await mkdir(join(out, 'docs'), { recursive: true });
  await copyFile(join(REPO_ROOT, 'docs/architecture.md'), join(out, 'docs/architecture.md'));

  await renderTraces(
    SCENARIOS.map((scenario) => join(out, 'traces', `${scenario.name}.json`)),
    {
      outDir: out,
      detail: 'hops',
      theme: 'default',
      formats: [],
      sourceDateEpoch: Number(DEFAULT_SOURCE_DATE_EPOCH),
      // The committed docs are rendered from the repository root, which contains traces/ as `out` does.
      pathsRelativeTo: out,
    },
  );
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('committed docs', () => {
  it('index matches a fresh render', async () => {
    expect(await readFile(join(out, 'docs/index.md'), 'utf8')).toBe(await readFile(join(REPO_ROOT, 'docs/index.md'), 'utf8'));
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name} matches a fresh render`, async () => {
      const files = (await readdir(join(out, 'docs', scenario.name))).filter((name) => /\.(mmd|md)$/.test(name)).sort();

      expect(files).toEqual(['post.md', 'sequence.mmd', 'walkthrough.md']);
      for (const name of files) {
        const fresh = await readFile(join(out, 'docs', scenario.name, name), 'utf8');
        const committed = await readFile(join(REPO_ROOT, 'docs', scenario.name, name), 'utf8');
        expect(fresh, `docs/${scenario.name}/${name}; run \`node bin/dockhop.js trace --all\``).toBe(committed);
      }
    });
  }
});
