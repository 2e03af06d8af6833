import type { TraceFile } from '../trace/trace-file.ts';
import { SCENARIOS } from '../scenarios/catalog.ts';
import { commandLine, outcomeLine } from './labels.ts';
import { cell, code } from './markdown.ts';

/** Files the index may link to besides the rendered folders. */
export interface IndexLinks {
  /** True when `architecture.md` sits next to `index.md`. */
  architecture: boolean;
}

/**
 * Writes `docs/index.md`: every rendered trace with its command, its
 * outcome in one line, and links to its diagram, walkthrough and post.
 * Built-in scenarios come first in catalog order, other traces after them
 * by name. The title and introduction describe the built-in scenarios only
 * when every listed trace is one.
 */
export function writeIndex(traces: TraceFile[], links: IndexLinks): string {
  const rank = (name: string): number => {
    const index = SCENARIOS.findIndex((scenario) => scenario.name === name);
    return index === -1 ? SCENARIOS.length : index;
  };
  const sorted = [...traces].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const onlyScenarios = traces.every(isScenarioTrace);
  const howGenerated = links.architecture ? '; [architecture.md](architecture.md) explains how.' : '.';
  const lines = onlyScenarios
    ? [
        '# dockhop scenarios',
        '',
        "Each scenario runs one `docker plugin create` through dockhop's TypeScript port of Docker 17.03.0-ce and " +
          'records an OpenTelemetry trace. The pages below are generated from those traces by ' +
          `\`node bin/dockhop.js trace --all\`${howGenerated}`,
        '',
        '| scenario | command | outcome | pages |',
        '|---|---|---|---|',
      ]
    : [
        '# dockhop traces',
        '',
        "Each trace below records one run through dockhop's TypeScript port of Docker 17.03.0-ce: a docker " +
          'command (`dockhop trace` or `dockhop docker`), a hand-built upload, or one request that `dockhop serve` ' +
          `answered. The pages were generated from the trace files by \`dockhop render\`${howGenerated}`,
        '',
        '| trace | command or request | outcome | pages |',
        '|---|---|---|---|',
      ];

  for (const trace of sorted) {
    const pages = [
      `[diagram](${trace.name}/sequence.svg)`,
      `[walkthrough](${trace.name}/walkthrough.md)`,
      `[post](${trace.name}/post.md)`,
    ].join(' · ');
    lines.push(`| ${code(trace.name)} | ${cell(code(commandLine(trace)))} | ${cell(outcomeLine(trace))} | ${pages} |`);
  }

  return `${lines.join('\n')}\n`;
}

/** True when a trace is one of the built-in scenarios, as `dockhop trace` writes it. */
export function isScenarioTrace(trace: TraceFile): boolean {
  return SCENARIOS.some((scenario) => scenario.name === trace.name && scenario.summary === trace.description);
}
