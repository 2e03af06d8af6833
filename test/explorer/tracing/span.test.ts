import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanStatusCode } from '@opentelemetry/api';
import { traced } from '../../../src/explorer/tracing/span.ts';
import { startRecorder, type Recorder } from '../../../src/explorer/tracing/provider.ts';

/**
 * Adds two numbers (a stand-in for a ported function).
 *
 * @go client/plugin_create.go:13-26
 */
async function portedAdd(a: number, b: number): Promise<number> {
  return traced({ module: import.meta.url, function: 'portedAdd', layer: 'client' }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return innerFail(a + b);
  });
}

/** @go client/request.go:48-50 */
function innerFail(n: number): number {
  return traced({ module: import.meta.url, function: 'innerFail' }, () => {
    if (n > 10) {
      throw new Error(`too big: ${n}`);
    }

    return n;
  });
}

function untagged(): void {
  traced({ module: import.meta.url, function: 'untagged' }, () => undefined);
}

describe('traced', () => {
  let recorder: Recorder;

  beforeEach(() => {
    recorder = startRecorder({ seed: 'test' });
  });

  afterEach(async () => {
    await recorder.shutdown();
  });

  it('nests spans across await and inherits the layer', async () => {
    expect(await portedAdd(1, 2)).toBe(3);

    const [outer, inner] = recorder.spans();
    expect(inner!.name).toBe('innerFail');
    expect(outer!.name).toBe('portedAdd');
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
    expect(inner!.attributes['dockhop.layer']).toBe('client');
    expect(outer!.attributes['dockhop.go.path']).toBe('client/plugin_create.go');
    expect(outer!.attributes['dockhop.go.lines']).toBe('13-26');
    expect(outer!.attributes['code.filepath']).toBe('test/explorer/tracing/span.test.ts');
    expect(outer!.attributes['code.lineno']).toBe(11);
  });

  it('records the error and rethrows it unchanged', async () => {
    await expect(portedAdd(10, 5)).rejects.toThrow('too big: 15');

    const [outer, inner] = recorder.spans();
    expect(inner!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'too big: 15' });
    expect(outer!.status.code).toBe(SpanStatusCode.ERROR);
    expect(inner!.events[0]!.name).toBe('exception');
  });

  it('rejects a ported function without @go tag', () => {
    expect(() => untagged()).toThrow('ported function untagged in test/explorer/tracing/span.test.ts has no @go tag');
  });

  it('gives the same IDs for the same seed', async () => {
    await portedAdd(1, 2);
    const first = recorder.spans().map((s) => s.spanContext().spanId);
    await recorder.shutdown();

    recorder = startRecorder({ seed: 'test' });
    await portedAdd(1, 2);
    const second = recorder.spans().map((s) => s.spanContext().spanId);
    expect(second).toEqual(first);
  });
});
