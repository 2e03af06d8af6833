import type { TraceFile } from '../trace/trace-file.ts';
import { SCENARIOS } from '../scenarios/catalog.ts';
import { commandLine, outcomeLine } from './labels.ts';
import { cell, code } from './markdown.ts';

/**
 * Writes `docs/index.md`: every rendered trace with its command, its
 * outcome in one line, and links to its diagram, walkthrough and post.
 * Built-in scenarios come first in catalog order, other traces after them
 * by name.
 */
export function writeIndex(traces: TraceFile[]): string {
  const rank = (name: string): number => {
    const index = SCENARIOS.findIndex((scenario) => scenario.name === name);
    return index === -1 ? SCENARIOS.length : index;
  };
  const sorted = [...traces].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const lines = [
    '# dockhop scenarios',
    '',
    "Each scenario runs one `docker plugin create` through dockhop's TypeScript port of Docker 17.03.0-ce and " +
      'records an OpenTelemetry trace. The pages below are generated from those traces by ' +
      '`node bin/dockhop.js trace --all`; [architecture.md](architecture.md) explains how.',
    '',
    '| scenario | command | outcome | pages |',
    '|---|---|---|---|',
  ];

  for (const trace of sorted) {
    const links = [
      `[diagram](${trace.name}/sequence.svg)`,
      `[walkthrough](${trace.name}/walkthrough.md)`,
      `[post](${trace.name}/post.md)`,
    ].join(' · ');
    lines.push(`| ${code(trace.name)} | ${cell(code(commandLine(trace)))} | ${cell(outcomeLine(trace))} | ${links} |`);
  }

  return `${lines.join('\n')}\n`;
}
