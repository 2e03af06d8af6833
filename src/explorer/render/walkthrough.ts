import type { TraceFile, TraceKind, TraceSpan } from '../trace/trace-file.ts';
import { dedent } from './excerpt.ts';
import { errorStory, stepLink } from './error-story.ts';
import { GO_RELEASE } from './go-link.ts';
import { commandLine, outcomeLine, resultOf, traceKind } from './labels.ts';
import { anchorOf, attributeValue, cell, code, codeBlock, unwrapParagraphs } from './markdown.ts';
import { participantName } from './participants.ts';
import type { Hop, SequenceDiagram } from './sequence.ts';
import type { SpanSource } from './sources.ts';
import { buildSpanTree, functionName, isError, stringAttribute } from './span-tree.ts';

/** Attributes every section already shows elsewhere (heading, source line, Go link). */
const HIDDEN_ATTRIBUTES = new Set(['code.function', 'code.filepath', 'code.lineno', 'dockhop.layer', 'dockhop.go.path', 'dockhop.go.lines']);

/** Section text about the msw hop, which ports nothing. */
const MSW_HOP_TEXT =
  "This is dockhop's own hop, not Docker code. In Docker the CLI writes the request to the daemon's Unix " +
  'socket `/var/run/docker.sock`; dockhop runs both sides in one Node.js process, so msw intercepts the ' +
  "client's real `node:http` request and hands it to the ported API server. The span continues the client's " +
  'trace from the `traceparent` header, as a server across a socket would.';

/** Section text for `dockhop serve`'s socket server, which ports nothing either. */
const SOCKET_HOP_TEXT =
  "This is dockhop's own hop, not Docker code and not msw: `dockhop serve` accepted the request on a real Unix " +
  "socket (or a loopback TCP port), continued the client's trace when a `traceparent` header came with it, and " +
  'handed the request to the ported API server, as dockerd does with the requests on `/var/run/docker.sock`.';

/** Caller of the root span, by trace kind, for the root's section. */
const ROOT_CALLERS: Record<TraceKind, string> = {
  command: 'the terminal (the user typed the command)',
  upload: "dockhop's scenario runner, which sends a hand-built tar without the docker CLI",
  request: 'a client in another process, over the socket',
};

/**
 * Writes `walkthrough.md`: the diagram, where a failure started, and one
 * section per span numbered like the diagram's calls, each with the JSDoc,
 * the values on the span, the TypeScript excerpt and the Go permalink.
 * `tracePath` is the trace file's path as the page names it.
 */
export function writeWalkthrough(
  trace: TraceFile,
  diagram: SequenceDiagram,
  sources: Map<TraceSpan, SpanSource>,
  tracePath: string,
): string {
  const tree = buildSpanTree(trace);
  const hopOf = new Map(diagram.hops.map((hop) => [hop.span, hop]));
  const firstShown = new Map<string, Hop>();
  const rootDuration = tree.root.durationUs;
  const layers = diagram.participants
    .filter((id) => diagram.hops.some((hop) => hop.participant === id))
    .map((id) => participantName(id, trace));

  const lines = [
    `# ${code(commandLine(trace))}`,
    '',
    trace.description === '' ? '' : `${capitalize(trace.description)}.`,
    '',
    `**Outcome:** ${code(outcomeLine(trace))}.`,
    '',
    `This walkthrough follows the trace ${code(tracePath)}: ${trace.spans.length} spans on ` +
      `${layers.length} lifelines (${layers.join(', ')}). Sections are numbered like the calls in the diagram.` +
      (diagram.detail === 'hops'
        ? ' The diagram draws one arrow per layer boundary, so a number such as 7.2 is the second step that ran inside call 7 on the same lifeline.'
        : ''),
    '',
    codeBlock('mermaid', diagram.text),
    '',
    '[The diagram as SVG](sequence.svg) · [as PNG](sequence.png) · [Mermaid source](sequence.mmd)',
    '',
    ...errorStory(trace, diagram),
    '## Steps',
    '',
  ];

  for (const hop of diagram.hops) {
    lines.push(...section(trace, hop, sources.get(hop.span)!, hopOf, tree.parent.get(hop.span.spanId), firstShown, rootDuration));
  }

  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function section(
  trace: TraceFile,
  hop: Hop,
  source: SpanSource,
  hopOf: Map<TraceSpan, Hop>,
  parent: TraceSpan | undefined,
  firstShown: Map<string, Hop>,
  rootDuration: number | undefined,
): string[] {
  const span = hop.span;
  const depth = hop.number.includes('.') ? '####' : '###';
  const { excerpt, go } = source;
  const key = `${excerpt.filepath}#${functionName(span)}`;
  const earlier = firstShown.get(key);
  const lines = [
    `<a id="${anchorOf(hop.number)}"></a>`,
    '',
    `${depth} ${hop.number.includes('.') ? hop.number : `${hop.number}.`} ${participantName(hop.participant)} · ${code(functionName(span))}`,
    '',
  ];

  lines.push(excerpt.description === '' ? '_No JSDoc on this function._' : unwrapParagraphs(excerpt.description), '');

  const hopText = go === undefined ? ownHopText(span) : undefined;
  if (hopText !== undefined) {
    lines.push(hopText, '');
  }

  const caller = parent === undefined ? ROOT_CALLERS[traceKind(trace)] : `${stepLink(hopOf.get(parent)!)} ${code(functionName(parent))}`;
  const facts = [`- Called by ${caller}.`];

  if (isError(span)) {
    facts.push(`- Failed: ${code(span.status.message ?? '')}.`);
  } else if (parent === undefined && traceKind(trace) === 'command') {
    facts.push(`- Returned exit code ${trace.exitCode}.`);
  } else if (parent === undefined) {
    facts.push(`- Returned: ${code(outcomeLine(trace))}.`);
  } else {
    facts.push(`- Returned: ${code(resultOf(span).replace(/<br\/>/g, ', '))}.`);
  }

  if (rootDuration !== undefined && rootDuration > 0 && span.durationUs !== undefined) {
    facts.push(`- Took ${span.durationUs} µs, ${((span.durationUs / rootDuration) * 100).toFixed(1)}% of the whole run.`);
  }

  lines.push(...facts, '', ...valuesOf(span));

  const location = `${code(excerpt.filepath)}, lines ${excerpt.startLine}–${excerpt.endLine}`;

  if (earlier === undefined) {
    firstShown.set(key, hop);
    lines.push(`TypeScript port, ${location}:`, '', codeBlock('ts', dedent(excerpt.text)), '');
  } else {
    lines.push(`TypeScript port, ${location}, shown in ${stepLink(earlier)}.`, '');
  }

  if (go !== undefined) {
    const approximate = go.approximate
      ? ` (Go ${GO_RELEASE.replace(/^go/, '')} standard library; the line range is an estimate, so the link may be a few lines off)`
      : '';
    lines.push(`Go original: [${code(go.path)} lines ${go.startLine}–${go.endLine}](${go.url})${approximate}.`, '');
  }

  return lines;
}

/** Explains dockhop's own hops; other functions without a Go original get no extra text. */
function ownHopText(span: TraceSpan): string | undefined {
  switch (stringAttribute(span, 'dockhop.hop')) {
    case 'msw':
      return MSW_HOP_TEXT;
    case 'socket':
      return SOCKET_HOP_TEXT;
    default:
      return undefined;
  }
}

function valuesOf(span: TraceSpan): string[] {
  const keys = Object.keys(span.attributes).filter((key) => !HIDDEN_ATTRIBUTES.has(key));
  const lines: string[] = [];

  if (keys.length > 0) {
    lines.push('| attribute | value this run |', '|---|---|');
    for (const key of keys) {
      lines.push(`| ${code(key)} | ${cell(attributeValue(span.attributes[key]!))} |`);
    }
    lines.push('');
  }

  if (span.events.length > 0) {
    lines.push('Events:', '');
    for (const event of span.events) {
      const pairs = Object.entries(event.attributes).map(([key, value]) => `${code(key)} = ${attributeValue(value)}`);
      lines.push(`- ${code(event.name)}${pairs.length === 0 ? '' : `: ${pairs.join(', ')}`}`);
    }
    lines.push('');
  }

  return lines;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
