import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';

/** The spans of one trace as a tree, children in start order. */
export interface SpanTree {
  root: TraceSpan;
  children: Map<string, TraceSpan[]>;
  parent: Map<string, TraceSpan>;
  /** Position of each span in the file, which is its start order. */
  order: Map<string, number>;
}

/** Builds the tree; the loader has already checked that every parent but the root's is in the file. */
export function buildSpanTree(trace: TraceFile): SpanTree {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  const children = new Map<string, TraceSpan[]>();
  const parent = new Map<string, TraceSpan>();
  const order = new Map<string, number>();

  trace.spans.forEach((span, index) => {
    order.set(span.spanId, index);
    children.set(span.spanId, []);

    // The root's parent, if any, is a client span in another trace file.
    if (index > 0 && span.parentSpanId !== null) {
      const owner = byId.get(span.parentSpanId)!;
      parent.set(span.spanId, owner);
      children.get(owner.spanId)!.push(span);
    }
  });

  return { root: trace.spans[0]!, children, parent, order };
}

/** Returns the child spans of `span` in start order. */
export function childrenOf(tree: SpanTree, span: TraceSpan): TraceSpan[] {
  return tree.children.get(span.spanId) ?? [];
}

export function isError(span: TraceSpan): boolean {
  return span.status.code === 'error';
}

/**
 * Finds the span where a failure started: the first failed span, in start
 * order, none of whose children carry an error (`carries` also counts an
 * HTTP error response). Spans above it only passed the error on. Returns
 * undefined when no span failed.
 */
export function errorOrigin(
  tree: SpanTree,
  spans: TraceSpan[],
  carries: (span: TraceSpan) => boolean,
): TraceSpan | undefined {
  return spans.find((span) => isError(span) && !childrenOf(tree, span).some(carries));
}

/** Returns the failed spans from the origin up to the root, origin first. */
export function errorPath(tree: SpanTree, origin: TraceSpan): TraceSpan[] {
  const path: TraceSpan[] = [];
  let current: TraceSpan | undefined = origin;

  while (current !== undefined) {
    path.push(current);
    current = tree.parent.get(current.spanId);
  }

  return path;
}

/** Reads a string attribute, or undefined when absent or of another type. */
export function stringAttribute(span: TraceSpan, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a number attribute, or undefined when absent or of another type. */
export function numberAttribute(span: TraceSpan, key: string): number | undefined {
  const value = span.attributes[key];
  return typeof value === 'number' ? value : undefined;
}

export function functionName(span: TraceSpan): string {
  return stringAttribute(span, 'code.function') ?? span.name;
}
