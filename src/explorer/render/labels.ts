import type { TraceFile, TraceKind, TraceSpan } from '../trace/trace-file.ts';
import { functionName, numberAttribute, stringAttribute } from './span-tree.ts';

/** Reason phrases of the statuses the daemon responds with (RFC 9110). */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusLine(code: number): string {
  const text = STATUS_TEXT[code];
  return text === undefined ? String(code) : `${code} ${text}`;
}

/** Shortens `sha256:<64 hex>` and bare 64-hex IDs to 12 hex digits, as `docker` prints them. */
export function shortDigest(value: string): string {
  return value.replace(/\b(sha256:)?([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1$2');
}

/**
 * Escapes text for a Mermaid message or note. Mermaid reads `;` and `#` as
 * syntax and passes `<`/`>` to the HTML label, so they become entity codes;
 * `<br/>` added by the builder stays a line break.
 */
export function escapeMermaid(text: string): string {
  const entities: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;' };

  // One pass, so the `;` of an entity just written is not escaped again.
  return text.replace(/[#;<>]/g, (character) => entities[character]!).replace(/\r?\n/g, ' ');
}

/** Returns the request line a client sends: `POST /v1.26/plugins/create?name=…`. */
export function requestLine(span: TraceSpan): string | undefined {
  const method = stringAttribute(span, 'http.request.method');
  const path = stringAttribute(span, 'url.path');
  const query = stringAttribute(span, 'url.query');
  const full = stringAttribute(span, 'url.full');

  if (method === undefined) {
    return undefined;
  }

  if (path !== undefined) {
    return query === undefined || query === '' ? `${method} ${path}` : `${method} ${path}?${query}`;
  }

  if (full === undefined) {
    return undefined;
  }

  // The client's URL has the socket path as its host (`http://%2Fvar%2Frun%2Fdocker.sock/…`),
  // which WHATWG URL rejects, so the target is cut after the authority.
  const authorityEnd = full.indexOf('/', full.indexOf('//') + 2);
  return `${method} ${authorityEnd === -1 ? '/' : full.slice(authorityEnd)}`;
}

/** Returns what a trace records; traces written before the `kind` field are commands. */
export function traceKind(trace: TraceFile): TraceKind {
  return trace.kind ?? 'command';
}

/**
 * Describes what ran, in one line: the docker command line as the user typed it, the
 * request line of a raw upload (`raw upload: POST … (hand-built tar)`), or
 * the request line a served request arrived with.
 */
export function commandLine(trace: TraceFile): string {
  const request = trace.request === undefined ? '' : `${trace.request.method} ${trace.request.target}`;

  switch (traceKind(trace)) {
    case 'request':
      return request;
    case 'upload':
      return `raw upload: ${request} (hand-built tar)`;
    default:
      return trace.command.map((word) => (/^[\w./:@=-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
  }
}

/** True when the run failed: a non-zero exit code, or an error status (or none) for a served request. */
export function runFailed(trace: TraceFile): boolean {
  if (traceKind(trace) === 'request') {
    const status = trace.request?.status ?? null;
    return status === null || status >= 400;
  }

  return trace.exitCode !== 0;
}

/** Returns the first non-empty line of a text, or ''. */
export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}

/**
 * Describes how the run ended, in one line: `exit 0, printed vieux/sshfs`
 * for a command, the HTTP status for an upload or a served request.
 */
export function outcomeLine(trace: TraceFile): string {
  const kind = traceKind(trace);

  if (kind !== 'command') {
    const status = trace.request?.status ?? null;
    const answer = status === null ? 'no response' : `HTTP ${statusLine(status)}`;
    const error = firstLine(trace.stderr);
    return kind === 'upload' && runFailed(trace) && error !== '' ? `${answer}: ${error}` : answer;
  }

  if (trace.exitCode === 0) {
    const printed = firstLine(trace.stdout);
    return printed === '' ? 'exit 0' : `exit 0, printed ${printed}`;
  }

  return `exit ${trace.exitCode}: ${firstLine(trace.stderr)}`;
}

/**
 * Describes what a span returned, from its attributes and events: the HTTP
 * status, the plugin ID, a digest, the parsed reference, the archive size.
 * Falls back to `ok`, since most ported functions return only a Go error.
 */
export function resultOf(span: TraceSpan): string {
  const status = numberAttribute(span, 'http.response.status_code');
  const pluginId = stringAttribute(span, 'dockhop.plugin.id');
  const digest = stringAttribute(span, 'dockhop.blob.digest');
  const reference = stringAttribute(span, 'dockhop.reference.string') ?? stringAttribute(span, 'dockhop.reference.name');
  const extracted = numberAttribute(span, 'dockhop.archive.entries_extracted');
  const entryCount = numberAttribute(span, 'dockhop.tar.entry_count');
  const written = span.events.find((event) => event.name === 'archive.written');

  if (status !== undefined) {
    return statusLine(status);
  }
  if (pluginId !== undefined) {
    return `plugin ID ${shortDigest(pluginId)}`;
  }
  if (digest !== undefined) {
    return shortDigest(digest);
  }
  if (written !== undefined) {
    const compression = stringAttribute(span, 'dockhop.archive.compression') ?? 'tar';
    return `${compression} stream<br/>${String(written.attributes['dockhop.archive.entries'])} entries, ${String(written.attributes['dockhop.archive.bytes'])} bytes`;
  }
  if (entryCount !== undefined) {
    return `config + rootfs<br/>${entryCount} entries read`;
  }
  if (extracted !== undefined) {
    return `${extracted} entries extracted`;
  }
  if (reference !== undefined) {
    return reference;
  }

  return FIXED_RESULTS[functionName(span)] ?? 'ok';
}

/** Result labels of functions that only return a Go error, when they succeeded. */
const FIXED_RESULTS: Record<string, string> = {
  'basicBlobStore.new': 'temp file for a blob',
  'Store.validateName': 'name is free',
  'Manager.save': 'config.json written',
  validateContextDir: 'is a directory',
  validateConfig: 'config is valid',
};

/** True when {@link resultOf} has more to say than `ok`. */
export function hasResult(span: TraceSpan): boolean {
  return resultOf(span) !== 'ok';
}
