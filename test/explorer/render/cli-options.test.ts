import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/explorer/cli/main.ts';
import { traceNameOf } from '../../../src/explorer/cli/docker-command.ts';
import { parseFormats } from '../../../src/explorer/render/browser.ts';
import { writeIndex } from '../../../src/explorer/render/index-page.ts';
import { writePost } from '../../../src/explorer/render/post.ts';
import { renderTraces } from '../../../src/explorer/render/render-traces.ts';
import { buildSequence } from '../../../src/explorer/render/sequence.ts';
import { ExcerptFinder } from '../../../src/explorer/render/excerpt.ts';
import { resolveSources } from '../../../src/explorer/render/sources.ts';
import { SCENARIOS } from '../../../src/explorer/scenarios/catalog.ts';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';
import { committedTrace } from './helpers.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockhop-cli-options-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the dockhop command line and returns its exit code, stdout and stderr. */
async function runCaptured(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

  try {
    const code = await run(argv);
    return {
      code,
      stdout: stdout.mock.calls.map((call) => String(call[0])).join(''),
      stderr: stderr.mock.calls.map((call) => String(call[0])).join(''),
    };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('--format', () => {
  it('none alone renders no images', () => {
    expect(parseFormats('none')).toEqual([]);
    expect(parseFormats('svg, png,svg')).toEqual(['svg', 'png']);
  });

  it('rejects none mixed with formats', () => {
    expect(() => parseFormats('none,svg')).toThrow('--format none,svg mixes none with image formats');
  });

  it('rejects an empty list', () => {
    expect(() => parseFormats('')).toThrow('--format is empty');
    expect(() => parseFormats(' , ')).toThrow('--format is empty');
    expect(() => parseFormats('svg,')).toThrow('--format "svg," has an empty entry');
  });

  it('render exits 2 on none,svg', async () => {
    const result = await runCaptured(['render', '--out-dir', dir, '--format', 'none,svg', join(REPO_ROOT, 'traces/create.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mixes none with image formats');
    expect(existsSync(join(dir, 'docs'))).toBe(false);
  });
});

describe('scenarios command', () => {
  it('keeps two spaces after the longest name', async () => {
    const result = await runCaptured(['scenarios']);
    const lines = result.stdout.trimEnd().split('\n');
    const longest = Math.max(...SCENARIOS.map((scenario) => scenario.name.length));

    expect(lines).toHaveLength(SCENARIOS.length);
    SCENARIOS.forEach((scenario, index) => {
      expect(lines[index]).toBe(`${scenario.name.padEnd(longest + 2)}${scenario.summary}`);
    });
    expect(lines.find((line) => line.startsWith('hostile-hardlink-outside'))).toContain('hostile-hardlink-outside  a raw upload');
  });
});

describe('docker trace names', () => {
  it('come from the trace file', () => {
    expect(traceNameOf('/tmp/my-trace.json')).toBe('my-trace');
    expect(traceNameOf('runs/second run.JSON')).toBe('second-run');
    expect(traceNameOf('.hidden.json')).toBe('hidden');
    expect(traceNameOf('dockhop-trace.json')).toBe('dockhop-trace');
    expect(traceNameOf('---.json')).toBe('docker');
  });
});

describe('index of other traces', () => {
  async function userTrace(name: string): Promise<string> {
    const trace = await committedTrace('create');
    trace.name = name;
    trace.description = 'the ported docker CLI in process';
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(trace));
    return file;
  }

  it('repository index is left alone', async () => {
    const out = join(dir, 'as-repository');
    const result = await renderTraces([await userTrace('my-trace')], {
      outDir: out,
      detail: 'hops',
      theme: 'default',
      formats: [],
      scenarioIndexOnly: true,
    });

    expect(existsSync(join(out, 'docs/my-trace/walkthrough.md'))).toBe(true);
    expect(existsSync(join(out, 'docs/index.md'))).toBe(false);
    expect(result.indexSkipped).toContain('lists the built-in scenarios only');
  });

  it('repository index lists scenarios only', async () => {
    const out = join(dir, 'as-repository-mixed');
    await renderTraces([join(REPO_ROOT, 'traces/create.json'), await userTrace('mine')], {
      outDir: out,
      detail: 'hops',
      theme: 'default',
      formats: [],
      scenarioIndexOnly: true,
    });
    const index = await readFile(join(out, 'docs/index.md'), 'utf8');

    expect(index).toContain('| `create` |');
    expect(index).not.toContain('| `mine` |');
  });

  it('scenario name clash is rejected', async () => {
    const out = join(dir, 'clash');

    await expect(
      renderTraces([await userTrace('create')], { outDir: out, detail: 'hops', theme: 'default', formats: [], scenarioIndexOnly: true }),
    ).rejects.toThrow('trace create is not the built-in scenario of that name, so rendering it here would overwrite docs/create/');
    expect(existsSync(join(out, 'docs'))).toBe(false);
  });

  it('other folders index every trace', async () => {
    const out = join(dir, 'elsewhere');
    await renderTraces([await userTrace('my-trace')], { outDir: out, detail: 'hops', theme: 'default', formats: [] });

    expect(await readFile(join(out, 'docs/index.md'), 'utf8')).toContain('| `my-trace` |');
  });

  it('index of other traces says what they are', async () => {
    const out = join(dir, 'elsewhere-intro');
    await renderTraces([await userTrace('my-trace')], { outDir: out, detail: 'hops', theme: 'default', formats: [] });
    const index = await readFile(join(out, 'docs/index.md'), 'utf8');

    expect(index.startsWith('# dockhop traces\n')).toBe(true);
    expect(index).toContain('The pages were generated from the trace files by `dockhop render`.');
    expect(index).toContain('| trace | command or request | outcome | pages |');
    expect(index).not.toContain('dockhop scenarios');
    expect(index).not.toContain('trace --all');
    expect(index).not.toContain('architecture.md');
  });

  it('scenario index links architecture.md only when present', async () => {
    const out = join(dir, 'scenarios-elsewhere');
    await renderTraces([join(REPO_ROOT, 'traces/create.json')], { outDir: out, detail: 'hops', theme: 'default', formats: [] });
    const index = await readFile(join(out, 'docs/index.md'), 'utf8');

    expect(index.startsWith('# dockhop scenarios\n')).toBe(true);
    expect(index).toContain('`node bin/dockhop.js trace --all`.');
    expect(index).not.toContain('architecture.md');
  });
});

describe('labels of raw uploads', () => {
  it('index names the upload, not docker', async () => {
    const index = writeIndex([await committedTrace('hostile-dotdot')], { architecture: true });

    expect(index).toContain(
      '| `hostile-dotdot` | `raw upload: POST /v1.26/plugins/create?name=hostile%2Fdotdot (hand-built tar)` | HTTP 204 No Content |',
    );
  });

  it('post title names the upload', async () => {
    const trace = await committedTrace('hostile-dotdot');
    const post = writePost(
      trace,
      buildSequence(trace, { detail: 'hops', theme: 'default' }),
      resolveSources(trace, new ExcerptFinder()),
      1488326400,
    );

    expect(post).toContain('title: "What `raw upload: POST /v1.26/plugins/create?name=hostile%2Fdotdot (hand-built tar)` does, hop by hop"');
    expect(post).toContain('run `node bin/dockhop.js trace hostile-dotdot`');
  });

  it('post of create says Initialize pings', async () => {
    const trace = await committedTrace('create');
    const post = writePost(
      trace,
      buildSequence(trace, { detail: 'hops', theme: 'default' }),
      resolveSources(trace, new ExcerptFinder()),
      1488326400,
    );

    expect(post).toContain("17.03's `DockerCli.Initialize` calls `client.Ping`, which sends `GET /_ping`");
    expect(post).not.toContain('first sends `GET /_ping`');
  });
});
