/**
 * The read side of Go's `io.Pipe` closed with an error, on a Node stream.
 *
 * Go's pipe is synchronous: a write returns only once a reader has taken
 * the bytes, so `CloseWithError` can never overtake data already written,
 * and the reader sees every byte before the error. A Node stream buffers
 * instead, and `destroy(error)` drops whatever is still buffered. The port
 * therefore delays the destroy until the reader has taken the buffer.
 */

import type { Readable } from 'node:stream';

/**
 * Destroys `stream` with `error` once nothing written to it is left to
 * read: at once when its buffers are empty, otherwise after the reads that
 * empty them. A stream that ends or is destroyed meanwhile is left alone.
 *
 * @go io/pipe.go (PipeWriter.CloseWithError)
 */
export function closeWithError(stream: Readable, error: Error): void {
  const buffered = (): number =>
    stream.readableLength + ((stream as Partial<{ writableLength: number }>).writableLength ?? 0);

  const attempt = (): void => {
    if (stream.destroyed) {
      stream.off('data', onData);
    } else if (buffered() === 0) {
      stream.off('data', onData);
      stream.destroy(error);
    }
  };

  // 'data' is emitted after the chunk left the buffer, and a transform may
  // move bytes from its writable to its readable side after that. Checking
  // on the next tick sees the settled lengths.
  const onData = (): void => {
    process.nextTick(attempt);
  };

  const watch = (): void => {
    stream.on('data', onData);
    attempt();
  };

  if (buffered() === 0) {
    stream.destroy(error);
    return;
  }

  // A 'data' listener would start the flow of a stream that has no reader yet and
  // the bytes would be lost, so the watch starts once a reader attaches.
  if (stream.readableFlowing === null) {
    const onNewListener = (event: string | symbol): void => {
      if (event === 'data' || event === 'readable') {
        stream.off('newListener', onNewListener);
        process.nextTick(watch);
      }
    };

    stream.on('newListener', onNewListener);
    return;
  }

  watch();
}
