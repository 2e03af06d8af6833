import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { SeededIdGenerator } from './ids.ts';

/** A registered tracer provider and the spans it has finished. */
export interface Recorder {
  /** Finished spans, in the order they ended. */
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
  const provider = new BasicTracerProvider({
    idGenerator: new SeededIdGenerator(options.seed),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();

  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
