import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SeededIdGenerator } from './ids.ts';

/** Numbers spans as they start: start times can tie, the start order cannot. */
class StartOrderProcessor implements SpanProcessor {
  constructor(private readonly order: Map<string, number>) {}

  onStart(span: Span): void {
    this.order.set(span.spanContext().spanId, this.order.size);
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A registered tracer provider and the spans it has finished. */
export interface Recorder {
  /** Finished spans, in the order they started. */
  spans(): ReadableSpan[];
  /** Forgets the finished spans. */
  reset(): void;
  /** Unregisters the provider and context manager. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider that keeps finished spans in memory,
 * the async-hooks context manager (so nesting survives `await`) and the
 * W3C trace-context propagator for the HTTP hop.
 */
export function startRecorder(options: { seed?: string } = {}): Recorder {
  const exporter = new InMemorySpanExporter();
  const startOrder = new Map<string, number>();
  const provider = new BasicTracerProvider({
    idGenerator: new SeededIdGenerator(options.seed),
    spanProcessors: [new StartOrderProcessor(startOrder), new SimpleSpanProcessor(exporter)],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();

  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  return {
    spans: () =>
      [...exporter.getFinishedSpans()].sort(
        (a, b) => (startOrder.get(a.spanContext().spanId) ?? 0) - (startOrder.get(b.spanContext().spanId) ?? 0),
      ),
    reset: () => {
      exporter.reset();
      startOrder.clear();
    },
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
