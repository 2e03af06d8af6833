import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';
import { dedent } from './excerpt.ts';
import { SCENARIOS } from '../scenarios/catalog.ts';
import { commandLine, firstLine, outcomeLine, runFailed, traceKind } from './labels.ts';
import { code, codeBlock, unwrapParagraphs } from './markdown.ts';
import { participantName, userAgentOf, type ParticipantId } from './participants.ts';
import type { SequenceDiagram } from './sequence.ts';
import type { SpanSource } from './sources.ts';
import { functionName } from './span-tree.ts';

/** Maximum excerpt length, in lines, that a post shows before pointing to the rest. */
const POST_EXCERPT_LINES = 40;

/** Descriptions of each lifeline's role in Docker, for the post's per-layer paragraphs. */
const LAYER_ROLES: Record<ParticipantId, string> = {
  T: '',
  RC: '',
  CLI:
    "The `docker` binary's cobra command parses the arguments, checks the plugin name, the data directory and its " +
    '`config.json` on the client side, and hands the work to the API client.',
  API:
    'The Go client library (`client/`) builds each request, such as `POST /v1.26/plugins/create?name=…` with the ' +
    'tar stream as its body, sends it to the daemon and turns an error status into an error.',
  MSW:
    'In Docker the request crosses the Unix socket `/var/run/docker.sock`. dockhop runs client and daemon in one ' +
    "process, so msw intercepts the client's real HTTP request and hands it to the ported API server.",
  SOCK:
    "This is dockhop's own socket server, `dockhop serve`, not Docker code and not msw: it accepts the request on a " +
    "real Unix socket (or a loopback TCP port), continues the client's trace when a `traceparent` header came with it, " +
    'hands the request to the ported API server and writes this trace before it sends the response.',
  SRV:
    "dockerd's API server matches the route with gorilla/mux, runs the version and experimental middlewares and calls " +
    "the plugin router's handler. When a handler fails, this is where the error becomes an HTTP status.",
  PM:
    "The daemon's plugin manager parses the name and adds `:latest`, checks that the name is free, splits " +
    '`config.json` from the rootfs, stores both as blobs and registers the plugin.',
  AR: '`pkg/archive` writes the tar stream on the CLI side and reads it back in the daemon.',
  BS:
    'The blob store is content-addressed: a blob is written to a temp file and renamed to its sha256 digest when it ' +
    'is committed.',
  PS: 'The plugin store keeps plugins by name and ID, rejects a name that is taken, and saves each plugin\'s config.',
};

/** Sentence on why the CLI pings, checked against `cli/command/cli.go` at v17.03.0-ce. */
const PING_TEXT =
  "Before the command runs, 17.03's `DockerCli.Initialize` calls `client.Ping`, which sends `GET /_ping`; when the " +
  "daemon's `API-Version` header names an older version than the client's, the CLI lowers the client's version to it.";

/** Functions a post prefers to show for a lifeline, most telling first. */
const PREFERRED: Partial<Record<ParticipantId, string[]>> = {
  CLI: ['runCreate'],
  API: ['pluginCreate', 'doRequest'],
  MSW: ['interceptDaemonRequest'],
  SOCK: ['serveOne'],
  SRV: ['createPlugin', 'Server.makeHTTPHandler'],
  PM: ['createFromContext'],
  AR: ['splitConfigRootFSFromTar', 'tarWithOptions'],
  BS: ['insertion.commit'],
  PS: ['Store.validateName', 'Store.add'],
};

/**
 * Writes `post.md`: a self-contained article with front matter (title,
 * date from SOURCE_DATE_EPOCH, tags), the hop-level diagram, and one
 * paragraph and one excerpt per lifeline with its Go permalink.
 */
export function writePost(
  trace: TraceFile,
  hopsDiagram: SequenceDiagram,
  sources: Map<TraceSpan, SpanSource>,
  sourceDateEpoch: number,
): string {
  const command = commandLine(trace);
  const failed = runFailed(trace);
  const date = new Date(sourceDateEpoch * 1000).toISOString().slice(0, 10);
  const title = failed
    ? `Where \`${command}\` fails, hop by hop`
    : `What \`${command}\` does, hop by hop`;

  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}`,
    'tags: [docker, moby, plugins, opentelemetry, internals]',
    '---',
    '',
    `${openingQuestion(trace)} ` +
      "This post follows one run through Docker 17.03.0-ce's code, layer by layer. The diagram comes from an " +
      'OpenTelemetry trace of dockhop, a TypeScript port of that code path that records a span at ' +
      'every hop. Each arrow is a call that crosses from one layer to the next, numbered in the order it happened.',
    '',
    codeBlock('mermaid', hopsDiagram.text),
    '',
  ];

  if (failed && hopsDiagram.origin !== undefined) {
    lines.push(
      `The run fails: the error starts in ${code(functionName(hopsDiagram.origin))} ` +
        `and travels back up every layer to ${failureEnd(trace)}.`,
      '',
    );
  }

  // A lifeline without spans (the API server's catch-all 404) has no code of its own to show.
  const withSpans = hopsDiagram.participants.filter((id) => hopsDiagram.hops.some((hop) => hop.participant === id));

  for (const participant of withSpans) {
    lines.push(...layerSection(participant, trace, hopsDiagram, sources));
  }

  lines.push('## Try it', '', `Every code excerpt above links to the Go function it ports, at tag v17.03.0-ce. ${replayHint(trace)}`);

  return `${lines.join('\n').trimEnd()}\n`;
}

/** Builds the post's first sentence: what was sent or typed, and what came back. */
function openingQuestion(trace: TraceFile): string {
  const command = code(commandLine(trace));

  switch (traceKind(trace)) {
    case 'request': {
      const client = userAgentOf(trace.spans[0]!);
      const sender = client === undefined ? 'a client' : `a client (${code(client)})`;
      return `What happens between ${sender} sending ${command} to \`dockhop serve\` and getting ${code(outcomeLine(trace))} back?`;
    }
    case 'upload':
      return (
        `What happens when a client skips the docker CLI and sends a tar built by hand, ${command}, ` +
        `and gets ${code(outcomeLine(trace))}?`
      );
    default: {
      const shown = runFailed(trace) ? firstLine(trace.stderr) : firstLine(trace.stdout);
      return `What happens between typing ${command} and seeing ${code(shown === '' ? outcomeLine(trace) : shown)}?`;
    }
  }
}

/** Names where a failure ends up: the terminal, the upload's sender or the real client. */
function failureEnd(trace: TraceFile): string {
  switch (traceKind(trace)) {
    case 'request':
      return `the client, which receives ${code(outcomeLine(trace))}`;
    case 'upload':
      return `the sender of the upload, which prints ${code(firstLine(trace.stderr))}`;
    default:
      return `the terminal, which prints ${code(firstLine(trace.stderr))}`;
  }
}

/** Tells the reader how to record such a trace: a scenario, a `dockhop docker` command or a request to `dockhop serve`. */
function replayHint(trace: TraceFile): string {
  const kind = traceKind(trace);

  if (kind === 'request') {
    return (
      'To record a request like this one, start `node bin/dockhop.js serve` and send the request to its socket, ' +
      'for example with a docker CLI: each request leaves its own trace file, which `node bin/dockhop.js render` turns into a page like this.'
    );
  }

  const replay =
    SCENARIOS.some((scenario) => scenario.name === trace.name) || kind === 'upload'
      ? `node bin/dockhop.js trace ${trace.name}`
      : `node bin/dockhop.js docker --trace ${trace.name}.json ${trace.command.slice(1).join(' ')}`;
  return (
    "To replay this run and get the full walkthrough, with every span's values and source, " +
    `run ${code(replay)} in a dockhop checkout.`
  );
}

function layerSection(
  participant: ParticipantId,
  trace: TraceFile,
  diagram: SequenceDiagram,
  sources: Map<TraceSpan, SpanSource>,
): string[] {
  const spans = diagram.hops.filter((hop) => hop.participant === participant).map((hop) => hop.span);

  // Only the root span's caller has no spans, and writePost leaves that lifeline out.
  if (spans.length === 0) {
    throw new Error(`trace ${trace.name}: the diagram draws the ${participantName(participant)} lifeline, but no span runs on it`);
  }

  const names = [...new Set(spans.map(functionName))];
  const chosen = pickSpan(participant, spans, diagram.origin);
  const source = sources.get(chosen)!;
  const listed = names.map((name) => code(name)).join(', ');
  const lines = [`## The ${participantName(participant)}`, ''];
  const pinged = participant === 'CLI' && trace.spans.some((span) => functionName(span) === 'ping');
  let paragraph = `${LAYER_ROLES[participant]}${pinged ? ` ${PING_TEXT}` : ''} In this run it ran ${listed}.`;

  if (diagram.origin !== undefined && spans.includes(diagram.origin)) {
    paragraph += ` The error started here, in ${code(functionName(diagram.origin))}: ${code(diagram.origin.status.message ?? '')}.`;
  }

  lines.push(paragraph, '');

  const description = firstParagraph(source.excerpt.description);
  lines.push(`${code(functionName(chosen))}${description === '' ? ':' : `: ${description}`}`, '');

  const excerptLines = dedent(source.excerpt.text).split('\n');
  const cut = excerptLines.length > POST_EXCERPT_LINES;
  const body = cut
    ? [...excerptLines.slice(0, POST_EXCERPT_LINES), `// … ${excerptLines.length - POST_EXCERPT_LINES} more lines`]
    : excerptLines;

  lines.push(codeBlock('ts', body.join('\n')), '');

  if (source.go !== undefined) {
    lines.push(`The Go original: [${code(source.go.path)} lines ${source.go.startLine}–${source.go.endLine}](${source.go.url}).`, '');
  } else {
    lines.push("This function is dockhop's own; it ports nothing from Docker.", '');
  }

  return lines;
}

function pickSpan(participant: ParticipantId, spans: TraceSpan[], origin: TraceSpan | undefined): TraceSpan {
  if (origin !== undefined && spans.includes(origin)) {
    return origin;
  }

  for (const name of PREFERRED[participant] ?? []) {
    const match = spans.find((span) => functionName(span) === name);
    if (match !== undefined) {
      return match;
    }
  }

  return spans[0]!;
}

function firstParagraph(description: string): string {
  return unwrapParagraphs(description).split('\n\n')[0] ?? '';
}
