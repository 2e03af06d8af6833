import { SpanKind, SpanStatusCode, type AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Version of the trace file format; docs/trace-format.md describes it. */
export const TRACE_FORMAT_VERSION = 1;

/** One span of a trace file. */
export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** Microseconds since the first span started; absent in reproducible traces. */
  startUs?: number;
  /** Microseconds; absent in reproducible traces. */
  durationUs?: number;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  attributes: Record<string, AttributeValue>;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
}

/**
 * Kind of run a trace records: a docker command run by the ported CLI, a
 * raw upload sent by the ported API client, or one request served by
 * `dockhop serve`.
 */
export type TraceKind = 'command' | 'upload' | 'request';

/** The HTTP request an upload or request trace is about. */
export interface TraceRequest {
  method: string;
  /** The request target as sent: path and query (`/v1.26/plugins/create?name=hostile%2Fdotdot`). */
  target: string;
  /** The daemon's response status, or null when no response was recorded. */
  status: number | null;
}

/** A whole trace file: one docker command, one raw upload or one served request. */
export interface TraceFile {
  format: 'dockhop-trace';
  version: number;
  /** Absent in traces written before the field existed, which are all `command` traces. */
  kind?: TraceKind;
  name: string;
  description: string;
  /** The docker command line as typed, starting with `docker`; empty when no docker CLI ran. */
  command: string[];
  /** Present in `upload` and `request` traces. */
  request?: TraceRequest;
  /** The exit code of the CLI or the upload; null in `request` traces, where no process exits. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The daemon's log lines while it handled the request. */
  daemonLog: { level: string; message: string }[];
  /** True when times were left out so the file is byte-identical across runs. */
  reproducible: boolean;
  traceId: string | null;
  spans: TraceSpan[];
}

const KIND_NAMES: Record<SpanKind, TraceSpan['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/**
 * Converts finished spans (in start order) to the file's span list.
 * `rewrite` is applied to every string so machine-specific paths can be
 * replaced; `reproducible` drops times.
 */
export function toTraceSpans(
  spans: ReadableSpan[],
  options: { reproducible: boolean; rewrite: (text: string) => string },
): TraceSpan[] {
  const origin = spans.length === 0 ? 0 : Math.min(...spans.map((span) => hrToMicros(span.startTime)));

  return spans.map((span) => {
    const entry: TraceSpan = {
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      name: span.name,
      kind: KIND_NAMES[span.kind],
      status: statusOf(span, options.rewrite),
      attributes: rewriteAttributes(span.attributes, options.rewrite),
      events: span.events.map((event) => ({
        name: event.name,
        attributes: rewriteAttributes(event.attributes ?? {}, options.rewrite),
      })),
    };

    if (!options.reproducible) {
      entry.startUs = hrToMicros(span.startTime) - origin;
      entry.durationUs = hrToMicros(span.duration);
    }

    return entry;
  });
}

/** Serialises a trace file: two-space JSON with a final newline. */
export function formatTraceFile(trace: TraceFile): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}

function statusOf(span: ReadableSpan, rewrite: (text: string) => string): TraceSpan['status'] {
  switch (span.status.code) {
    case SpanStatusCode.ERROR:
      return { code: 'error', message: rewrite(span.status.message ?? '') };
    case SpanStatusCode.OK:
      return { code: 'ok' };
    default:
      return { code: 'unset' };
  }
}

function rewriteAttributes(
  attributes: Record<string, AttributeValue | undefined>,
  rewrite: (text: string) => string,
): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};

  for (const key of Object.keys(attributes).sort()) {
    const value = attributes[key];

    if (value === undefined) {
      continue;
    }

    if (key === 'exception.stacktrace') {
      continue;
    }

    result[key] = rewriteValue(value, rewrite);
  }

  return result;
}

function rewriteValue(value: AttributeValue, rewrite: (text: string) => string): AttributeValue {
  if (typeof value === 'string') {
    return rewrite(value);
  }

  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === 'string' ? rewrite(item) : item)) as AttributeValue;
  }

  return value;
}

function hrToMicros([seconds, nanos]: [number, number]): number {
  return seconds * 1_000_000 + Math.round(nanos / 1000);
}
