import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';
import { firstLine, outcomeLine, requestLine, runFailed, statusLine, traceKind } from './labels.ts';
import { code } from './markdown.ts';
import { participantName } from './participants.ts';
import { carriesError, unroutedRequest, type Hop, type SequenceDiagram } from './sequence.ts';
import { buildSpanTree, childrenOf, errorPath, functionName, isError, numberAttribute, stringAttribute, type SpanTree } from './span-tree.ts';

/**
 * Writes the "where the error started" part of a failed run: the span it
 * started in, then what each span on the way back to the terminal did
 * with it, then what is known about this particular failure.
 */
export function errorStory(trace: TraceFile, diagram: SequenceDiagram): string[] {
  if (!runFailed(trace)) {
    return [];
  }

  const tree = buildSpanTree(trace);
  const hopOf = new Map(diagram.hops.map((hop) => [hop.span, hop]));
  const origin = diagram.origin;
  const lines = ['## Where the error started', ''];

  if (origin === undefined) {
    lines.push(...storyWithoutOrigin(trace, tree, hopOf));
    return lines;
  }

  const originHop = hopOf.get(origin)!;
  lines.push(
    `The error started at ${stepLink(originHop)}, ${code(functionName(origin))} in the ${participantName(originHop.participant)}: ` +
      `${code(origin.status.message ?? '')}. Each span on the way back to the ${traceKind(trace) === 'request' ? 'client' : 'terminal'} did this with it:`,
    '',
  );

  let previous = origin.status.message ?? '';

  for (const span of errorPath(tree, origin).slice(1)) {
    const hop = hopOf.get(span)!;
    lines.push(`- ${stepLink(hop)} ${code(functionName(span))} (${participantName(hop.participant)}): ${whatItDid(trace, span, previous, span === tree.root)}`);

    if (isError(span)) {
      previous = span.status.message ?? previous;
    }
  }

  lines.push('', ...knownCauses(trace));
  return lines;
}

/**
 * Explains a failure that no span in this trace started: a request that
 * no route of the API server matched, or an HTTP error the client received
 * from a daemon whose spans are in another trace file.
 */
function storyWithoutOrigin(trace: TraceFile, tree: SpanTree, hopOf: Map<TraceSpan, Hop>): string[] {
  if (unroutedRequest(trace)) {
    return unroutedStory(trace);
  }

  const response = trace.spans.find(
    (span) => span !== tree.root && carriesError(span) && !isError(span) && !childrenOf(tree, span).some(carriesError),
  );
  const status = response === undefined ? undefined : numberAttribute(response, 'http.response.status_code');

  if (response === undefined || status === undefined) {
    return [`No span failed, yet the run ended with ${code(outcomeLine(trace))}.`, ''];
  }

  const hop = hopOf.get(response)!;
  const request = requestLine(response);
  const lines = [
    `The error came from the daemon: it answered ${request === undefined ? 'the request' : code(request)} with ` +
      `${code(`HTTP ${statusLine(status)}`)}, which ${stepLink(hop)} ${code(functionName(response))} in the ` +
      `${participantName(hop.participant)} received. No span in this trace failed first, because the daemon's spans ` +
      'are not in this file. Each span on the way back to the terminal did this with it:',
    '',
  ];
  let previous = '';

  for (const span of errorPath(tree, response).slice(1)) {
    const spanHop = hopOf.get(span)!;
    lines.push(`- ${stepLink(spanHop)} ${code(functionName(span))} (${participantName(spanHop.participant)}): ${whatItDid(trace, span, previous, span === tree.root)}`);

    if (isError(span)) {
      previous = span.status.message ?? previous;
    }
  }

  lines.push('');

  if (Array.isArray(response.attributes['http.request.header.traceparent']) && trace.traceId !== null) {
    lines.push(
      "The daemon's side of this request, with the span where the error started, is in the server's own trace. " +
        `The client sent a \`traceparent\` header, so \`dockhop serve\` wrote that trace to its \`--trace-dir\` with ` +
        `the same trace ID, ${code(trace.traceId)}. A daemon other than \`dockhop serve\` writes no such file.`,
      '',
    );
  }

  return [...lines, ...knownCauses(trace)];
}

/** Explains a served request that the API server's mux sent to its catch-all handler. */
function unroutedStory(trace: TraceFile): string[] {
  const request = trace.request!;
  const path = request.target.replace(/\?.*$/, '').replace(/^\/v[0-9.]+\//, '/');
  const pingNote = path === '/_ping' && request.method !== 'GET' ? ' (Docker 17.03 registers `GET /_ping` only)' : '';

  return [
    `No span failed: the API server's mux found no route for ${code(`${request.method} ${request.target}`)}${pingNote}, ` +
      `so its catch-all handler answered ${code(`HTTP ${statusLine(request.status ?? 404)}`)} with \`page not found\`. ` +
      'The catch-all runs outside `Server.makeHTTPHandler`, so it records no span, and the diagram draws its arrows unnumbered.',
    '',
  ];
}

function whatItDid(trace: TraceFile, span: TraceSpan, previous: string, isRoot: boolean): string {
  const status = numberAttribute(span, 'http.response.status_code');

  if (isRoot) {
    return rootOutcome(trace);
  }

  if (functionName(span) === 'Server.makeHTTPHandler' && status !== undefined) {
    const logged = span.events.find((event) => event.name === 'log')?.attributes['log.message'];
    const logText = logged === undefined ? '' : `logged ${code(String(logged))}, then `;
    return (
      `${logText}answered ${code(statusLine(status))} with the message as JSON. ` +
      'Docker 17.03 picks the status by keywords in the message text (`getHTTPErrorStatusCode`): ' +
      '"not found" or "no such" give 404, "conflict" 409, "bad parameter" 400, and a message with none of them, ' +
      (status === 500 ? 'like this one, gives 500.' : `gives 500; this one maps to ${status}.`)
    );
  }

  if (!isError(span) && carriesError(span)) {
    return `passed the ${code(statusLine(status!))} response on.`;
  }

  const message = span.status.message ?? '';
  if (message === previous) {
    return 'returned the error unchanged.';
  }

  return `returned it as ${code(message)}.`;
}

/** Explanations of failures whose cause the spans alone do not show. */
function knownCauses(trace: TraceFile): string[] {
  const lines: string[] = [];
  const compressed = trace.spans.some((span) => span.attributes['dockhop.cli.compress'] === true);
  const message = trace.stderr;

  if (compressed && message.includes('invalid tar header')) {
    lines.push(
      '**Why `--compress` fails.** With `--compress` the CLI gzips the tar stream before sending it ' +
        '(`tarWithOptions` with gzip compression), and the request goes out as `Content-Type: application/tar`. ' +
        "Docker 17.03's daemon never decompresses the upload on this path: `createFromContext` hands the request " +
        'body straight to `splitConfigRootFSFromTar`, which reads it with `archive/tar`. The upload starts with ' +
        'a gzip header where a 512-byte tar header should be, so the very first read fails. `untar` fails with the same message because ' +
        'it reads the rootfs stream that the split produces, and the split ends that stream with its error.',
      '',
    );
  }

  if (message.includes('no rootfs found')) {
    lines.push(
      '**Why 500 and not 404.** "no rootfs found" reads like a missing resource, but the status comes from ' +
        'substrings such as "not found" and "no such", and this message contains neither, so the daemon answers 500.',
      '',
    );
  }

  const cliOnly = traceKind(trace) === 'command' && !trace.spans.some((span) => stringAttribute(span, 'http.request.method') === 'POST');
  if (cliOnly) {
    lines.push(
      'The CLI stopped before sending the create request: only the `/_ping` reached the daemon, so the daemon logged nothing.',
      '',
    );
  }

  return lines;
}

function rootOutcome(trace: TraceFile): string {
  switch (traceKind(trace)) {
    case 'request':
      return `answered the client with ${code(outcomeLine(trace))}.`;
    case 'upload':
      return `returned the error to dockhop's scenario runner, which printed ${code(firstLine(trace.stderr))} to stderr and ended with exit code ${trace.exitCode}.`;
    default:
      return `printed ${code(firstLine(trace.stderr))} to stderr and exited with code ${trace.exitCode}.`;
  }
}

export function stepLink(hop: Hop): string {
  return `[step ${hop.number}](#step-${hop.number.replace(/\./g, '-')})`;
}
