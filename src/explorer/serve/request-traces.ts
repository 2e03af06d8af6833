import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TraceFile } from '../trace/trace-file.ts';
import { SeededIdGenerator } from '../tracing/ids.ts';

/**
 * Sorts finished spans into one group per served request. A span joins the
 * group of its parent; a span whose parent is not in this process (the
 * request's root, whose parent is the client's span or nothing) opens a
 * group of its own. Several requests from one client command can share a
 * trace ID, so grouping by trace ID would merge them.
 */
class RequestGroupProcessor implements SpanProcessor {
  /** Span ID → ID of the root span of its group. */
  private readonly groupOf = new Map<string, string>();
  /** Root span ID → finished spans, in start order. */
  private readonly finished = new Map<string, { order: number; span: ReadableSpan }[]>();
  private readonly startOrder = new Map<string, number>();
  private started = 0;

  onStart(span: Span): void {
    const spanId = span.spanContext().spanId;
    const parentId = span.parentSpanContext?.spanId;
    const group = parentId === undefined ? undefined : this.groupOf.get(parentId);

    this.groupOf.set(spanId, group ?? spanId);
    this.startOrder.set(spanId, this.started);
    this.started += 1;
  }

  onEnd(span: ReadableSpan): void {
    const spanId = span.spanContext().spanId;
    const group = this.groupOf.get(spanId);

    if (group === undefined) {
      return;
    }

    const list = this.finished.get(group) ?? [];
    list.push({ order: this.startOrder.get(spanId) ?? 0, span });
    this.finished.set(group, list);
  }

  /** Returns the finished spans of the group rooted at `rootSpanId` and removes them from the tracer. */
  take(rootSpanId: string): ReadableSpan[] {
    const list = this.finished.get(rootSpanId) ?? [];

    this.finished.delete(rootSpanId);
    for (const { span } of list) {
      this.groupOf.delete(span.spanContext().spanId);
      this.startOrder.delete(span.spanContext().spanId);
    }

    // NOTE: a span that is still running when its group is taken stays in
    // groupOf until the process ends, and its end is dropped.
    return list.sort((a, b) => a.order - b.order).map(({ span }) => span);
  }

  /** Returns the root span ID of the group the active span belongs to. */
  groupOfActiveSpan(): string | undefined {
    const active = trace.getActiveSpan();
    return active === undefined ? undefined : this.groupOf.get(active.spanContext().spanId);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A registered tracer provider that hands out the spans of one request at a time. */
export interface RequestTracer {
  /** Finished spans of the request whose root span has this ID, in start order. */
  take(rootSpanId: string): ReadableSpan[];
  /** Root span ID of the request the calling code runs for, if any. */
  currentRequest(): string | undefined;
  /** Unregisters the provider, the context manager and the propagator. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider for a server (random IDs), the
 * async-hooks context manager and the W3C trace-context propagator, so a
 * client's `traceparent` header is honoured.
 */
export function startRequestTracer(): RequestTracer {
  const processor = new RequestGroupProcessor();
  const provider = new BasicTracerProvider({ idGenerator: new SeededIdGenerator(), spanProcessors: [processor] });

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  return {
    take: (rootSpanId) => processor.take(rootSpanId),
    currentRequest: () => processor.groupOfActiveSpan(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Returns the fields that mark a trace file as one served request: its
 * request line and status, no command line and no exit code, since no
 * docker CLI ran in this process.
 */
export function servedRequestFields(
  method: string,
  target: string,
  status: number,
): Pick<TraceFile, 'kind' | 'command' | 'request' | 'exitCode'> {
  return { kind: 'request', command: [], request: { method, target, status }, exitCode: null };
}
