import {
  context,
  createContextKey,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import type { Layer } from './layer.ts';
import { findFunctionSource } from './source-index.ts';

/**
 * The one tracing surface the ported code uses. Tracing never changes
 * behaviour: with no tracer provider registered the spans are no-ops, and
 * a failing function's error is recorded and rethrown unchanged.
 */

export const TRACER_NAME = 'dockhop';

/** Attribute names of dockhop's own, next to the OpenTelemetry ones. */
export const ATTR_LAYER = 'dockhop.layer';
export const ATTR_GO_PATH = 'dockhop.go.path';
export const ATTR_GO_LINES = 'dockhop.go.lines';

const LAYER_KEY = createContextKey('dockhop.layer');

/** Where a span comes from: the function it wraps and the layer it runs in. */
export interface SpanSite {
  /** `import.meta.url` of the module that declares the function. */
  module: string;
  /** The declared name: `runCreate`, or `Manager.createFromContext` for a method. */
  function: string;
  /** Defaults to the layer of the enclosing span. */
  layer?: Layer;
  kind?: SpanKind;
  attributes?: Attributes;
  /** False for explorer code that ports nothing and so has no `@go` tag. */
  ported?: boolean;
}

/**
 * Runs `fn` inside a new active span named after `site.function`. Promises
 * are followed to settlement; a thrown or rejected error marks the span as
 * failed and propagates unchanged.
 */
export function traced<T>(site: SpanSite, fn: (span: Span) => T): T {
  const span = startSpan(site);
  const layer = site.layer ?? currentLayer();
  const active = trace.setSpan(context.active(), span);
  const scoped = layer === undefined ? active : active.setValue(LAYER_KEY, layer);

  let result: T;

  try {
    result = context.with(scoped, () => fn(span));
  } catch (error) {
    endSpan(span, error);
    throw error;
  }

  if (isPromise(result)) {
    return result.then(
      (value) => {
        endSpan(span);
        return value;
      },
      (error: unknown) => {
        endSpan(span, error);
        throw error;
      },
    ) as T;
  }

  endSpan(span);
  return result;
}

/**
 * Starts a span without making it active, for work that ends later than
 * the call that starts it (a stream that is read after the function
 * returns). The caller ends it with {@link endSpan}.
 */
export function startSpan(site: SpanSite): Span {
  const tracer = trace.getTracer(TRACER_NAME);
  const layer = site.layer ?? currentLayer();
  const span = tracer.startSpan(site.function, {
    kind: site.kind ?? SpanKind.INTERNAL,
  });

  if (!span.isRecording()) {
    return span;
  }

  span.setAttributes(locationAttributes(site));

  if (layer !== undefined) {
    span.setAttribute(ATTR_LAYER, layer);
  }

  if (site.attributes !== undefined) {
    span.setAttributes(site.attributes);
  }

  return span;
}

/** Ends a span, marking it failed with the error's message when one is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    recordError(span, error);
  }

  span.end();
}

/** Marks a span as failed and records the error as an `exception` event. */
export function recordError(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);

  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** Runs `fn` with `span` as the active span and `layer` as the current layer. */
export function withActiveSpan<T>(span: Span, layer: Layer | undefined, fn: () => T): T {
  let scoped = trace.setSpan(context.active(), span);

  if (layer !== undefined) {
    scoped = scoped.setValue(LAYER_KEY, layer);
  }

  return context.with(scoped, fn);
}

function currentLayer(): Layer | undefined {
  return context.active().getValue(LAYER_KEY) as Layer | undefined;
}

function locationAttributes(site: SpanSite): Attributes {
  const source = findFunctionSource(site.module, site.function);

  if (source === undefined) {
    throw new Error(`traced function ${site.function} is not declared in ${site.module}`);
  }

  const attributes: Attributes = {
    'code.function': site.function,
    'code.filepath': source.filepath,
    'code.lineno': source.lineno,
  };

  if (source.goPath === undefined) {
    if (site.ported !== false) {
      throw new Error(`ported function ${site.function} in ${source.filepath} has no @go tag`);
    }

    return attributes;
  }

  attributes[ATTR_GO_PATH] = source.goPath;
  attributes[ATTR_GO_LINES] = source.goLines;
  return attributes;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
