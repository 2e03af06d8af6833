import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';
import { commandLine, escapeMermaid, firstLine, requestLine, resultOf, hasResult, statusLine } from './labels.ts';
import { frontMatter, type Detail, type Theme } from './mermaid-config.ts';
import { notesFor, type SpanNote } from './notes.ts';
import { PARTICIPANTS, participantName, participantOf, type ParticipantId } from './participants.ts';
import {
  buildSpanTree,
  childrenOf,
  errorOrigin,
  functionName,
  isError,
  numberAttribute,
  stringAttribute,
  type SpanTree,
} from './span-tree.ts';

/** One numbered section of a walkthrough: a span and where the diagram shows it. */
export interface Hop {
  /** `7` for a span drawn as call 7; `7.2` for the second span folded into call 7. */
  number: string;
  span: TraceSpan;
  participant: ParticipantId;
  /** True when the span has its own call arrow in the diagram. */
  arrow: boolean;
}

/** A generated sequence diagram and the numbering its walkthrough follows. */
export interface SequenceDiagram {
  detail: Detail;
  /** The whole `.mmd` file. */
  text: string;
  /** Every span once, in walkthrough order: each call followed by the spans folded into it. */
  hops: Hop[];
  /** The lifelines drawn, in diagram order. */
  participants: ParticipantId[];
  /** The span where the failure started, if the run failed in a span. */
  origin?: TraceSpan;
}

/**
 * Builds the Mermaid sequence diagram of a trace.
 *
 * With `steps` every span is a call arrow from its parent's lifeline to
 * its own. With `hops` only spans that cross to another lifeline get an
 * arrow; spans on the same lifeline are folded into the call that reached
 * it, and the CLI's `/_ping` round trip is folded into one pair of arrows.
 * Calls are numbered; returns are not, so call N is section N of the
 * walkthrough.
 */
export function buildSequence(trace: TraceFile, options: { detail: Detail; theme: Theme }): SequenceDiagram {
  const tree = buildSpanTree(trace);
  const origin = errorOrigin(tree, trace.spans, carriesError);
  const builder = new DiagramBuilder(trace, tree, options.detail, origin);

  builder.visit(tree.root, 'T', undefined);

  const participants = PARTICIPANTS.map((participant) => participant.id).filter((id) => builder.used.has(id));
  const header = [
    frontMatter(options.theme, commandLine(trace)),
    'sequenceDiagram',
    `%% ${trace.name}: ${trace.description === '' ? commandLine(trace) : trace.description} (detail: ${options.detail})`,
    '%% Calls are numbered like the walkthrough sections; returns are left unnumbered.',
    ...participants.map((id) => `participant ${id} as ${participantName(id)}`),
    'autonumber',
  ];

  const diagram: SequenceDiagram = {
    detail: options.detail,
    text: `${[...header, ...builder.lines].join('\n')}\n`,
    hops: builder.groups.flatMap((group) => [group.arrow, ...group.inner]),
    participants,
  };

  if (origin !== undefined) {
    diagram.origin = origin;
  }

  return diagram;
}

/**
 * True when a span failed or answered with an HTTP error status: the
 * client's `Do` and the msw hop pass a daemon error on as a 4xx or 5xx
 * response without failing themselves.
 */
export function carriesError(span: TraceSpan): boolean {
  return isError(span) || (numberAttribute(span, 'http.response.status_code') ?? 0) >= 400;
}

interface Group {
  arrow: Hop;
  inner: Hop[];
}

/** Longest label line, in characters, before it wraps at a space. */
const LABEL_WIDTH = 40;

/**
 * Joins label lines with Mermaid line breaks; `<br/>` inside a line also
 * breaks it, and lines longer than {@link LABEL_WIDTH} wrap at spaces so
 * no arrow forces its two lifelines far apart.
 */
function mermaidText(lines: string[]): string {
  return lines
    .flatMap((line) => line.split('<br/>'))
    .flatMap(wrapLine)
    .map(escapeMermaid)
    .join('<br/>');
}

function wrapLine(line: string): string[] {
  const wrapped: string[] = [];
  let current = '';

  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > LABEL_WIDTH) {
      wrapped.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }

  wrapped.push(current);
  return wrapped;
}

class DiagramBuilder {
  readonly lines: string[] = [];
  readonly used = new Set<ParticipantId>(['T']);
  readonly groups: Group[] = [];
  /** Spans drawn with their own call arrow, so far. */
  private readonly drawn = new Set<TraceSpan>();
  private nextNumber = 1;
  private numbering = true;

  constructor(
    private readonly trace: TraceFile,
    private readonly tree: SpanTree,
    private readonly detail: Detail,
    private readonly origin: TraceSpan | undefined,
  ) {}

  /** Draws `span`, called from the `caller` lifeline; `group` is the call it folds into, if any. */
  visit(span: TraceSpan, caller: ParticipantId, group: Group | undefined): void {
    const own = participantOf(span);
    const isRoot = span === this.tree.root;

    if (this.detail === 'hops' && functionName(span) === 'ping' && !isRoot) {
      this.foldPing(span, caller);
      return;
    }

    if (this.detail === 'hops' && !isRoot && own === caller && group !== undefined) {
      this.visitFolded(span, own, group);
      return;
    }

    const hop: Hop = { number: String(this.nextNumber), span, participant: own, arrow: true };
    const arrowGroup: Group = { arrow: hop, inner: [] };

    this.groups.push(arrowGroup);
    this.drawn.add(span);
    this.call(caller, own, this.callLabel(span));
    this.drawNotes(span, own, 'call');

    for (const child of childrenOf(this.tree, span)) {
      this.visit(child, own, arrowGroup);
    }

    this.drawNotes(span, own, 'return');
    this.markOrigin(span, own);

    if (caller !== own || this.failedReturn(span) || hasResult(span)) {
      this.return(own, caller, this.returnLabel(span), this.failedReturn(span));
    } else {
      this.lines.push(`deactivate ${own}`);
    }
  }

  private visitFolded(span: TraceSpan, own: ParticipantId, group: Group): void {
    group.inner.push({ number: `${group.arrow.number}.${group.inner.length + 1}`, span, participant: own, arrow: false });
    this.drawNotes(span, own, 'call');

    for (const child of childrenOf(this.tree, span)) {
      this.visit(child, own, group);
    }

    this.drawNotes(span, own, 'return');
    this.markOrigin(span, own);
  }

  /** Draws the CLI's `/_ping` as one call to the API server and its answer. */
  private foldPing(span: TraceSpan, caller: ParticipantId): void {
    const hop: Hop = { number: String(this.nextNumber), span, participant: participantOf(span), arrow: true };
    const group: Group = { arrow: hop, inner: [] };
    const descendants = this.descendants(span);
    const transport = descendants.find((candidate) => requestLine(candidate) !== undefined);
    const server = descendants.find((candidate) => functionName(candidate) === 'Server.makeHTTPHandler');
    const status = server === undefined ? undefined : numberAttribute(server, 'http.response.status_code');
    const version = server?.attributes['http.response.header.api-version'];

    this.groups.push(group);
    group.inner.push(
      ...descendants.map((inner, index) => ({
        number: `${hop.number}.${index + 1}`,
        span: inner,
        participant: participantOf(inner),
        arrow: false,
      })),
    );

    this.call(caller, 'SRV', ['ping', transport === undefined ? 'GET /_ping' : requestLine(transport)!]);

    const answer = status === undefined ? ['no answer'] : [statusLine(status)];
    if (Array.isArray(version)) {
      answer.push(`API-Version ${version.join(', ')}`);
    }

    this.return('SRV', caller, answer, status === undefined || status >= 400);
  }

  private descendants(span: TraceSpan): TraceSpan[] {
    return childrenOf(this.tree, span).flatMap((child) => [child, ...this.descendants(child)]);
  }

  private call(from: ParticipantId, to: ParticipantId, label: string[]): void {
    if (!this.numbering) {
      this.lines.push(`autonumber ${this.nextNumber}`);
      this.numbering = true;
    }

    this.used.add(from);
    this.used.add(to);
    this.lines.push(`${from}->>+${to}: ${mermaidText(label)}`);
    this.nextNumber += 1;
  }

  private return(from: ParticipantId, to: ParticipantId, label: string[], failed: boolean): void {
    if (this.numbering) {
      this.lines.push('autonumber off');
      this.numbering = false;
    }

    this.lines.push(`${from}${failed ? '--x' : '-->>'}-${to}: ${mermaidText(label)}`);
  }

  private drawNotes(span: TraceSpan, over: ParticipantId, at: SpanNote['at']): void {
    for (const note of notesFor(span)) {
      if (note.at === at && (this.detail === 'steps' || note.detail === 'hops')) {
        this.lines.push(`Note over ${over}: ${mermaidText([note.text])}`);
      }
    }
  }

  private markOrigin(span: TraceSpan, over: ParticipantId): void {
    if (span === this.origin) {
      this.lines.push(`Note over ${over}: ${escapeMermaid(`✗ error starts here, in ${functionName(span)}`)}`);
    }
  }

  private callLabel(span: TraceSpan): string[] {
    const name = functionName(span);

    if (span === this.tree.root) {
      const words = commandLine(this.trace).split(' ');
      const command = [words.slice(0, 3).join(' '), words.slice(3).join(' ')].filter((line) => line !== '');
      return this.detail === 'steps' ? [name, ...command] : command;
    }

    if (stringAttribute(span, 'dockhop.hop') === 'msw') {
      const line = requestLine(span);
      // The query goes on its own line to keep the arrow between two neighbours short.
      return line === undefined ? [name] : [name, ...line.replace('?', '\n?').split('\n')];
    }

    return [name];
  }

  private failedReturn(span: TraceSpan): boolean {
    if (span === this.tree.root) {
      return this.trace.exitCode !== 0;
    }
    return carriesError(span);
  }

  private returnLabel(span: TraceSpan): string[] {
    if (span === this.tree.root) {
      return this.trace.exitCode === 0
        ? [`stdout: ${firstLine(this.trace.stdout)}`, 'exit 0']
        : [`stderr: ${firstLine(this.trace.stderr)}`, `exit ${this.trace.exitCode}`];
    }

    if (!isError(span)) {
      return [resultOf(span)];
    }

    const message = span.status.message ?? '';
    return this.receivedError(span) === message ? ['error, unchanged'] : [message];
  }

  /**
   * Returns the error message that reached `span` on the last arrow drawn
   * below it, or undefined when that arrow carried only an HTTP status
   * (or nothing failed below it).
   */
  private receivedError(span: TraceSpan): string | undefined {
    let current = childrenOf(this.tree, span).filter(carriesError).at(-1);

    while (current !== undefined && !this.drawn.has(current)) {
      current = childrenOf(this.tree, current).filter(carriesError).at(-1);
    }

    return current !== undefined && isError(current) ? current.status.message : undefined;
  }
}
