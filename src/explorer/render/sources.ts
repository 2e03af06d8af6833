import type { TraceFile, TraceSpan } from '../trace/trace-file.ts';
import { ExcerptFinder, type FunctionExcerpt } from './excerpt.ts';
import { goOrigin, type GoOrigin } from './go-link.ts';
import { functionName, stringAttribute } from './span-tree.ts';

/** Folder of dockhop's own code: functions there port nothing and carry no `@go` tag. */
const EXPLORER_FOLDER = 'src/explorer/';

/** The TypeScript and Go sources behind one span. */
export interface SpanSource {
  excerpt: FunctionExcerpt;
  /** The Go original; absent only for dockhop's own functions (the msw hop). */
  go?: GoOrigin;
}

/**
 * Finds, with ts-morph, the function every span names and the Go original
 * its `@go` tag points to. Throws with the span and function named when a
 * function cannot be found or a ported function has no `@go` tag.
 */
export function resolveSources(trace: TraceFile, finder: ExcerptFinder): Map<TraceSpan, SpanSource> {
  const sources = new Map<TraceSpan, SpanSource>();

  trace.spans.forEach((span, index) => {
    const filepath = stringAttribute(span, 'code.filepath')!;
    const name = functionName(span);
    let excerpt: FunctionExcerpt;

    try {
      excerpt = finder.find(filepath, name);
    } catch (error) {
      throw new Error(`trace ${trace.name}, span ${index} (${span.name}): ${(error as Error).message}`);
    }

    const source: SpanSource = { excerpt };

    if (excerpt.goTag !== undefined) {
      const separator = excerpt.goTag.lastIndexOf(':');
      source.go = goOrigin(excerpt.goTag.slice(0, separator), excerpt.goTag.slice(separator + 1));
    } else if (!filepath.startsWith(EXPLORER_FOLDER)) {
      throw new Error(
        `trace ${trace.name}, span ${index}: ported function ${name} in ${filepath} has no @go tag; ` +
          'add `@go PATH.go:START-END` to its JSDoc',
      );
    }

    sources.set(span, source);
  });

  return sources;
}
