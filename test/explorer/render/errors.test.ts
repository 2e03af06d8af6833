import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/explorer/cli/main.ts';
import { launchBrowser } from '../../../src/explorer/render/browser.ts';
import { renderTraces, type RenderOptions } from '../../../src/explorer/render/render-traces.ts';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';
import type { TraceFile } from '../../../src/explorer/trace/trace-file.ts';
import { committedTrace } from './helpers.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockhop-render-errors-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeTrace(name: string, trace: unknown): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, typeof trace === 'string' ? trace : JSON.stringify(trace));
  return file;
}

const options: Omit<RenderOptions, 'outDir'> = { detail: 'hops', theme: 'default', formats: [] };

describe('render errors', () => {
  it('broken trace names the file and field', async () => {
    const trace = (await committedTrace('create')) as unknown as { spans: Record<string, unknown>[] };
    delete (trace.spans[3]!.attributes as Record<string, unknown>)['code.filepath'];
    const file = await writeTrace('missing-filepath', trace);

    await expect(renderTraces([file], { ...options, outDir: dir })).rejects.toThrow(
      `${file}: field spans[3].attributes["code.filepath"] is missing; expected a non-empty string`,
    );
  });

  it('invalid JSON names the file', async () => {
    const file = await writeTrace('not-json', '{"format": ');

    await expect(renderTraces([file], { ...options, outDir: dir })).rejects.toThrow(`${file}: field (whole file) is not valid JSON`);
  });

  it('unknown parent span is rejected', async () => {
    const trace = await committedTrace('create');
    trace.spans[5]!.parentSpanId = 'ffffffffffffffff';
    const file = await writeTrace('bad-parent', trace);

    await expect(renderTraces([file], { ...options, outDir: dir })).rejects.toThrow('field spans[5].parentSpanId names ffffffffffffffff');
  });

  it('unsafe trace name is rejected', async () => {
    const trace = await committedTrace('create');
    trace.name = '../escape';
    const file = await writeTrace('bad-name', trace);

    await expect(renderTraces([file], { ...options, outDir: dir })).rejects.toThrow('field name is "../escape"');
  });

  it('unknown function is named', async () => {
    const trace = await committedTrace('create');
    trace.spans[2]!.attributes['code.function'] = 'noSuchFunction';
    const file = await writeTrace('unknown-function', trace);

    await expect(renderTraces([file], { ...options, outDir: dir })).rejects.toThrow(
      'span 2 (ping): function noSuchFunction is not declared in src/moby/client/ping.ts',
    );
  });

  it('ported function without @go tag is named', async () => {
    const trace: TraceFile = await committedTrace('create');
    trace.spans[1]!.attributes['code.filepath'] = 'test/fixtures/render/untagged.ts';
    trace.spans[1]!.attributes['code.function'] = 'portedWithoutTag';
    const file = await writeTrace('untagged', trace);

    await expect(renderTraces([file], { ...options, outDir: dir })).rejects.toThrow(
      'ported function portedWithoutTag in test/fixtures/render/untagged.ts has no @go tag',
    );
  });

  it('missing chromium still writes mmd and md', async () => {
    const out = join(dir, 'no-browser');
    const result = await renderTraces([join(REPO_ROOT, 'traces/create.json')], {
      ...options,
      outDir: out,
      formats: ['svg', 'png'],
      launch: () => launchBrowser(join(dir, 'no-such-chromium')),
    });

    expect(result.imageError?.message).toContain('no-such-chromium not found');
    expect(result.imageError?.message).toContain('apt-get install chromium fonts-liberation fonts-noto-cjk');
    expect(await readFile(join(out, 'docs/create/sequence.mmd'), 'utf8')).toContain('sequenceDiagram');
    expect(await readFile(join(out, 'docs/create/walkthrough.md'), 'utf8')).toContain('### 1. docker CLI');
    expect(await readFile(join(out, 'docs/index.md'), 'utf8')).toContain('| `create` |');
  });
});

describe('render command', () => {
  it('unknown theme exits 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    try {
      const code = await run(['render', '--theme', 'sepia', '--format', 'none', join(REPO_ROOT, 'traces/create.json')]);
      expect(code).toBe(2);
      expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain(
        'unknown theme "sepia"; expected one of default, dark, forest, neutral',
      );
    } finally {
      stderr.mockRestore();
    }
  });

  it('broken trace exits 1 naming it', async () => {
    const file = await writeTrace('cli-broken', { format: 'dockhop-trace', version: 2 });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    try {
      const code = await run(['render', '--out-dir', dir, '--format', 'none', file]);
      expect(code).toBe(1);
      expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain(`${file}: field version is number 2; expected 1`);
    } finally {
      stderr.mockRestore();
    }
  });
});
