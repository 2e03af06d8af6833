import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';
import {
  commandLine,
  escapeMermaid,
  firstLine,
  hasResult,
  requestLine,
  resultOf,
  runFailed,
  statusLine,
  traceKind,
} from './labels.ts';
import { frontMatter, type Detail, type Theme } from './mermaid-config.ts';
import { notesFor, type SpanNote } from './notes.ts';
import { PARTICIPANTS, participantName, participantOf, rootCaller, type ParticipantId } from './participants.ts';
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
 * it. The CLI's `/_ping` round trip is folded into one numbered call,
 * drawn through every lifeline the ping reached.
 * Calls are numbered; returns are not, so call N is section N of the
 * walkthrough.
 */
export function buildSequence(trace: TraceFile, options: { detail: Detail; theme: Theme }): SequenceDiagram {
  const tree = buildSpanTree(trace);
  const origin = errorOrigin(tree, trace.spans, carriesError);
  const builder = new DiagramBuilder(trace, tree, options.detail, origin);

  builder.visit(tree.root, rootCaller(trace), undefined);

  const participants = PARTICIPANTS.map((participant) => participant.id).filter((id) => builder.used.has(id));
  const header = [
    frontMatter(options.theme, commandLine(trace)),
    'sequenceDiagram',
    `%% ${trace.name}: ${trace.description === '' ? commandLine(trace) : trace.description} (detail: ${options.detail})`,
    '%% Calls are numbered like the walkthrough sections; returns are left unnumbered.',
    ...participants.map((id) => `participant ${id} as ${participantName(id, trace)}`),
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
 * True when a span failed or returned an HTTP error status: the
 * client's `Do` and the msw hop pass a daemon error on as a 4xx or 5xx
 * response without failing themselves.
 */
export function carriesError(span: TraceSpan): boolean {
  return isError(span) || (numberAttribute(span, 'http.response.status_code') ?? 0) >= 400;
}

/**
 * True when a served request reached the API server but matched no route:
 * the root `serveOne` span has no children, yet the response has headers
 * (the server's middlewares set them) and status 404. The mux's catch-all
 * handler runs outside `makeHTTPHandler`, so it records no span. A request
 * that `serveOne` rejected itself has status 400 and no response headers.
 */
export function unroutedRequest(trace: TraceFile): boolean {
  const root = trace.spans[0]!;
  const hasResponseHeaders = Object.keys(root.attributes).some((key) => key.startsWith('http.response.header.'));

  return (
    traceKind(trace) === 'request' &&
    stringAttribute(root, 'dockhop.hop') === 'socket' &&
    trace.spans.length === 1 &&
    hasResponseHeaders &&
    numberAttribute(root, 'http.response.status_code') === 404
  );
}

interface Group {
  arrow: Hop;
  inner: Hop[];
}

/** Maximum length of a label line, in characters, before it wraps. */
const LABEL_WIDTH = 40;

/**
 * Joins label lines with Mermaid line breaks; `<br/>` inside a line also
 * breaks it, and lines longer than {@link LABEL_WIDTH} wrap at spaces so
 * no arrow forces its two lifelines far apart. A longer word, such as a
 * URL, also breaks before `/`, `?`, `&` and `%2F`, or anywhere if it has none.
 */
function mermaidText(lines: string[]): string {
  return lines
    .flatMap((line) => line.split('<br/>'))
    .flatMap(wrapLine)
    .map(escapeMermaid)
    .join('<br/>');
}

export function wrapLine(line: string): string[] {
  const wrapped: string[] = [];
  let current = '';

  for (const word of line.split(' ')) {
    breakWord(word).forEach((piece, index) => {
      const separator = index === 0 && current !== '' ? ' ' : '';
      let rest = `${separator}${piece}`;

      if (current.length + rest.length > LABEL_WIDTH && piece.length <= LABEL_WIDTH && current !== '') {
        wrapped.push(current);
        current = '';
        rest = piece;
      }

      // A piece with no break point is cut wherever a line fills up.
      while (current.length + rest.length > LABEL_WIDTH) {
        const room = LABEL_WIDTH - current.length;
        wrapped.push(`${current}${rest.slice(0, room)}`);
        current = '';
        rest = rest.slice(room).replace(/^ /, '');
      }

      current = `${current}${rest}`;
    });
  }

  wrapped.push(current);
  return wrapped;
}

/**
 * Splits a word longer than {@link LABEL_WIDTH} before each `/` (but not
 * inside `://`), `?`, `&` and `%2F`.
 */
function breakWord(word: string): string[] {
  return word.length <= LABEL_WIDTH ? [word] : word.split(/(?<![:/])(?=[/?&]|%2F)/i);
}

class DiagramBuilder {
  readonly lines: string[] = [];
  readonly used: Set<ParticipantId>;
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
  ) {
    this.used = new Set([rootCaller(trace)]);
  }

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

    if (isRoot && unroutedRequest(this.trace)) {
      this.drawCatchAll(span, own);
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

  /**
   * Draws the CLI's `/_ping` as one numbered call to the API client, then
   * unnumbered arrows through each further lifeline the request reached
   * (the msw hop and the API server, when the trace has their spans), and
   * the responses back. Every span of the ping is a step of that one call.
   */
  private foldPing(span: TraceSpan, caller: ParticipantId): void {
    const hop: Hop = { number: String(this.nextNumber), span, participant: participantOf(span), arrow: true };
    const group: Group = { arrow: hop, inner: [] };
    const descendants = this.descendants(span);
    const transport = descendants.find((candidate) => requestLine(candidate) !== undefined);
    const chain = [{ participant: hop.participant, span }];

    for (const inner of descendants) {
      const participant = participantOf(inner);
      if (!chain.some((link) => link.participant === participant)) {
        chain.push({ participant, span: inner });
      }
    }

    this.groups.push(group);
    group.inner.push(
      ...descendants.map((inner, index) => ({
        number: `${hop.number}.${index + 1}`,
        span: inner,
        participant: participantOf(inner),
        arrow: false,
      })),
    );

    this.call(caller, hop.participant, ['ping', transport === undefined ? 'GET /_ping' : requestLine(transport)!]);

    for (let index = 1; index < chain.length; index += 1) {
      this.forward(chain[index - 1]!.participant, chain[index]!.participant, [functionName(chain[index]!.span)]);
    }

    // Each lifeline returns the status that its own spans recorded.
    const statusOn = (participant: ParticipantId): number | undefined =>
      [span, ...descendants]
        .filter((candidate) => participantOf(candidate) === participant)
        .map((candidate) => numberAttribute(candidate, 'http.response.status_code'))
        .find((status) => status !== undefined);
    const answer = (status: number | undefined): string => (status === undefined ? 'no answer' : statusLine(status));
    const failed = (status: number | undefined): boolean => status === undefined || status >= 400;

    for (let index = chain.length - 1; index >= 1; index -= 1) {
      const status = statusOn(chain[index]!.participant);
      this.return(chain[index]!.participant, chain[index - 1]!.participant, [answer(status)], failed(status));
    }

    const status = statusOn(hop.participant);
    const version = descendants.map((inner) => inner.attributes['http.response.header.api-version']).find(Array.isArray);
    const reply = [answer(status)];

    if (version !== undefined) {
      reply.push(`API-Version ${version.join(', ')}`);
    }

    this.return(hop.participant, caller, reply, failed(status));
  }

  /**
   * Draws the API server's response to a request no route matched: its
   * mux's catch-all handler responds with 404 without a span, so the arrows are
   * unnumbered and a note explains why the lifeline has no span.
   */
  private drawCatchAll(span: TraceSpan, own: ParticipantId): void {
    const status = numberAttribute(span, 'http.response.status_code')!;
    const request = this.trace.request;

    this.forward(own, 'SRV', [request === undefined ? 'request' : `${request.method} ${request.target}`]);
    this.lines.push(`Note over SRV: ${mermaidText(['no route matched:', `catch-all answers ${status}`, 'page not found', '(no span)'])}`);
    this.return('SRV', own, [statusLine(status)], true);
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

  /** Draws an unnumbered call: a step inside the numbered call before it. */
  private forward(from: ParticipantId, to: ParticipantId, label: string[]): void {
    if (this.numbering) {
      this.lines.push('autonumber off');
      this.numbering = false;
    }

    this.used.add(to);
    this.lines.push(`${from}->>+${to}: ${mermaidText(label)}`);
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
      const label = this.rootLabel();
      return this.detail === 'steps' ? [name, ...label] : label;
    }

    if (stringAttribute(span, 'dockhop.hop') === 'msw') {
      const line = requestLine(span);
      return line === undefined ? [name] : [name, ...splitQuery(line)];
    }

    return [name];
  }

  /** Builds the root call's label: the command as typed, or the request line of an upload or a served request. */
  private rootLabel(): string[] {
    const request = this.trace.request;

    switch (traceKind(this.trace)) {
      case 'request':
        return request === undefined ? [] : splitQuery(`${request.method} ${request.target}`);
      case 'upload':
        return ['raw upload', ...(request === undefined ? [] : splitQuery(`${request.method} ${request.target}`)), '(hand-built tar)'];
      default: {
        const words = commandLine(this.trace).split(' ');
        return [words.slice(0, 3).join(' '), words.slice(3).join(' ')].filter((line) => line !== '');
      }
    }
  }

  private failedReturn(span: TraceSpan): boolean {
    if (span === this.tree.root) {
      return runFailed(this.trace);
    }
    return carriesError(span);
  }

  private returnLabel(span: TraceSpan): string[] {
    if (span === this.tree.root) {
      return this.rootReturnLabel();
    }

    if (!isError(span)) {
      return [resultOf(span)];
    }

    const message = span.status.message ?? '';
    return this.receivedError(span) === message ? ['error, unchanged'] : [message];
  }

  /**
   * Builds the root call's return label: what the terminal printed and the
   * exit code for a command, or the HTTP status (and an upload's error) for
   * an upload or a served request, which draw no exit.
   */
  private rootReturnLabel(): string[] {
    const kind = traceKind(this.trace);

    if (kind !== 'command') {
      const status = this.trace.request?.status ?? null;
      const answer = status === null ? 'no response' : statusLine(status);
      const error = firstLine(this.trace.stderr);
      return kind === 'upload' && runFailed(this.trace) && error !== '' ? [answer, error] : [answer];
    }

    return this.trace.exitCode === 0
      ? [`stdout: ${firstLine(this.trace.stdout)}`, 'exit 0']
      : [`stderr: ${firstLine(this.trace.stderr)}`, `exit ${this.trace.exitCode}`];
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

/** Splits a request line before its query, which keeps the arrow between two neighbouring lifelines short. */
function splitQuery(line: string): string[] {
  const queryStart = line.indexOf('?');
  return queryStart === -1 ? [line] : [line.slice(0, queryStart), line.slice(queryStart)];
}
