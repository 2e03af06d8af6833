import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExcerptFinder } from '../../../src/explorer/render/excerpt.ts';
import { buildSequence, type SequenceDiagram } from '../../../src/explorer/render/sequence.ts';
import { resolveSources } from '../../../src/explorer/render/sources.ts';
import { writeWalkthrough } from '../../../src/explorer/render/walkthrough.ts';
import { writePost } from '../../../src/explorer/render/post.ts';
import { REPO_ROOT } from '../../../src/explorer/tracing/source-index.ts';
import type { TraceFile } from '../../../src/explorer/trace/trace-file.ts';
import { committedTrace } from './helpers.ts';

let trace: TraceFile;
let diagram: SequenceDiagram;
let walkthrough: string;
let sections: Map<string, string>;

beforeAll(async () => {
  trace = await committedTrace('create');
  diagram = buildSequence(trace, { detail: 'hops', theme: 'default' });
  walkthrough = writeWalkthrough(trace, diagram, resolveSources(trace, new ExcerptFinder()), 'traces/create.json');
  sections = splitSections(walkthrough);
});

/** Splits the walkthrough at its step anchors: section number → text. */
function splitSections(text: string): Map<string, string> {
  const parts = text.split(/<a id="step-([0-9-]+)"><\/a>/);
  const result = new Map<string, string>();

  for (let index = 1; index < parts.length; index += 2) {
    result.set(parts[index]!.replace(/-/g, '.'), parts[index + 1]!);
  }

  return result;
}

describe('walkthrough of create', () => {
  it('has one section per span', () => {
    expect(sections.size).toBe(trace.spans.length);
    expect([...sections.keys()]).toEqual(diagram.hops.map((hop) => hop.number));
  });

  it('names every span in its heading', () => {
    for (const hop of diagram.hops) {
      expect(sections.get(hop.number), hop.number).toContain(`\`${hop.span.attributes['code.function']}\``);
    }
  });

  it('has an excerpt for every span', () => {
    for (const hop of diagram.hops) {
      const text = sections.get(hop.number)!;
      const location = `TypeScript port, \`${String(hop.span.attributes['code.filepath'])}\`, lines `;
      const hasCode = text.includes('```ts\n');
      const pointsToCode = /shown in \[step ([0-9.]+)\]\(#step-[0-9-]+\)/.exec(text);

      expect(text, hop.number).toContain(location);
      expect(hasCode || pointsToCode !== null, `section ${hop.number} has or links an excerpt`).toBe(true);

      if (!hasCode) {
        expect(sections.get(pointsToCode![1]!), `section ${pointsToCode![1]}`).toContain('```ts\n');
      }
    }
  });

  it('has a Go permalink for every ported span', () => {
    for (const hop of diagram.hops) {
      const text = sections.get(hop.number)!;
      const goPath = hop.span.attributes['dockhop.go.path'];

      if (hop.span.name === 'interceptDaemonRequest') {
        expect(goPath).toBeUndefined();
        expect(text).toContain("dockhop's own hop");
        continue;
      }

      const [start, end] = String(hop.span.attributes['dockhop.go.lines']).split('-');
      expect(text, hop.number).toContain(`](https://github.com/moby/moby/blob/v17.03.0-ce/${String(goPath)}#L${start}-L${end})`);
    }
  });

  it('quotes runCreate from declaration to closing brace', async () => {
    const source = (await readFile(join(REPO_ROOT, 'src/moby/cli/command/plugin/create.ts'), 'utf8')).split('\n');
    const declaration = source.findIndex((line) => line.startsWith('export async function runCreate(')) + 1;
    const closing = source.findIndex((line, index) => index >= declaration && line === '}') + 1;
    const text = [...sections.values()].find((section) => section.includes('· `runCreate`'))!;
    const block = /```ts\n([\s\S]*?)\n```/.exec(text)![1]!.split('\n');

    expect(declaration).toBeGreaterThan(0);
    expect(text).toContain(`\`src/moby/cli/command/plugin/create.ts\`, lines ${declaration}–${closing}:`);
    expect(block[0]).toBe(source[declaration - 1]);
    expect(block.at(-1)).toBe('}');
    expect(block).toEqual(source.slice(declaration - 1, closing));
  });

  it('embeds the diagram and links the SVG', () => {
    expect(walkthrough).toContain(`\`\`\`mermaid\n${diagram.text}\`\`\``);
    expect(walkthrough).toContain('](sequence.svg)');
  });

  it('shows the values on the span', () => {
    expect(walkthrough).toContain('| `http.request.body.size` | `11264` |');
    expect(walkthrough).toContain('`docker.event.action` = `create`');
    expect(walkthrough).toContain('`rootfs/docker-volume-sshfs`');
  });
});

describe('walkthrough of failures', () => {
  it('duplicate-name says where the error started', async () => {
    const failed = await committedTrace('duplicate-name');
    const failedDiagram = buildSequence(failed, { detail: 'hops', theme: 'default' });
    const text = writeWalkthrough(failed, failedDiagram, resolveSources(failed, new ExcerptFinder()), 'traces/duplicate-name.json');

    expect(text).toContain('The error started at [step 7](#step-7), `Store.validateName` in the plugin store');
    expect(text).toContain('`doRequest` (API client): returned it as `Error response from daemon: plugin "vieux/sshfs:latest" already exists`');
    expect(text).toContain('and a message with none of them, like this one, gives 500');
  });

  it('create-compressed explains the missing decompression', async () => {
    const failed = await committedTrace('create-compressed');
    const text = writeWalkthrough(
      failed,
      buildSequence(failed, { detail: 'hops', theme: 'default' }),
      resolveSources(failed, new ExcerptFinder()),
      'traces/create-compressed.json',
    );

    expect(text).toContain('**Why `--compress` fails.**');
    expect(text).toContain("daemon never decompresses the upload");
  });
});

describe('post of create', () => {
  it('has front matter and one section per layer', () => {
    const post = writePost(trace, diagram, resolveSources(trace, new ExcerptFinder()), 1488326400);
    const headings = post.split('\n').filter((line) => line.startsWith('## '));

    expect(post.startsWith('---\ntitle: "What `docker plugin create vieux/sshfs examples/sshfs` does, hop by hop"\ndate: 2017-03-01\ntags: [')).toBe(true);
    expect(headings).toEqual([
      '## The docker CLI',
      '## The API client',
      '## The msw hop',
      '## The API server',
      '## The plugin manager',
      '## The archive',
      '## The blob store',
      '## The plugin store',
      '## Try it',
    ]);
    expect(post.match(/```ts\n/g)).toHaveLength(8);
    expect(post).toContain('(https://github.com/moby/moby/blob/v17.03.0-ce/plugin/backend_linux.go#L626-L725)');
  });
});
