import { createHash, randomBytes } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/**
 * Span and trace IDs. With a seed, each ID is the sha256 of the seed and a
 * counter, so the same run gives the same IDs on every machine. Without a
 * seed they are random, as the SDK's default generator makes them.
 */
export class SeededIdGenerator implements IdGenerator {
  private counter = 0;

  constructor(private readonly seed?: string) {}

  generateTraceId(): string {
    return this.next(16);
  }

  generateSpanId(): string {
    return this.next(8);
  }

  private next(bytes: number): string {
    if (this.seed === undefined) {
      return randomBytes(bytes).toString('hex');
    }

    this.counter += 1;
    return createHash('sha256')
      .update(`${this.seed}/${this.counter}`)
      .digest('hex')
      .slice(0, bytes * 2);
  }
}
